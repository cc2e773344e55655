//! Keywords on one value: `type`, `format`, `enum`, bounds, adjustments (`nullable`,
//! `default`, ...) and any other keyword.

use std::collections::BTreeSet;

use serde_json::Value;
use vsee_spec::schema_view::is_annotation;

use super::compare::SchemaDiff;
use super::node::{list, short, Node, HANDLED};
use crate::effect::Effect;

impl SchemaDiff<'_> {
    pub(super) fn compare_type(&mut self, o: &Node, n: &Node, at: &str) {
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

    pub(super) fn compare_format(&mut self, o: &Node, n: &Node, at: &str) {
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

    pub(super) fn compare_enum(&mut self, o: &Node, n: &Node, at: &str) {
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

    pub(super) fn compare_bounds(&mut self, o: &Node, n: &Node, at: &str) {
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

    /// Keywords that adjust a schema rather than define it: nullability, default, deprecation,
    /// read/write-only.
    pub(super) fn compare_adjustments(&mut self, o: &Node, n: &Node, at: &str) {
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

    pub(super) fn compare_other(&mut self, o: &Node, n: &Node, at: &str) {
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
