//! `components`: each one compared once, its changes naming the operations that use it.

use serde_json::{Map, Value};
use vsee_spec::{pointer, Spec};

use super::context::{Cx, Entry, Scope};
use super::parameters::Param;
use crate::impact::impact;
use crate::model::{Direction, Level};

impl<'a> Cx<'a> {
    pub(super) fn components(&mut self) {
        for kind in ["schemas", "responses", "parameters", "requestBodies"] {
            let (om, nm) = (of_kind(self.old, kind), of_kind(self.new, kind));
            for (name, a) in &om {
                let ptr = pointer::push(&pointer::push("/components", kind), name);
                let scope = self.component_scope(kind, name, &ptr);
                match nm.get(name) {
                    None => self.push(Entry {
                        kind: "component-removed",
                        scope: &scope,
                        at: String::new(),
                        message: format!("component `{ptr}` removed"),
                        old: Some(ptr.clone()),
                        new: None,
                        api: impact(
                            Level::None,
                            "operations that used it are reported where they changed",
                        ),
                        schemas: if kind == "schemas" {
                            impact(
                                Level::Breaking,
                                "its published schema file, and references to its `$id`, are gone",
                            )
                        } else {
                            only_schemas_are_published()
                        },
                    }),
                    Some(b) => self.component_changed(kind, (a, b), &ptr, scope),
                }
            }
            for name in nm.keys().filter(|name| !om.contains_key(*name)) {
                let ptr = pointer::push(&pointer::push("/components", kind), name);
                let scope = self.component_scope(kind, name, &ptr);
                self.push(Entry {
                    kind: "component-added",
                    scope: &scope,
                    at: String::new(),
                    message: format!("component `{ptr}` added"),
                    old: None,
                    new: Some(ptr.clone()),
                    api: impact(
                        Level::None,
                        "operations that use it are reported where they changed",
                    ),
                    schemas: if kind == "schemas" {
                        impact(Level::Additive, "a new schema file is published")
                    } else {
                        only_schemas_are_published()
                    },
                });
            }
        }
    }

    /// A component of `kind` and the operations that use it.
    fn component_scope(&self, kind: &str, name: &str, ptr: &str) -> Scope {
        let label = match kind {
            "schemas" => "schema",
            "responses" => "response",
            "parameters" => "parameter",
            _ => "request body",
        };
        Scope {
            subject: format!("{label} {name}"),
            at: String::new(),
            uses: self.uses_of(ptr),
            published: kind != "parameters",
        }
    }

    /// A component on both sides, compared as what it is.
    fn component_changed(&mut self, kind: &str, (a, b): (&Value, &Value), ptr: &str, scope: Scope) {
        let (od, nd) = (self.old, self.new);
        match kind {
            "schemas" => self.compare_schema((a, ptr), (b, ptr), &scope),
            "responses" => {
                let (a, ap) = od.schema_view().resolve_at(a, ptr);
                let (b, bp) = nd.schema_view().resolve_at(b, ptr);
                let scope = Scope {
                    uses: scope
                        .uses
                        .iter()
                        .filter(|u| u.direction == Direction::Response)
                        .cloned()
                        .collect(),
                    ..scope
                };
                self.compare_content(a, &ap, b, &bp, &scope, Direction::Response);
            }
            "parameters" => self.parameter_component_changed(ptr, &scope),
            _ => {
                let (a, ap) = od.schema_view().resolve_at(a, ptr);
                let (b, bp) = nd.schema_view().resolve_at(b, ptr);
                self.compare_body(a, &ap, b, &bp, &scope);
            }
        }
    }

    /// A parameter component: its name and place, then its schema and flags.
    fn parameter_component_changed(&mut self, ptr: &str, scope: &Scope) {
        let (od, nd) = (self.old, self.new);
        let (Some(od_a), Some(nd_b)) = (od.document().pointer(ptr), nd.document().pointer(ptr))
        else {
            return;
        };
        let (pa, pb) = (param(od, od_a, ptr), param(nd, nd_b, ptr));
        if pa.name != pb.name || pa.location != pb.location {
            self.push(Entry {
                kind: "parameter-location-changed",
                scope,
                at: String::new(),
                message: format!(
                    "{} `{}` became {} `{}`",
                    pa.location, pa.name, pb.location, pb.name
                ),
                old: Some(pa.ptr.clone()),
                new: Some(pb.ptr.clone()),
                api: impact(
                    scope.api_level(Level::Breaking, Level::Breaking),
                    "clients built for OLD send the old parameter",
                ),
                schemas: impact(
                    Level::None,
                    "parameters are not part of the published JSON Schemas",
                ),
            });
        }
        self.compare_parameter(&pa, &pb, scope);
    }
}

/// The components of one kind (`schemas`, `responses`, ...) of a spec.
fn of_kind(spec: &Spec, kind: &str) -> Map<String, Value> {
    spec.document()
        .get("components")
        .and_then(|c| c.get(kind))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn only_schemas_are_published() -> crate::model::Impact {
    impact(
        Level::None,
        "only component schemas are published on their own",
    )
}

/// The parameter component at `ptr` of a spec, as the operations' parameters are compared.
fn param<'a>(spec: &'a Spec, v: &'a Value, ptr: &str) -> Param<'a> {
    let (value, p) = spec.schema_view().resolve_at(v, ptr);
    let text = |k: &str| {
        value
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Param {
        raw: v,
        raw_ptr: ptr.to_owned(),
        value,
        ptr: p,
        name: text("name"),
        location: text("in"),
    }
}
