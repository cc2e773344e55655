//! The workspace's cross-crate tests, one test binary (each extra binary is another link step on CI):
//!
//! - `openapi_meta`: `spec/vsee.yaml` against the official OpenAPI 3.0 meta-schema, read without
//!   `vsee-spec`'s loader;
//! - `foreign_tools`: the same spec as other teams' tools (Spectral, Redocly, strict OAS 3.0
//!   validators) read it;
//! - `payloads`: the sample payloads and their type-breaking mutations against the spec's
//!   response schemas;
//! - `ci_files`: the book's GitHub Actions and GitLab CI files under check-jsonschema's schemas;
//! - `imports`: imports point one way inside each crate (files and folders);
//! - `layout`: the layout rules of the book (`docs/src/contributing.md`): file sizes, a thin
//!   xtask, one test binary per crate, a short README, a `SUMMARY.md` that lists every chapter.

mod ci_files;
mod foreign_tools;
mod imports;
mod layout;
mod openapi_meta;
mod payloads;
