//! Structural walks over the OpenAPI document as JSON: every `$ref`, every schema object.
//!
//! The one description of where schemas live in an OpenAPI 3.0 document ([`root_schemas`])
//! and which keywords hold subschemas ([`subschemas_of`]), with a reading walk
//! ([`each_schema`]) and a mutating one ([`each_schema_mut`]) that visit the same schemas in
//! the same order. The loader caps nesting (`MAX_DEPTH`), so plain recursion is safe here.

use serde_json::{Map, Value};

use crate::pointer;

/// Keys whose members are names chosen by the author rather than OpenAPI keywords: under them,
/// a member called `example`, `default` or `enum` is a name and must still be walked.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "x-patternProperties",
    "schemas",
    "responses",
    "parameters",
    "examples",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
    "paths",
    "encoding",
    "variables",
];

/// Calls `f(pointer_of_the_$ref_member, reference)` for every `$ref: <string>` in the document.
/// Example payloads (`example`, `examples.*.value`), `default`, `enum` and `x-` extensions are
/// data, not structure, and are not searched.
pub fn each_ref(document: &Value, f: &mut dyn FnMut(&str, &str)) {
    refs_in(document, "", None, None, f);
}

fn refs_in(
    value: &Value,
    ptr: &str,
    parent_key: Option<&str>,
    grand_key: Option<&str>,
    f: &mut dyn FnMut(&str, &str),
) {
    match value {
        Value::Object(map) => {
            let names = parent_key.is_some_and(|k| NAME_MAPS.contains(&k));
            for (key, child) in map {
                let child_ptr = pointer::push(ptr, key);
                if !names {
                    if key == "$ref" {
                        if let Value::String(reference) = child {
                            f(&child_ptr, reference);
                            continue;
                        }
                    }
                    let data = matches!(key.as_str(), "example" | "default" | "enum" | "const")
                        || (key.starts_with("x-") && key != "x-patternProperties")
                        || (key == "value" && grand_key == Some("examples"));
                    if data {
                        continue;
                    }
                }
                // Inside a name map the member's own key plays the "parent" role for its
                // children, so `examples.foo.value` sees `examples` as its grandparent.
                refs_in(child, &child_ptr, Some(key), parent_key, f);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // Items of an array are OpenAPI objects (parameters, schemas of `allOf`),
                // whose keys are keywords even when the array sits under a name like
                // `parameters`.
                refs_in(item, &format!("{ptr}/{i}"), None, parent_key, f);
            }
        }
        _ => {}
    }
}

/// HTTP methods an OpenAPI 3.0 path item can hold, lower-case as written in the spec, in the
/// order of the OpenAPI specification's Path Item Object.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// How a schema keyword holds subschemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subschemas {
    /// A map of names to schemas: `properties`, `patternProperties`, `x-patternProperties`.
    Members,
    /// One schema: `items`, `not`, `additionalProperties` (when it is an object).
    One,
    /// A list of schemas: `allOf`, `oneOf`, `anyOf`.
    List,
}

/// Which keywords of a schema object hold subschemas, and how. `x-patternProperties` is
/// included: the spec uses it for what JSON Schema calls `patternProperties`, and the
/// published schemas convert it so.
pub fn subschemas_of(keyword: &str) -> Option<Subschemas> {
    match keyword {
        "properties" | "patternProperties" | "x-patternProperties" => Some(Subschemas::Members),
        "items" | "not" | "additionalProperties" => Some(Subschemas::One),
        "allOf" | "oneOf" | "anyOf" => Some(Subschemas::List),
        _ => None,
    }
}

/// Calls `f(pointer, schema)` for every schema object written in the document: component
/// schemas and the schemas inline in parameters, headers, request bodies and responses,
/// and recursively every subschema of those (`properties`, `items`, `allOf`, ...).
/// Reference objects (`$ref`) are visited but not followed.
pub fn each_schema<'a>(document: &'a Value, f: &mut dyn FnMut(&str, &'a Value)) {
    for (ptr, schema) in root_schemas(document) {
        visit_schema(schema, &ptr, f);
    }
}

/// The top-level schemas (not their subschemas) with their pointers.
pub fn root_schemas(document: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    let components = document.get("components");
    if let Some(schemas) = components
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
    {
        for (name, schema) in schemas {
            out.push((pointer::push("/components/schemas", name), schema));
        }
    }
    let kind = |k: &str| {
        components
            .and_then(|c| c.get(k))
            .and_then(Value::as_object)
            .map(|m| (format!("/components/{k}"), m))
    };
    if let Some((base, params)) = kind("parameters") {
        for (name, param) in params {
            parameter_schemas(param, &pointer::push(&base, name), &mut out);
        }
    }
    if let Some((base, headers)) = kind("headers") {
        for (name, header) in headers {
            parameter_schemas(header, &pointer::push(&base, name), &mut out);
        }
    }
    if let Some((base, bodies)) = kind("requestBodies") {
        for (name, body) in bodies {
            content_schemas(body, &pointer::push(&base, name), &mut out);
        }
    }
    if let Some((base, responses)) = kind("responses") {
        for (name, response) in responses {
            response_schemas(response, &pointer::push(&base, name), &mut out);
        }
    }
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let item_ptr = pointer::push("/paths", path);
            each_parameter(item, &item_ptr, &mut |p, ptr| {
                parameter_schemas(p, ptr, &mut out)
            });
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let op_ptr = pointer::push(&item_ptr, method);
                each_parameter(op, &op_ptr, &mut |p, ptr| {
                    parameter_schemas(p, ptr, &mut out)
                });
                if let Some(body) = op.get("requestBody") {
                    content_schemas(body, &format!("{op_ptr}/requestBody"), &mut out);
                }
                if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                    for (status, response) in responses {
                        // `x-` members are extensions, not responses.
                        if status.starts_with("x-") {
                            continue;
                        }
                        let r_ptr = pointer::push(&format!("{op_ptr}/responses"), status);
                        response_schemas(response, &r_ptr, &mut out);
                    }
                }
            }
        }
    }
    out
}

fn each_parameter<'a>(owner: &'a Value, owner_ptr: &str, f: &mut dyn FnMut(&'a Value, &str)) {
    if let Some(params) = owner.get("parameters").and_then(Value::as_array) {
        for (i, param) in params.iter().enumerate() {
            f(param, &format!("{owner_ptr}/parameters/{i}"));
        }
    }
}

fn parameter_schemas<'a>(param: &'a Value, ptr: &str, out: &mut Vec<(String, &'a Value)>) {
    if let Some(schema) = param.get("schema") {
        out.push((format!("{ptr}/schema"), schema));
    }
    content_schemas(param, ptr, out);
}

fn content_schemas<'a>(owner: &'a Value, ptr: &str, out: &mut Vec<(String, &'a Value)>) {
    if let Some(content) = owner.get("content").and_then(Value::as_object) {
        for (media, mt) in content {
            if let Some(schema) = mt.get("schema") {
                let mt_ptr = pointer::push(&format!("{ptr}/content"), media);
                out.push((format!("{mt_ptr}/schema"), schema));
            }
        }
    }
}

fn response_schemas<'a>(response: &'a Value, ptr: &str, out: &mut Vec<(String, &'a Value)>) {
    content_schemas(response, ptr, out);
    if let Some(headers) = response.get("headers").and_then(Value::as_object) {
        for (name, header) in headers {
            parameter_schemas(header, &pointer::push(&format!("{ptr}/headers"), name), out);
        }
    }
}

/// Visits `schema` and its subschemas, depth first, in document order. `f` sees every schema
/// object, reference objects included; a reference is not followed (its target is visited
/// where it lives).
pub fn visit_schema<'a>(schema: &'a Value, ptr: &str, f: &mut dyn FnMut(&str, &'a Value)) {
    let Some(map) = schema.as_object() else {
        return;
    };
    f(ptr, schema);
    if map.contains_key("$ref") {
        return;
    }
    for (key, child) in map {
        let Some(kind) = subschemas_of(key) else {
            continue;
        };
        let child_ptr = pointer::push(ptr, key);
        match kind {
            Subschemas::Members => {
                if let Some(members) = child.as_object() {
                    for (name, schema) in members {
                        visit_schema(schema, &pointer::push(&child_ptr, name), f);
                    }
                }
            }
            Subschemas::One => visit_schema(child, &child_ptr, f),
            Subschemas::List => {
                if let Some(items) = child.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        visit_schema(item, &format!("{child_ptr}/{i}"), f);
                    }
                }
            }
        }
    }
}

/// Calls `f(pointer, schema)` on every schema object of the document, as [`each_schema`] does
/// (same schemas, same order, reference objects included), letting `f` change it. `f` runs on
/// a schema before its subschemas are visited, so the subschemas visited are those `f` left.
pub fn each_schema_mut(document: &mut Value, f: &mut dyn FnMut(&str, &mut Map<String, Value>)) {
    let roots: Vec<String> = root_schemas(document)
        .into_iter()
        .map(|(ptr, _)| ptr)
        .collect();
    for ptr in roots {
        if let Some(schema) = document.pointer_mut(&ptr) {
            visit_schema_mut(schema, &ptr, f);
        }
    }
}

/// [`visit_schema`] with a mutable schema: `f` runs on each schema object before its
/// subschemas.
pub fn visit_schema_mut(
    schema: &mut Value,
    ptr: &str,
    f: &mut dyn FnMut(&str, &mut Map<String, Value>),
) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    f(ptr, map);
    if map.contains_key("$ref") {
        return;
    }
    for (key, child) in map.iter_mut() {
        let Some(kind) = subschemas_of(key) else {
            continue;
        };
        let child_ptr = pointer::push(ptr, key);
        match kind {
            Subschemas::Members => {
                if let Some(members) = child.as_object_mut() {
                    for (name, schema) in members.iter_mut() {
                        visit_schema_mut(schema, &pointer::push(&child_ptr, name), f);
                    }
                }
            }
            Subschemas::One => visit_schema_mut(child, &child_ptr, f),
            Subschemas::List => {
                if let Some(items) = child.as_array_mut() {
                    for (i, item) in items.iter_mut().enumerate() {
                        visit_schema_mut(item, &format!("{child_ptr}/{i}"), f);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn document() -> Value {
        json!({
            "paths": {"/a": {
                "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}}],
                "get": {
                    "responses": {
                        "200": {"content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {"id": {"$ref": "#/components/schemas/Id"}},
                            "x-patternProperties": {"^custom_": {"type": "string"}},
                            "additionalProperties": {}
                        }}}},
                        "x-note": {"content": {"application/json": {"schema": {}}}}
                    }
                },
                "x-other": {"responses": {}}
            }},
            "components": {"schemas": {
                "Id": {"oneOf": [{"type": "integer"}, {"type": "string"}]}
            }}
        })
    }

    #[test]
    fn read_and_mutable_walks_agree() {
        let mut doc = document();
        let mut read = Vec::new();
        each_schema(&doc, &mut |ptr, _| read.push(ptr.to_owned()));
        let mut written = Vec::new();
        each_schema_mut(&mut doc, &mut |ptr, schema| {
            written.push(ptr.to_owned());
            schema.insert("x-seen".to_owned(), Value::Bool(true));
        });
        assert_eq!(read, written);
        assert_eq!(
            read,
            [
                "/components/schemas/Id",
                "/components/schemas/Id/oneOf/0",
                "/components/schemas/Id/oneOf/1",
                "/paths/~1a/parameters/0/schema",
                "/paths/~1a/get/responses/200/content/application~1json/schema",
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/id",
                "/paths/~1a/get/responses/200/content/application~1json/schema/x-patternProperties/^custom_",
                "/paths/~1a/get/responses/200/content/application~1json/schema/additionalProperties",
            ]
        );
        let mut marked = 0;
        each_schema(&doc, &mut |_, schema| {
            marked += usize::from(schema.get("x-seen") == Some(&Value::Bool(true)));
        });
        assert_eq!(marked, read.len());
    }

    #[test]
    fn refs_skip_examples_and_extensions() {
        let doc = json!({
            "a": {"$ref": "#/one"},
            "example": {"$ref": "#/not-a-ref"},
            "x-extension": {"$ref": "#/not-either"},
            "examples": {"e": {"value": {"$ref": "#/data"}}},
            "properties": {"example": {"$ref": "#/two"}}
        });
        let mut refs = Vec::new();
        each_ref(&doc, &mut |ptr, r| {
            refs.push((ptr.to_owned(), r.to_owned()))
        });
        assert_eq!(
            refs,
            [
                ("/a/$ref".to_owned(), "#/one".to_owned()),
                ("/properties/example/$ref".to_owned(), "#/two".to_owned()),
            ]
        );
    }
}
