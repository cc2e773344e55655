//! `vsee-contract`: validates recorded VSee API traffic against `spec/vsee.yaml`.
//!
//! Inputs are HAR 1.2 files, NDJSON files of [`ExchangeRecord`]s and bare JSON payloads
//! ([`collect_inputs`], each reduced to an [`Exchange`]); each exchange is checked against the
//! spec by a [`Checker`]; a run over many files on every core ([`run()`]) builds a [`Report`],
//! rendered as human text, JSON, JUnit, SARIF 2.1.0 or GitHub workflow commands ([`render`]). Reports never contain recorded
//! values (patient data, tokens) unless asked: every message and URL is shaped by one privacy
//! policy (`privacy`).
//!
//! ```no_run
//! use vsee_contract::{collect_inputs, run, Checker, RunOptions};
//! let checker = Checker::new(vsee_spec::embedded().unwrap()).unwrap();
//! let (files, problems) = collect_inputs(&["tests/recordings".into()], false);
//! let report = run(&checker, &files, problems, &RunOptions::default());
//! println!("{}", vsee_contract::render::human(&report));
//! ```

#[doc(hidden)]
pub mod bench_hooks;
mod check;
#[doc(hidden)]
pub mod fuzzing;
mod input;
mod privacy;
pub mod recording;
mod report;
mod run;

pub use check::{
    documents_objects, BareTarget, Checked, Checker, CheckerError, EntryCtx, TypedDecoder,
    SCHEMA_BASE_URI,
};
pub use input::ndjson::{parse_record, record_to_exchange, RecordError};
pub use input::record::{
    exchange_record_schema, ExchangeRecord, RecordedRequest, RecordedResponse,
};
pub use input::{
    collect_inputs, collect_recordings, Body, Exchange, InputFile, InputKind, Message, Response,
    UnusablePaths, MAX_ENTRY_BYTES,
};
// For vsee-learn and vsee-diff: every exchange of one recording file.
pub use input::each::{each_exchange, RecordingError, UnreadableExchange};
pub use report::baseline;
pub use report::render::{self, Format};
pub use report::{
    report_schema, BaselineOutcome, BaselineRef, Coverage, ExchangeResult, FileSummary, Finding,
    Kind, Location, OperationCoverage, Part, Report, Summary, Unrouted,
};
pub use run::{run, RunOptions};

/// Form bodies (`application/x-www-form-urlencoded`, `multipart/form-data`): their fields as
/// read, and as the spec's schema reads them ([`form::Resolver`]), for the mock.
pub mod form {
    pub use crate::check::form::Resolver;
    pub use crate::input::form::{
        boundary, parse_multipart, parse_urlencoded, Field, MultipartError,
    };
}

/// JSON texts the validator reads past serde_json's refusals.
pub mod json {
    pub use crate::input::json::is_repairable;
}

/// Recorded methods and media types as shown in reports and logs.
pub use privacy::shape;
