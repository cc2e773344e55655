//! Comparing two OpenAPI 3.0 schema objects.
//!
//! The comparison is about the *set of values* a schema accepts. Every difference found is an
//! [`Effect`]: NEW accepts fewer values (`Narrow`), more (`Widen`), some more and some fewer
//! (`Incompatible`), and a few cases the verdicts treat specially (a new optional property,
//! a changed default, documentation-only changes). Whether an effect breaks someone depends on
//! who sends the value; that is decided later, per use (the impact rules).
//!
//! `$ref`s: when OLD and NEW refer to the same component schema at the same place, nothing is
//! compared there: the component is compared once on its own and its changes name every
//! operation that uses it. When the references differ (or one side is inline), both targets
//! are compared in place.

mod compare;
mod compositions;
mod empty_bound;
mod keywords;
mod lazy_schemas;
mod node;
mod nulls;
mod objects;
#[cfg(test)]
mod tests;

pub(crate) use compare::SchemaDiff;
