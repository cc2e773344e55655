//! `--write-baseline FILE`: every acceptable deviation of a run, with its count, as a baseline.

use std::collections::BTreeMap;

use super::{
    Baseline, BaselineEntry, BaselineFile, BaselineKey, BASELINE_VERSION, PLACEHOLDER_REASON,
};

/// Findings per key, over every finding of a run (listed, omitted and accepted alike).
pub type Tally = BTreeMap<BaselineKey, u64>;

/// The published `$id` of the baseline format, written as the file's `$schema`.
pub fn baseline_schema_id() -> String {
    format!(
        "{}formats/baseline.json",
        vsee_spec::PUBLISHED_SCHEMA_BASE_URI
    )
}

/// The baseline of a run's tally, sorted by key. An entry that `previous` already has keeps
/// its reason and expiry; a new one gets [`PLACEHOLDER_REASON`], which must be replaced.
pub fn written_baseline(tally: &Tally, previous: Option<&Baseline>) -> BaselineFile {
    let entries = tally
        .iter()
        .map(|(key, &count)| {
            let kept = previous.and_then(|b| b.by_key.get(key).map(|&i| &b.entries[i]));
            BaselineEntry {
                operation_id: key.operation_id.clone(),
                method: key.method.clone(),
                path: key.path.clone(),
                status: key.status,
                part: key.part,
                location: key.location,
                pointer: key.pointer.clone(),
                keyword: key.keyword.clone(),
                count,
                reason: kept.map_or_else(|| PLACEHOLDER_REASON.to_owned(), |e| e.reason.clone()),
                expires: kept.and_then(|e| e.expires.clone()),
            }
        })
        .collect();
    BaselineFile {
        schema: Some(baseline_schema_id()),
        version: BASELINE_VERSION,
        entries,
    }
}
