//! Fields the spec does not document (keyword `undocumented-property`), an opt-in of the
//! checker ([`Checker::set_undocumented`](super::Checker::set_undocumented)).
//!
//! Every object schema of the spec says `additionalProperties: {}` (the client keeps unknown
//! fields), so JSON Schema accepts a field VSee added yesterday without a word. This walk finds
//! them: the body is walked beside the schema as written in the spec, read through
//! `vsee_spec`'s [`SchemaView`] (the one place that follows `$ref`, `allOf` and alternatives),
//! and every member of a record-like object (one that lists `properties` and types no extra key
//! of its own) that none of its properties names is reported. The rule of what counts as a
//! record is the one `vsee-learn` proposes properties for ([`documents_objects`]).
//!
//! Linear in the body (each value is visited once), at most [`MAX_DEPTH`] levels deep.

use std::fmt::Write as _;

use serde_json::{Map, Value};
use vsee_spec::{pointer, SchemaView};

use crate::privacy::shape;

/// Deepest body nesting walked (deeper values are not looked at).
pub(crate) const MAX_DEPTH: usize = 64;

/// Undocumented members reported per body; the walk stops there.
const MAX_REPORTED: usize = 50;

/// Pointers (into `value`) of every member the schema does not document. A member whose key is
/// not a field name is reported as `*` unless `show_values` (the key may be data).
pub(crate) fn undocumented(
    view: SchemaView<'_>,
    schema: &Value,
    value: &Value,
    show_values: bool,
) -> Vec<String> {
    let mut walk = Walk {
        view,
        show_values,
        found: Vec::new(),
    };
    walk.value(schema, value, &mut String::new(), 0);
    walk.found
}

struct Walk<'v> {
    view: SchemaView<'v>,
    show_values: bool,
    found: Vec<String>,
}

impl<'v> Walk<'v> {
    fn value(&mut self, schema: &'v Value, value: &Value, at: &mut String, depth: usize) {
        if depth > MAX_DEPTH || self.found.len() >= MAX_REPORTED {
            return;
        }
        match value {
            Value::Object(map) => self.object(schema, map, at, depth),
            Value::Array(items) => {
                let Some(item_schema) = self
                    .branch(schema, "array")
                    .and_then(|s| self.view.items(s))
                else {
                    return;
                };
                for (i, item) in items.iter().enumerate() {
                    let len = at.len();
                    let _ = write!(at, "/{i}");
                    self.value(item_schema, item, at, depth + 1);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        schema: &'v Value,
        map: &Map<String, Value>,
        at: &mut String,
        depth: usize,
    ) {
        let Some(schema) = self.branch(schema, "object") else {
            return;
        };
        let names = self.view.property_names(schema);
        let record = !names.is_empty()
            && self
                .view
                .resolve(schema)
                .as_object()
                .is_some_and(documents_objects);
        for (name, child) in map {
            let len = at.len();
            at.push('/');
            if names.contains(&name.as_str()) {
                at.push_str(&pointer::escape(name));
                if let Some(child_schema) = self.view.property(schema, name) {
                    self.value(child_schema, child, at, depth + 1);
                }
            } else if record {
                if self.show_values || shape::is_field_name(name) {
                    at.push_str(&pointer::escape(name));
                } else {
                    at.push('*');
                }
                if self.found.len() < MAX_REPORTED {
                    self.found.push(at.clone());
                }
            } else if let Some(child_schema) = self.view.property(schema, name) {
                // A map typed by `additionalProperties: <schema>`: its values are records.
                self.value(child_schema, child, at, depth + 1);
            }
            at.truncate(len);
        }
    }

    /// The schema that describes `value`: the schema itself, or for a `oneOf` / `anyOf`, the
    /// first alternative of the value's JSON type (an object or an array; only those hold
    /// members). `None` when no alternative is of that type.
    fn branch(&self, schema: &'v Value, wanted: &str) -> Option<&'v Value> {
        let resolved = self.view.resolve(schema);
        let own = resolved.get("properties").is_some() || resolved.get("items").is_some();
        let Some(alternatives) = self.view.alternatives(resolved).filter(|_| !own) else {
            return Some(schema);
        };
        alternatives.iter().find(|branch| {
            self.view.type_of(branch) == Some(wanted)
                || (wanted == "object" && !self.view.property_names(branch).is_empty())
        })
    }
}

/// Whether undocumented members of this object schema are worth reporting: it lists properties
/// (a record, not a free-form map), and its extra keys are not typed by a schema of their own
/// (`additionalProperties` absent, a boolean, or `{}`).
pub fn documents_objects(schema: &Map<String, Value>) -> bool {
    !schema.contains_key("x-patternProperties")
        && match schema.get("additionalProperties") {
            None | Some(Value::Bool(_)) => true,
            Some(Value::Object(extra)) => extra.is_empty(),
            Some(_) => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Visit": {"type": "object", "additionalProperties": {}, "properties": {
                "id": {"type": "string"},
                "member": {"$ref": "#/components/schemas/Member"},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}
            }},
            "Member": {"allOf": [{"type": "object", "additionalProperties": {},
                                  "properties": {"name": {"type": "string"}}}]},
            "Custom": {"type": "object", "additionalProperties": {"type": "string"}}
        }}})
    }

    #[test]
    fn finds_members_at_every_depth_and_hides_data_keys() {
        let doc = spec();
        let view = SchemaView::new(&doc);
        let schema = json!({"$ref": "#/components/schemas/Visit"});
        let body = json!({"id": "1", "new": 1, "member": {"name": "x", "nick": "y"},
                          "tags": [{"name": "a"}, {"name": "b", "Jane Doe": 1}]});
        let found = undocumented(view, &schema, &body, false);
        assert_eq!(found, ["/new", "/member/nick", "/tags/1/*"]);
        let shown = undocumented(view, &schema, &body, true);
        assert_eq!(shown[2], "/tags/1/Jane Doe");
    }

    #[test]
    fn typed_maps_are_not_records() {
        let doc = spec();
        let view = SchemaView::new(&doc);
        let schema = json!({"$ref": "#/components/schemas/Custom"});
        assert!(undocumented(view, &schema, &json!({"anything": "x"}), false).is_empty());
    }
}
