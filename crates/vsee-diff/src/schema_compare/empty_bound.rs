//! A lower bound of 1 (`minItems`, `minLength`, `minProperties`) added to or removed from one
//! alternative of a `oneOf` / `anyOf`.
//!
//! Such a bound changes exactly one value of that alternative: the empty array, string or
//! object. What it does to the composition depends on the other alternatives: in a `oneOf`,
//! a value that two alternatives accept is rejected, so making one of them reject `[]` can
//! make the whole schema *accept* `[]` (the usual way to remove an overlap); in an `anyOf`,
//! another alternative may accept `[]` anyway. Because the one value is known, the whole
//! composition before and after is asked about it (through the published JSON Schema
//! conversion and a JSON Schema validator), and the effect reported is the truth for the set
//! of values, not the direction of the bound.

use serde_json::{Map, Value};

use super::compare::SchemaDiff;
use super::node::{describe, short, Node};
use crate::effect::Effect;

/// The bound keywords this applies to.
const BOUNDS: [&str; 3] = ["minItems", "minLength", "minProperties"];

/// The one value a bound of 1 of `kw` rejects.
fn empty_value(kw: &str) -> Value {
    match kw {
        "minItems" => Value::Array(Vec::new()),
        "minLength" => Value::String(String::new()),
        _ => Value::Object(Map::new()),
    }
}

/// The one bound in which two alternatives differ, going between none (or 0) and 1.
fn empty_bound(o: &Node, n: &Node) -> Option<(&'static str, Value)> {
    BOUNDS.into_iter().find_map(|kw| {
        let bound = |v: &Node| v.get(kw).map_or(Some(0.0), Value::as_f64);
        let (a, b) = (bound(o)?, bound(n)?);
        let rest = |v: &Node| {
            let mut m = v.value.clone();
            m.remove(kw);
            m
        };
        (a.min(b) == 0.0 && a.max(b) == 1.0 && rest(o) == rest(n)).then(|| (kw, empty_value(kw)))
    })
}

impl SchemaDiff<'_> {
    /// Reports the effect of an empty-value bound changed between alternatives `oa` (of the
    /// composition `o`, keyword `okw`) and `na` (of `n`); `false` when the alternatives differ
    /// otherwise, or the question cannot be asked, and they are to be compared as usual.
    pub(super) fn compare_empty_bound(
        &mut self,
        (o, okw, oa): (&Node, &str, &Node),
        (n, nkw, na): (&Node, &str, &Node),
        at: &str,
    ) -> bool {
        let Some((kw, empty)) = empty_bound(oa, na) else {
            return false;
        };
        let (Some(before), Some(after)) = (
            self.old_schemas.accepts(self.old, &o.value, &empty),
            self.new_schemas.accepts(self.new, &n.value, &empty),
        ) else {
            return false;
        };
        let shown = |v: &Node| v.get(kw).map_or("none".to_owned(), short);
        let whole = if okw == nkw {
            format!("the whole `{nkw}`")
        } else {
            format!("the whole `{okw}` / `{nkw}`")
        };
        let value = short(&empty);
        let (effect, outcome) = match (before, after) {
            (false, true) => (
                Effect::Widen,
                format!("{whole} rejected it before and accepts it now"),
            ),
            (true, false) => (
                Effect::Narrow,
                format!("{whole} accepted it before and rejects it now"),
            ),
            (true, true) => (Effect::Neutral, format!("{whole} accepts it, as before")),
            (false, false) => (Effect::Neutral, format!("{whole} rejects it, as before")),
        };
        self.push(
            "constraint-changed",
            at,
            effect,
            format!(
                "`{kw}` changed from {} to {} in this `{nkw}` alternative ({}); the one value \
                 this changes is {value}, and {outcome}",
                shown(oa),
                shown(na),
                describe(&Value::Object(na.value.clone())),
            ),
            Some(oa.site(kw)),
            Some(na.site(kw)),
        );
        true
    }
}
