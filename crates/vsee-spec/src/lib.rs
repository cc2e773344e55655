//! `vsee-spec`: the one reader of `spec/vsee.yaml`.
//!
//! * [`load_file`] / [`load_str`] / [`embedded`]: YAML -> [`Spec`] (JSON document, typed
//!   OpenAPI view, positions of every node), rejecting duplicate keys, YAML bombs, deep
//!   nesting, non-3.0 versions and dangling `$ref`s with `file:line:col` + JSON pointer.
//! * [`SchemaSet`] / [`convert_schema`]: OpenAPI 3.0 schemas -> JSON Schema 2020-12 documents
//!   with absolute `$id`s, and validators over them.
//! * [`Operation`] / [`Router`]: the operation table and concrete request -> operation.
//! * [`lint`]: the spec conventions of DESIGN.md.
//!
//! No network, no code generation.

mod error;
pub mod jsonschema_conv;
mod lint;
mod loader;
mod operations;
pub mod pointer;
mod router;
mod walk;

pub use error::{Location, Problem, SpecError};
pub use jsonschema_conv::{convert_schema, media_slug, SchemaSet, DRAFT_2020_12};
pub use lint::lint;
pub use loader::{load_file, load_str, Spec, MAX_BYTES, MAX_DEPTH};
pub use operations::{Operation, Parameter};
pub use router::{RouteError, RouteMatch, Router};

/// The spec as compiled into this crate, so tools work without the file at hand.
pub const EMBEDDED_SPEC: &str = include_str!("../../../spec/vsee.yaml");

/// Display name of [`EMBEDDED_SPEC`] in messages.
pub const EMBEDDED_SPEC_NAME: &str = "spec/vsee.yaml";

/// Loads [`EMBEDDED_SPEC`].
pub fn embedded() -> Result<Spec, SpecError> {
    load_str(EMBEDDED_SPEC_NAME, EMBEDDED_SPEC)
}
