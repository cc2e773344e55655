//! Null as one more value: the strict OAS 3.0.3 spelling of a nullable schema,
//! `anyOf: [S, {enum: [null]}]`, read as the schema `S` with `nullable: true`.
//!
//! OpenAPI 3.0.3 gives `nullable` effect only beside a `type`, so a nullable reference is
//! written as a composition with a branch that accepts only `null`. As a set of values that is
//! `S` plus `null`, exactly what the classic spellings (`nullable: true` beside `type`, or an
//! `allOf: [{$ref}]` wrapper with `nullable: true`) say. Comparing it as a composition would
//! report alternatives removed and added (breaking) for a change that only adds `null`, or
//! changes nothing at all; so it is rewritten to the classic form first, and the comparison of
//! keywords says what happened to `null`.

use serde_json::{Map, Value};
use vsee_spec::schema_view::{is_annotation, is_wrapper_keyword};
use vsee_spec::{pointer, Spec};

/// A nullable composition rewritten as its non-null branch with `nullable: true`.
pub(super) struct Unwrapped {
    /// The classic form: `{allOf: [S], nullable: true, ..}` when `S` is a reference, else
    /// `S`'s own keywords with `nullable: true` (and the wrapper's adjustments).
    pub(super) value: Value,
    /// Where `value` is compared: the composition itself for a reference, else the branch.
    pub(super) ptr: String,
    /// Where the null branch is: cited for a change of `nullable`.
    pub(super) null_branch: String,
    /// The pointer a change of `nullable` would otherwise cite (which the document lacks).
    pub(super) nullable_site: String,
}

/// `v` at `ptr` in `spec` rewritten as [`Unwrapped`], when it is an `anyOf` (or a `oneOf` whose
/// other branch rejects `null`) of exactly two branches, one of which accepts only `null`, and
/// carries nothing else but wrapper keywords (annotations, `default`, ...).
pub(super) fn unwrap_null(spec: &Spec, v: &Value, ptr: &str) -> Option<Unwrapped> {
    let map = v.as_object()?;
    let (kw, branches) = ["anyOf", "oneOf"]
        .into_iter()
        .find_map(|k| Some((k, map.get(k)?.as_array()?)))?;
    if branches.len() != 2
        || !map
            .keys()
            .all(|k| k.as_str() == kw || is_wrapper_keyword(k))
    {
        return None;
    }
    let null_at = branches.iter().position(only_null)?;
    let kept_at = 1 - null_at;
    let kept = &branches[kept_at];
    if only_null(kept) || kept.as_object().is_none() {
        return None;
    }
    // A `oneOf` rejects a value both branches accept: `null` is added only when S rejects it.
    if kw == "oneOf" && spec.schema_view().accepts_null(kept) {
        return None;
    }
    let site = pointer::push(ptr, kw);
    let kept_ptr = pointer::push(&site, &kept_at.to_string());
    let mut out = Map::new();
    let at = if kept.get("$ref").is_some() {
        out.insert("allOf".to_owned(), Value::Array(vec![kept.clone()]));
        ptr.to_owned()
    } else {
        out.extend(kept.as_object().into_iter().flatten().map(clone_entry));
        kept_ptr
    };
    out.extend(
        map.iter()
            .filter(|(k, _)| k.as_str() != kw && k.as_str() != "nullable")
            .map(clone_entry),
    );
    out.insert("nullable".to_owned(), Value::Bool(true));
    Some(Unwrapped {
        value: Value::Object(out),
        nullable_site: pointer::push(&at, "nullable"),
        ptr: at,
        null_branch: pointer::push(&site, &null_at.to_string()),
    })
}

fn clone_entry((k, v): (&String, &Value)) -> (String, Value) {
    (k.clone(), v.clone())
}

/// A branch that accepts `null` and nothing else: an `enum` of only `null` (beside, at most, a
/// `type` with `nullable: true` and annotations).
fn only_null(branch: &Value) -> bool {
    let Some(map) = branch.as_object() else {
        return false;
    };
    let only_nulls = map
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| !values.is_empty() && values.iter().all(Value::is_null));
    only_nulls
        && map
            .keys()
            .all(|k| matches!(k.as_str(), "enum" | "type" | "nullable") || is_annotation(k))
}

/// Whether a schema says anything about the type of a value. One that does not (`{}`, or only
/// annotations and `nullable`) accepts every value, `null` included: OpenAPI 3.0.3 gives
/// `nullable` effect only beside a `type`, and the JSON Schema conversion drops it there, so
/// adding or removing it changes nothing.
pub(super) fn constrains_type(map: &Map<String, Value>) -> bool {
    const TYPED_BY: [&str; 7] = ["type", "$ref", "allOf", "oneOf", "anyOf", "enum", "not"];
    TYPED_BY.iter().any(|k| map.contains_key(*k))
}
