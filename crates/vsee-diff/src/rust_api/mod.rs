//! The `crate` verdict: Rust semver of the generated client, from its source before and after.
//!
//! The generated source is parsed with `syn` and reduced to its public API: public types
//! (fields and their types, variants, `#[non_exhaustive]`, derived traits), functions and
//! methods (signatures without parameter names, which are not part of the API), trait impls,
//! aliases, constants and re-exports. Two APIs are compared with the rules of the Cargo book's
//! "SemVer compatibility" chapter, the ones that matter for generated code:
//!
//! * removing or changing anything public is major (`breaking`); adding is minor (`additive`);
//! * adding a field to a struct whose fields are all public and that is not
//!   `#[non_exhaustive]` is major: code that builds it with a struct literal stops compiling;
//! * adding a variant to an enum that is not `#[non_exhaustive]` is major: exhaustive `match`es
//!   stop compiling;
//! * adding `#[non_exhaustive]` is major, removing it minor;
//! * a builder that starts to require a field is major even though everything still compiles:
//!   a public struct whose `Default` impl starts a field as `Err(..)` (typify's struct builders,
//!   `types::builder::*`) fails to build until that field is set, so code that built the value
//!   without it now fails at run time ("no value supplied for ..."). This is what keeps a new
//!   required field major once the structs are `#[non_exhaustive]` and built with builders.

mod api;
mod semver;
#[cfg(test)]
mod tests;

pub use api::{ParseError, PublicApi};
pub(crate) use semver::compare;
