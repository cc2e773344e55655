//! Rule `collisions`: no two properties of one object on one Rust field.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::copy::{Rule, SpecCopy};
use crate::walk::{each_schema_mut, escape};

pub const RULE: Rule = Rule {
    name: "collisions",
    title: "No two properties on one Rust field",
    explanation: "typify names a field by snake-casing the property name (`_id` -> `id`, \
        `intakeId` -> `intake_id`) and has no collision handling, so `{id, _id}` would give a \
        struct that does not compile (`id`/`_id` in `Visit`, `intake_id`/`intakeId` in \
        `AppointmentCreate`, `modified_by`/`modifiedBy` in `MedicalProfileSection`). The \
        spelling that already is the Rust name wins (else the first in document order); the \
        others are removed from the copy's `properties` and `required`, and so are kept, as \
        sent, in the struct's `extra` map (`visit.extra[\"_id\"]`; send `intakeId` with \
        `.extra(..)`). A collision on an object without `additionalProperties: {}` is an \
        error, since the loser would be lost.",
    apply,
};

/// typify's field name for a property: `typify_impl::util::sanitize(name, Case::Snake)`,
/// reimplemented here because typify exports only its keyword check ([`typify::accept_as_ident`]).
/// Kept in step by the tests below, which mirror typify's own examples.
pub fn rust_field_name(property: &str) -> String {
    use heck::ToSnakeCase;
    let out = match property {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => property
            .replace('\'', "")
            .replace(|c: char| !unicode_ident::is_xid_continue(c), "-")
            .to_snake_case(),
    };
    let out = match out.chars().next() {
        None => "x".to_owned(),
        Some(c) if unicode_ident::is_xid_start(c) => out,
        Some(_) => format!("x{out}"),
    };
    // typify's own keyword check (`gen` included), so a new keyword cannot drift apart.
    if typify::accept_as_ident(&out) {
        out
    } else {
        format!("{out}_")
    }
}

fn apply(copy: &mut SpecCopy) {
    let (mut changes, mut errors) = (Vec::new(), Vec::new());
    each_schema_mut(&mut copy.document, &mut |schema, pointer| {
        resolve(schema, pointer, &mut changes, &mut errors);
    });
    for (pointer, message) in changes {
        copy.change(pointer, message);
    }
    for (pointer, message) in errors {
        copy.error(pointer, message);
    }
}

type Notes = Vec<(String, String)>;

fn resolve(
    schema: &mut Map<String, Value>,
    pointer: &str,
    changes: &mut Notes,
    errors: &mut Notes,
) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for name in properties.keys() {
        groups
            .entry(rust_field_name(name))
            .or_default()
            .push(name.clone());
    }
    let mut removed = Vec::new();
    for (field, names) in groups.into_iter().filter(|(_, names)| names.len() > 1) {
        let winner = names
            .iter()
            .find(|n| **n == field)
            .unwrap_or(&names[0])
            .clone();
        for loser in names.into_iter().filter(|n| *n != winner) {
            removed.push((loser, winner.clone(), field.clone()));
        }
    }
    if removed.is_empty() {
        return;
    }
    let keeps_unknown = match schema.get("additionalProperties") {
        Some(Value::Object(_)) => true,
        Some(_) | None => false,
    };
    if !keeps_unknown {
        for (loser, winner, field) in &removed {
            errors.push((
                format!("{pointer}/properties/{}", escape(loser)),
                format!(
                    "properties `{loser}` and `{winner}` both become the Rust field `{field}`; \
                     the generator keeps `{winner}` and can only keep `{loser}` losslessly in \
                     the struct's `extra` map, which needs `additionalProperties: {{}}` on this \
                     object"
                ),
            ));
        }
        return;
    }
    for (loser, winner, field) in removed {
        if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            props.shift_remove(&loser);
        }
        if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
            required.retain(|r| r.as_str() != Some(loser.as_str()));
        }
        changes.push((
            format!("{pointer}/properties/{}", escape(&loser)),
            format!("`{loser}` collides with `{winner}` (Rust field `{field}`): kept in `extra`"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::{doc_with, prepare};
    use super::*;
    use serde_json::json;

    #[test]
    fn field_names_follow_typify() {
        // typify's own examples (typify-impl util.rs tests) plus this API's collisions.
        assert_eq!(rust_field_name("type"), "type_");
        assert_eq!(rust_field_name("ref"), "ref_");
        assert_eq!(rust_field_name("gen"), "gen_");
        assert_eq!(rust_field_name("+1"), "plus1");
        assert_eq!(rust_field_name("-1"), "minus1");
        assert_eq!(rust_field_name("Ipv6Net"), "ipv6_net");
        assert_eq!(rust_field_name("_id"), "id");
        assert_eq!(rust_field_name("intakeId"), "intake_id");
        assert_eq!(rust_field_name("modifiedBy"), "modified_by");
        assert_eq!(rust_field_name("subType"), "sub_type");
        assert_eq!(rust_field_name("subtype"), "subtype");
        assert_eq!(rust_field_name("9lives"), "x9lives");
        assert_eq!(rust_field_name(""), "x");
    }

    #[test]
    fn rust_spelling_wins_and_loser_leaves_required() {
        let doc = doc_with(json!({
            "type": "object", "additionalProperties": {},
            "required": ["intakeId", "x"],
            "properties": {"intakeId": {"type": "string"}, "intake_id": {"type": "string"}, "x": {}}
        }));
        let prepared = prepare(&doc).unwrap();
        let t = &prepared.document["components"]["schemas"]["T"];
        assert_eq!(t["properties"].as_object().unwrap().len(), 2);
        assert!(t["properties"].get("intake_id").is_some());
        assert_eq!(t["required"], json!(["x"]));
        let changes: Vec<_> = prepared
            .changes
            .iter()
            .filter(|c| c.rule == RULE.name)
            .collect();
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].pointer,
            "/components/schemas/T/properties/intakeId"
        );
        // The input is untouched.
        assert!(doc["components"]["schemas"]["T"]["properties"]
            .get("intakeId")
            .is_some());
    }

    #[test]
    fn collisions_are_found_in_nested_inline_schemas() {
        let doc = doc_with(json!({
            "type": "object", "additionalProperties": {},
            "properties": {"inner": {"type": "array", "items": {
                "type": "object", "additionalProperties": {},
                "properties": {"_id": {}, "id": {}}
            }}}
        }));
        let prepared = prepare(&doc).unwrap();
        assert_eq!(
            prepared.changes[0].pointer,
            "/components/schemas/T/properties/inner/items/properties/_id"
        );
    }

    #[test]
    fn collision_without_extra_map_is_an_error() {
        for additional in [None, Some(json!(true)), Some(json!(false))] {
            let mut schema = json!({"type": "object", "properties": {"a_b": {}, "aB": {}}});
            if let Some(a) = additional {
                schema["additionalProperties"] = a;
            }
            let errors = prepare(&doc_with(schema)).unwrap_err();
            assert_eq!(errors.len(), 1);
            assert!(errors[0].message.contains("additionalProperties: {}"));
        }
    }
}
