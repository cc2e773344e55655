//! Form fields (read by [`crate::input::form`]) -> the JSON object their schema describes,
//! following OpenAPI's form rules:
//!
//! * values are strings on the wire and are coerced to the declared property type: `"12"` -> `12`
//!   for `integer`, `"1.5"` -> `1.5` for `number`, `"true"`/`"false"` -> booleans; a value that
//!   does not parse stays a string, so the schema reports the mismatch;
//! * `oneOf`/`anyOf` (e.g. `StringOrInt`): the string is kept as it is when an alternative accepts
//!   strings; otherwise the first alternative whose coercion succeeds wins;
//! * a repeated key, `name[]` or `name[0]` makes an array (items coerced by `items`); a single
//!   value for an `array` property is an array of one; `name[key]` builds a nested object;
//! * a property whose `encoding.<name>.contentType` is `application/json`, and a multipart part
//!   sent with a JSON `Content-Type`, is parsed as JSON.
//!
//! Every recursive function here is bounded by [`MAX_DEPTH`].

use std::collections::HashSet;

use indexmap::IndexMap;
use serde_json::{Map, Number, Value};
use vsee_spec::{SchemaView, Spec};

use crate::input::form::Field;

/// Deepest bracket nesting / schema nesting followed.
pub const MAX_DEPTH: usize = 32;
/// Largest array index honoured in `name[N]`; larger indexes are appended instead, so
/// `a[999999999]=1` cannot allocate a huge array.
const MAX_INDEX: usize = 1024;

/// Coerces form values by the spec's schemas, read through [`SchemaView`] (the one reader of raw
/// OpenAPI schemas: `$ref`s, declared types, alternatives, items and property lookup).
pub struct Resolver<'a> {
    pub spec: &'a Spec,
}

impl<'a> Resolver<'a> {
    fn view(&self) -> SchemaView<'a> {
        self.spec.schema_view()
    }

    /// Whether the schema describes an array (directly, or as one of its alternatives); returns
    /// the array schema.
    fn array_schema(&self, schema: &'a Value, depth: usize) -> Option<&'a Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        if self.view().type_of(schema) == Some("array") {
            return Some(schema);
        }
        self.view()
            .alternatives(schema)?
            .iter()
            .find_map(|alt| self.array_schema(alt, depth + 1))
    }

    /// Coerces one string value to the schema's type (see the module docs).
    pub fn coerce(&self, text: &str, schema: Option<&'a Value>, depth: usize) -> Value {
        let Some(schema) = schema else {
            return Value::String(text.to_owned());
        };
        if depth > MAX_DEPTH {
            return Value::String(text.to_owned());
        }
        let view = self.view();
        if let Some(alts) = view.alternatives(schema) {
            let accepts_string = alts.iter().any(|alt| {
                let t = view.type_of(alt);
                t == Some("string") || (t.is_none() && view.alternatives(alt).is_none())
            });
            if accepts_string {
                return Value::String(text.to_owned());
            }
            for alt in alts {
                let coerced = self.coerce(text, Some(alt), depth + 1);
                if !coerced.is_string() {
                    return coerced;
                }
            }
            return Value::String(text.to_owned());
        }
        match view.type_of(schema) {
            Some("integer") => parse_integer(text).unwrap_or_else(|| Value::String(text.into())),
            Some("number") => parse_number(text).unwrap_or_else(|| Value::String(text.into())),
            Some("boolean") => match text {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(text.to_owned()),
            },
            Some("array") => Value::Array(vec![self.coerce(text, view.items(schema), depth + 1)]),
            _ => Value::String(text.to_owned()),
        }
    }

    /// Coerces several values sent for one name.
    fn coerce_many(&self, values: &[Leaf<'_>], schema: Option<&'a Value>, depth: usize) -> Value {
        let items = schema
            .and_then(|s| self.array_schema(s, depth))
            .and_then(|a| self.view().items(a));
        Value::Array(
            values
                .iter()
                .map(|leaf| self.leaf(leaf, items, depth + 1))
                .collect(),
        )
    }

    fn leaf(&self, leaf: &Leaf<'_>, schema: Option<&'a Value>, depth: usize) -> Value {
        if leaf.json {
            if let Ok(value) = crate::input::json::parse_str(leaf.text) {
                return value;
            }
        }
        self.coerce(leaf.text, schema, depth)
    }

    /// Builds the JSON object of a form body. `json_fields` names the properties whose
    /// `encoding.contentType` is JSON.
    pub fn fields_to_value(
        &self,
        fields: &[Field],
        schema: Option<&'a Value>,
        json_fields: &HashSet<String>,
    ) -> Value {
        let mut root = Tree::Object(IndexMap::new());
        for field in fields {
            let (base, path) = split_key(&field.name);
            let leaf = Leaf {
                text: &field.text,
                json: field.json || json_fields.contains(base),
            };
            let mut segments = Vec::with_capacity(path.len() + 1);
            segments.push(Segment::Key(base.to_owned()));
            segments.extend(path);
            root.insert(&segments, leaf, 0);
        }
        self.tree_to_value(&root, schema, 0)
    }

    /// Coerces the string values of a form body recorded as a JSON object (NDJSON `body`).
    pub fn object_to_value(
        &self,
        object: &Map<String, Value>,
        schema: Option<&'a Value>,
        json_fields: &HashSet<String>,
    ) -> Value {
        let mut out = Map::new();
        for (name, value) in object {
            let prop = schema.and_then(|s| self.view().property(s, name));
            let json = json_fields.contains(name);
            let coerced = match value {
                Value::String(text) => self.leaf(&Leaf { text, json }, prop, 1),
                Value::Array(items) if items.iter().all(Value::is_string) => {
                    let leaves: Vec<Leaf<'_>> = items
                        .iter()
                        .map(|i| Leaf {
                            text: i.as_str().unwrap_or_default(),
                            json,
                        })
                        .collect();
                    self.coerce_many(&leaves, prop, 1)
                }
                other => other.clone(),
            };
            out.insert(name.clone(), coerced);
        }
        Value::Object(out)
    }

    fn tree_to_value(&self, tree: &Tree<'_>, schema: Option<&'a Value>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        match tree {
            Tree::Leaves(leaves) => {
                let wants_array = schema.and_then(|s| self.array_schema(s, depth)).is_some()
                    && self
                        .view()
                        .alternatives(schema.unwrap_or(&Value::Null))
                        .is_none();
                if leaves.len() == 1 && !wants_array {
                    self.leaf(&leaves[0], schema, depth + 1)
                } else if leaves.len() == 1 {
                    let items = schema.and_then(|s| self.view().items(s));
                    Value::Array(vec![self.leaf(&leaves[0], items, depth + 1)])
                } else {
                    self.coerce_many(leaves, schema, depth)
                }
            }
            Tree::Object(children) => {
                let mut out = Map::new();
                for (name, child) in children {
                    let prop = schema.and_then(|s| self.view().property(s, name));
                    out.insert(name.clone(), self.tree_to_value(child, prop, depth + 1));
                }
                Value::Object(out)
            }
            Tree::Array(items) => {
                let item_schema = schema
                    .and_then(|s| self.array_schema(s, depth))
                    .and_then(|a| self.view().items(a));
                Value::Array(
                    items
                        .iter()
                        .map(|child| self.tree_to_value(child, item_schema, depth + 1))
                        .collect(),
                )
            }
        }
    }
}

fn parse_integer(text: &str) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() || t.starts_with('+') {
        return None;
    }
    if let Ok(i) = t.parse::<i64>() {
        return Some(Value::Number(i.into()));
    }
    t.parse::<u64>().ok().map(|u| Value::Number(u.into()))
}

fn parse_number(text: &str) -> Option<Value> {
    if let Some(i) = parse_integer(text) {
        return Some(i);
    }
    let f: f64 = text.trim().parse().ok()?;
    Number::from_f64(f).map(Value::Number)
}

/// One value sent for a name (borrowed from the field or the recorded object).
struct Leaf<'f> {
    text: &'f str,
    json: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Key(String),
    /// `[]`
    Push,
    /// `[3]`
    Index(usize),
}

/// `a[b][]` -> (`a`, [Key(b), Push]); a key without brackets has no path. Malformed brackets
/// make the whole name a plain key. At most [`MAX_DEPTH`] segments are read.
fn split_key(name: &str) -> (&str, Vec<Segment>) {
    let Some(open) = name.find('[') else {
        return (name, Vec::new());
    };
    if open == 0 || !name.ends_with(']') {
        return (name, Vec::new());
    }
    let base = &name[..open];
    let mut path = Vec::new();
    let mut rest = &name[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            return (name, Vec::new());
        };
        let key = &inner[..close];
        path.push(if key.is_empty() {
            Segment::Push
        } else if let Ok(i) = key.parse::<usize>() {
            Segment::Index(i)
        } else {
            Segment::Key(key.to_owned())
        });
        if path.len() > MAX_DEPTH {
            return (name, Vec::new());
        }
        rest = &inner[close + 1..];
    }
    if !rest.is_empty() {
        return (name, Vec::new());
    }
    (base, path)
}

enum Tree<'f> {
    Leaves(Vec<Leaf<'f>>),
    /// Children by name, in the order first sent (looked up by hash: a form of many distinct
    /// fields is built in linear time).
    Object(IndexMap<String, Tree<'f>>),
    Array(Vec<Tree<'f>>),
}

impl<'f> Tree<'f> {
    fn insert(&mut self, path: &[Segment], leaf: Leaf<'f>, depth: usize) {
        let Some((first, rest)) = path.split_first() else {
            match self {
                Tree::Leaves(leaves) => leaves.push(leaf),
                // `a[b]=1&a=2`: the plain value cannot join an object; keep it as an array item.
                Tree::Array(items) => items.push(Tree::Leaves(vec![leaf])),
                Tree::Object(_) => {}
            }
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        match first {
            Segment::Key(key) => {
                if !matches!(self, Tree::Object(_)) {
                    if matches!(self, Tree::Leaves(l) if l.is_empty()) {
                        *self = Tree::Object(IndexMap::new());
                    } else {
                        return;
                    }
                }
                let Tree::Object(children) = self else { return };
                children
                    .entry(key.clone())
                    .or_insert_with(|| Tree::Leaves(Vec::new()))
                    .insert(rest, leaf, depth + 1);
            }
            Segment::Push | Segment::Index(_) => {
                if !matches!(self, Tree::Array(_)) {
                    match self {
                        Tree::Leaves(l) => {
                            let existing: Vec<Tree<'f>> =
                                l.drain(..).map(|x| Tree::Leaves(vec![x])).collect();
                            *self = Tree::Array(existing);
                        }
                        _ => return,
                    }
                }
                let Tree::Array(items) = self else { return };
                let index = match first {
                    Segment::Index(i) if *i < MAX_INDEX => *i,
                    _ => items.len(),
                };
                while items.len() <= index {
                    items.push(Tree::Leaves(Vec::new()));
                }
                items[index].insert(rest, leaf, depth + 1);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Spec {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "forms", "version": "1"},
            "paths": {},
            "components": doc()["components"].clone(),
        });
        vsee_spec::load_str("forms.yaml", &doc.to_string()).expect("test spec")
    }

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "StringOrInt": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
            "Ids": {"oneOf": [
                {"type": "array", "items": {"type": "object"}},
                {"type": "array", "items": {"type": "string"}},
                {"type": "string"}
            ]},
            "Body": {"type": "object", "properties": {
                "n": {"type": "integer"},
                "f": {"type": "number"},
                "b": {"type": "boolean"},
                "s": {"type": "string"},
                "either": {"$ref": "#/components/schemas/StringOrInt"},
                "wrapped": {"allOf": [{"$ref": "#/components/schemas/StringOrInt"}]},
                "list": {"type": "array", "items": {"type": "integer"}},
                "ids": {"$ref": "#/components/schemas/Ids"},
                "obj": {"type": "object", "properties": {"k": {"type": "integer"}}},
                "consultation": {"type": "object"}
            }}
        }}})
    }

    fn coerce(fields: &[(&str, &str)]) -> Value {
        let spec = spec();
        let r = Resolver { spec: &spec };
        let schema = json!({"$ref": "#/components/schemas/Body"});
        let fields: Vec<Field> = fields.iter().map(|(k, v)| Field::new(*k, *v)).collect();
        let json: HashSet<String> = ["consultation".to_owned()].into();
        r.fields_to_value(&fields, Some(&schema), &json)
    }

    #[test]
    fn scalars_are_coerced_by_declared_type() {
        assert_eq!(
            coerce(&[("n", "12"), ("f", "1.5"), ("b", "true"), ("s", "12")]),
            json!({"n": 12, "f": 1.5, "b": true, "s": "12"})
        );
        assert_eq!(coerce(&[("n", "twelve")]), json!({"n": "twelve"}));
        assert_eq!(coerce(&[("b", "yes")]), json!({"b": "yes"}));
    }

    #[test]
    fn one_of_keeps_the_string() {
        assert_eq!(
            coerce(&[("either", "12"), ("wrapped", "7")]),
            json!({"either": "12", "wrapped": "7"})
        );
    }

    #[test]
    fn arrays_from_repeats_and_brackets() {
        assert_eq!(
            coerce(&[("list", "1"), ("list", "2")]),
            json!({"list": [1, 2]})
        );
        assert_eq!(coerce(&[("list[]", "3")]), json!({"list": [3]}));
        assert_eq!(coerce(&[("list", "4")]), json!({"list": [4]}));
        assert_eq!(
            coerce(&[("list[1]", "5"), ("list[0]", "6")]),
            json!({"list": [6, 5]})
        );
        assert_eq!(coerce(&[("ids", "a,b")]), json!({"ids": "a,b"}));
        assert_eq!(
            coerce(&[("ids[]", "a"), ("ids[]", "b")]),
            json!({"ids": ["a", "b"]})
        );
    }

    #[test]
    fn nested_objects_and_json_fields() {
        assert_eq!(coerce(&[("obj[k]", "9")]), json!({"obj": {"k": 9}}));
        assert_eq!(
            coerce(&[("consultation", "{\"id\": \"c1\"}")]),
            json!({"consultation": {"id": "c1"}})
        );
        assert_eq!(coerce(&[("x[y", "1")]), json!({"x[y": "1"}));
    }

    #[test]
    fn deep_brackets_are_bounded() {
        let name = format!("a{}", "[b]".repeat(100_000));
        let v = coerce(&[(&name, "1")]);
        assert!(v.get(&name).is_some());
        let huge = "list[999999999]";
        assert_eq!(coerce(&[(huge, "1")]), json!({"list": [1]}));
    }

    #[test]
    fn many_distinct_fields_build_in_linear_time() {
        // 100,000 distinct names, plus nested and repeated ones: each lookup is by hash, so
        // this stays fast (a linear search per field made it quadratic). No timing asserted.
        const N: usize = 100_000;
        let mut fields: Vec<Field> = (0..N)
            .map(|i| Field::new(format!("custom_{i}"), i.to_string()))
            .collect();
        fields.extend((0..N).map(|i| Field::new(format!("obj[k{i}]"), "1")));
        fields.push(Field::new("n", "12"));
        fields.push(Field::new("list", "1"));
        fields.push(Field::new("list", "2"));
        let spec = spec();
        let r = Resolver { spec: &spec };
        let schema = json!({"$ref": "#/components/schemas/Body"});
        let value = r.fields_to_value(&fields, Some(&schema), &HashSet::new());
        let object = value.as_object().unwrap();
        assert_eq!(object.len(), N + 3);
        assert_eq!(object["custom_0"], json!("0"));
        assert_eq!(object["custom_99999"], json!("99999"));
        let keys: Vec<&String> = object.keys().take(3).collect();
        assert_eq!(
            keys,
            ["custom_0", "custom_1", "custom_2"],
            "order sent is kept"
        );
        assert_eq!(object["obj"].as_object().unwrap().len(), N);
        assert_eq!(object["obj"]["k7"], json!("1"));
        assert_eq!(object["n"], json!(12));
        assert_eq!(object["list"], json!([1, 2]));
    }
}
