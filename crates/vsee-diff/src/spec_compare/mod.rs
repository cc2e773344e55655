//! Comparing two specs, by document part: servers, security, operations, parameters, bodies,
//! responses, components. Each part is a file with the `impl` of [`context::Cx`] for it;
//! schemas inside them are compared by `crate::schema_compare`.

mod bodies;
mod components;
mod context;
mod op_table;
mod operations;
mod parameters;
mod responses;
mod security;
mod servers;
mod usage;

use vsee_spec::Spec;

use crate::model::Change;
use context::Cx;
use usage::usage_map;

/// Every difference between `old` and `new`, in a stable order: servers, security,
/// operations (in NEW's order, removed ones first), components.
pub(crate) fn changes(old: &Spec, new: &Spec) -> Vec<Change> {
    let mut cx = Cx {
        old,
        new,
        old_uses: usage_map(old),
        new_uses: usage_map(new),
        changes: Vec::new(),
    };
    cx.servers();
    let pairs = cx.operations();
    cx.security(&pairs);
    cx.components();
    cx.changes
}
