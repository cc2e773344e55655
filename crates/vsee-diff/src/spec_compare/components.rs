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
            let get = |spec: &Spec| -> Map<String, Value> {
                spec.document()
                    .get("components")
                    .and_then(|c| c.get(kind))
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default()
            };
            let (om, nm) = (get(self.old), get(self.new));
            let label = match kind {
                "schemas" => "schema",
                "responses" => "response",
                "parameters" => "parameter",
                _ => "request body",
            };
            for (name, a) in &om {
                let ptr = pointer::push(&pointer::push("/components", kind), name);
                let scope = Scope {
                    subject: format!("{label} {name}"),
                    at: String::new(),
                    uses: self.uses_of(&ptr),
                    published: kind != "parameters",
                };
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
                            impact(
                                Level::None,
                                "only component schemas are published on their own",
                            )
                        },
                    }),
                    Some(b) => match kind {
                        "schemas" => self.compare_schema((a, &ptr), (b, &ptr), &scope),
                        "responses" => {
                            let (od, nd) = (self.old, self.new);
                            let (a, ap) = od.schema_view().resolve_at(a, &ptr);
                            let (b, bp) = nd.schema_view().resolve_at(b, &ptr);
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
                        "parameters" => {
                            let (od, nd) = (self.old, self.new);
                            let mk = |spec: &'a Spec, v: &'a Value| -> Param<'a> {
                                let (value, p) = spec.schema_view().resolve_at(v, &ptr);
                                let text = |k: &str| {
                                    value
                                        .get(k)
                                        .and_then(Value::as_str)
                                        .unwrap_or_default()
                                        .to_owned()
                                };
                                Param {
                                    raw: v,
                                    raw_ptr: ptr.clone(),
                                    value,
                                    ptr: p,
                                    name: text("name"),
                                    location: text("in"),
                                }
                            };
                            let (Some(od_a), Some(nd_b)) =
                                (od.document().pointer(&ptr), nd.document().pointer(&ptr))
                            else {
                                continue;
                            };
                            let (pa, pb) = (mk(od, od_a), mk(nd, nd_b));
                            if pa.name != pb.name || pa.location != pb.location {
                                self.push(Entry {
                                    kind: "parameter-location-changed",
                                    scope: &scope,
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
                            self.compare_parameter(&pa, &pb, &scope);
                        }
                        _ => {
                            let (od, nd) = (self.old, self.new);
                            let (a, ap) = od.schema_view().resolve_at(a, &ptr);
                            let (b, bp) = nd.schema_view().resolve_at(b, &ptr);
                            self.compare_body(a, &ap, b, &bp, &scope);
                        }
                    },
                }
            }
            for name in nm.keys() {
                if om.contains_key(name) {
                    continue;
                }
                let ptr = pointer::push(&pointer::push("/components", kind), name);
                let scope = Scope {
                    subject: format!("{label} {name}"),
                    at: String::new(),
                    uses: self.uses_of(&ptr),
                    published: kind != "parameters",
                };
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
                        impact(
                            Level::None,
                            "only component schemas are published on their own",
                        )
                    },
                });
            }
        }
    }
}
