//! The generator: everything `cargo xtask generate` writes, produced in memory from a loaded
//! `spec/vsee.yaml`. The typed client (`vsee-client`'s `generated.rs`) is progenitor 0.15.1
//! run on a copy of the spec changed by the documented copy rules ([`RULES`]), with the
//! settings of [`SETTINGS`] and the few output rewrites no setting can do ([`REWRITES`]);
//! its typed-check table is read off the generated code; the published JSON Schemas come from
//! `vsee-spec`'s one conversion. [`generated_files`] lists every output, [`compare`] says how
//! the workspace differs from it. Nothing here writes a file or depends on the client it
//! generates, so a broken `generated.rs` can always be regenerated.

mod client;
mod debug_shapes;
mod error;
mod explained;
mod field_setters;
mod file;
mod generator;
mod non_exhaustive;
mod optional_setters;
mod outputs;
mod param_setters;
mod redacted_errors;
mod rewrite;
pub mod rules;
mod schemas;
mod send_signature;
mod summary;
mod typed_check;

pub use client::{
    client_source, client_syntax, generate as generate_client, ClientOutput, GENERATED_RS,
    TYPED_CHECK_RS,
};
pub use error::Error;
pub use explained::Explained;
pub use file::{generated_header, GeneratedFile};
pub use generator::SETTINGS;
pub use outputs::{compare, generated_files, Difference, Outputs};
pub use rewrite::REWRITES;
pub use rules::{Rule, RULES};
pub use schemas::{generate as published_schemas, SCHEMA_BASE_URI, SCHEMA_DIR};
pub use summary::{readme_table, README_BEGIN, README_END};
