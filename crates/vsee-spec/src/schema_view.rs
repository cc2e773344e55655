//! Reading OpenAPI 3.0 schema objects as written in the spec: the one place that follows a
//! `$ref`, finds a schema's declared type, a property's schema, or whether `null` is accepted.
//!
//! Every tool that looks at raw schemas (form coercion in `vsee-contract`, the comparison in
//! `vsee-diff`, the generator's copy rules) reads them through [`SchemaView`] and the free
//! functions here, so that "the schema of property `x`" means the same thing everywhere.
//!
//! Only local references (`#/...`, percent-decoded like URI fragments) are followed; the loader
//! rejects every other kind. Reference chains stop after [`MAX_HOPS`] hops and structural
//! lookups (through `allOf`, `oneOf`, ...) after [`MAX_NESTING`] levels, so a recursive schema
//! (`Node: {allOf: [{$ref: Node}]}`) ends a lookup instead of the program.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::pointer;

/// Longest `$ref` chain followed; a longer one is a cycle or a mistake.
pub const MAX_HOPS: usize = 16;

/// Deepest `allOf` / `oneOf` / `anyOf` nesting a lookup descends through.
pub const MAX_NESTING: usize = 32;

/// A read-only view of the schemas of one OpenAPI document (the whole document as JSON).
#[derive(Debug, Clone, Copy)]
pub struct SchemaView<'a> {
    document: &'a Value,
}

impl<'a> SchemaView<'a> {
    /// A view over `document`, the whole OpenAPI document ([`crate::Spec::document`]).
    pub fn new(document: &'a Value) -> SchemaView<'a> {
        SchemaView { document }
    }

    /// The document this view reads.
    pub fn document(&self) -> &'a Value {
        self.document
    }

    /// The node a local `#/...` reference points to.
    pub fn target(&self, reference: &str) -> Option<&'a Value> {
        let ptr = pointer::local_ref_pointer(reference)?;
        pointer::get(self.document, &ptr)
    }

    /// Follows a `$ref` chain from `value`: the final target and the pointer it lives at
    /// (`None` when `value` itself is not a reference). A reference that cannot be followed
    /// ends the chain where it is.
    pub fn follow(&self, value: &'a Value) -> (&'a Value, Option<String>) {
        let (target, at) = self.follow_borrowed(value);
        (target, at.map(Cow::into_owned))
    }

    /// [`SchemaView::follow`], the pointer borrowed from the last `$ref` when it needs no
    /// decoding.
    fn follow_borrowed(&self, value: &'a Value) -> (&'a Value, Option<Cow<'a, str>>) {
        let mut current = value;
        let mut at = None;
        for _ in 0..MAX_HOPS {
            let Some(reference) = member(current, "$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(ptr) = pointer::local_ref_fragment(reference) else {
                break;
            };
            let Some(target) = pointer::get(self.document, &ptr) else {
                break;
            };
            current = target;
            at = Some(ptr);
        }
        (current, at)
    }

    /// [`SchemaView::follow`] without the pointer.
    pub fn resolve(&self, value: &'a Value) -> &'a Value {
        self.follow_borrowed(value).0
    }

    /// [`SchemaView::follow`] for a value found at `ptr`: the target and its pointer, or
    /// `value` and `ptr` when it is not a reference.
    pub fn resolve_at(&self, value: &'a Value, ptr: &str) -> (&'a Value, String) {
        let (target, at) = self.follow(value);
        (target, at.unwrap_or_else(|| ptr.to_owned()))
    }

    /// The declared `type` of a schema, following `$ref`s and the branches of `allOf` (the
    /// first branch that declares one).
    pub fn type_of(&self, schema: &'a Value) -> Option<&'a str> {
        self.type_within(schema, 0)
    }

    fn type_within(&self, schema: &'a Value, depth: usize) -> Option<&'a str> {
        if depth > MAX_NESTING {
            return None;
        }
        let schema = self.resolve(schema);
        if let Some(t) = member(schema, "type").and_then(Value::as_str) {
            return Some(t);
        }
        all_of(schema)
            .iter()
            .find_map(|part| self.type_within(part, depth + 1))
    }

    /// The alternatives of a `oneOf` (else `anyOf`) on the schema or, failing that, on one of
    /// its `allOf` branches; `$ref`s followed.
    pub fn alternatives(&self, schema: &'a Value) -> Option<&'a [Value]> {
        self.alternatives_within(schema, 0)
    }

    fn alternatives_within(&self, schema: &'a Value, depth: usize) -> Option<&'a [Value]> {
        if depth > MAX_NESTING {
            return None;
        }
        let schema = self.resolve(schema);
        if let Some(alternatives) = member(schema, "oneOf")
            .or_else(|| member(schema, "anyOf"))
            .and_then(Value::as_array)
        {
            return Some(alternatives);
        }
        all_of(schema)
            .iter()
            .find_map(|part| self.alternatives_within(part, depth + 1))
    }

    /// The `items` schema of an array schema (on the schema or one of its `allOf` branches).
    pub fn items(&self, schema: &'a Value) -> Option<&'a Value> {
        self.items_within(schema, 0)
    }

    fn items_within(&self, schema: &'a Value, depth: usize) -> Option<&'a Value> {
        if depth > MAX_NESTING {
            return None;
        }
        let schema = self.resolve(schema);
        if let Some(items) = member(schema, "items") {
            return Some(items);
        }
        all_of(schema)
            .iter()
            .find_map(|part| self.items_within(part, depth + 1))
    }

    /// The schema a member `name` of an object gets: the schema's own `properties.name`, else
    /// that of a branch of `allOf` / `oneOf` / `anyOf` (in that order, first found), else the
    /// schema's `additionalProperties` when it is a schema object. `$ref`s followed; the
    /// returned schema is as written (it may itself be a `$ref`).
    pub fn property(&self, schema: &'a Value, name: &str) -> Option<&'a Value> {
        self.property_within(schema, name, 0)
    }

    fn property_within(&self, schema: &'a Value, name: &str, depth: usize) -> Option<&'a Value> {
        if depth > MAX_NESTING {
            return None;
        }
        let schema = self.resolve(schema);
        if let Some(found) = member(schema, "properties").and_then(|p| member(p, name)) {
            return Some(found);
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(parts) = member(schema, key).and_then(Value::as_array) {
                for part in parts {
                    if let Some(found) = self.property_within(part, name, depth + 1) {
                        return Some(found);
                    }
                }
            }
        }
        member(schema, "additionalProperties").filter(|a| a.is_object())
    }

    /// Every property name the schema declares in `properties`, its own and those of its
    /// `allOf` branches (the properties an object valid against it may be required to have),
    /// `$ref`s followed, in document order without repeats. `oneOf` / `anyOf` branches are
    /// left out: their properties belong to one alternative, not to the schema.
    pub fn property_names(&self, schema: &'a Value) -> Vec<&'a str> {
        let mut names = Vec::new();
        self.property_names_within(schema, 0, &mut names);
        names
    }

    fn property_names_within(&self, schema: &'a Value, depth: usize, names: &mut Vec<&'a str>) {
        if depth > MAX_NESTING {
            return;
        }
        let schema = self.resolve(schema);
        if let Some(properties) = member(schema, "properties").and_then(Value::as_object) {
            for name in properties.keys() {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        for part in all_of(schema) {
            self.property_names_within(part, depth + 1, names);
        }
    }

    /// Whether the schema accepts `null` once its `$ref` chain is followed: see
    /// [`accepts_null`]. A reference that cannot be followed accepts nothing known, so `false`.
    pub fn accepts_null(&self, schema: &'a Value) -> bool {
        let target = self.resolve(schema);
        target
            .as_object()
            .is_some_and(|map| !map.contains_key("$ref") && accepts_null(map))
    }
}

fn all_of(schema: &Value) -> &[Value] {
    member(schema, "allOf")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// `value[key]` when `value` is an object. A schema object has a handful of members, and for
/// so few, comparing keys is cheaper than hashing the one asked for (`Value::get` hashes with
/// SipHash); the validator asks these questions for every form field it reads.
fn member<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    const SCAN_AT_MOST: usize = 8;
    let map = value.as_object()?;
    if map.len() <= SCAN_AT_MOST {
        map.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        map.get(key)
    }
}

/// Whether a schema object accepts `null` by itself (no `$ref` followed): `nullable: true`, an
/// untyped `enum` listing `null`, an `anyOf`/`oneOf` with an inline branch that accepts `null`
/// (the strict OAS 3.0.3 spelling of a nullable reference, `anyOf: [{$ref: ..}, {enum: [null]}]`),
/// or no keyword that constrains the type at all (`{}` or a schema with only annotations accepts
/// every value, `null` included). A `$ref` is a constraint here: follow it with
/// [`SchemaView::accepts_null`].
pub fn accepts_null(schema: &Map<String, Value>) -> bool {
    if schema.get("nullable").and_then(Value::as_bool) == Some(true) {
        return true;
    }
    let lists_null = |values: &Value| {
        values
            .as_array()
            .is_some_and(|v| v.iter().any(Value::is_null))
    };
    if !schema.contains_key("type") && schema.get("enum").is_some_and(lists_null) {
        return true;
    }
    let null_branch = |branches: &Value| {
        branches.as_array().is_some_and(|branches| {
            branches.iter().any(|branch| {
                branch
                    .as_object()
                    .is_some_and(|b| !b.contains_key("$ref") && accepts_null(b))
            })
        })
    };
    if ["anyOf", "oneOf"]
        .iter()
        .any(|key| schema.get(*key).is_some_and(null_branch))
    {
        return true;
    }
    const TYPED_BY: [&str; 9] = [
        "type",
        "$ref",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "enum",
        "properties",
        "items",
    ];
    !TYPED_BY.iter().any(|key| schema.contains_key(*key))
}

/// Keywords that document but do not constrain: `description`, `title`, `example(s)`,
/// `externalDocs`, `xml` and every `x-` extension.
pub fn is_annotation(keyword: &str) -> bool {
    matches!(
        keyword,
        "description" | "title" | "example" | "examples" | "externalDocs" | "xml"
    ) || keyword.starts_with("x-")
}

/// Keywords a single-reference `allOf` wrapper may carry and still read as "that reference,
/// with these adjustments" (OpenAPI 3.0's way to make a reference nullable or give it a
/// default): annotations, `nullable`, `default`, `deprecated`, `readOnly`, `writeOnly`.
pub fn is_wrapper_keyword(keyword: &str) -> bool {
    is_annotation(keyword)
        || matches!(
            keyword,
            "nullable" | "default" | "deprecated" | "readOnly" | "writeOnly"
        )
}

/// The reference a schema stands for: its own `$ref`, or the one `$ref` of an
/// `allOf: [{$ref: X}]` wrapper that carries nothing else but [`is_wrapper_keyword`]s.
pub fn effective_ref(schema: &Value) -> Option<&str> {
    let map = schema.as_object()?;
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        return Some(reference);
    }
    let all = map.get("allOf")?.as_array()?;
    if all.len() != 1 || !map.keys().all(|k| k == "allOf" || is_wrapper_keyword(k)) {
        return None;
    }
    all[0].get("$ref").and_then(Value::as_str)
}

/// The component name of a reference to a component schema
/// (`#/components/schemas/Visit` -> `Visit`, percent- and `~`-decoded); `None` for anything
/// else, including references into a component (`#/components/schemas/Visit/properties/id`).
pub fn component_schema_name(reference: &str) -> Option<String> {
    let ptr = pointer::local_ref_pointer(reference)?;
    match <[String; 3]>::try_from(pointer::tokens(&ptr)) {
        Ok([components, schemas, name]) if components == "components" && schemas == "schemas" => {
            Some(name)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document() -> Value {
        json!({"components": {"schemas": {
            "Id": {"type": "integer"},
            "Alias": {"$ref": "#/components/schemas/Id"},
            "Loop": {"allOf": [{"$ref": "#/components/schemas/Loop"}]},
            "Maybe": {"type": "string", "nullable": true},
            "Base": {"type": "object", "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
            "Extended": {
                "allOf": [{"$ref": "#/components/schemas/Base"}],
                "additionalProperties": {"type": "string"}
            },
            "Either": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
            "a/b": {"type": "boolean"}
        }}})
    }

    #[test]
    fn references_are_followed_and_located() {
        let doc = document();
        let view = SchemaView::new(&doc);
        let alias = json!({"$ref": "#/components/schemas/Alias"});
        let (target, at) = view.follow(&alias);
        assert_eq!(target, &json!({"type": "integer"}));
        assert_eq!(at.as_deref(), Some("/components/schemas/Id"));
        let inline = json!({"type": "string"});
        assert_eq!(
            view.resolve_at(&inline, "/here"),
            (&inline, "/here".to_owned())
        );
        assert_eq!(
            view.target("#/components/schemas/a~1b"),
            Some(&json!({"type": "boolean"}))
        );
        assert_eq!(view.type_of(&alias), Some("integer"));
    }

    #[test]
    fn lookups_through_all_of_and_alternatives() {
        let doc = document();
        let view = SchemaView::new(&doc);
        let extended = json!({"$ref": "#/components/schemas/Extended"});
        assert_eq!(
            view.property(&extended, "id"),
            Some(&json!({"$ref": "#/components/schemas/Id"}))
        );
        assert_eq!(
            view.property(&extended, "other"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(view.type_of(&extended), Some("object"));
        assert_eq!(view.property_names(&extended), ["id"]);
        let both = json!({"allOf": [extended, {"properties": {"x": {}, "id": {}}}]});
        assert_eq!(view.property_names(&both), ["id", "x"]);
        let either = json!({"$ref": "#/components/schemas/Either"});
        assert_eq!(view.alternatives(&either).map(<[Value]>::len), Some(2));
        assert_eq!(
            view.items(&json!({"allOf": [{"type": "array", "items": {"type": "integer"}}]})),
            Some(&json!({"type": "integer"}))
        );
        // A schema that includes itself ends the lookup.
        let looping = json!({"$ref": "#/components/schemas/Loop"});
        assert_eq!(view.type_of(&looping), None);
        assert_eq!(view.property(&looping, "x"), None);
    }

    #[test]
    fn null_acceptance() {
        let doc = document();
        let view = SchemaView::new(&doc);
        assert!(view.accepts_null(&json!({"$ref": "#/components/schemas/Maybe"})));
        assert!(!view.accepts_null(&json!({"$ref": "#/components/schemas/Id"})));
        assert!(!view.accepts_null(&json!({"$ref": "#/components/schemas/Missing"})));
        assert!(view.accepts_null(&json!({"description": "anything"})));
        let bare = json!({"$ref": "#/components/schemas/Maybe"});
        assert!(!accepts_null(bare.as_object().unwrap()));
        let strict = json!({"anyOf": [{"$ref": "#/components/schemas/Id"}, {"enum": [null]}]});
        assert!(view.accepts_null(&strict));
        // A `type` without `nullable: true` rejects null (OAS 3.0.3), whatever the enum lists.
        assert!(!view.accepts_null(&json!({"type": "string", "enum": ["a", null]})));
    }

    #[test]
    fn wrappers_and_component_names() {
        let wrapped = json!({"allOf": [{"$ref": "#/components/schemas/Id"}], "nullable": true});
        assert_eq!(effective_ref(&wrapped), Some("#/components/schemas/Id"));
        let constrained = json!({"allOf": [{"$ref": "#/components/schemas/Id"}], "minimum": 1});
        assert_eq!(effective_ref(&constrained), None);
        assert_eq!(
            component_schema_name("#/components/schemas/a~1b").as_deref(),
            Some("a/b")
        );
        assert_eq!(
            component_schema_name("#/components/schemas/A%20B").as_deref(),
            Some("A B")
        );
        assert_eq!(
            component_schema_name("#/components/schemas/A/properties/x"),
            None
        );
        assert_eq!(component_schema_name("#/components/responses/A"), None);
    }
}
