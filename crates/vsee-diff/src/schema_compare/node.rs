//! A schema as compared: references followed, `allOf` wrappers merged, with the place each
//! keyword comes from; and the words used to describe schemas in messages.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use vsee_spec::schema_view::{effective_ref, is_wrapper_keyword};
use vsee_spec::{pointer, Spec};

/// Keywords compared one by one below; any other keyword that differs is reported as an
/// incompatible change of that keyword.
pub(super) const HANDLED: &[&str] = &[
    "$ref",
    "type",
    "format",
    "nullable",
    "enum",
    "required",
    "properties",
    "additionalProperties",
    "items",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "multipleOf",
    "uniqueItems",
    "pattern",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "default",
    "readOnly",
    "writeOnly",
    "deprecated",
    "discriminator",
];

pub(super) fn ref_name(r: &str) -> String {
    r.rsplit('/')
        .next()
        .map(pointer::unescape)
        .unwrap_or_default()
}

/// A schema as compared: reference chains followed, single-reference `allOf` wrappers merged
/// into their target (the wrapper's keywords win), with the pointer each keyword comes from.
pub(super) struct Node {
    pub(super) value: Map<String, Value>,
    /// Pointer of the (final) target.
    pub(super) ptr: String,
    /// Pointer of the wrapper whose keywords were merged over the target, and those keywords.
    pub(super) wrapper: Option<(String, BTreeSet<String>)>,
}

impl Node {
    /// The pointer to cite for keyword `kw` (the node itself when `kw` is absent).
    pub(super) fn site(&self, kw: &str) -> String {
        if let Some((wptr, keys)) = &self.wrapper {
            if keys.contains(kw) {
                return pointer::push(wptr, kw);
            }
        }
        if self.value.contains_key(kw) {
            pointer::push(&self.ptr, kw)
        } else {
            self.ptr.clone()
        }
    }

    pub(super) fn get(&self, kw: &str) -> Option<&Value> {
        self.value.get(kw)
    }

    pub(super) fn flag(&self, kw: &str) -> bool {
        self.get(kw).and_then(Value::as_bool).unwrap_or(false)
    }

    pub(super) fn str(&self, kw: &str) -> Option<&str> {
        self.get(kw).and_then(Value::as_str)
    }
}

pub(super) fn node(spec: &Spec, v: &Value, ptr: &str) -> Node {
    let (v, at) = spec.schema_view().resolve_at(v, ptr);
    let map = v.as_object().cloned().unwrap_or_default();
    if map.get("$ref").is_none() {
        if let Some(r) = effective_ref(v) {
            if let Some(target_ptr) = pointer::local_ref_pointer(r) {
                if let Some(target) = spec.schema_view().target(r) {
                    let (target, target_at) = spec.schema_view().resolve_at(target, &target_ptr);
                    let mut merged = target.as_object().cloned().unwrap_or_default();
                    let mut keys = BTreeSet::new();
                    for (k, val) in &map {
                        if k != "allOf" {
                            merged.insert(k.clone(), val.clone());
                            keys.insert(k.clone());
                        }
                    }
                    return Node {
                        value: merged,
                        ptr: target_at,
                        wrapper: Some((at, keys)),
                    };
                }
            }
        }
    }
    Node {
        value: map,
        ptr: at,
        wrapper: None,
    }
}

/// Field path helpers.
pub(super) fn field(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    }
}

pub(super) fn short(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

pub(super) fn list(values: &[&Value]) -> String {
    values
        .iter()
        .map(|v| short(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A one-phrase description of a schema, for messages about alternatives.
pub(super) fn describe(v: &Value) -> String {
    if let Some(r) = effective_ref(v) {
        return format!("`{}`", ref_name(r));
    }
    let mut s = match (
        v.get("type").and_then(Value::as_str),
        v.get("format").and_then(Value::as_str),
    ) {
        (Some(t), Some(f)) => format!("{t} ({f})"),
        (Some(t), None) => t.to_owned(),
        _ if v.get("oneOf").is_some() => "a oneOf".to_owned(),
        _ if v.get("anyOf").is_some() => "an anyOf".to_owned(),
        _ if v.get("allOf").is_some() => "an allOf".to_owned(),
        _ => "any value".to_owned(),
    };
    if let Some(e) = v.get("enum").and_then(Value::as_array) {
        let values: Vec<&Value> = e.iter().collect();
        s.push_str(&format!(" enum [{}]", list(&values)));
    }
    s
}

/// The part of a schema that says what it accepts, without annotations and the wrapper-level
/// adjustments compared separately.
pub(super) fn core(v: &Map<String, Value>) -> Map<String, Value> {
    v.iter()
        .filter(|(k, _)| !is_wrapper_keyword(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A schema reduced to its wrapper keywords (for a place that refers to a component).
pub(super) fn wrapper_only(v: &Value, ptr: &str) -> Node {
    let map: Map<String, Value> = v
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| k.as_str() != "allOf" && k.as_str() != "$ref")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    Node {
        value: map,
        ptr: ptr.to_owned(),
        wrapper: None,
    }
}
