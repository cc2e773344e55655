//! Objects and arrays: `properties`, `required`, `additionalProperties`, `items`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use vsee_spec::pointer;
use vsee_spec::schema_view::is_annotation;

use super::compare::SchemaDiff;
use super::node::{describe, field, Node};
use crate::effect::Effect;

impl SchemaDiff<'_> {
    pub(super) fn compare_properties(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
        let empty = Map::new();
        let op = properties(o).unwrap_or(&empty);
        let np = properties(n).unwrap_or(&empty);
        let (oreq, nreq) = (required(o), required(n));
        for (name, ov) in op {
            match np.get(name) {
                Some(nv) => {
                    let here = field(at, name);
                    self.compare_depth(
                        ov,
                        &property_pointer(o, name),
                        nv,
                        &property_pointer(n, name),
                        &here,
                        depth + 1,
                    );
                    self.required_changed(o, n, name, &here, (&oreq, &nreq));
                }
                None => self.property_removed(o, n, name, at, oreq.contains(name)),
            }
        }
        for (name, nv) in np.iter().filter(|(name, _)| !op.contains_key(*name)) {
            self.property_added(o, n, (name, nv), at, nreq.contains(name));
        }
        self.undeclared_required((o, op, &oreq), (n, np, &nreq), at);
    }

    /// A property on both sides: whether it became required, or stopped being required.
    fn required_changed(
        &mut self,
        o: &Node,
        n: &Node,
        name: &str,
        here: &str,
        (oreq, nreq): (&BTreeSet<String>, &BTreeSet<String>),
    ) {
        let (kind, effect, message) = match (oreq.contains(name), nreq.contains(name)) {
            (false, true) => (
                "property-required",
                Effect::Narrow,
                format!("property `{name}` is now required"),
            ),
            (true, false) => (
                "property-optional",
                Effect::Widen,
                format!("property `{name}` is no longer required"),
            ),
            _ => return,
        };
        self.push(
            kind,
            here,
            effect,
            message,
            Some(o.site("required")),
            Some(n.site("required")),
        );
    }

    fn property_removed(&mut self, o: &Node, n: &Node, name: &str, at: &str, was_required: bool) {
        let (effect, message) = if forbids_additional(n) {
            (
                Effect::Narrow,
                format!(
                    "property `{name}` removed; additional properties are forbidden, so \
                     payloads that carry it are rejected"
                ),
            )
        } else if was_required {
            (Effect::Widen, format!("required property `{name}` removed"))
        } else {
            (Effect::Widen, format!("optional property `{name}` removed"))
        };
        self.push(
            "property-removed",
            &field(at, name),
            effect,
            message,
            Some(property_pointer(o, name)),
            None,
        );
    }

    fn property_added(
        &mut self,
        o: &Node,
        n: &Node,
        (name, nv): (&str, &Value),
        at: &str,
        required: bool,
    ) {
        let (effect, message) = if required {
            (
                Effect::Narrow,
                format!("required property `{name}` added ({})", describe(nv)),
            )
        } else if forbids_additional(o) {
            (
                Effect::Widen,
                format!(
                    "optional property `{name}` added ({}) where OLD forbade additional properties",
                    describe(nv)
                ),
            )
        } else {
            (
                Effect::Extend,
                format!("optional property `{name}` added ({})", describe(nv)),
            )
        };
        self.push(
            "property-added",
            &field(at, name),
            effect,
            message,
            None,
            Some(property_pointer(n, name)),
        );
    }

    /// `required` names without a declared property on either side.
    fn undeclared_required(
        &mut self,
        (o, op, oreq): (&Node, &Map<String, Value>, &BTreeSet<String>),
        (n, np, nreq): (&Node, &Map<String, Value>, &BTreeSet<String>),
        at: &str,
    ) {
        for name in nreq.difference(oreq) {
            if !np.contains_key(name) {
                self.push(
                    "property-required",
                    &field(at, name),
                    Effect::Narrow,
                    format!("undeclared property `{name}` is now required"),
                    Some(o.ptr.clone()),
                    Some(n.site("required")),
                );
            }
        }
        for name in oreq.difference(nreq) {
            if !op.contains_key(name) {
                self.push(
                    "property-optional",
                    &field(at, name),
                    Effect::Widen,
                    format!("undeclared property `{name}` is no longer required"),
                    Some(o.site("required")),
                    Some(n.ptr.clone()),
                );
            }
        }
    }

    pub(super) fn compare_additional(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
        #[derive(PartialEq)]
        enum Ap<'v> {
            Any,
            Forbidden,
            Schema(&'v Value),
        }
        fn read(v: &Node) -> Ap<'_> {
            match v.get("additionalProperties") {
                None | Some(Value::Bool(true)) => Ap::Any,
                Some(Value::Bool(false)) => Ap::Forbidden,
                Some(Value::Object(m)) if m.keys().all(|k| is_annotation(k)) => Ap::Any,
                Some(s) => Ap::Schema(s),
            }
        }
        let (a, b) = (read(o), read(n));
        let here = field(at, "*");
        let (old_site, new_site) = (
            o.site("additionalProperties"),
            n.site("additionalProperties"),
        );
        let (effect, message) = match (&a, &b) {
            (Ap::Schema(x), Ap::Schema(y)) => {
                self.compare_depth(x, &old_site, y, &new_site, &here, depth + 1);
                return;
            }
            _ if a == b => return,
            (Ap::Any, Ap::Forbidden) => (Effect::Narrow, "additional properties now forbidden"),
            (Ap::Any, Ap::Schema(_)) => (
                Effect::Narrow,
                "additional properties now constrained by a schema",
            ),
            (Ap::Forbidden, _) => (Effect::Widen, "additional properties now allowed"),
            (Ap::Schema(_), Ap::Any) => {
                (Effect::Widen, "additional properties no longer constrained")
            }
            (Ap::Schema(_), Ap::Forbidden) => {
                (Effect::Narrow, "additional properties now forbidden")
            }
            _ => return,
        };
        self.push(
            "additional-properties-changed",
            at,
            effect,
            message.to_owned(),
            Some(old_site),
            Some(new_site),
        );
    }

    pub(super) fn compare_items(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
        let here = format!("{at}[]");
        match (o.get("items"), n.get("items")) {
            (Some(a), Some(b)) => {
                let (op, np) = (o.site("items"), n.site("items"));
                self.compare_depth(a, &op, b, &np, &here, depth + 1);
            }
            (None, Some(b)) => self.push(
                "items-changed",
                &here,
                Effect::Narrow,
                format!("array items restricted to {}", describe(b)),
                Some(o.ptr.clone()),
                Some(n.site("items")),
            ),
            (Some(a), None) => self.push(
                "items-changed",
                &here,
                Effect::Widen,
                format!("array items no longer restricted to {}", describe(a)),
                Some(o.site("items")),
                Some(n.ptr.clone()),
            ),
            (None, None) => {}
        }
    }
}

fn properties(v: &Node) -> Option<&Map<String, Value>> {
    v.get("properties").and_then(Value::as_object)
}

/// The names a schema lists as `required`.
fn required(v: &Node) -> BTreeSet<String> {
    v.get("required")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn forbids_additional(v: &Node) -> bool {
    v.get("additionalProperties") == Some(&Value::Bool(false))
}

fn property_pointer(v: &Node, name: &str) -> String {
    pointer::push(&pointer::push(&v.ptr, "properties"), name)
}
