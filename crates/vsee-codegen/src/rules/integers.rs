//! Rule `integers`: integers keep their JSON form and are read up to `u64` and as whole floats.

use serde_json::{Map, Value};

use super::copy::{Rule, SpecCopy};

pub const RULE: Rule = Rule {
    name: "integers",
    title: "Integers read whatever JSON Schema calls an integer",
    explanation: "typify maps `type: integer, format: int64` to `i64`, which rejects `30.0`, \
        `3e1` and integers beyond `i64`, all integers to every JSON Schema validator (formats \
        are annotations), so the client would lose a response the spec accepts. Every \
        `type: integer` schema (except a parameter's, which is only sent) without an `enum` or its own `x-rust-type` gets `x-rust-type: \
        vsee_client::Integer` in the copy (a `serde_json::Number` inside, as rule `numbers` \
        uses for numbers): it reads any of them and writes back what it read (`.as_i64()`, \
        `.as_u64()` read it; setters take Rust integers).",
    apply,
};

/// The `x-rust-type` this rule adds.
pub fn integer_type() -> Value {
    serde_json::json!({"crate": "vsee-client", "version": "*", "path": "vsee_client::Integer"})
}

fn apply(copy: &mut SpecCopy) {
    let mut changed = Vec::new();
    copy.each_schema_mut(&mut |pointer, schema| {
        // Parameters are only sent, never read: they keep typify's checked types.
        if !pointer.contains("/parameters/") && lenient_integer(schema) {
            changed.push(pointer.to_owned());
        }
    });
    for pointer in changed {
        copy.change(
            pointer,
            "integer decoded as vsee_client::Integer (reads `30.0`, `3e1`, u64)".to_owned(),
        );
    }
}

fn lenient_integer(schema: &mut Map<String, Value>) -> bool {
    let is_integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    if !is_integer || schema.contains_key("x-rust-type") || schema.contains_key("enum") {
        return false;
    }
    schema.insert("x-rust-type".to_owned(), integer_type());
    true
}

#[cfg(test)]
mod tests {
    use super::super::{doc_with, prepare};
    use super::*;
    use serde_json::json;

    #[test]
    fn integers_become_serde_json_number_unless_enumerated_or_typed() {
        let doc = doc_with(json!({
            "type": "object", "additionalProperties": {},
            "properties": {
                "a": {"type": "integer", "format": "int64"},
                "b": {"type": "integer", "enum": [2]},
                "c": {"type": "string"}
            }
        }));
        let prepared = prepare(&doc).unwrap();
        let props = &prepared.document["components"]["schemas"]["T"]["properties"];
        assert_eq!(props["a"]["x-rust-type"], integer_type());
        assert!(props["b"].get("x-rust-type").is_none());
        assert!(props["c"].get("x-rust-type").is_none());
        assert_eq!(prepared.changes.len(), 1);
    }
}
