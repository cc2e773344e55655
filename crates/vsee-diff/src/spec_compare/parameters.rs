//! Parameters of an operation (path-level and operation-level merged).

use serde_json::Value;
use vsee_spec::{pointer, Spec};

use super::context::{required, Cx, Entry, Scope};
use super::op_table::{path_params, Op};
use super::usage::same_component;
use crate::impact::impact;
use crate::model::Level;

/// One parameter of an operation (path-level and operation-level merged).
///
/// `vsee_spec::Operation::parameters` merges the same way, but keeps only name, location,
/// `required` and schema: no pointer (changes name the parameter's place in OLD and NEW), no
/// serialization keywords (`style`, `explode`, ...) and not the `$ref` as written (a shared
/// component is compared once, on its own). Hence this merge of our own, over the raw values.
pub(super) struct Param<'a> {
    pub(super) raw: &'a Value,
    pub(super) raw_ptr: String,
    pub(super) value: &'a Value,
    pub(super) ptr: String,
    pub(super) name: String,
    pub(super) location: String,
}

pub(super) fn parameters<'a>(spec: &'a Spec, op: &Op<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    for (owner, owner_ptr) in [(op.item, &op.item_ptr), (op.raw, &op.ptr)] {
        let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (i, raw) in list.iter().enumerate() {
            let raw_ptr = pointer::push(&pointer::push(owner_ptr, "parameters"), &i.to_string());
            let (value, ptr) = spec.schema_view().resolve_at(raw, &raw_ptr);
            let text = |k: &str| {
                value
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let param = Param {
                raw,
                raw_ptr,
                value,
                ptr,
                name: text("name"),
                location: text("in"),
            };
            match out
                .iter_mut()
                .find(|p| p.name == param.name && p.location == param.location)
            {
                Some(existing) => *existing = param,
                None => out.push(param),
            }
        }
    }
    out
}

/// The schema of a parameter: `schema`, or that of its first `content` media type.
pub(super) fn param_schema(v: &Value, ptr: &str) -> Option<(Value, String)> {
    if let Some(s) = v.get("schema") {
        return Some((s.clone(), pointer::push(ptr, "schema")));
    }
    let (media, mt) = v.get("content")?.as_object()?.iter().next()?;
    let s = mt.get("schema")?;
    Some((
        s.clone(),
        pointer::push(
            &pointer::push(&pointer::push(ptr, "content"), media),
            "schema",
        ),
    ))
}

impl<'a> Cx<'a> {
    pub(super) fn operation_parameters(&mut self, o: &Op<'a>, n: &Op<'a>, scope: &Scope) {
        let (op, np) = (parameters(self.old, o), parameters(self.new, n));
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut left: Vec<usize> = Vec::new();
        let mut right: Vec<usize> = (0..np.len()).collect();
        for (i, p) in op.iter().enumerate() {
            match right
                .iter()
                .position(|&j| np[j].name == p.name && np[j].location == p.location)
            {
                Some(k) => pairs.push((i, right.remove(k))),
                None => left.push(i),
            }
        }
        // Path parameters are positional: a renamed one is the same parameter.
        let (opath, npath) = (path_params(&o.path), path_params(&n.path));
        if o.shape == n.shape {
            left.retain(|&i| {
                let p = &op[i];
                let pos = opath.iter().position(|x| *x == p.name);
                let found = (p.location == "path")
                    .then_some(pos)
                    .flatten()
                    .and_then(|pos| npath.get(pos))
                    .and_then(|name| {
                        right
                            .iter()
                            .position(|&j| np[j].location == "path" && np[j].name == *name)
                    });
                match found {
                    Some(k) => {
                        pairs.push((i, right.remove(k)));
                        false
                    }
                    None => true,
                }
            });
        }
        for (i, j) in pairs {
            let (a, b) = (&op[i], &np[j]);
            if same_component(a.raw, b.raw) {
                continue; // compared once, as a component
            }
            let sub = scope.with_at(format!("{} parameter `{}`", b.location, b.name));
            self.compare_parameter(a, b, &sub);
        }
        let mut added: Vec<usize> = right;
        for i in left {
            let a = &op[i];
            if let Some(k) = added.iter().position(|&j| np[j].name == a.name) {
                let b = &np[added.remove(k)];
                self.push(Entry {
                    kind: "parameter-location-changed",
                    scope,
                    at: format!("parameter `{}`", a.name),
                    message: format!("moved from {} to {}", a.location, b.location),
                    old: Some(pointer::push(&a.ptr, "in")),
                    new: Some(pointer::push(&b.ptr, "in")),
                    api: impact(
                        Level::Breaking,
                        format!("clients built for OLD send it in the {}", a.location),
                    ),
                    schemas: impact(
                        Level::None,
                        "parameters are not part of the published JSON Schemas",
                    ),
                });
                continue;
            }
            self.push(Entry {
                kind: "parameter-removed",
                scope,
                at: format!("{} parameter `{}`", a.location, a.name),
                message: format!(
                    "{} parameter removed",
                    if required(a.value) { "required" } else { "optional" }
                ),
                old: Some(a.raw_ptr.clone()),
                new: None,
                api: impact(
                    Level::Breaking,
                    "clients built for OLD still send it; NEW no longer defines it, so the server may reject or ignore it",
                ),
                schemas: impact(Level::None, "parameters are not part of the published JSON Schemas"),
            });
        }
        for j in added {
            let b = &np[j];
            let req = required(b.value);
            self.push(Entry {
                kind: "parameter-added",
                scope,
                at: format!("{} parameter `{}`", b.location, b.name),
                message: format!(
                    "{} parameter added",
                    if req { "required" } else { "optional" }
                ),
                old: None,
                new: Some(b.raw_ptr.clone()),
                api: if req {
                    impact(
                        Level::Breaking,
                        "clients built for OLD do not send this required parameter",
                    )
                } else {
                    impact(
                        Level::Additive,
                        "optional: clients built for OLD may omit it",
                    )
                },
                schemas: impact(
                    Level::None,
                    "parameters are not part of the published JSON Schemas",
                ),
            });
        }
    }

    pub(super) fn compare_parameter(&mut self, a: &Param<'_>, b: &Param<'_>, scope: &Scope) {
        let no_schemas = || {
            impact(
                Level::None,
                "parameters are not part of the published JSON Schemas",
            )
        };
        let (ra, rb) = (required(a.value), required(b.value));
        if ra != rb {
            let (request, message) = if rb {
                (Level::Breaking, "became required")
            } else {
                (Level::Additive, "became optional")
            };
            let level = scope.api_level(request, request);
            self.push(Entry {
                kind: "parameter-required-changed",
                scope,
                at: scope.at.clone(),
                message: message.to_owned(),
                old: Some(pointer::push(&a.ptr, "required")),
                new: Some(pointer::push(&b.ptr, "required")),
                api: if scope.uses.is_empty() {
                    impact(Level::None, "not used by any operation")
                } else if rb {
                    impact(
                        level,
                        format!("clients of {} built for OLD may omit it", scope.ops()),
                    )
                } else {
                    impact(
                        level,
                        "clients built for OLD send it anyway; it may now be omitted",
                    )
                },
                schemas: no_schemas(),
            });
        }
        for kw in ["style", "explode", "allowReserved", "allowEmptyValue"] {
            if a.value.get(kw) != b.value.get(kw) {
                let level = scope.api_level(Level::Breaking, Level::Breaking);
                self.push(Entry {
                    kind: "parameter-serialization-changed",
                    scope,
                    at: scope.at.clone(),
                    message: format!("`{kw}` changed"),
                    old: Some(pointer::push(&a.ptr, kw)),
                    new: Some(pointer::push(&b.ptr, kw)),
                    api: impact(
                        level,
                        "clients built for OLD serialize the value the old way",
                    ),
                    schemas: no_schemas(),
                });
            }
        }
        match (param_schema(a.value, &a.ptr), param_schema(b.value, &b.ptr)) {
            (Some((sa, pa)), Some((sb, pb))) => {
                let sub = Scope {
                    published: false,
                    ..scope.with_at(scope.at.clone())
                };
                self.compare_schema((&sa, &pa), (&sb, &pb), &sub);
            }
            (None, None) => {}
            (sa, sb) => {
                let (effect_level, message) = if sb.is_some() {
                    (Level::Breaking, "a schema now constrains its value")
                } else {
                    (
                        Level::Additive,
                        "its schema was removed: any value is accepted",
                    )
                };
                let level = scope.api_level(effect_level, effect_level);
                self.push(Entry {
                    kind: "parameter-schema-changed",
                    scope,
                    at: scope.at.clone(),
                    message: message.to_owned(),
                    old: sa.map(|(_, p)| p).or(Some(a.ptr.clone())),
                    new: sb.map(|(_, p)| p).or(Some(b.ptr.clone())),
                    api: impact(level, message),
                    schemas: no_schemas(),
                });
            }
        }
    }
}
