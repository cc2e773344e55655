//! The generator's copy of the spec: the copy rules, listed once in [`RULES`].
//!
//! progenitor and typify read a subset of OpenAPI 3.0. The spec is written for every consumer
//! (validation of recorded traffic, published JSON Schemas, the client), so rather than bending
//! the spec, the generator hands progenitor a **copy** changed by the rules below; the spec file
//! itself is never changed. Every rule is generic (nothing names an operation or a schema of
//! this API), and every change it makes is a [`Note`] that the header of `generated.rs` lists,
//! so a reviewer sees it. A rule is a small unit: its name, a title, its one-paragraph
//! explanation (the book's "What the generator sees" table and the generated header are
//! rendered from it) and its `apply`. Rules apply wherever a schema can appear (the
//! schema walk of vsee-spec, through [`SpecCopy::each_schema_mut`]).

pub mod coded;
pub mod collisions;
mod copy;

pub use copy::CodedEnum;
pub mod integers;
pub mod media_type;
pub mod nullable;
pub mod numbers;
pub mod vsee_type;

use serde_json::Value;

pub use copy::{Note, Rule, SpecCopy};

/// Every copy rule, in the order they are applied. A collision's loser is removed before
/// properties are marked nullable, so it is not marked; coded enums are replaced, and marked
/// ids and times typed, before integers become `vsee_client::Integer`, so their `enum` and
/// marker are read first.
pub const RULES: [Rule; 7] = [
    media_type::RULE,
    collisions::RULE,
    coded::RULE,
    vsee_type::RULE,
    numbers::RULE,
    integers::RULE,
    nullable::RULE,
];

/// The generator's copy of the spec, and what was changed to make it.
#[derive(Debug)]
pub struct Prepared {
    pub document: Value,
    pub changes: Vec<Note>,
    /// See [`SpecCopy::nullable`].
    pub nullable: Vec<String>,
    /// See [`SpecCopy::coded`].
    pub coded: Vec<copy::CodedEnum>,
}

/// Applies [`RULES`] to a copy of `document`. On error, returns every problem found (not just
/// the first), each with the pointer of the node to fix.
pub fn prepare(document: &Value) -> Result<Prepared, Vec<Note>> {
    let mut copy = SpecCopy::new(document.clone());
    for rule in &RULES {
        copy.set_rule(rule.name);
        (rule.apply)(&mut copy);
    }
    if copy.errors.is_empty() {
        Ok(Prepared {
            document: copy.document,
            changes: copy.changes,
            nullable: copy.nullable,
            coded: copy.coded,
        })
    } else {
        Err(copy.errors)
    }
}

#[cfg(test)]
pub(crate) fn doc_with(schema: Value) -> Value {
    serde_json::json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {"T": schema}}})
}
