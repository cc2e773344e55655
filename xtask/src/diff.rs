//! `cargo xtask diff`: what a change to the spec breaks.
//!
//! The comparison is `vsee-diff`'s; this module gathers its inputs and acts on its verdicts:
//! 1. OLD is `--base-file`, or `spec/vsee.yaml` as committed at `--base REV` (`git show`);
//!    NEW is `--new-file`, by default the working copy of `spec/vsee.yaml`;
//! 2. both go through `vsee-spec` (the one loader) and through the same client generation as
//!    `cargo xtask generate` (`vsee_codegen::client_syntax`), whose two outputs `vsee-diff`
//!    compares for the `crate` verdict;
//! 3. with `--recordings`, `vsee_diff::diff_recordings` checks the recorded traffic against
//!    both specs (through `vsee-contract`);
//! 4. the report is printed as text, JSON or Markdown; with `--fail-on` the exit code says
//!    whether a verdict reached that level.
//!
//! Exit codes: 0, or 1 when `--fail-on` is met; 2 for a usage error (bad flag, unreadable or
//! invalid spec, unknown git revision, unreadable recordings).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context as _};
use clap::{ArgGroup, Args, ValueEnum};
use vsee_diff::{CrateDiff, Format, Level, Report};

use crate::paths::git_show;

/// Where the spec lives in the repository, for `--base REV`.
const SPEC_IN_REPO: &str = "spec/vsee.yaml";

/// Options of `cargo xtask diff`.
#[derive(Args, Clone, Debug)]
#[command(group(ArgGroup::new("old").required(true).args(["base_file", "base"])))]
pub struct DiffArgs {
    /// The OLD spec, from a file.
    #[arg(long, value_name = "OLD.yaml")]
    pub base_file: Option<PathBuf>,
    /// The OLD spec as committed at a git revision (`git show GIT_REV:spec/vsee.yaml`), e.g.
    /// `origin/main` or `HEAD`.
    #[arg(long, value_name = "GIT_REV")]
    pub base: Option<String>,
    /// The NEW spec [default: <ROOT>/spec/vsee.yaml].
    #[arg(long, value_name = "NEW.yaml")]
    pub new_file: Option<PathBuf>,
    /// Output: `human` for a terminal, `json` for tools, `markdown` to paste into a pull
    /// request.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Exit 1 when any verdict (api, crate, schemas) reaches this level.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
    /// Recorded traffic (HAR or NDJSON files, or directories of them): list the exchanges that
    /// conform to OLD but not to NEW, and the reverse. Repeatable.
    #[arg(long, value_name = "PATH")]
    pub recordings: Vec<PathBuf>,
    /// Workspace root [default: the workspace this xtask was built in].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Human,
    Json,
    Markdown,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Any breaking verdict.
    Breaking,
    /// Any verdict that is not `none`.
    Additive,
    /// A verdict asks for a version bump that the versions do not show (api or schemas
    /// breaking: major bump of info.version; additive: at least minor; crate breaking: major
    /// bump of vsee-client, minor while 0.x).
    Unversioned,
}

/// Long help of the subcommand (what the verdicts mean): `vsee-diff`'s.
pub use vsee_diff::LONG_ABOUT;

/// The spec text of one side and the name its locations use.
struct Side {
    name: String,
    text: String,
}

impl Side {
    fn load(&self, which: &str) -> anyhow::Result<vsee_spec::Spec> {
        vsee_spec::load_str(&self.name, &self.text)
            .map_err(|e| anyhow!("{e}\nthe {which} spec ({}) is not a usable spec", self.name))
    }
}

pub fn run(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    match diff(args) {
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

fn diff(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let root = args.root.clone().unwrap_or_else(crate::paths::default_root);
    let new_path = args
        .new_file
        .clone()
        .unwrap_or_else(|| root.join(SPEC_IN_REPO));
    let new = Side {
        name: shown(&new_path),
        text: read(&new_path, "NEW")?,
    };
    let old = match (&args.base_file, &args.base) {
        (Some(path), _) => Side {
            name: shown(path),
            text: read(path, "OLD")?,
        },
        (None, Some(rev)) => Side {
            name: format!("{SPEC_IN_REPO}@{rev}"),
            text: git_show(&root, rev, SPEC_IN_REPO)?,
        },
        (None, None) => bail!("give the OLD spec with --base-file OLD.yaml or --base GIT_REV"),
    };
    let (old_spec, new_spec) = (old.load("OLD")?, new.load("NEW")?);

    let crate_ = crate_verdict(&old_spec, &new_spec)?;
    let mut report = Report::new(&old_spec, &new_spec, crate_);
    if !args.recordings.is_empty() {
        let (old_spec, new_spec) = (old.load("OLD")?, new.load("NEW")?);
        report.recordings = Some(vsee_diff::diff_recordings(
            old_spec,
            new_spec,
            &args.recordings,
        )?);
    }

    let format = match args.format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Json => Format::Json,
        OutputFormat::Markdown => Format::Markdown,
    };
    print!("{}", report.render(format));

    let threshold = match args.fail_on {
        None => return Ok(ExitCode::SUCCESS),
        Some(FailOn::Breaking) => Level::Breaking,
        Some(FailOn::Additive) => Level::Additive,
        Some(FailOn::Unversioned) => {
            let rev = args
                .base_file
                .is_none()
                .then_some(args.base.as_deref())
                .flatten();
            let versioned = crate::unversioned::check(&root, rev, &old_spec, &new_spec, &report)?;
            return Ok(if versioned {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
    };
    if report.level() >= threshold {
        eprintln!(
            "diff: a verdict is {} (--fail-on {})",
            report.level(),
            threshold
        );
        Ok(ExitCode::FAILURE)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// `path` relative to the current directory when it is inside it, so locations are clickable.
fn shown(path: &Path) -> String {
    match std::env::current_dir() {
        Ok(cwd)
            if std::path::absolute(path)
                .map(|p| p.starts_with(&cwd))
                .unwrap_or(false) =>
        {
            crate::paths::relative_name(path, &cwd)
        }
        _ => path.display().to_string(),
    }
}

fn read(path: &Path, which: &str) -> anyhow::Result<String> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("cannot read the {which} spec {}", path.display()))?;
    String::from_utf8(bytes)
        .map_err(|_| anyhow!("the {which} spec {} is not UTF-8 text", path.display()))
}

/// The `crate` verdict. NEW must generate (otherwise `cargo xtask generate` fails too: that
/// is an error); when only OLD does not (a revision from before a generator change), the
/// verdict is left out with a warning.
fn crate_verdict(
    old: &vsee_spec::Spec,
    new: &vsee_spec::Spec,
) -> anyhow::Result<Option<CrateDiff>> {
    let new_file = vsee_codegen::client_syntax(new).context(
        "the NEW spec does not generate a client, so the crate verdict cannot be judged",
    )?;
    let old_file = match vsee_codegen::client_syntax(old) {
        Ok(file) => file,
        Err(err) => {
            eprintln!(
                "warning: the OLD spec does not generate a client with this generator, so the \
                 crate verdict is not judged: {err}"
            );
            return Ok(None);
        }
    };
    Ok(Some(vsee_diff::diff_crate_syntax(&old_file, &new_file)))
}
