//! Structural walks over the OpenAPI document as JSON: every `$ref`, every schema.
//!
//! The loader caps nesting at [`crate::loader::MAX_DEPTH`], so plain recursion is safe here.

use serde_json::Value;

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

/// HTTP methods an OpenAPI 3.0 path item can hold, lower-case as written in the spec.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

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

/// Visits `schema` and its subschemas, depth first, in document order.
pub fn visit_schema<'a>(schema: &'a Value, ptr: &str, f: &mut dyn FnMut(&str, &'a Value)) {
    let Some(map) = schema.as_object() else {
        return;
    };
    f(ptr, schema);
    if map.contains_key("$ref") {
        return;
    }
    for (key, child) in map {
        let child_ptr = pointer::push(ptr, key);
        match key.as_str() {
            "properties" | "patternProperties" | "x-patternProperties" => {
                each_member(child, &child_ptr, f)
            }
            "items" | "not" | "additionalProperties" => visit_schema(child, &child_ptr, f),
            "allOf" | "oneOf" | "anyOf" => {
                if let Some(items) = child.as_array() {
                    for (i, item) in items.iter().enumerate() {
                        visit_schema(item, &format!("{child_ptr}/{i}"), f);
                    }
                }
            }
            _ => {}
        }
    }
}

fn each_member<'a>(map: &'a Value, ptr: &str, f: &mut dyn FnMut(&str, &'a Value)) {
    if let Some(map) = map.as_object() {
        for (name, schema) in map {
            visit_schema(schema, &pointer::push(ptr, name), f);
        }
    }
}
