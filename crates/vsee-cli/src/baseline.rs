//! `validate --baseline FILE` and `--write-baseline FILE`: reading the accepted deviations
//! before a run, writing the run's deviations after it.

use std::io::Write as _;
use std::path::Path;
use std::sync::Arc;

use vsee_contract::baseline::{self, Baseline};
use vsee_contract::Report;

use crate::exit::usage_error;

/// The baseline at `path`, checked; a file that cannot be used is a usage error naming it.
pub fn load(path: &Path) -> Result<Arc<Baseline>, i32> {
    let display = path.to_string_lossy();
    Baseline::load(path, &display, baseline::today())
        .map(Arc::new)
        .map_err(|e| usage_error(&e.to_string()))
}

/// Writes the run's deviations to `path` as a baseline (keeping the reasons and expiry dates of
/// `previous` for deviations it already had), all or nothing.
pub fn write(path: &Path, report: &Report, previous: Option<&Baseline>) -> Result<(), i32> {
    let display = path.to_string_lossy();
    let Some(tally) = &report.tally else {
        return Err(usage_error(&format!(
            "cannot write baseline `{display}`: more than 100000 distinct deviations; a \
             baseline is for a known few (fix the spec or the recordings first)"
        )));
    };
    let file = baseline::written_baseline(tally, previous);
    let mut text = serde_json::to_string_pretty(&file)
        .map_err(|e| usage_error(&format!("cannot write baseline `{display}`: {e}")))?;
    text.push('\n');
    write_whole(path, text.as_bytes())
        .map_err(|e| usage_error(&format!("cannot write baseline `{display}`: {e}")))?;
    let placeholders = file
        .entries
        .iter()
        .filter(|e| e.reason == baseline::PLACEHOLDER_REASON)
        .count();
    eprintln!(
        "vsee-contract: wrote {} entries to {display}{}",
        file.entries.len(),
        if placeholders > 0 {
            format!(
                "; replace the {placeholders} placeholder reasons with why each deviation is \
                 accepted, then validate with --baseline {display}"
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Writes beside the target and renames over it, so a failed write leaves the old file whole.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file name"))?
        .to_os_string();
    name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(name);
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
