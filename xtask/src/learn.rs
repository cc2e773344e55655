//! `cargo xtask learn`: the spec edits that recorded traffic asks for (`vsee-learn`), shown
//! with their evidence and verdicts, and with `--write` applied and checked.
//!
//! Exit codes: 0 nothing to learn (or, with `--write`, written and every check passed);
//! 1 proposals (without `--write`), or a check after `--write` failed; 2 usage error.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};

/// Options of `cargo xtask learn`.
#[derive(Args, Clone, Debug)]
pub struct LearnArgs {
    /// Recorded traffic: HAR or NDJSON files, or folders of them (as `vsee-contract validate`
    /// reads them). Repeatable; at least one.
    #[arg(long, value_name = "PATH", required = true, num_args = 1..)]
    pub recordings: Vec<PathBuf>,
    /// The spec to learn into [default: <ROOT>/spec/vsee.yaml].
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// Apply the first proposal of each group to the spec file in place (only the lines it
    /// must change), then check that the spec lints, the recordings conform, recordings that
    /// conformed before still do (also <ROOT>/tests/recordings) and generation works.
    #[arg(long)]
    pub write: bool,
    /// Output: `human` for a terminal, `json` for tools.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Skip the crate verdict (it runs the generator once per proposal).
    #[arg(long)]
    pub no_crate_verdict: bool,
    /// Workspace root [default: the workspace this xtask was built in].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Long help of the subcommand.
pub const LONG_ABOUT: &str = "\
Propose the minimal edits of the spec that recorded traffic asks for.

For every way the recordings disagree with the spec, and every field they carry that the
spec does not document: a new optional property (type inferred, the spec's named schemas
such as StringOrInt reused), a new enum value (with a placeholder x-enum-varnames name to
rename), a widened type, nullable, a required property made optional, a new response
status; an endpoint the spec does not have is listed, not written. Each proposal says where
(file:line:col, JSON pointer), why (exchanges, entries, instance pointers; never values) and
what it breaks: the api / crate / schemas verdicts of `cargo xtask diff` for that edit alone.
Alternatives are ranked; the first is the smallest that covers every observation.

--write applies the first proposal of each group, changing only the lines it must (every
other line stays byte-identical), and never writes recorded values: only status codes and
coded enum members. Then it checks the spec lints, the recordings conform, recordings that
conformed before still conform, and generation works.

Workflow: recordings fail in CI -> learn -> review proposals and verdicts -> learn --write ->
cargo xtask diff --base HEAD -> cargo xtask generate -> review -> bump versions.

Examples:
  cargo xtask learn --recordings ci-recordings/
  cargo xtask learn --recordings a.har b.ndjson --format json
  cargo xtask learn --recordings ci-recordings/ --write

Exit status: 0 nothing to learn (or written and every check passed); 1 proposals, or a
check after --write failed; 2 usage error.";

pub fn run(args: &LearnArgs) -> anyhow::Result<ExitCode> {
    match learn(args) {
        Ok(code) => Ok(code),
        Err(err) => {
            eprintln!("error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            Ok(ExitCode::from(2))
        }
    }
}

fn learn(args: &LearnArgs) -> anyhow::Result<ExitCode> {
    let root = args.root.clone().unwrap_or_else(crate::paths::default_root);
    let path = args
        .spec
        .clone()
        .unwrap_or_else(|| root.join("spec").join("vsee.yaml"));
    let name = match std::env::current_dir() {
        Ok(cwd) if std::path::absolute(&path).is_ok_and(|p| p.starts_with(&cwd)) => {
            crate::paths::relative_name(&path, &cwd)
        }
        _ => path.display().to_string(),
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the spec {}", path.display()))?;
    let files = vsee_learn::collect(&args.recordings)?;
    let options = vsee_learn::Options {
        crate_verdicts: !args.no_crate_verdict,
    };
    let mut progress = |message: &str| eprintln!("learn: {message}");
    let learned = vsee_learn::learn(&name, &text, &files, &options, &mut progress)?;

    let written = if args.write && !learned.is_empty() {
        progress("writing and checking the learned spec");
        let bundled = root.join("tests").join("recordings");
        let regression = if bundled.is_dir() {
            vsee_learn::collect(&[bundled]).unwrap_or_default()
        } else {
            Vec::new()
        };
        Some(vsee_learn::write(
            &path,
            &name,
            &text,
            &learned,
            &files,
            &regression,
        )?)
    } else {
        None
    };

    match args.format {
        Format::Human => {
            print!("{}", vsee_learn::render::human(&learned, &text));
            if let Some(w) = &written {
                print!("{}", vsee_learn::render::human_written(w));
            }
        }
        Format::Json => print!("{}", vsee_learn::render::json(&learned, written.as_ref())),
    }

    if learned.is_empty() {
        eprintln!("learn: nothing to learn: the recordings say nothing the spec does not");
        return Ok(ExitCode::SUCCESS);
    }
    match &written {
        None => Ok(ExitCode::FAILURE),
        Some(w) if w.verification.ok() && w.skipped.is_empty() => Ok(ExitCode::SUCCESS),
        Some(w) => {
            let why = if !w.verification.ok() {
                "a check after the write failed (see above)"
            } else {
                "some proposals were not written (see above); edit those by hand"
            };
            eprintln!("learn: {why}");
            Ok(ExitCode::FAILURE)
        }
    }
}
