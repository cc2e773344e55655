//! Rule `numbers`: numbers keep their JSON form.

use serde_json::{Map, Value};

use super::copy::{Rule, SpecCopy};
use crate::walk::each_schema_mut;

pub const RULE: Rule = Rule {
    name: "numbers",
    title: "Numbers keep their JSON form",
    explanation: "typify maps `type: number` to `f64`, which writes the integer `0` back as \
        `0.0`, so a re-serialized payload would differ from what the API sent. Every \
        `type: number` schema without its own `x-rust-type` gets `x-rust-type: {crate: \
        serde_json, version: \"1\", path: serde_json::Number}` in the copy: \
        `serde_json::Number` keeps integers as integers (`.as_f64()` reads any of them).",
    apply,
};

/// The `x-rust-type` this rule adds.
pub fn number_type() -> Value {
    serde_json::json!({"crate": "serde_json", "version": "1", "path": "serde_json::Number"})
}

fn apply(copy: &mut SpecCopy) {
    let mut changed = Vec::new();
    each_schema_mut(&mut copy.document, &mut |schema, pointer| {
        if keep_number_form(schema) {
            changed.push(pointer.to_owned());
        }
    });
    for pointer in changed {
        copy.change(
            pointer,
            "number decoded as serde_json::Number (keeps `0` as `0`, not `0.0`)".to_owned(),
        );
    }
}

fn keep_number_form(schema: &mut Map<String, Value>) -> bool {
    let is_number = schema.get("type").and_then(Value::as_str) == Some("number");
    if !is_number || schema.contains_key("x-rust-type") {
        return false;
    }
    schema.insert("x-rust-type".to_owned(), number_type());
    true
}

#[cfg(test)]
mod tests {
    use super::super::{doc_with, prepare};
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_become_serde_json_number_unless_typed_already() {
        let doc = doc_with(json!({
            "type": "object", "additionalProperties": {},
            "properties": {
                "a": {"type": "number"},
                "b": {"type": "number", "x-rust-type": {"crate": "x", "version": "1", "path": "x::Y"}},
                "c": {"type": "integer"}
            }
        }));
        let prepared = prepare(&doc).unwrap();
        let props = &prepared.document["components"]["schemas"]["T"]["properties"];
        assert_eq!(props["a"]["x-rust-type"], number_type());
        assert_eq!(props["b"]["x-rust-type"]["path"], "x::Y");
        assert!(props["c"].get("x-rust-type").is_none());
        assert_eq!(prepared.changes.len(), 1);
    }
}
