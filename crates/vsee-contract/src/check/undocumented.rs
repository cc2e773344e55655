//! Fields the spec does not document (keyword `undocumented-property`), an opt-in of the
//! checker ([`Checker::set_undocumented`](super::Checker::set_undocumented)).
//!
//! Every object schema of the spec says `additionalProperties: {}` (the client keeps unknown
//! fields), so JSON Schema accepts a field VSee added yesterday without a word. This finds
//! them: the body is walked beside its schema, and every member of a record-like object (one
//! that lists `properties` and types no extra key of its own, [`documents_objects`], the rule
//! by which `vsee-learn` proposes properties) that none of its properties names is reported.
//!
//! The schemas are read once, when the checker is built, through `vsee_spec`'s
//! [`SchemaView`] (the one place that follows `$ref`, `allOf` and alternatives), into
//! [`Shapes`]: per schema, its documented members and item schema as node numbers. Walking a
//! body is then one hash lookup per member, linear in the body, at most [`MAX_DEPTH`] deep
//! (a drift watch runs it on every response).

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{Map, Value};
use vsee_spec::{pointer, SchemaView};

use crate::privacy::shape;

/// Deepest body nesting walked (deeper values are not looked at), and deepest schema nesting
/// read.
pub(crate) const MAX_DEPTH: usize = 64;

/// Undocumented members reported per body; the walk stops there.
const MAX_REPORTED: usize = 50;

/// What an object value is checked against.
struct ObjectShape {
    /// Whether members the schema does not name are reported.
    record: bool,
    /// Documented member -> its schema's node.
    members: HashMap<String, usize>,
    /// The node of `additionalProperties` when it is a schema of its own (a typed map).
    extra: Option<usize>,
}

#[derive(Default)]
struct Node {
    object: Option<ObjectShape>,
    items: Option<usize>,
}

/// The spec's schemas as the walk reads them (built by [`ShapeBuilder`]).
#[derive(Default)]
pub(crate) struct Shapes {
    nodes: Vec<Node>,
}

/// Reads schemas of one document into [`Shapes`]; a schema reached twice (by `$ref`) is read
/// once, so recursive schemas end.
pub(crate) struct ShapeBuilder<'a> {
    view: SchemaView<'a>,
    nodes: Vec<Node>,
    /// Address of a resolved schema in the document -> its node.
    seen: HashMap<*const Value, usize>,
}

impl<'a> ShapeBuilder<'a> {
    pub(crate) fn new(view: SchemaView<'a>) -> ShapeBuilder<'a> {
        ShapeBuilder {
            view,
            nodes: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// The node of `schema`, a schema of the builder's document.
    pub(crate) fn node(&mut self, schema: &'a Value) -> usize {
        self.build(schema, 0)
    }

    pub(crate) fn finish(self) -> Shapes {
        Shapes { nodes: self.nodes }
    }

    fn build(&mut self, schema: &'a Value, depth: usize) -> usize {
        let key: *const Value = self.view.resolve(schema);
        if let Some(&id) = self.seen.get(&key) {
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(Node::default());
        self.seen.insert(key, id);
        if depth > MAX_DEPTH {
            return id;
        }
        let object = self.branch(schema, "object").map(|s| self.object(s, depth));
        let items = self
            .branch(schema, "array")
            .and_then(|s| self.view.items(s))
            .map(|items| self.build(items, depth + 1));
        self.nodes[id] = Node { object, items };
        id
    }

    fn object(&mut self, schema: &'a Value, depth: usize) -> ObjectShape {
        let names = self.view.property_names(schema);
        let resolved = self.view.resolve(schema).as_object();
        let record = !names.is_empty() && resolved.is_some_and(documents_objects);
        let mut members = HashMap::with_capacity(names.len());
        for name in names {
            if let Some(member) = self.view.property(schema, name) {
                members.insert(name.to_owned(), self.build(member, depth + 1));
            }
        }
        let extra = resolved
            .and_then(|s| s.get("additionalProperties"))
            .filter(|extra| extra.is_object() && !record)
            .map(|extra| self.build(extra, depth + 1));
        ObjectShape {
            record,
            members,
            extra,
        }
    }

    /// The schema that describes a value of JSON type `wanted` (`object` or `array`, the
    /// types that hold members): the schema itself, or for a `oneOf` / `anyOf`, the first
    /// alternative of that type. `None` when no alternative is.
    fn branch(&self, schema: &'a Value, wanted: &str) -> Option<&'a Value> {
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

/// Pointers (into `value`) of every member the schema of `node` does not document. A member
/// whose key is not a field name is reported as `*` unless `show_values` (the key may be data).
pub(crate) fn undocumented(
    shapes: &Shapes,
    node: usize,
    value: &Value,
    show_values: bool,
) -> Vec<String> {
    let mut walk = Walk {
        shapes,
        show_values,
        found: Vec::new(),
    };
    walk.value(node, value, &mut String::new(), 0);
    walk.found
}

struct Walk<'s> {
    shapes: &'s Shapes,
    show_values: bool,
    found: Vec<String>,
}

/// Appends `/token` to a pointer, escaped (RFC 6901) only when it has to be.
fn push_token(at: &mut String, token: &str) {
    at.push('/');
    if token.contains(['~', '/']) {
        at.push_str(&pointer::escape(token));
    } else {
        at.push_str(token);
    }
}

impl Walk<'_> {
    fn value(&mut self, node: usize, value: &Value, at: &mut String, depth: usize) {
        if depth > MAX_DEPTH || self.found.len() >= MAX_REPORTED {
            return;
        }
        let Some(shape) = self.shapes.nodes.get(node) else {
            return;
        };
        match value {
            Value::Object(map) => {
                if let Some(object) = &shape.object {
                    self.object(object, map, at, depth);
                }
            }
            Value::Array(items) => {
                let Some(item_node) = shape.items else { return };
                for (i, item) in items.iter().enumerate() {
                    let len = at.len();
                    let _ = write!(at, "/{i}");
                    self.value(item_node, item, at, depth + 1);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        object: &ObjectShape,
        map: &Map<String, Value>,
        at: &mut String,
        depth: usize,
    ) {
        for (name, child) in map {
            let len = at.len();
            if let Some(&member) = object.members.get(name.as_str()) {
                push_token(at, name);
                self.value(member, child, at, depth + 1);
            } else if object.record {
                if self.show_values || shape::is_field_name(name) {
                    push_token(at, name);
                } else {
                    at.push_str("/*");
                }
                if self.found.len() < MAX_REPORTED {
                    self.found.push(at.clone());
                }
            } else if let Some(extra) = object.extra {
                push_token(at, name);
                self.value(extra, child, at, depth + 1);
            }
            at.truncate(len);
        }
    }
}

/// Whether undocumented members of this object schema are worth reporting: its extra keys are
/// not typed by a schema of their own (`additionalProperties` absent, a boolean, or `{}`) and
/// no `x-patternProperties` says what they are. (A schema must also list properties: a schema
/// without any is a free-form map.)
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

    fn shapes(doc: &Value, schema: &Value) -> (Shapes, usize) {
        let mut builder = ShapeBuilder::new(SchemaView::new(doc));
        let node = builder.node(schema);
        (builder.finish(), node)
    }

    #[test]
    fn finds_members_at_every_depth_and_hides_data_keys() {
        let doc = spec();
        let schema = json!({"$ref": "#/components/schemas/Visit"});
        let (shapes, node) = shapes(&doc, &schema);
        let body = json!({"id": "1", "new": 1, "member": {"name": "x", "nick": "y"},
                          "tags": [{"name": "a"}, {"name": "b", "Jane Doe": 1, "a/b": 2}]});
        let found = undocumented(&shapes, node, &body, false);
        assert_eq!(found, ["/new", "/member/nick", "/tags/1/*", "/tags/1/*"]);
        let shown = undocumented(&shapes, node, &body, true);
        assert_eq!(shown[2..], ["/tags/1/Jane Doe", "/tags/1/a~1b"]);
    }

    #[test]
    fn typed_maps_are_not_records() {
        let doc = spec();
        let schema = json!({"$ref": "#/components/schemas/Custom"});
        let (shapes, node) = shapes(&doc, &schema);
        assert!(undocumented(&shapes, node, &json!({"anything": "x"}), false).is_empty());
    }
}
