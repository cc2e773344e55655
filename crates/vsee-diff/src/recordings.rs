//! What a spec change does to recorded traffic: every exchange of the recordings is checked
//! against OLD and against NEW by `vsee-contract` (the one checker of recorded traffic), and
//! the exchanges that conform to one but not the other are listed, with NEW's findings (or
//! OLD's) as `vsee-contract validate` words them, values redacted.

use std::collections::BTreeMap;
use std::path::PathBuf;

use vsee_spec::Spec;

use crate::report::{RecordedExchange, RecordingsDiff};

/// Why recorded traffic could not be compared; each message says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum RecordingsError {
    /// A file or directory given could not be read.
    #[error("cannot read the recordings:\n{0}")]
    Unreadable(#[from] vsee_contract::UnusablePaths),
    /// The paths hold no recording.
    #[error("--recordings found no HAR (.har) or NDJSON (.ndjson, .jsonl) file in {0}")]
    Empty(String),
    /// The checker cannot be built from one side's spec.
    #[error("cannot check recordings against the {which} spec: {message}")]
    Checker {
        which: &'static str,
        message: String,
    },
}

/// Checks the recordings at `paths` (HAR or NDJSON files, or directories of them) against
/// `old` and `new`.
pub fn diff_recordings(
    old: Spec,
    new: Spec,
    paths: &[PathBuf],
) -> Result<RecordingsDiff, RecordingsError> {
    let files = vsee_contract::collect_recordings(paths)?;
    if files.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(RecordingsError::Empty(shown.join(", ")));
    }
    let (before, after) = (outcomes(old, "OLD", &files)?, outcomes(new, "NEW", &files)?);
    let mut diff = RecordingsDiff {
        paths: files.iter().map(|f| f.display.clone()).collect(),
        checked: before.len().max(after.len()),
        ..RecordingsDiff::default()
    };
    for (key, (old_findings, old_ex)) in &before {
        let Some((new_findings, new_ex)) = after.get(key) else {
            continue;
        };
        if *old_findings == 0 && *new_findings > 0 {
            diff.conform_old_not_new.push(new_ex.clone());
        } else if *old_findings > 0 && *new_findings == 0 {
            diff.conform_new_not_old.push(old_ex.clone());
        }
    }
    Ok(diff)
}

/// Per exchange: (how many findings, the exchange and its listed findings), keyed by (file,
/// entry).
type Outcomes = BTreeMap<(String, u64), (u64, RecordedExchange)>;

fn outcomes(
    spec: Spec,
    which: &'static str,
    files: &[vsee_contract::InputFile],
) -> Result<Outcomes, RecordingsError> {
    let checker = vsee_contract::Checker::new(spec).map_err(|e| RecordingsError::Checker {
        which,
        message: e.to_string(),
    })?;
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
