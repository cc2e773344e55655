//! Comparing two OpenAPI 3.0 schema objects.
//!
//! The comparison is about the *set of values* a schema accepts. Every difference found is an
//! [`Effect`]: NEW accepts fewer values (`Narrow`), more (`Widen`), some more and some fewer
//! (`Incompatible`), and a few cases the verdicts treat specially (a new optional property,
//! a changed default, documentation-only changes). Whether an effect breaks someone depends on
//! who sends the value; that is decided later, per use (see `crate::impact`).
//!
//! `$ref`s: when OLD and NEW refer to the same component schema at the same place, nothing is
//! compared there: the component is compared once on its own and its changes name every
//! operation that uses it. When the references differ (or one side is inline), both targets
//! are compared in place.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value};
use vsee_spec::{pointer, Spec};

/// What a difference does to the set of accepted values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    /// NEW rejects some values OLD accepted.
    Narrow,
    /// NEW accepts values OLD rejected, and rejects nothing OLD accepted.
    Widen,
    /// Both at once: some values gained, some lost.
    Incompatible,
    /// A new optional property in an object that allows additional properties: additive for
    /// every audience (clients built for OLD neither send nor read it).
    Extend,
    /// The `default` changed: what an omitted value stands for.
    DefaultChange,
    /// Nothing a payload can observe (a renamed `$ref` target, a deprecation mark).
    Neutral,
    /// The schemas differ but were not compared (nested too deep): unknown, so treated as
    /// breaking for every audience until someone reviews it.
    Uncompared,
}

/// One difference between two schemas.
#[derive(Debug, Clone)]
pub(crate) struct RawChange {
    pub kind: &'static str,
    /// Field path inside the compared schema (`data.status`, `tags[]`, `extra.*`); empty for
    /// the schema itself.
    pub at: String,
    pub message: String,
    pub effect: Effect,
    pub old_ptr: Option<String>,
    pub new_ptr: Option<String>,
}

/// Keywords that document but do not constrain.
fn is_annotation(key: &str) -> bool {
    matches!(
        key,
        "description" | "title" | "example" | "examples" | "externalDocs" | "xml"
    ) || key.starts_with("x-")
}

/// Keywords a single-`allOf` wrapper may carry besides its one `$ref` and still be read as
/// "that reference, with these adjustments" (the usual 3.0 way to make a reference nullable).
fn is_wrapper_extra(key: &str) -> bool {
    is_annotation(key)
        || matches!(
            key,
            "nullable" | "default" | "deprecated" | "readOnly" | "writeOnly"
        )
}

/// Keywords compared one by one below; any other keyword that differs is reported as an
/// incompatible change of that keyword.
const HANDLED: &[&str] = &[
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

/// The schema's own reference: `$ref: X`, or `allOf: [{$ref: X}]` plus only
/// [`is_wrapper_extra`] keywords.
fn effective_ref(v: &Value) -> Option<&str> {
    let map = v.as_object()?;
    if let Some(r) = map.get("$ref").and_then(Value::as_str) {
        return Some(r);
    }
    let all = map.get("allOf")?.as_array()?;
    if all.len() != 1 || !map.keys().all(|k| k == "allOf" || is_wrapper_extra(k)) {
        return None;
    }
    all[0].get("$ref").and_then(Value::as_str)
}

fn is_component_schema_ref(r: &str) -> bool {
    let Some(p) = pointer::local_ref_pointer(r) else {
        return false;
    };
    let tokens = pointer::tokens(&p);
    tokens.len() == 3 && tokens[0] == "components" && tokens[1] == "schemas"
}

fn ref_name(r: &str) -> String {
    r.rsplit('/')
        .next()
        .map(pointer::unescape)
        .unwrap_or_default()
}

/// A schema as compared: reference chains followed, single-reference `allOf` wrappers merged
/// into their target (the wrapper's keywords win), with the pointer each keyword comes from.
struct Node {
    value: Map<String, Value>,
    /// Pointer of the (final) target.
    ptr: String,
    /// Pointer of the wrapper whose keywords were merged over the target, and those keywords.
    wrapper: Option<(String, BTreeSet<String>)>,
}

impl Node {
    /// The pointer to cite for keyword `kw` (the node itself when `kw` is absent).
    fn site(&self, kw: &str) -> String {
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

    fn get(&self, kw: &str) -> Option<&Value> {
        self.value.get(kw)
    }

    fn flag(&self, kw: &str) -> bool {
        self.get(kw).and_then(Value::as_bool).unwrap_or(false)
    }

    fn str(&self, kw: &str) -> Option<&str> {
        self.get(kw).and_then(Value::as_str)
    }
}

/// Follows `$ref` chains from `(v, ptr)` with [`Spec::deref`]; the pointer is that of the
/// final target, or `ptr` when `v` is not a reference.
pub(crate) fn deref<'a>(spec: &'a Spec, v: &'a Value, ptr: &str) -> (&'a Value, String) {
    let (target, at) = spec.deref(v);
    (target, at.unwrap_or_else(|| ptr.to_owned()))
}

fn node(spec: &Spec, v: &Value, ptr: &str) -> Node {
    let (v, at) = deref(spec, v, ptr);
    let map = v.as_object().cloned().unwrap_or_default();
    if map.get("$ref").is_none() {
        if let Some(r) = effective_ref(v) {
            if let Some(target_ptr) = pointer::local_ref_pointer(r) {
                if let Some(target) = spec.document().pointer(&target_ptr) {
                    let (target, target_at) = deref(spec, target, &target_ptr);
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
fn field(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    }
}

fn short(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

fn list(values: &[&Value]) -> String {
    values
        .iter()
        .map(|v| short(v))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A one-phrase description of a schema, for messages about alternatives.
fn describe(v: &Value) -> String {
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
fn core(v: &Map<String, Value>) -> Map<String, Value> {
    v.iter()
        .filter(|(k, _)| !is_wrapper_extra(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Compares schemas; collects [`RawChange`]s.
pub(crate) struct SchemaDiff<'a> {
    old: &'a Spec,
    new: &'a Spec,
    active: HashSet<(String, String)>,
    pub(crate) out: Vec<RawChange>,
}

/// How many levels of nested schemas (properties, items, alternatives, ...) are compared. A
/// difference below this is not lost: it is reported as `too-deep-to-compare`, breaking for
/// every audience, so that a person reviews it.
const MAX_DEPTH: usize = 64;

impl<'a> SchemaDiff<'a> {
    pub(crate) fn new(old: &'a Spec, new: &'a Spec) -> SchemaDiff<'a> {
        SchemaDiff {
            old,
            new,
            active: HashSet::new(),
            out: Vec::new(),
        }
    }

    fn push(
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

    fn compare_depth(
        &mut self,
        o: &Value,
        old_ptr: &str,
        n: &Value,
        new_ptr: &str,
        at: &str,
        depth: usize,
    ) {
        let (oref, nref) = (effective_ref(o), effective_ref(n));
        if let (Some(a), Some(b)) = (oref, nref) {
            if a == b && is_component_schema_ref(a) {
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

    fn compare_nodes(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
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

    /// `plain` has no oneOf/anyOf, `composed` has `kw`. `reversed`: `plain` is NEW (the schema
    /// lost its alternatives) rather than OLD.
    fn became_composed(
        &mut self,
        plain: &Node,
        composed: &Node,
        kw: &str,
        at: &str,
        reversed: bool,
    ) {
        let doc = if reversed { self.old } else { self.new };
        let alternatives = composed
            .get(kw)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let plain_core = core(&plain.value);
        let found = alternatives.iter().position(|alt| {
            let (target, _) = deref(doc, alt, "");
            target.as_object().map(core).as_ref() == Some(&plain_core)
        });
        let (old_ptr, new_ptr) = if reversed {
            (composed.site(kw), plain.ptr.clone())
        } else {
            (plain.ptr.clone(), composed.site(kw))
        };
        match found {
            Some(i) => {
                let others: Vec<String> = alternatives
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, a)| describe(a))
                    .collect();
                if reversed {
                    self.push(
                        "alternatives-removed",
                        at,
                        Effect::Narrow,
                        format!(
                            "no longer a `{kw}`: only {} remains; {} no longer accepted",
                            describe(&Value::Object(plain.value.clone())),
                            others.join(", ")
                        ),
                        Some(old_ptr),
                        Some(new_ptr),
                    );
                } else {
                    self.push(
                        "alternatives-added",
                        at,
                        Effect::Widen,
                        format!("now a `{kw}` that also accepts {}", others.join(", ")),
                        Some(old_ptr),
                        Some(new_ptr),
                    );
                }
            }
            None => {
                let message = if reversed {
                    format!(
                        "changed from a `{kw}` of {} alternatives to {}",
                        alternatives.len(),
                        describe(&Value::Object(plain.value.clone()))
                    )
                } else {
                    format!(
                        "changed from {} to a `{kw}` of {} alternatives, none of them the old schema",
                        describe(&Value::Object(plain.value.clone())),
                        alternatives.len()
                    )
                };
                self.push(
                    "type-changed",
                    at,
                    Effect::Incompatible,
                    message,
                    Some(old_ptr),
                    Some(new_ptr),
                );
            }
        }
    }

    fn compare_type(&mut self, o: &Node, n: &Node, at: &str) {
        let (a, b) = (o.str("type"), n.str("type"));
        if a == b {
            return;
        }
        let (effect, message) = match (a, b) {
            (None, Some(t)) => (Effect::Narrow, format!("type restricted to `{t}`")),
            (Some(t), None) => (
                Effect::Widen,
                format!("type `{t}` no longer required (any type accepted)"),
            ),
            (Some("integer"), Some("number")) => (
                Effect::Widen,
                "type widened from `integer` to `number`".to_owned(),
            ),
            (Some("number"), Some("integer")) => (
                Effect::Narrow,
                "type narrowed from `number` to `integer`".to_owned(),
            ),
            (Some(x), Some(y)) => (
                Effect::Incompatible,
                format!("type changed from `{x}` to `{y}`"),
            ),
            (None, None) => return,
        };
        self.push(
            "type-changed",
            at,
            effect,
            message,
            Some(o.site("type")),
            Some(n.site("type")),
        );
    }

    fn compare_format(&mut self, o: &Node, n: &Node, at: &str) {
        let (a, b) = (o.str("format"), n.str("format"));
        if a == b {
            return;
        }
        let rank = |f: &str| match f {
            "int32" => Some((0, 32)),
            "int64" => Some((0, 64)),
            "float" => Some((1, 32)),
            "double" => Some((1, 64)),
            _ => None,
        };
        let (effect, message) = match (a, b) {
            (None, Some(f)) => (Effect::Narrow, format!("format `{f}` added")),
            (Some(f), None) => (Effect::Widen, format!("format `{f}` removed")),
            (Some(x), Some(y)) => match (rank(x), rank(y)) {
                (Some((gx, bx)), Some((gy, by))) if gx == gy && bx < by => {
                    (Effect::Widen, format!("format widened from `{x}` to `{y}`"))
                }
                (Some((gx, bx)), Some((gy, by))) if gx == gy && bx > by => (
                    Effect::Narrow,
                    format!("format narrowed from `{x}` to `{y}`"),
                ),
                _ => (
                    Effect::Incompatible,
                    format!("format changed from `{x}` to `{y}`"),
                ),
            },
            (None, None) => return,
        };
        self.push(
            "format-changed",
            at,
            effect,
            message,
            Some(o.site("format")),
            Some(n.site("format")),
        );
    }

    fn compare_enum(&mut self, o: &Node, n: &Node, at: &str) {
        let (a, b) = (
            o.get("enum").and_then(Value::as_array),
            n.get("enum").and_then(Value::as_array),
        );
        match (a, b) {
            (None, None) => {}
            (None, Some(values)) => {
                let v: Vec<&Value> = values.iter().collect();
                self.push(
                    "enum-added",
                    at,
                    Effect::Narrow,
                    format!("values restricted to [{}]", list(&v)),
                    Some(o.ptr.clone()),
                    Some(n.site("enum")),
                );
            }
            (Some(_), None) => self.push(
                "enum-removed",
                at,
                Effect::Widen,
                "enum removed: any value of the type is accepted".to_owned(),
                Some(o.site("enum")),
                Some(n.ptr.clone()),
            ),
            (Some(a), Some(b)) => {
                let added: Vec<&Value> = b.iter().filter(|v| !a.contains(v)).collect();
                let removed: Vec<&Value> = a.iter().filter(|v| !b.contains(v)).collect();
                if !added.is_empty() {
                    self.push(
                        "enum-values-added",
                        at,
                        Effect::Widen,
                        format!("enum values added: {}", list(&added)),
                        Some(o.site("enum")),
                        Some(n.site("enum")),
                    );
                }
                if !removed.is_empty() {
                    self.push(
                        "enum-values-removed",
                        at,
                        Effect::Narrow,
                        format!("enum values removed: {}", list(&removed)),
                        Some(o.site("enum")),
                        Some(n.site("enum")),
                    );
                }
            }
        }
    }

    fn compare_properties(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
        let empty = Map::new();
        let op = o
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let np = n
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let req = |v: &Node| -> BTreeSet<String> {
            v.get("required")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        let (oreq, nreq) = (req(o), req(n));
        let forbids = |v: &Node| v.get("additionalProperties") == Some(&Value::Bool(false));
        let prop_ptr =
            |v: &Node, name: &str| pointer::push(&pointer::push(&v.ptr, "properties"), name);

        for (name, ov) in op {
            let here = field(at, name);
            match np.get(name) {
                Some(nv) => {
                    self.compare_depth(
                        ov,
                        &prop_ptr(o, name),
                        nv,
                        &prop_ptr(n, name),
                        &here,
                        depth + 1,
                    );
                    match (oreq.contains(name), nreq.contains(name)) {
                        (false, true) => self.push(
                            "property-required",
                            &here,
                            Effect::Narrow,
                            format!("property `{name}` is now required"),
                            Some(o.site("required")),
                            Some(n.site("required")),
                        ),
                        (true, false) => self.push(
                            "property-optional",
                            &here,
                            Effect::Widen,
                            format!("property `{name}` is no longer required"),
                            Some(o.site("required")),
                            Some(n.site("required")),
                        ),
                        _ => {}
                    }
                }
                None => {
                    let was_required = oreq.contains(name);
                    let (effect, message) = if forbids(n) {
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
                        &here,
                        effect,
                        message,
                        Some(prop_ptr(o, name)),
                        None,
                    );
                }
            }
        }
        for (name, nv) in np {
            if op.contains_key(name) {
                continue;
            }
            let here = field(at, name);
            let required = nreq.contains(name);
            let (effect, message) = if required {
                (
                    Effect::Narrow,
                    format!("required property `{name}` added ({})", describe(nv)),
                )
            } else if forbids(o) {
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
                &here,
                effect,
                message,
                None,
                Some(prop_ptr(n, name)),
            );
        }
        // `required` names without a declared property on either side.
        for name in nreq.difference(&oreq) {
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
        for name in oreq.difference(&nreq) {
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

    fn compare_additional(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
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

    fn compare_items(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
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

    fn compare_bounds(&mut self, o: &Node, n: &Node, at: &str) {
        // (keyword, true when a larger value accepts fewer values)
        const LOWER: &[&str] = &["minimum", "minLength", "minItems", "minProperties"];
        const UPPER: &[&str] = &["maximum", "maxLength", "maxItems", "maxProperties"];
        for (kw, lower) in LOWER
            .iter()
            .map(|k| (*k, true))
            .chain(UPPER.iter().map(|k| (*k, false)))
        {
            let (a, b) = (
                o.get(kw).and_then(Value::as_f64),
                n.get(kw).and_then(Value::as_f64),
            );
            let effect = match (a, b) {
                (None, Some(_)) => Effect::Narrow,
                (Some(_), None) => Effect::Widen,
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) => {
                    if (y > x) == lower {
                        Effect::Narrow
                    } else {
                        Effect::Widen
                    }
                }
                (None, None) => continue,
            };
            let show = |v: Option<f64>, node: &Node| {
                v.map_or("none".to_owned(), |_| {
                    short(node.get(kw).unwrap_or(&Value::Null))
                })
            };
            self.push(
                "constraint-changed",
                at,
                effect,
                format!("`{kw}` changed from {} to {}", show(a, o), show(b, n)),
                Some(o.site(kw)),
                Some(n.site(kw)),
            );
        }
        for kw in ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"] {
            let (a, b) = (o.flag(kw), n.flag(kw));
            if a != b {
                self.push(
                    "constraint-changed",
                    at,
                    if b { Effect::Narrow } else { Effect::Widen },
                    format!("`{kw}` changed from {a} to {b}"),
                    Some(o.site(kw)),
                    Some(n.site(kw)),
                );
            }
        }
        let (a, b) = (
            o.get("multipleOf").and_then(Value::as_f64),
            n.get("multipleOf").and_then(Value::as_f64),
        );
        if a != b {
            let divides = |x: f64, y: f64| y != 0.0 && (x / y).fract() == 0.0;
            let effect = match (a, b) {
                (None, Some(_)) => Effect::Narrow,
                (Some(_), None) => Effect::Widen,
                (Some(x), Some(y)) if divides(y, x) => Effect::Narrow,
                (Some(x), Some(y)) if divides(x, y) => Effect::Widen,
                _ => Effect::Incompatible,
            };
            self.push(
                "constraint-changed",
                at,
                effect,
                format!(
                    "`multipleOf` changed from {} to {}",
                    a.map_or("none".to_owned(), |v| v.to_string()),
                    b.map_or("none".to_owned(), |v| v.to_string())
                ),
                Some(o.site("multipleOf")),
                Some(n.site("multipleOf")),
            );
        }
        let pattern = match (o.str("pattern"), n.str("pattern")) {
            (None, Some(p)) => Some((Effect::Narrow, format!("pattern `{p}` added"))),
            (Some(p), None) => Some((Effect::Widen, format!("pattern `{p}` removed"))),
            (Some(x), Some(y)) if x != y => Some((
                Effect::Incompatible,
                format!("pattern changed from `{x}` to `{y}`"),
            )),
            _ => None,
        };
        if let Some((effect, message)) = pattern {
            self.push(
                "constraint-changed",
                at,
                effect,
                message,
                Some(o.site("pattern")),
                Some(n.site("pattern")),
            );
        }
    }

    fn compare_compositions(&mut self, o: &Node, n: &Node, at: &str, depth: usize) {
        // oneOf <-> anyOf on both sides.
        let (ok, nk) = (
            ["oneOf", "anyOf"].into_iter().find(|k| o.get(k).is_some()),
            ["oneOf", "anyOf"].into_iter().find(|k| n.get(k).is_some()),
        );
        if let (Some(a), Some(b)) = (ok, nk) {
            if a != b {
                // anyOf accepts whatever oneOf accepts (and values matching several alternatives).
                let effect = if b == "anyOf" {
                    Effect::Widen
                } else {
                    Effect::Narrow
                };
                self.push(
                    "composition-changed",
                    at,
                    effect,
                    format!("`{a}` became `{b}`"),
                    Some(o.site(a)),
                    Some(n.site(b)),
                );
            }
            self.compare_alternatives(o, a, n, b, at, depth, false);
        }
        if o.get("allOf").is_some() || n.get("allOf").is_some() {
            self.compare_alternatives(o, "allOf", n, "allOf", at, depth, true);
        }
        match (o.get("not"), n.get("not")) {
            (a, b) if a == b => {}
            (_, b) => self.push(
                "not-changed",
                at,
                Effect::Incompatible,
                if b.is_some() {
                    "`not` changed".to_owned()
                } else {
                    "`not` removed".to_owned()
                },
                Some(o.site("not")),
                Some(n.site("not")),
            ),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn compare_alternatives(
        &mut self,
        o: &Node,
        okw: &str,
        n: &Node,
        nkw: &str,
        at: &str,
        depth: usize,
        all: bool,
    ) {
        let empty = Vec::new();
        let a = o.get(okw).and_then(Value::as_array).unwrap_or(&empty);
        let b = n.get(nkw).and_then(Value::as_array).unwrap_or(&empty);
        let (pairs, gone, fresh) = match_alternatives(a, b);
        let at_alt = |kw: &str, i: usize| field(at, &format!("{kw}[{i}]"));
        for (i, j) in pairs {
            let op = pointer::push(&o.site(okw), &i.to_string());
            let np = pointer::push(&n.site(nkw), &j.to_string());
            self.compare_depth(&a[i], &op, &b[j], &np, &at_alt(nkw, j), depth + 1);
        }
        for i in gone {
            self.push(
                "alternative-removed",
                &at_alt(okw, i),
                if all { Effect::Widen } else { Effect::Narrow },
                if all {
                    format!("`allOf` member {} removed", describe(&a[i]))
                } else {
                    format!("`{okw}` alternative {} removed", describe(&a[i]))
                },
                Some(pointer::push(&o.site(okw), &i.to_string())),
                Some(n.site(nkw)),
            );
        }
        for j in fresh {
            self.push(
                "alternative-added",
                &at_alt(nkw, j),
                if all { Effect::Narrow } else { Effect::Widen },
                if all {
                    format!("`allOf` member {} added", describe(&b[j]))
                } else {
                    format!("`{nkw}` alternative {} added", describe(&b[j]))
                },
                Some(o.site(okw)),
                Some(pointer::push(&n.site(nkw), &j.to_string())),
            );
        }
    }

    /// Keywords that adjust a schema rather than define it: nullability, default, deprecation,
    /// read/write-only.
    fn compare_adjustments(&mut self, o: &Node, n: &Node, at: &str) {
        let (a, b) = (o.flag("nullable"), n.flag("nullable"));
        if a != b {
            let (effect, message) = if b {
                (Effect::Widen, "became nullable (null is now accepted)")
            } else {
                (Effect::Narrow, "no longer nullable (null is rejected)")
            };
            self.push(
                "nullable-changed",
                at,
                effect,
                message.to_owned(),
                Some(o.site("nullable")),
                Some(n.site("nullable")),
            );
        }
        if o.get("default") != n.get("default") {
            let show = |v: Option<&Value>| v.map_or("none".to_owned(), short);
            self.push(
                "default-changed",
                at,
                Effect::DefaultChange,
                format!(
                    "default changed from {} to {}",
                    show(o.get("default")),
                    show(n.get("default"))
                ),
                Some(o.site("default")),
                Some(n.site("default")),
            );
        }
        for kw in ["readOnly", "writeOnly", "deprecated"] {
            let (a, b) = (o.flag(kw), n.flag(kw));
            if a != b {
                self.push(
                    "annotation-changed",
                    at,
                    Effect::Neutral,
                    format!("`{kw}` changed from {a} to {b}"),
                    Some(o.site(kw)),
                    Some(n.site(kw)),
                );
            }
        }
    }

    fn compare_other(&mut self, o: &Node, n: &Node, at: &str) {
        let keys: BTreeSet<&String> = o.value.keys().chain(n.value.keys()).collect();
        for kw in keys {
            if HANDLED.contains(&kw.as_str()) && kw != "discriminator" || is_annotation(kw) {
                continue;
            }
            if o.get(kw) != n.get(kw) {
                self.push(
                    "keyword-changed",
                    at,
                    Effect::Incompatible,
                    format!("`{kw}` changed"),
                    Some(o.site(kw)),
                    Some(n.site(kw)),
                );
            }
        }
    }
}

/// A schema reduced to its wrapper keywords (for a place that refers to a component).
fn wrapper_only(v: &Value, ptr: &str) -> Node {
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

/// A test of whether two alternatives are the same one.
type Same = dyn Fn(&Value, &Value) -> bool;

/// Pairs up the alternatives of two `oneOf`/`anyOf`/`allOf` lists: identical ones, then the
/// same `$ref`, then the same `type` in order, then a lone leftover on each side. Returns the
/// pairs, the OLD indexes left over (removed) and the NEW ones (added).
fn match_alternatives(a: &[Value], b: &[Value]) -> (Vec<(usize, usize)>, Vec<usize>, Vec<usize>) {
    let mut pairs = Vec::new();
    let mut left: Vec<usize> = (0..a.len()).collect();
    let mut right: Vec<usize> = (0..b.len()).collect();
    let passes: [&Same; 3] = [
        &|x, y| x == y,
        &|x, y| effective_ref(x).is_some() && effective_ref(x) == effective_ref(y),
        &|x, y| {
            effective_ref(x).is_none()
                && effective_ref(y).is_none()
                && x.get("type").is_some()
                && x.get("type") == y.get("type")
        },
    ];
    for same in passes {
        let mut i = 0;
        while i < left.len() {
            if let Some(k) = right.iter().position(|&j| same(&a[left[i]], &b[j])) {
                pairs.push((left[i], right[k]));
                left.remove(i);
                right.remove(k);
            } else {
                i += 1;
            }
        }
    }
    if left.len() == 1 && right.len() == 1 {
        pairs.push((left[0], right[0]));
        left.clear();
        right.clear();
    }
    pairs.sort_unstable();
    (pairs, left, right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A spec made of `doc` (which holds the compared schema under `s`) and the required
    /// top-level keys.
    fn spec(mut doc: Value) -> Spec {
        let map = doc.as_object_mut().expect("an object");
        map.insert("openapi".to_owned(), json!("3.0.3"));
        map.insert("info".to_owned(), json!({"title": "t", "version": "1"}));
        map.insert("paths".to_owned(), json!({}));
        vsee_spec::load_str("test.yaml", &doc.to_string()).expect("the test spec loads")
    }

    fn diff(o: Value, n: Value) -> Vec<(String, &'static str, Effect)> {
        let (od, nd) = (spec(json!({ "s": o })), spec(json!({ "s": n })));
        let mut d = SchemaDiff::new(&od, &nd);
        d.compare(&od.document()["s"], "/s", &nd.document()["s"], "/s", "");
        d.out
            .into_iter()
            .map(|c| (c.at, c.kind, c.effect))
            .collect()
    }

    #[test]
    fn directions_of_basic_keywords() {
        assert_eq!(
            diff(json!({"type": "integer"}), json!({"type": "number"})),
            vec![(String::new(), "type-changed", Effect::Widen)]
        );
        assert_eq!(
            diff(json!({"type": "string"}), json!({"type": "integer"})),
            vec![(String::new(), "type-changed", Effect::Incompatible)]
        );
        assert_eq!(
            diff(
                json!({"type": "string", "maxLength": 5}),
                json!({"type": "string", "maxLength": 3})
            ),
            vec![(String::new(), "constraint-changed", Effect::Narrow)]
        );
        assert_eq!(
            diff(
                json!({"type": "string", "minLength": 5}),
                json!({"type": "string", "minLength": 3})
            ),
            vec![(String::new(), "constraint-changed", Effect::Widen)]
        );
        assert_eq!(
            diff(
                json!({"type": "integer", "format": "int32"}),
                json!({"type": "integer", "format": "int64"})
            ),
            vec![(String::new(), "format-changed", Effect::Widen)]
        );
        assert_eq!(
            diff(
                json!({"type": "number", "multipleOf": 2}),
                json!({"type": "number", "multipleOf": 4})
            ),
            vec![(String::new(), "constraint-changed", Effect::Narrow)]
        );
    }

    #[test]
    fn nested_properties_items_and_additional_properties() {
        let old = json!({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string", "enum": ["x"]}}}});
        let new = json!({"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string", "enum": ["x", "y"]}}}});
        assert_eq!(
            diff(old, new),
            vec![("a[]".to_owned(), "enum-values-added", Effect::Widen)]
        );
        let old = json!({"type": "object", "additionalProperties": {"type": "string"}});
        let new = json!({"type": "object", "additionalProperties": {"type": "integer"}});
        assert_eq!(
            diff(old, new),
            vec![("*".to_owned(), "type-changed", Effect::Incompatible)]
        );
        let old = json!({"type": "object", "additionalProperties": {}});
        let new = json!({"type": "object", "additionalProperties": false});
        assert_eq!(
            diff(old, new),
            vec![(
                String::new(),
                "additional-properties-changed",
                Effect::Narrow
            )]
        );
    }

    #[test]
    fn plain_schema_becoming_one_of_is_a_widening() {
        let old = json!({"type": "integer", "format": "int64"});
        let new = json!({"oneOf": [{"type": "integer", "format": "int64"}, {"type": "string"}]});
        assert_eq!(
            diff(old.clone(), new.clone()),
            vec![(String::new(), "alternatives-added", Effect::Widen)]
        );
        assert_eq!(
            diff(new, old),
            vec![(String::new(), "alternatives-removed", Effect::Narrow)]
        );
        let unrelated = json!({"oneOf": [{"type": "boolean"}, {"type": "string"}]});
        assert_eq!(
            diff(json!({"type": "integer"}), unrelated),
            vec![(String::new(), "type-changed", Effect::Incompatible)]
        );
    }

    #[test]
    fn alternatives_are_matched_not_compared_by_position() {
        let old = json!({"oneOf": [{"type": "integer"}, {"type": "string"}]});
        let new = json!({"oneOf": [{"type": "boolean"}, {"type": "integer"}, {"type": "string", "pattern": "^a"}]});
        let got = diff(old, new);
        assert!(
            got.contains(&("oneOf[0]".to_owned(), "alternative-added", Effect::Widen)),
            "{got:?}"
        );
        assert!(
            got.contains(&("oneOf[2]".to_owned(), "constraint-changed", Effect::Narrow)),
            "{got:?}"
        );
        assert_eq!(got.len(), 2, "{got:?}");
    }

    #[test]
    fn wrapper_nullable_around_the_same_reference() {
        let od = spec(
            json!({"s": {"$ref": "#/components/schemas/X"}, "components": {"schemas": {"X": {"type": "string"}}}}),
        );
        let nd = spec(
            json!({"s": {"allOf": [{"$ref": "#/components/schemas/X"}], "nullable": true}, "components": {"schemas": {"X": {"type": "string"}}}}),
        );
        let mut d = SchemaDiff::new(&od, &nd);
        d.compare(&od.document()["s"], "/s", &nd.document()["s"], "/s", "f");
        let got: Vec<_> = d
            .out
            .iter()
            .map(|c| (c.kind, c.effect, c.new_ptr.clone()))
            .collect();
        assert_eq!(
            got,
            vec![(
                "nullable-changed",
                Effect::Widen,
                Some("/s/nullable".to_owned())
            )]
        );
    }

    #[test]
    fn recursive_schemas_terminate() {
        // OLD's `A` and NEW's `A2` each refer to themselves: comparing them in place (the
        // references differ) must stop when it meets the pair again.
        let doc = |name: &str, t: &str| {
            let r = format!("#/components/schemas/{name}");
            spec(json!({"components": {"schemas": {
                name: {"type": "object", "properties": {"next": {"$ref": r}, "t": {"type": t}}}
            }}, "s": {"$ref": r}}))
        };
        let (od, nd) = (doc("A", "string"), doc("A2", "integer"));
        let mut d = SchemaDiff::new(&od, &nd);
        d.compare(&od.document()["s"], "/s", &nd.document()["s"], "/s", "");
        let got: Vec<_> = d.out.iter().map(|c| (c.at.as_str(), c.kind)).collect();
        assert_eq!(
            got,
            vec![
                ("", "schema-ref-changed"),
                ("next", "schema-ref-changed"),
                ("t", "type-changed")
            ]
        );
    }

    /// `depth` arrays nested in one another, the innermost holding strings of at most
    /// `max_length` characters.
    fn nested_arrays(depth: usize, max_length: u64) -> Value {
        let mut schema = json!({"type": "string", "maxLength": max_length});
        for _ in 0..depth {
            schema = json!({"type": "array", "items": schema});
        }
        schema
    }

    #[test]
    fn a_difference_too_deep_to_compare_is_reported_not_dropped() {
        // The difference sits below the depth the comparison descends to.
        let depth = MAX_DEPTH + 5;
        let got = diff(nested_arrays(depth, 5), nested_arrays(depth, 3));
        let at = "[]".repeat(MAX_DEPTH + 1);
        assert_eq!(
            got,
            vec![(at, "too-deep-to-compare", Effect::Uncompared)],
            "{got:?}"
        );
        // Identical deep schemas are not a change.
        assert_eq!(
            diff(nested_arrays(depth, 5), nested_arrays(depth, 5)),
            vec![]
        );
        // Just within the limit, the difference itself is found.
        let got = diff(nested_arrays(MAX_DEPTH, 5), nested_arrays(MAX_DEPTH, 3));
        assert_eq!(
            got,
            vec![("[]".repeat(MAX_DEPTH), "constraint-changed", Effect::Narrow)]
        );
    }

    #[test]
    fn changed_patterns_and_additional_property_schemas() {
        let pattern = |p: Option<&str>| match p {
            Some(p) => json!({"type": "string", "pattern": p}),
            None => json!({"type": "string"}),
        };
        let effects = |o, n| -> Vec<Effect> { diff(o, n).into_iter().map(|c| c.2).collect() };
        assert_eq!(
            effects(pattern(None), pattern(Some("^a"))),
            [Effect::Narrow]
        );
        assert_eq!(effects(pattern(Some("^a")), pattern(None)), [Effect::Widen]);
        assert_eq!(
            effects(pattern(Some("^a")), pattern(Some("^b"))),
            [Effect::Incompatible]
        );
        assert_eq!(effects(pattern(Some("^a")), pattern(Some("^a"))), []);
        // Two additionalProperties schemas are compared in place and cite their keyword.
        let od = spec(json!({"s": {"type": "object", "additionalProperties": {"type": "string"}}}));
        let nd =
            spec(json!({"s": {"type": "object", "additionalProperties": {"type": "integer"}}}));
        let mut d = SchemaDiff::new(&od, &nd);
        d.compare(&od.document()["s"], "/s", &nd.document()["s"], "/s", "");
        let sites: Vec<_> = d
            .out
            .iter()
            .map(|c| (c.old_ptr.as_deref(), c.new_ptr.as_deref()))
            .collect();
        assert_eq!(
            sites,
            [(
                Some("/s/additionalProperties/type"),
                Some("/s/additionalProperties/type")
            )]
        );
    }
}
