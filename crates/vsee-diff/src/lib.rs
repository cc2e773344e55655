//! `vsee-diff`: what a change to `spec/vsee.yaml` breaks.
//!
//! Compares an OLD and a NEW spec (both loaded by `vsee-spec`) and, optionally, the client
//! source generated from each, and gives three verdicts, each `none`, `additive` or
//! `breaking`, with the reason for every change:
//!
//! * **`api`**: would a client built for OLD still work against an API that behaves as NEW?
//!   Direction matters: narrowing what the server accepts (requests) breaks clients, widening
//!   what it sends (responses: a new enum value, `null`) breaks them too. See [`Level`].
//! * **`crate`**: Rust semver of `vsee-client`, judged from the generated public API before and
//!   after ([`diff_crate`]; this crate parses the two sources with `syn` and never runs the
//!   generator).
//! * **`schemas`**: for consumers of the published JSON Schemas, who validate payloads: a
//!   schema that rejects previously valid payloads is breaking.
//!
//! Every [`Change`] carries the JSON pointers of the node in OLD and NEW with their
//! `file:line:col`, and, for components reached through `$ref`, is reported once with the
//! operations that use it.
//!
//! Inside: `spec_compare` walks the two documents part by part (servers, security, operations,
//! parameters, bodies, responses, components; one file each), `schema_compare` compares two
//! schemas as sets of accepted values, `impact` turns each difference into a level per
//! audience, `rust_api` reduces a generated client to its public API and compares two, and
//! `render` prints the [`Report`], and `recordings` checks recorded traffic against both
//! specs ([`diff_recordings`], through `vsee-contract`). Schemas are read through
//! `vsee_spec::schema_view`, like every other tool of the workspace.
//!
//! ```no_run
//! let old = vsee_spec::load_file("old.yaml".as_ref()).unwrap();
//! let new = vsee_spec::load_file("spec/vsee.yaml".as_ref()).unwrap();
//! let report = vsee_diff::Report::new(&old, &new, None);
//! println!("{}", report.render(vsee_diff::Format::Human));
//! ```

// The comparison runs on hand-edited specs: bad or surprising input gets a reported change or
// an error, never a panic (DESIGN.md, "Quality bar"). Tests may unwrap.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

mod effect;
mod help;
mod impact;
mod model;
mod recordings;
mod render;
mod report;
mod rust_api;
mod schema_compare;
mod spec_compare;

pub use help::LONG_ABOUT;
pub use model::{Change, CrateChange, Direction, Impact, Level, Site, Usage, Verdict};
pub use recordings::{diff_recordings, RecordingsError};
pub use render::{Format, UnknownFormat};
pub use report::{
    diff_crate, diff_crate_syntax, diff_specs, CrateDiff, RecordedExchange, RecordingsDiff, Report,
    SpecDiff,
};
pub use rust_api::{ParseError, PublicApi};
