//! `vsee-learn`: the spec edits that recorded traffic asks for.
//!
//! When VSee's API moves on, recorded traffic stops conforming to `spec/vsee.yaml`, or carries
//! fields the spec does not document. This crate reads the recordings as
//! `vsee-contract validate` does, and proposes the minimal edits that would make the spec say
//! what the traffic shows, each with its evidence and with what it breaks, for whom (the api /
//! crate / schemas verdicts of `vsee-diff` for that edit alone):
//!
//! * [`observe`]: recordings -> facts (a new property, a type the schema rejects, a new enum
//!   value, a missing required property, a new response status, an unknown endpoint), values
//!   kept in memory only;
//! * [`infer`]: the smallest schema accepting the observed values, reusing the spec's named
//!   unions (`StringOrInt`);
//! * [`propose`]: facts -> proposals, each a list of line [`edit::Splice`]s;
//! * [`rank`]: the first proposal of a group is the smallest that covers every observation;
//! * [`edit`]: the line-preserving editor, located by `vsee-spec`'s loader positions;
//! * [`verdict`]: `vsee-diff` on the spec with one edit applied;
//! * [`verify`]: after a write, lint, recordings, regressions and generation;
//! * [`command`]: `cargo xtask learn` itself (the xtask only parses its options).
//!
//! Recorded values never reach the spec or the report: only types, references, status codes
//! and coded enum members (integers, numeric strings, snake_case identifiers).
//!
//! ```no_run
//! let text = std::fs::read_to_string("spec/vsee.yaml").unwrap();
//! let files = vsee_learn::collect(&["recordings".into()]).unwrap();
//! let learned = vsee_learn::learn("spec/vsee.yaml", &text, &files, &vsee_learn::Options::default(), &mut |_| {}).unwrap();
//! print!("{}", vsee_learn::render::human(&learned, &text));
//! ```

pub mod command;
pub mod edit;
mod error;
pub mod infer;
pub mod observe;
pub mod propose;
pub mod rank;
pub mod render;
pub mod verdict;
pub mod verify;

use std::path::PathBuf;

use serde::Serialize;
use vsee_contract::InputFile;

pub use error::LearnError;
pub use propose::{Group, Proposal};
pub use verdict::Verdicts;
pub use verify::Verification;

/// How to learn.
#[derive(Debug, Clone)]
pub struct Options {
    /// Judge the crate verdict of each proposal (runs the generator once per proposal).
    pub crate_verdicts: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            crate_verdicts: true,
        }
    }
}

/// What the recordings ask of the spec.
#[derive(Debug, Clone, Serialize)]
pub struct Learned {
    /// The spec's display name.
    pub spec: String,
    /// The recording files read.
    pub files: Vec<String>,
    /// Exchanges read.
    pub exchanges: u64,
    /// Entries that could not be read (never values).
    pub unreadable: Vec<String>,
    /// One group per fact, in the order of the spec text.
    pub groups: Vec<Group>,
}

impl Learned {
    /// Whether there is anything to learn.
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

/// The result of [`write()`].
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Where the spec was written.
    pub path: String,
    /// Groups whose first proposal was applied.
    pub applied: Vec<usize>,
    /// Groups not written, with the reason.
    pub skipped: Vec<(usize, String)>,
    /// The checks after writing.
    pub verification: Verification,
}

/// The recording files under `paths` (HAR, NDJSON; folders walked), as `validate` finds them.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<InputFile>, LearnError> {
    let files = vsee_contract::collect_recordings(paths)
        .map_err(|unusable| LearnError::Recordings(unusable.to_string()))?;
    let files: Vec<InputFile> = files
        .into_iter()
        .filter(|f| {
            matches!(
                f.kind,
                vsee_contract::InputKind::Har | vsee_contract::InputKind::Ndjson
            )
        })
        .collect();
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(LearnError::Recordings(format!(
            "no HAR (.har) or NDJSON (.ndjson, .jsonl) file in {}; give recordings as \
             `vsee-contract validate` reads them",
            shown.join(", ")
        )));
    }
    Ok(files)
}

/// Learns from `files` what the spec `text` (displayed as `name`) does not say.
pub fn learn(
    name: &str,
    text: &str,
    files: &[InputFile],
    options: &Options,
    progress: &mut dyn FnMut(&str),
) -> Result<Learned, LearnError> {
    let spec = vsee_spec::load_str(name, text).map_err(|e| LearnError::Spec(e.to_string()))?;
    let mut judge = observe::Judge::new(&spec)?;
    let obs = observe::observe(&mut judge, files, progress);
    let lines = edit::Text::new(&spec, text);
    let mut groups = propose::propose(&mut judge, &lines, &obs);
    let with_edits: usize = groups.iter().map(|g| g.proposals.len()).sum();
    if with_edits > 0 {
        progress(&format!("judging {with_edits} proposal(s) with vsee-diff"));
        let baseline = verdict::Baseline::new(name, text, &spec, options.crate_verdicts);
        for group in &mut groups {
            for proposal in &mut group.proposals {
                match baseline.judge(&proposal.splices) {
                    Ok((v, edited)) => {
                        proposal.verdicts = Some(v);
                        proposal.covers = rank::covers(&edited, group.must_accept.as_ref());
                    }
                    Err(why) => {
                        group.note = Some(match group.note.take() {
                            Some(n) => format!("{n}; {}: {why}", proposal.summary),
                            None => format!("{}: {why}", proposal.summary),
                        });
                    }
                }
            }
            // An edit that does not load is no proposal.
            group.proposals.retain(|p| p.verdicts.is_some());
            rank::rank(&mut group.proposals);
        }
    }
    Ok(Learned {
        spec: name.to_owned(),
        files: obs.files,
        exchanges: obs.exchanges,
        unreadable: obs.unreadable,
        groups,
    })
}

/// The spec text with the first proposal of every group applied; groups whose edit would
/// touch lines another group's edit already changes are left for the next run.
pub fn learned_text(text: &str, learned: &Learned) -> (String, Vec<usize>, Vec<(usize, String)>) {
    let mut splices: Vec<edit::Splice> = Vec::new();
    let (mut applied, mut skipped) = (Vec::new(), Vec::new());
    for group in &learned.groups {
        let Some(first) = group.proposals.first() else {
            skipped.push((
                group.id,
                group.note.clone().unwrap_or_else(|| "no edit".to_owned()),
            ));
            continue;
        };
        if !first.covers {
            let why = "no proposal covers every value seen; edit the schema by hand";
            skipped.push((group.id, why.to_owned()));
            continue;
        }
        let mut trial = splices.clone();
        for splice in &first.splices {
            // Two insertions at one place (two new properties of one object) follow each
            // other in report order.
            let same_place = trial.iter_mut().find(|s| {
                s.start == s.end && splice.start == splice.end && s.start == splice.start
            });
            match same_place {
                // Both open the same new key (`parameters:`): the second's items join it.
                Some(existing)
                    if existing.lines.first() == splice.lines.first()
                        && splice.lines.first().is_some_and(|l| l.ends_with(':')) =>
                {
                    existing.lines.extend(splice.lines.iter().skip(1).cloned())
                }
                Some(existing) => existing.lines.extend(splice.lines.iter().cloned()),
                None => trial.push(splice.clone()),
            }
        }
        if edit::apply(text, &trial).is_some() {
            splices = trial;
            applied.push(group.id);
        } else {
            skipped.push((
                group.id,
                "its edit touches lines another edit changes: run learn again after this write"
                    .to_owned(),
            ));
        }
    }
    let out = edit::apply(text, &splices).unwrap_or_else(|| text.to_owned());
    (out, applied, skipped)
}

/// Applies the first proposal of each group to the spec file at `path` (whose text is
/// `text`, displayed as `name`), then checks the result: see [`Verification`].
/// `regression` are further recordings that must keep conforming.
pub fn write(
    path: &std::path::Path,
    name: &str,
    text: &str,
    learned: &Learned,
    files: &[InputFile],
    regression: &[InputFile],
) -> Result<Written, LearnError> {
    let (new_text, applied, skipped) = learned_text(text, learned);
    let verification = match vsee_spec::load_str(name, &new_text) {
        Ok(new) => {
            let old =
                vsee_spec::load_str(name, text).map_err(|e| LearnError::Spec(e.to_string()))?;
            verify::verify(old, new, files, regression)
        }
        Err(e) => {
            // Never leave a spec that does not load: nothing is written.
            let not_written = "the learned spec would not load".to_owned();
            return Ok(Written {
                path: name.to_owned(),
                applied: Vec::new(),
                skipped: applied
                    .iter()
                    .map(|id| (*id, not_written.clone()))
                    .chain(skipped)
                    .collect(),
                verification: Verification {
                    lint: vec![format!(
                        "the learned spec does not load, so nothing was written: {e}"
                    )],
                    ..Verification::default()
                },
            });
        }
    };
    if !applied.is_empty() {
        std::fs::write(path, &new_text).map_err(|source| LearnError::Write {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(Written {
        path: name.to_owned(),
        applied,
        skipped,
        verification,
    })
}
