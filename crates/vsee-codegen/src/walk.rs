//! The schema walk of the generator's copy of the spec, and the pointer helpers its rules use.
//!
//! vsee-spec has a read-only walk of its own (private today); when it exports a mutable one,
//! this module is replaced by it. Until then it is the only walk in this crate.

use serde_json::{Map, Value};

/// The HTTP methods of an OpenAPI 3.0 path item.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `f` on every schema object of an OpenAPI 3.0 document, outermost first, with its
/// pointer. `$ref` objects are not followed (their targets are visited where they live).
pub fn each_schema_mut(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            for (name, schema) in schemas.iter_mut() {
                visit(schema, &format!("/components/schemas/{}", escape(name)), f);
            }
        }
        for (section, kind) in [
            ("parameters", Holder::Parameter),
            ("requestBodies", Holder::Content),
            ("responses", Holder::Response),
            ("headers", Holder::Parameter),
        ] {
            if let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) {
                for (name, holder) in map.iter_mut() {
                    let ptr = format!("/components/{section}/{}", escape(name));
                    visit_holder(holder, &ptr, kind, f);
                }
            }
        }
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let item_ptr = format!("/paths/{}", escape(path));
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                let ptr = format!("{item_ptr}/{}", escape(key));
                if key == "parameters" {
                    visit_list(value, &ptr, Holder::Parameter, f);
                } else if METHODS.contains(&key.as_str()) {
                    let Some(op) = value.as_object_mut() else {
                        continue;
                    };
                    if let Some(params) = op.get_mut("parameters") {
                        visit_list(params, &format!("{ptr}/parameters"), Holder::Parameter, f);
                    }
                    if let Some(body) = op.get_mut("requestBody") {
                        visit_holder(body, &format!("{ptr}/requestBody"), Holder::Content, f);
                    }
                    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut)
                    {
                        for (status, response) in responses.iter_mut() {
                            let rptr = format!("{ptr}/responses/{}", escape(status));
                            visit_holder(response, &rptr, Holder::Response, f);
                        }
                    }
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Holder {
    /// A parameter or header: `schema`, or `content.*.schema`.
    Parameter,
    /// A request body: `content.*.schema`.
    Content,
    /// A response: `content.*.schema` and `headers.*`.
    Response,
}

fn visit_list(
    list: &mut Value,
    ptr: &str,
    kind: Holder,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    if let Some(items) = list.as_array_mut() {
        for (i, holder) in items.iter_mut().enumerate() {
            visit_holder(holder, &format!("{ptr}/{i}"), kind, f);
        }
    }
}

fn visit_holder(
    holder: &mut Value,
    ptr: &str,
    kind: Holder,
    f: &mut dyn FnMut(&mut Map<String, Value>, &str),
) {
    let Some(holder) = holder.as_object_mut() else {
        return;
    };
    if let (Holder::Parameter, Some(schema)) = (kind, holder.get_mut("schema")) {
        visit(schema, &format!("{ptr}/schema"), f);
    }
    if let Some(content) = holder.get_mut("content").and_then(Value::as_object_mut) {
        for (media, media_type) in content.iter_mut() {
            if let Some(schema) = media_type.get_mut("schema") {
                visit(
                    schema,
                    &format!("{ptr}/content/{}/schema", escape(media)),
                    f,
                );
            }
        }
    }
    if let (Holder::Response, Some(headers)) = (
        kind,
        holder.get_mut("headers").and_then(Value::as_object_mut),
    ) {
        for (name, header) in headers.iter_mut() {
            let hptr = format!("{ptr}/headers/{}", escape(name));
            visit_holder(header, &hptr, Holder::Parameter, f);
        }
    }
}

fn visit(schema: &mut Value, ptr: &str, f: &mut dyn FnMut(&mut Map<String, Value>, &str)) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if map.contains_key("$ref") {
        return;
    }
    f(map, ptr);
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, sub) in props.iter_mut() {
            visit(sub, &format!("{ptr}/properties/{}", escape(name)), f);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = map.get_mut(key) {
            visit(sub, &format!("{ptr}/{key}"), f);
        }
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            for (i, sub) in list.iter_mut().enumerate() {
                visit(sub, &format!("{ptr}/{key}/{i}"), f);
            }
        }
    }
}

/// RFC 6901 escaping of one pointer token.
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

pub fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
