//! Rule `nullable`: the properties that accept null are marked for the tri-state rewrite.
//!
//! Self-contained: what "accepts null" means ([`accepts_null`]), the marker, and the marking.
//! The rewrite that reads the markers is `tri-state` (`rewrite.rs`, `keep_present_null_and_empty`).

use serde_json::{Map, Value};

use super::copy::{Rule, SpecCopy};
use crate::walk::{each_schema_mut, escape, unescape};

pub const RULE: Rule = Rule {
    name: "nullable",
    title: "Nullable properties are marked",
    explanation: "Only a property that accepts `null` can be present as `null` in a valid \
        payload: one with `nullable: true` (beside a `type`, or, not strict OAS 3.0.3, on an \
        `allOf`/`oneOf`/`anyOf` wrapper around a `$ref`), one that is \
        `anyOf: [{$ref: ..}, {enum: [null]}]` (the strict spelling of a nullable reference; \
        progenitor reads the untyped `{enum: [null]}` as the null type and typify the `anyOf` \
        as `Option<T>`), and one whose schema has no type at all (`{}`: typify's \
        `serde_json::Value`). Its field gets a third state for a present `null` \
        (`Option<Option<T>>`, rewrite `tri-state`), but typify gives nullable and \
        non-nullable optional properties the same `Option<T>`. So the copy appends a marker \
        `[[xtask-nullable:N]]` to each such property's `description`, which typify copies into \
        exactly that field's doc comment; the rewrite finds the field by it and removes it \
        again. Generation fails if a marker is left in the output or a marked property has no \
        field. A bare `$ref` to a nullable component cannot carry a description (OpenAPI 3.0 \
        ignores a `$ref`'s siblings): that is an error asking for \
        `anyOf: [{$ref: ..}, {enum: [null]}]`.",
    apply,
};

/// Start of every marker; the whole marker is `[[xtask-nullable:N]]`.
pub const MARKER_PREFIX: &str = "[[xtask-nullable:";

/// The marker appended to the description of the `n`-th marked property.
pub fn marker(n: usize) -> String {
    format!("{MARKER_PREFIX}{n}]]")
}

/// Whether a (non-`$ref`) schema accepts `null`: the one definition, in vsee-spec's schema view.
pub use vsee_spec::schema_view::accepts_null;

/// Names of the component schemas that accept `null` (a bare `$ref` to one cannot be marked).
fn null_accepting_components(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, schema)| {
            schema
                .as_object()
                .is_some_and(|s| !s.contains_key("$ref") && accepts_null(s))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

fn apply(copy: &mut SpecCopy) {
    let null_components = null_accepting_components(&copy.document);
    let (mut nullable, mut errors) = (Vec::new(), Vec::new());
    each_schema_mut(&mut copy.document, &mut |schema, pointer| {
        mark_properties(
            schema,
            pointer,
            &null_components,
            &mut nullable,
            &mut errors,
        );
    });
    for pointer in &nullable {
        copy.change(
            pointer.clone(),
            "accepts null: marked, so its optional field keeps a present null".to_owned(),
        );
    }
    copy.nullable = nullable;
    for (pointer, message) in errors {
        copy.error(pointer, message);
    }
}

fn mark_properties(
    schema: &mut Map<String, Value>,
    pointer: &str,
    null_components: &[String],
    nullable: &mut Vec<String>,
    errors: &mut Vec<(String, String)>,
) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        let Some(property) = property.as_object_mut() else {
            continue;
        };
        let property_pointer = format!("{pointer}/properties/{}", escape(name));
        if let Some(reference) = property.get("$ref").and_then(Value::as_str) {
            let target = reference
                .strip_prefix("#/components/schemas/")
                .map(unescape);
            if target.is_some_and(|t| null_components.contains(&t)) {
                errors.push((
                    property_pointer,
                    format!(
                        "property `{name}` refers to {reference}, which accepts null, but a \
                         bare $ref cannot carry the description the generator marks nullable \
                         fields with; write it as `anyOf: [{{$ref: '{reference}'}}, {{enum: \
                         [null]}}]`"
                    ),
                ));
            }
            continue;
        }
        if !accepts_null(property) {
            continue;
        }
        let marker = marker(nullable.len());
        let description = match property.get("description").and_then(Value::as_str) {
            Some(text) if !text.trim().is_empty() => format!("{}\n\n{marker}", text.trim_end()),
            _ => marker,
        };
        property.insert("description".to_owned(), Value::String(description));
        nullable.push(property_pointer);
    }
}

#[cfg(test)]
mod tests {
    use super::super::prepare;
    use super::*;
    use serde_json::json;

    #[test]
    fn properties_that_accept_null_are_marked_in_their_description() {
        let doc = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
            "Any": {"description": "anything"},
            "T": {
                "type": "object", "additionalProperties": {},
                "properties": {
                    "plain": {"type": "string"},
                    "nullable": {"type": "string", "nullable": true, "description": "A name. "},
                    "wrapped": {"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true},
                    "untyped": {},
                    "strict": {"anyOf": [{"$ref": "#/components/schemas/T"}, {"enum": [null]}]},
                    "either": {"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "string"}]},
                    "typed_enum": {"type": "string", "enum": ["a", null]},
                    "not_nullable": {"type": "integer", "nullable": false},
                    "reference": {"$ref": "#/components/schemas/T"},
                    "_id": {"nullable": true},
                    "id": {"type": "string"}
                }
            }
        }}});
        let prepared = prepare(&doc).unwrap();
        let props = &prepared.document["components"]["schemas"]["T"]["properties"];
        assert_eq!(
            prepared.nullable,
            [
                "/components/schemas/T/properties/nullable",
                "/components/schemas/T/properties/wrapped",
                "/components/schemas/T/properties/untyped",
                "/components/schemas/T/properties/strict",
            ]
        );
        assert_eq!(
            props["nullable"]["description"],
            "A name.\n\n[[xtask-nullable:0]]"
        );
        assert_eq!(props["wrapped"]["description"], marker(1));
        assert_eq!(props["untyped"]["description"], marker(2));
        assert_eq!(props["strict"]["description"], marker(3));
        // A `type` without `nullable: true` rejects null (OAS 3.0.3), whatever the enum lists.
        for unmarked in [
            "plain",
            "not_nullable",
            "reference",
            "id",
            "either",
            "typed_enum",
        ] {
            assert!(props[unmarked].get("description").is_none(), "{unmarked}");
        }
        // The loser of a collision (rule 2) is gone, not marked.
        assert!(props.get("_id").is_none());
        // The input is untouched.
        assert!(
            doc["components"]["schemas"]["T"]["properties"]["nullable"]["description"]
                .as_str()
                .is_some_and(|d| !d.contains(MARKER_PREFIX))
        );
    }

    #[test]
    fn a_bare_ref_to_a_nullable_component_is_an_error() {
        let doc = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
            "Maybe": {"type": "string", "nullable": true},
            "T": {"type": "object", "properties": {"m": {"$ref": "#/components/schemas/Maybe"}}}
        }}});
        let errors = prepare(&doc).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer, "/components/schemas/T/properties/m");
        assert!(
            errors[0]
                .message
                .contains("anyOf: [{$ref: '#/components/schemas/Maybe'}, {enum: [null]}]"),
            "{}",
            errors[0].message
        );
    }
}
