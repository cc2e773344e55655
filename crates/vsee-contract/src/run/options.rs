//! What a run is asked to do.

use std::sync::Arc;

use crate::check::BareTarget;
use crate::report::baseline::Baseline;

/// Options of a run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Include recorded values in messages (`--show-values`).
    pub show_values: bool,
    /// What bare `.json` payloads are checked against.
    pub bare: Option<BareTarget>,
    /// Worker threads (0 = one per core).
    pub jobs: usize,
    /// Findings listed in the report at most (the rest are counted).
    pub max_findings: Option<u64>,
    /// Keep per-exchange results (for JUnit).
    pub keep_exchanges: bool,
    /// Progress lines on stderr.
    pub progress: bool,
    /// Exchanges read but not yet reported, at most (bounds memory). Exchanges travel in
    /// batches of up to 256 (or 1 MiB), so this is rounded down to whole batches, and never
    /// below two batches per worker and two more (for the checks to keep every worker busy).
    pub in_flight: usize,
    /// Largest NDJSON line or HAR entry read, in bytes (default [`crate::input::MAX_ENTRY_BYTES`]);
    /// a larger one is an `input` finding and is not held in memory.
    pub max_entry_bytes: usize,
    /// Accept a HAR or NDJSON file with no exchange (`--allow-empty`); otherwise it is an
    /// `input` finding, so that a recording that captured nothing does not pass.
    pub allow_empty: bool,
    /// Findings this baseline accepts are listed apart and do not fail the run (`--baseline`).
    pub baseline: Option<Arc<Baseline>>,
    /// Tally every acceptable finding by baseline key, for `--write-baseline`.
    pub tally: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            show_values: false,
            bare: None,
            jobs: 0,
            max_findings: None,
            keep_exchanges: false,
            progress: false,
            in_flight: 1536,
            max_entry_bytes: crate::input::MAX_ENTRY_BYTES,
            allow_empty: false,
            baseline: None,
            tally: false,
        }
    }
}
