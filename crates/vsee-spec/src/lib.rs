//! `vsee-spec`: the one reader of `spec/vsee.yaml`. It loads the OpenAPI 3.0 document with
//! located errors, lints it against the workspace's conventions, converts its schemas to JSON
//! Schema 2020-12, lists its operations and routes concrete requests to them, and exports the
//! building blocks every other tool reads the spec with, so that none of them re-implements a
//! part of OpenAPI its own way. No network, no code generation.
//!
//! * [`load_file`] / [`load_str`] / [`embedded`]: YAML -> [`Spec`] (JSON document, typed
//!   OpenAPI view, positions of every node), rejecting duplicate keys, YAML bombs, deep
//!   nesting, non-3.0 versions and dangling `$ref`s with `file:line:col` + JSON pointer.
//! * [`lint`]: the spec conventions of DESIGN.md.
//! * [`SchemaSet`] / [`convert_schema`]: OpenAPI 3.0 schemas -> JSON Schema 2020-12 documents
//!   with absolute `$id`s, and validators over them.
//! * [`Operation`] / [`Router`]: the operation table and concrete request -> operation;
//!   [`router::split_url`]: URL or path -> (path, query), as the router reads requests.
//!
//! Building blocks:
//!
//! * [`walk`]: where the schemas of a document are ([`walk::each_schema`], and
//!   [`walk::each_schema_mut`] to change them in place), every `$ref` ([`walk::each_ref`]),
//!   the HTTP [`METHODS`] of a path item;
//! * [`schema_view`]: one schema read with `$ref`s followed ([`SchemaView`]: declared type,
//!   property, alternatives, items, accepts `null`), single-reference `allOf` wrappers;
//! * [`pointer`](mod@pointer): RFC 6901 pointers (escaping, tokens, `#/...` references, serde paths);
//! * [`media`]: media-type rules (essence, JSON or not, file-name slug);
//! * [`security`]: the security schemes and the header each credential is sent in.
//!
//! Modules depend on each other one way: `pointer` <- `walk`, `schema_view` <- `operations`
//! <- `loader` <- `lint`, `jsonschema_conv`, `router`, `security`.

mod error;
mod integer_format;
pub mod jsonschema_conv;
mod lint;
mod loader;
pub mod markup;
pub mod media;
mod operations;
pub mod pointer;
pub mod router;
pub mod schema_view;
pub mod security;
pub mod walk;

pub use error::{Location, Problem, SpecError};
pub use jsonschema_conv::{convert_schema, media_slug, SchemaSet, DRAFT_2020_12};
pub use lint::lint;
pub use loader::{load_file, load_str, Spec, MAX_BYTES, MAX_DEPTH};
pub use operations::{Operation, Parameter, ResponseKey};
pub use router::{RouteError, RouteMatch, Router};
pub use schema_view::SchemaView;
pub use walk::METHODS;

/// Base of every published `$id` (`crates/vsee-schemas/schemas/`, written by
/// `cargo xtask generate`): the one place it is set. An identifier, not a download location;
/// consumers register the files by id.
///
/// Its last segment (`v3`) is the major of the spec's `info.version` (the schemas' version);
/// `cargo xtask diff --fail-on unversioned` asks for a major bump when `schemas` is breaking,
/// and a test of `vsee-publish` fails until this segment follows it, so that consumers pinned
/// to the old ids keep judging payloads the old way. `cargo xtask schemas-package --base-uri`
/// re-bases the ids for a hosted copy.
pub const PUBLISHED_SCHEMA_BASE_URI: &str = "https://vsee.example/schemas/api_v3/v3/";

/// The spec as compiled into this crate, so tools work without the file at hand.
pub const EMBEDDED_SPEC: &str = include_str!("../../../spec/vsee.yaml");

/// Display name of [`EMBEDDED_SPEC`] in messages.
pub const EMBEDDED_SPEC_NAME: &str = "spec/vsee.yaml";

/// Loads [`EMBEDDED_SPEC`].
pub fn embedded() -> Result<Spec, SpecError> {
    load_str(EMBEDDED_SPEC_NAME, EMBEDDED_SPEC)
}
