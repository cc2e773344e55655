//! `cargo xtask diff`: what a change to the spec breaks.
//!
//! The comparison is `vsee-diff`'s; this module gathers its inputs and acts on its verdicts:
//! 1. OLD is `--base-file`, or `spec/vsee.yaml` as committed at `--base REV` (`git show`);
//!    NEW is `--new-file`, by default the working copy of `spec/vsee.yaml`;
//! 2. both go through `vsee-spec` (the one loader) and through the same client generation as
//!    `cargo xtask generate` (`vsee_codegen::client_source`), whose two outputs `vsee-diff`
//!    compares for the `crate` verdict;
//! 3. with `--recordings`, `vsee-contract` checks the recorded traffic against both specs;
//! 4. the report is printed as text, JSON or Markdown; with `--fail-on` the exit code says
//!    whether a verdict reached that level.
//!
//! Exit codes: 0, or 1 when `--fail-on` is met; 2 for a usage error (bad flag, unreadable or
//! invalid spec, unknown git revision, unreadable recordings).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, bail, Context as _};
use clap::{ArgGroup, Args, ValueEnum};
use vsee_diff::{CrateDiff, Format, Level, RecordedExchange, RecordingsDiff, Report};

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

/// Long help of the subcommand (what the verdicts mean).
pub const LONG_ABOUT: &str = "\
Compare OLD and NEW versions of the spec and say what the change breaks.

Three verdicts, each none, additive or breaking, with the reason for every change:
  api      would a client built for OLD still work against an API that behaves as NEW?
           (narrowing what requests may carry breaks; so does widening what responses may
           carry: a new enum value, a field becoming nullable)
  crate    Rust semver of vsee-client, judged from the generated public API of OLD and NEW
  schemas  do the published JSON Schemas still accept every payload they accepted?

Every change names its JSON pointer and file:line:col in OLD and/or NEW; a changed component
is reported once, with the operations that use it.

Examples:
  cargo xtask diff --base origin/main
  cargo xtask diff --base HEAD --format markdown > spec-change.md
  cargo xtask diff --base-file old.yaml --new-file new.yaml --format json --fail-on breaking
  cargo xtask diff --base origin/main --recordings tests/recordings
  cargo xtask diff --base origin/main --fail-on unversioned   # bumps match the verdicts

Exit status: 0; 1 when --fail-on is given and a verdict reaches it; 2 for a usage error.";

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
        report.recordings = Some(recordings(&old, &new, &args.recordings)?);
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

/// `git show REV:PATH`, run in the workspace root.
pub(crate) fn git_show(root: &Path, rev: &str, path: &str) -> anyhow::Result<String> {
    if rev.is_empty() || rev.starts_with('-') {
        bail!("--base takes a git revision such as origin/main or HEAD, not `{rev}`");
    }
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .arg("show")
        .arg(format!("{rev}:{path}"))
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                anyhow!(
                    "--base needs git, which was not found on PATH; install git, or pass the \
                     old spec as a file with --base-file OLD.yaml"
                )
            } else {
                anyhow!("cannot run git for --base: {e}")
            }
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!(
            "`git show {rev}:{path}` failed: {}\ncheck that the revision exists and contains \
             {path} (for a remote branch, `git fetch` first), or pass the old spec with \
             --base-file OLD.yaml",
            stderr.trim()
        );
    }
    String::from_utf8(output.stdout).map_err(|_| anyhow!("{path} at {rev} is not UTF-8 text"))
}

/// The `crate` verdict. NEW must generate (otherwise `cargo xtask generate` fails too: that
/// is an error); when only OLD does not (a revision from before a generator change), the
/// verdict is left out with a warning.
fn crate_verdict(
    old: &vsee_spec::Spec,
    new: &vsee_spec::Spec,
) -> anyhow::Result<Option<CrateDiff>> {
    let new_source = vsee_codegen::client_source(new).context(
        "the NEW spec does not generate a client, so the crate verdict cannot be judged",
    )?;
    let old_source = match vsee_codegen::client_source(old) {
        Ok(source) => source,
        Err(err) => {
            eprintln!(
                "warning: the OLD spec does not generate a client with this generator, so the \
                 crate verdict is not judged: {err}"
            );
            return Ok(None);
        }
    };
    Ok(Some(vsee_diff::diff_crate(&old_source, &new_source)?))
}

/// Per exchange: (failing?, its result and findings), keyed by (file, entry).
type Outcomes = BTreeMap<(String, u64), (u64, RecordedExchange)>;

fn outcomes(
    side: &Side,
    which: &str,
    files: &[vsee_contract::InputFile],
) -> anyhow::Result<Outcomes> {
    let mut checker = vsee_contract::Checker::new(side.load(which)?)
        .map_err(|e| anyhow!("cannot check recordings against the {which} spec: {e}"))?;
    // The typed check decodes into the *committed* client, which is neither OLD's nor NEW's.
    checker.set_typed_check(false);
    let options = vsee_contract::RunOptions {
        keep_exchanges: true,
        ..vsee_contract::RunOptions::default()
    };
    let report = vsee_contract::run(&checker, files, Vec::new(), &options);
    let mut out = Outcomes::new();
    for ex in &report.exchanges {
        let Some(entry) = ex.entry else { continue };
        let listed = report
            .findings
            .get(ex.first_finding..ex.first_finding + ex.listed)
            .unwrap_or_default();
        let findings = listed
            .iter()
            .map(|f| {
                let part = f.part.map_or("exchange", |p| p.as_str());
                let at = if f.instance_path.is_empty() {
                    String::new()
                } else {
                    format!(" {}", f.instance_path)
                };
                format!("{part}{at}: {}: {}", f.keyword, f.message)
            })
            .collect();
        out.insert(
            (ex.file.clone(), entry),
            (
                ex.findings,
                RecordedExchange {
                    file: ex.file.clone(),
                    entry: usize::try_from(entry).unwrap_or(usize::MAX),
                    method: ex.method.clone().unwrap_or_default(),
                    path: ex.path.clone().unwrap_or_default(),
                    operation_id: ex.operation_id.clone(),
                    status: ex.status,
                    findings,
                },
            ),
        );
    }
    Ok(out)
}

fn recordings(old: &Side, new: &Side, paths: &[PathBuf]) -> anyhow::Result<RecordingsDiff> {
    let (files, problems) = vsee_contract::collect_inputs(paths, false);
    if !problems.is_empty() {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.file, p.message))
            .collect();
        bail!("cannot read the recordings:\n{}", lines.join("\n"));
    }
    if files.is_empty() {
        bail!(
            "--recordings found no HAR (.har) or NDJSON (.ndjson, .jsonl) file in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let (before, after) = (outcomes(old, "OLD", &files)?, outcomes(new, "NEW", &files)?);
    let mut diff = RecordingsDiff {
        paths: files.iter().map(|f| f.display.clone()).collect(),
        checked: before.len().max(after.len()),
        ..RecordingsDiff::default()
    };
    for (key, (old_findings, _)) in &before {
        let Some((new_findings, new_ex)) = after.get(key) else {
            continue;
        };
        if *old_findings == 0 && *new_findings > 0 {
            diff.conform_old_not_new.push(new_ex.clone());
        } else if *old_findings > 0 && *new_findings == 0 {
            let (_, old_ex) = &before[key];
            diff.conform_new_not_old.push(old_ex.clone());
        }
    }
    Ok(diff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_revisions_that_look_like_options_are_refused() {
        let err = git_show(Path::new("."), "--output=/tmp/x", SPEC_IN_REPO).unwrap_err();
        assert!(err.to_string().contains("git revision"), "{err}");
    }
}
