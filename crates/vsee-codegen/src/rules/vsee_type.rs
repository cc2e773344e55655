//! Rule `vsee-types`: the spec's `x-vsee-type` markers (ids, unix times) choose the client's
//! hand-written types.

use serde_json::{json, Map, Value};

use super::copy::{Rule, SpecCopy};

pub const RULE: Rule = Rule {
    name: "vsee-types",
    title: "Ids and unix times are `Id` and `UnixTime` wherever the spec marks them",
    explanation: "The spec marks every id with `x-vsee-type: id` and every unix time with \
        `x-vsee-type: unix-time` (the `UnixTime` component too, so each `$ref` to it counts), \
        whatever its JSON type (`type: string`, `type: integer`, a `StringOrInt` wrapper), so \
        that ids and times are one Rust type each in requests and responses alike: the copy \
        gives such a schema `x-rust-type: vsee_client::Id` or `vsee_client::UnixTime`, which \
        read a number or a string and write back what they read (`visit.id` and \
        `close_visit`'s `data.id` are both `Id`; `visit.created` and `visit.start` both \
        `UnixTime`). The marker is an annotation: the published schemas and the validator \
        still judge the JSON type the spec gives. An id parameter with a `pattern` keeps \
        the checked type typify makes (the pattern is checked before sending) and takes \
        every id form (rewrite `parameter-setters`). A marker on a schema that is not a \
        string, an integer or a composition, an unknown value, or a marker beside another \
        `x-rust-type` is an error.",
    apply,
};

/// The extension that marks ids and unix times in the spec (also read by the recording policy
/// of vsee-contract, which shifts the unix times).
pub const MARKER: &str = "x-vsee-type";

/// The marker's values and the Rust type each becomes.
pub const TYPES: [(&str, &str); 2] = [
    ("id", "vsee_client::Id"),
    ("unix-time", "vsee_client::UnixTime"),
];

fn rust_type(path: &str) -> Value {
    json!({"crate": "vsee-client", "version": "*", "path": path})
}

fn apply(copy: &mut SpecCopy) {
    let (mut changes, mut errors) = (Vec::new(), Vec::new());
    copy.each_schema_mut(&mut |pointer, schema| match mark(pointer, schema) {
        Ok(Some(message)) => changes.push((pointer.to_owned(), message)),
        Ok(None) => {}
        Err(message) => errors.push((pointer.to_owned(), message)),
    });
    for (pointer, message) in changes {
        copy.change(pointer, message);
    }
    for (pointer, message) in errors {
        copy.error(pointer, message);
    }
}

/// Gives a marked schema its Rust type; the change made, or what is wrong with the marker.
fn mark(pointer: &str, schema: &mut Map<String, Value>) -> Result<Option<String>, String> {
    let Some(marker) = schema.get(MARKER) else {
        return Ok(None);
    };
    let known = TYPES
        .iter()
        .map(|(v, _)| format!("`{v}`"))
        .collect::<Vec<_>>();
    let Some((value, path)) = TYPES
        .iter()
        .find(|(value, _)| marker.as_str() == Some(value))
    else {
        return Err(format!(
            "`{MARKER}` must be one of {}, not {marker}",
            known.join(", ")
        ));
    };
    if schema.contains_key("x-rust-type") {
        return Err(format!(
            "`{MARKER}: {value}` beside an `x-rust-type`: keep one of them"
        ));
    }
    let scalar = matches!(
        schema.get("type").and_then(Value::as_str),
        Some("string" | "integer")
    );
    let composed = ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|k| schema.contains_key(*k));
    if schema.contains_key("type") && !scalar || !schema.contains_key("type") && !composed {
        return Err(format!(
            "`{MARKER}: {value}` marks a string, an integer or a composition of them (such as \
             `allOf: [{{$ref: StringOrInt}}]`); this schema is neither, and `{path}` could not \
             read every value it accepts"
        ));
    }
    // A parameter is only sent: a pattern there is checked before sending, by the type typify
    // makes for it (which rewrite `parameter-setters` lets take every id form).
    if *value == "id" && pointer.contains("/parameters/") && schema.contains_key("pattern") {
        return Ok(Some(
            "id parameter with a pattern: keeps its checked type (takes every id form)".to_owned(),
        ));
    }
    schema.insert("x-rust-type".to_owned(), rust_type(path));
    Ok(Some(format!("{value}: {path}")))
}

#[cfg(test)]
mod tests {
    use super::super::{doc_with, prepare};
    use super::*;

    #[test]
    fn marked_ids_and_times_get_their_types_whatever_their_json_type() {
        let mut doc = doc_with(json!({
            "type": "object", "additionalProperties": {},
            "properties": {
                "id": {"type": "string", "x-vsee-type": "id"},
                "provider_id": {"type": "integer", "format": "int64", "x-vsee-type": "id"},
                "member_id": {"allOf": [{"$ref": "#/components/schemas/S"}], "x-vsee-type": "id"},
                "created": {"type": "integer", "x-vsee-type": "unix-time"},
                "room_code": {"type": "string"},
                "count": {"type": "integer"}
            }
        }));
        doc["components"]["schemas"]["S"] =
            json!({"oneOf": [{"type": "integer"}, {"type": "string"}]});
        let prepared = prepare(&doc).unwrap();
        let props = &prepared.document["components"]["schemas"]["T"]["properties"];
        for (name, path) in [
            ("id", "vsee_client::Id"),
            ("provider_id", "vsee_client::Id"),
            ("member_id", "vsee_client::Id"),
            ("created", "vsee_client::UnixTime"),
        ] {
            assert_eq!(props[name]["x-rust-type"]["path"], path, "{name}");
        }
        assert!(props["room_code"].get("x-rust-type").is_none());
        // Unmarked integers stay the rule `integers`' (which runs later).
        assert_eq!(
            props["count"]["x-rust-type"]["path"],
            "vsee_client::Integer"
        );
        // The marker stays: it is the spec's annotation, not the generator's.
        assert_eq!(props["created"][MARKER], "unix-time");
        let mine: Vec<_> = prepared
            .changes
            .iter()
            .filter(|c| c.rule == RULE.name)
            .collect();
        assert_eq!(mine.len(), 4);
        assert_eq!(mine[0].message, "id: vsee_client::Id");
    }

    #[test]
    fn a_parameter_id_with_a_pattern_keeps_its_checked_type() {
        let doc = json!({"openapi": "3.0.3", "paths": {"/v/{id}": {"get": {
            "operationId": "get_v", "responses": {},
            "parameters": [{"name": "id", "in": "path", "required": true,
                "schema": {"type": "string", "pattern": "^[0-9]+$", "x-vsee-type": "id"}}]
        }}}});
        let prepared = prepare(&doc).unwrap();
        let schema = &prepared.document["paths"]["/v/{id}"]["get"]["parameters"][0]["schema"];
        assert!(schema.get("x-rust-type").is_none(), "{schema}");
        assert!(prepared.changes[0]
            .message
            .contains("keeps its checked type"));
    }

    #[test]
    fn markers_the_types_cannot_honour_are_errors_with_the_place() {
        let doc = doc_with(json!({
            "type": "object", "additionalProperties": {},
            "properties": {
                "a": {"type": "string", "x-vsee-type": "uuid"},
                "b": {"description": "anything", "x-vsee-type": "id"},
                "c": {"type": "object", "x-vsee-type": "unix-time"},
                "d": {"type": "string", "x-vsee-type": "id",
                      "x-rust-type": {"crate": "x", "version": "1", "path": "x::Y"}}
            }
        }));
        let errors = prepare(&doc).unwrap_err();
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.pointer.as_str(), e.message.as_str()))
            .collect();
        let at = |p: &str| format!("/components/schemas/T/properties/{p}");
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].0, at("a"));
        assert!(found[0].1.contains("must be one of `id`, `unix-time`"));
        assert_eq!(found[1].0, at("b"));
        assert!(found[1].1.contains("neither"));
        assert_eq!(found[2].0, at("c"));
        assert_eq!(found[3].0, at("d"));
        assert!(found[3].1.contains("keep one of them"));
    }
}
