//! The comparison itself: [`SchemaDiff`] walks two schemas in step and hands each group of
//! keywords to its file (`keywords`, `objects`, `compositions`).

use std::collections::HashSet;

use serde_json::Value;
use vsee_spec::schema_view::{component_schema_name, effective_ref};
use vsee_spec::Spec;

use super::lazy_schemas::LazySchemas;
use super::node::{node, ref_name, wrapper_only, Node};
use super::nulls::{unwrap_null, Unwrapped};
use crate::effect::{Effect, RawChange};

/// Compares schemas; collects [`RawChange`]s.
pub(crate) struct SchemaDiff<'a> {
    pub(super) old: &'a Spec,
    pub(super) new: &'a Spec,
    pub(super) active: HashSet<(String, String)>,
    pub(crate) out: Vec<RawChange>,
    /// Each side's published JSON Schemas, for the few questions only a validator answers.
    pub(super) old_schemas: LazySchemas,
    pub(super) new_schemas: LazySchemas,
}

/// How many levels of nested schemas (properties, items, alternatives, ...) are compared. A
/// difference below this is not lost: it is reported as `too-deep-to-compare`, breaking for
/// every audience, so that a person reviews it.
pub(super) const MAX_DEPTH: usize = 64;

impl<'a> SchemaDiff<'a> {
    pub(crate) fn new(old: &'a Spec, new: &'a Spec) -> SchemaDiff<'a> {
        SchemaDiff {
            old,
            new,
            active: HashSet::new(),
            out: Vec::new(),
            old_schemas: LazySchemas::default(),
            new_schemas: LazySchemas::default(),
        }
    }

    pub(super) fn push(
        &mut self,
        kind: &'static str,
        at: &str,
        effect: Effect,
        message: String,
        old_ptr: Option<String>,
        new_ptr: Option<String>,
    ) {
        self.out.push(RawChange {
            kind,
            at: at.to_owned(),
            message,
            effect,
            old_ptr,
            new_ptr,
        });
    }

    /// Compares the schema at `old_ptr` in OLD (value `o`) with the one at `new_ptr` in NEW.
    pub(crate) fn compare(&mut self, o: &Value, old_ptr: &str, n: &Value, new_ptr: &str, at: &str) {
        self.compare_depth(o, old_ptr, n, new_ptr, at, 0);
    }

    pub(super) fn compare_depth(
        &mut self,
        o: &Value,
        old_ptr: &str,
        n: &Value,
        new_ptr: &str,
        at: &str,
        depth: usize,
    ) {
        let (ou, nu) = (
            unwrap_null(self.old, o, old_ptr),
            unwrap_null(self.new, n, new_ptr),
        );
        if ou.is_some() || nu.is_some() {
            // Compared in the classic form; a change of `nullable` cites the null branch.
            let (ov, op) = ou
                .as_ref()
                .map_or((o, old_ptr), |u| (&u.value, u.ptr.as_str()));
            let (nv, np) = nu
                .as_ref()
                .map_or((n, new_ptr), |u| (&u.value, u.ptr.as_str()));
            let from = self.out.len();
            self.compare_depth(ov, op, nv, np, at, depth);
            let cite = |site: &mut Option<String>, u: &Option<Unwrapped>| {
                if let Some(u) = u {
                    if site.as_deref() == Some(u.nullable_site.as_str()) {
                        *site = Some(u.null_branch.clone());
                    }
                }
            };
            for change in &mut self.out[from..] {
                cite(&mut change.old_ptr, &ou);
                cite(&mut change.new_ptr, &nu);
            }
            return;
        }
        let (oref, nref) = (effective_ref(o), effective_ref(n));
        if let (Some(a), Some(b)) = (oref, nref) {
            if a == b && component_schema_name(a).is_some() {
                // Same component: compared once on its own. Only the wrapper's adjustments
                // (nullable, default, ...) belong to this place.
                let on = wrapper_only(o, old_ptr);
                let nn = wrapper_only(n, new_ptr);
                self.compare_adjustments(&on, &nn, at);
                return;
            }
        }
        let ref_change = match (oref, nref) {
            (Some(a), Some(b)) if a != b => Some(format!(
                "now refers to `{}` instead of `{}`",
                ref_name(b),
                ref_name(a)
            )),
            (Some(a), None) => Some(format!(
                "now written inline instead of referring to `{}`",
                ref_name(a)
            )),
            (None, Some(b)) => Some(format!(
                "now refers to `{}` instead of an inline schema",
                ref_name(b)
            )),
            _ => None,
        };
        if let Some(message) = ref_change {
            self.push(
                "schema-ref-changed",
                at,
                Effect::Neutral,
                message,
                Some(old_ptr.to_owned()),
                Some(new_ptr.to_owned()),
            );
        }
        if o == n && oref.is_none() {
            return;
        }
        let on = node(self.old, o, old_ptr);
        let nn = node(self.new, n, new_ptr);
        if on.value == nn.value {
            return;
        }
        let key = (on.ptr.clone(), nn.ptr.clone());
        if self.active.contains(&key) {
            return; // already being compared further up: a recursive schema
        }
        if depth > MAX_DEPTH {
            // Stop descending (the walk is recursive), but never silently: the schemas differ
            // somewhere below, and nothing here says how.
            self.push(
                "too-deep-to-compare",
                at,
                Effect::Uncompared,
                format!(
                    "the schemas differ here, more than {MAX_DEPTH} levels of nested schemas \
                     deep, where they are not compared: review this part of the change by hand"
                ),
                Some(on.ptr),
                Some(nn.ptr),
            );
            return;
        }
        self.active.insert(key.clone());
        self.compare_nodes(&on, &nn, at, depth);
        self.active.remove(&key);
    }

    pub(super) fn compare_nodes(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
        if o.value == n.value {
            return;
        }
        let composed = |v: &Node| -> Option<&'static str> {
            ["oneOf", "anyOf"].into_iter().find(|k| v.get(k).is_some())
        };
        match (composed(o), composed(n)) {
            (None, Some(k)) => {
                self.became_composed(o, n, k, at, false);
                self.compare_adjustments(o, n, at);
                return;
            }
            (Some(k), None) => {
                self.became_composed(n, o, k, at, true);
                self.compare_adjustments(o, n, at);
                return;
            }
            _ => {}
        }

        self.compare_type(o, n, at);
        self.compare_format(o, n, at);
        self.compare_enum(o, n, at);
        self.compare_properties(o, n, at, depth);
        self.compare_additional(o, n, at, depth);
        self.compare_items(o, n, at, depth);
        self.compare_bounds(o, n, at);
        self.compare_compositions(o, n, at, depth);
        self.compare_adjustments(o, n, at);
        self.compare_other(o, n, at);
    }
}
