//! `vsee-contract`: validates recorded VSee API traffic against `spec/vsee.yaml`.
//!
//! Inputs are HAR 1.2 files, NDJSON files of [`ExchangeRecord`]s and bare JSON payloads; the
//! output is a [`Report`] rendered as human text, JSON, JUnit, SARIF 2.1.0 or GitHub workflow
//! commands. Reports never contain recorded values (patient data, tokens) unless asked.
//!
//! ```no_run
//! use vsee_contract::{collect_inputs, run, Checker, RunOptions};
//! let checker = Checker::new(vsee_spec::embedded().unwrap()).unwrap();
//! let (files, problems) = collect_inputs(&["tests/recordings".into()], false);
//! let report = run(&checker, &files, problems, &RunOptions::default());
//! println!("{}", vsee_contract::render::human(&report));
//! ```

pub mod check;
pub mod cli;
pub mod exchange;
pub mod form;
pub mod har;
pub mod messages;
pub mod record;
mod redact;
pub mod render;
pub mod report;
pub mod run;
pub mod serve;

/// Largest single exchange read, in bytes: one NDJSON line or one HAR entry. A larger one is
/// an `input` finding (it is not held in memory); see [`RunOptions::max_entry_bytes`].
pub const MAX_ENTRY_BYTES: usize = 256 * 1024 * 1024;

pub use check::{BareTarget, Checker, CheckerError, EntryCtx};
pub use record::{
    exchange_record_schema, report_schema, ExchangeRecord, RecordedRequest, RecordedResponse,
};
pub use report::{Coverage, Finding, Kind, Location, Part, Report, Summary};
pub use run::{collect_inputs, run, InputFile, InputKind, RunOptions};
