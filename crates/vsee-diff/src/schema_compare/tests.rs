//! Unit tests of the schema comparison.

use serde_json::Value;
use vsee_spec::Spec;

use super::compare::{SchemaDiff, MAX_DEPTH};
use crate::effect::Effect;
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
    let nd = spec(json!({"s": {"type": "object", "additionalProperties": {"type": "integer"}}}));
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
