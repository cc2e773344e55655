//! `--format json`: the report itself.

use crate::report::Report;

/// `--format json`.
pub fn json_report(report: &Report) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(report)?;
    text.push('\n');
    Ok(text)
}
