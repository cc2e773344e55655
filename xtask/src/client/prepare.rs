//! The generator's copy of the spec.
//!
//! progenitor and typify read a subset of OpenAPI 3.0. The spec is written for every consumer
//! (validation of recorded traffic, published JSON Schemas, the client), so rather than
//! bending the spec, `cargo xtask generate` hands the generator a **copy** transformed by the
//! rules below. The spec file itself is never changed. Every rule is generic (nothing names
//! an operation or a schema of this API) and every change it makes is listed, in the header
//! of `generated.rs` and in the output of `cargo xtask generate`, so a reviewer sees it.
//!
//! 1. **One request media type per operation.** progenitor panics on a request body with
//!    more than one media type and cannot send `multipart/form-data`. The copy keeps exactly
//!    one, the first that exists of: `application/json` (with or without parameters),
//!    `application/x-www-form-urlencoded`, `application/octet-stream`, `text/plain` (the
//!    media types progenitor 0.15 can send). The others stay in the spec (recorded traffic
//!    in those encodings still validates); they are only removed from the copy. An operation
//!    with none of these is an error that names it.
//! 2. **No two properties of one object map to the same Rust field.** typify names a field
//!    by snake-casing the property name (`_id` -> `id`, `intakeId` -> `intake_id`) and has no
//!    collision handling, so `{id, _id}` would produce a struct that does not compile. Within
//!    each group of colliding properties, the property whose name already *is* the Rust field
//!    name wins (when none is, the first in document order wins); the others are removed from
//!    the copy's `properties` and `required`. Because every object states
//!    `additionalProperties: {}`, a removed property still deserializes, losslessly, into the
//!    struct's flattened `extra` map. An object whose `additionalProperties` is absent, `true`
//!    or `false` would lose (or reject) the removed property, so that is an error asking for
//!    `additionalProperties: {}`.
//! 3. **Numbers keep their JSON form.** typify maps `type: number` to `f64`, which writes the
//!    integer `0` back as `0.0`: a re-serialized payload would differ from what the API sent.
//!    Every `type: number` schema without its own `x-rust-type` gets
//!    `x-rust-type: {crate: serde_json, version: "1", path: serde_json::Number}` in the copy;
//!    `serde_json::Number` keeps integers as integers (`as_f64()` reads any of them).
//! 4. **Nullable properties are marked for post-processing.** Only a property that accepts
//!    `null` can be present as `null` in a valid payload: one with `nullable: true` (beside a
//!    `type`, or, not strict OAS 3.0.3, on an `allOf`/`oneOf`/`anyOf` wrapper around a `$ref`),
//!    one that is `anyOf: [{$ref: ..}, {enum: [null]}]` (the strict spelling of a nullable
//!    reference; progenitor reads the untyped `{enum: [null]}` as the null type and typify the
//!    `anyOf` as `Option<T>`), and one whose schema has no type at all (`{}`,
//!    `{description: ..}`: typify's `serde_json::Value`).
//!    Post-processing gives exactly those fields a third state for a present `null`
//!    (`Option<Option<T>>`, see `postprocess.rs`), but typify gives a nullable and a
//!    non-nullable optional property the same `Option<T>`. So the copy appends a marker
//!    `[[xtask-nullable:N]]` (N numbers the marked properties) to each such property's
//!    `description` (adding one when absent): typify turns a property's description into the
//!    field's doc comment, which is attached to exactly that field. Post-processing reads the
//!    marker there, removes it (and a doc left empty), and fails when any marker is left in the
//!    output or a marked property produced no field. A property that is a bare `$ref` to a
//!    nullable or untyped component cannot carry a description (OpenAPI 3.0 ignores a
//!    `$ref`'s siblings), so that is an error asking for `anyOf: [{$ref: ..}, {enum: [null]}]`. Properties removed by rule 2 are not marked (they live in `extra`).
//!
//! Rules apply wherever a schema can appear: component schemas, parameters, request bodies,
//! responses, and every nested `properties`, `items`, `additionalProperties`,
//! `allOf`/`oneOf`/`anyOf` and `not`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One change made to the generator's copy, or one reason the copy cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// RFC 6901 pointer into the spec of the node concerned.
    pub pointer: String,
    pub message: String,
}

/// The generator's copy of the spec, and what was changed to make it.
#[derive(Debug)]
pub struct Prepared {
    pub document: Value,
    pub changes: Vec<Note>,
    /// Pointers of the properties marked by rule 4; the marker of `nullable[n]` is
    /// [`nullable_marker`]`(n)`.
    pub nullable: Vec<String>,
}

/// Start of every rule-4 marker; the whole marker is `[[xtask-nullable:N]]`.
pub const NULLABLE_MARKER_PREFIX: &str = "[[xtask-nullable:";

/// The marker rule 4 appends to the description of the `n`-th marked property.
pub fn nullable_marker(n: usize) -> String {
    format!("{NULLABLE_MARKER_PREFIX}{n}]]")
}

/// Media types progenitor 0.15 can send, in order of preference (see rule 1).
fn media_rank(media_type: &str) -> Option<u8> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    // progenitor itself only recognises the exact essences below (it strips parameters),
    // so `application/*+json` would not be sent as JSON: it is not preferred.
    match essence.as_str() {
        "application/json" => Some(0),
        "application/x-www-form-urlencoded" => Some(1),
        "application/octet-stream" => Some(2),
        "text/plain" => Some(3),
        _ => None,
    }
}

/// Applies the rules of this module to a copy of `document`. On error, returns every
/// problem found (not just the first), each with the pointer of the node to fix.
pub fn prepare(document: &Value) -> Result<Prepared, Vec<Note>> {
    let mut copy = document.clone();
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    let mut nullable = Vec::new();
    let null_components = null_accepting_components(document);

    one_media_type_per_request(&mut copy, &mut changes, &mut errors);
    each_schema_mut(&mut copy, &mut |schema, pointer| {
        resolve_field_collisions(schema, pointer, &mut changes, &mut errors);
        mark_nullable_properties(
            schema,
            pointer,
            &null_components,
            &mut nullable,
            &mut errors,
        );
        keep_number_form(schema, pointer, &mut changes);
    });

    if errors.is_empty() {
        Ok(Prepared {
            document: copy,
            changes,
            nullable,
        })
    } else {
        Err(errors)
    }
}

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn one_media_type_per_request(doc: &mut Value, changes: &mut Vec<Note>, errors: &mut Vec<Note>) {
    // A request body may be a `$ref` to `components/requestBodies`; the copy inlines it so
    // the choice can differ per operation without touching the shared component.
    let shared_bodies = doc
        .pointer("/components/requestBodies")
        .cloned()
        .unwrap_or(Value::Null);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let op_pointer = format!("/paths/{}/{}", escape(path), method);
            let op_id = operation
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or("(no operationId)")
                .to_owned();
            let Some(body) = operation.get_mut("requestBody") else {
                continue;
            };
            if let Some(reference) = body.get("$ref").and_then(Value::as_str) {
                let name = reference
                    .strip_prefix("#/components/requestBodies/")
                    .map(unescape);
                match name.as_deref().and_then(|n| shared_bodies.get(n)) {
                    Some(target) => *body = target.clone(),
                    None => {
                        errors.push(Note {
                            pointer: format!("{op_pointer}/requestBody"),
                            message: format!(
                                "{op_id}: request body reference {reference:?} does not point \
                                 into #/components/requestBodies; inline the body or fix the $ref"
                            ),
                        });
                        continue;
                    }
                }
            }
            let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
                continue;
            };
            if content.len() <= 1 && content.keys().all(|k| media_rank(k).is_some()) {
                continue;
            }
            let chosen = content
                .keys()
                .filter_map(|k| media_rank(k).map(|rank| (rank, k.clone())))
                .min_by_key(|(rank, _)| *rank)
                .map(|(_, k)| k);
            let Some(chosen) = chosen else {
                errors.push(Note {
                    pointer: format!("{op_pointer}/requestBody/content"),
                    message: format!(
                        "{op_id}: none of the request media types ({}) can be sent by the \
                         generated client; add `application/json` (or form-urlencoded) to this \
                         request body",
                        content.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                });
                continue;
            };
            let dropped: Vec<String> = content.keys().filter(|k| **k != chosen).cloned().collect();
            content.retain(|k, _| *k == chosen);
            changes.push(Note {
                pointer: format!("{op_pointer}/requestBody/content"),
                message: format!("{op_id} sends {chosen} (not {})", dropped.join(", ")),
            });
        }
    }
}

/// typify's field name for a property: `typify_impl::util::sanitize(name, Case::Snake)`,
/// reimplemented here because typify does not export it. Kept in step by the tests below,
/// which mirror typify's own examples.
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
    if is_keyword(&out) {
        format!("{out}_")
    } else {
        out
    }
}

fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

fn resolve_field_collisions(
    schema: &mut Map<String, Value>,
    pointer: &str,
    changes: &mut Vec<Note>,
    errors: &mut Vec<Note>,
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
            errors.push(Note {
                pointer: format!("{pointer}/properties/{}", escape(loser)),
                message: format!(
                    "properties `{loser}` and `{winner}` both become the Rust field `{field}`; \
                     the generator keeps `{winner}` and can only keep `{loser}` losslessly in \
                     the struct's `extra` map, which needs `additionalProperties: {{}}` on this \
                     object"
                ),
            });
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
        changes.push(Note {
            pointer: format!("{pointer}/properties/{}", escape(&loser)),
            message: format!(
                "`{loser}` collides with `{winner}` (Rust field `{field}`): kept in `extra`"
            ),
        });
    }
}

/// Whether a (non-`$ref`) schema accepts `null` (rule 4): vsee-spec's one definition.
pub use vsee_spec::schema_view::accepts_null;

/// Names of the component schemas that accept `null` (a bare `$ref` to one cannot be marked).
fn null_accepting_components(document: &Value) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, schema)| {
            schema
                .as_object()
                .is_some_and(|s| !s.contains_key("$ref") && accepts_null(s))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

fn mark_nullable_properties(
    schema: &mut Map<String, Value>,
    pointer: &str,
    null_components: &[String],
    nullable: &mut Vec<String>,
    errors: &mut Vec<Note>,
) {
    let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        let Some(property) = property.as_object_mut() else {
            continue;
        };
        let property_pointer = format!("{pointer}/properties/{}", escape(name));
        if let Some(reference) = property.get("$ref").and_then(Value::as_str) {
            let target = reference
                .strip_prefix("#/components/schemas/")
                .map(unescape);
            if target.is_some_and(|t| null_components.contains(&t)) {
                errors.push(Note {
                    pointer: property_pointer,
                    message: format!(
                        "property `{name}` refers to {reference}, which accepts null, but a \
                         bare $ref cannot carry the description the generator marks nullable \
                         fields with; write it as `anyOf: [{{$ref: '{reference}'}}, {{enum: \
                         [null]}}]`"
                    ),
                });
            }
            continue;
        }
        if !accepts_null(property) {
            continue;
        }
        let marker = nullable_marker(nullable.len());
        let description = match property.get("description").and_then(Value::as_str) {
            Some(text) if !text.trim().is_empty() => format!("{}\n\n{marker}", text.trim_end()),
            _ => marker,
        };
        property.insert("description".to_owned(), Value::String(description));
        nullable.push(property_pointer);
    }
}

/// The `x-rust-type` of rule 3.
pub fn number_type() -> Value {
    serde_json::json!({"crate": "serde_json", "version": "1", "path": "serde_json::Number"})
}

fn keep_number_form(schema: &mut Map<String, Value>, pointer: &str, changes: &mut Vec<Note>) {
    let is_number = schema.get("type").and_then(Value::as_str) == Some("number");
    if !is_number || schema.contains_key("x-rust-type") {
        return;
    }
    schema.insert("x-rust-type".to_owned(), number_type());
    changes.push(Note {
        pointer: pointer.to_owned(),
        message: "number decoded as serde_json::Number (keeps `0` as `0`, not `0.0`)".to_owned(),
    });
}

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

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
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

    fn doc_with(schema: Value) -> Value {
        json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {"T": schema}}})
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
        assert_eq!(prepared.changes.len(), 1);
        assert_eq!(
            prepared.changes[0].pointer,
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

    #[test]
    fn json_is_preferred_and_multipart_never_kept() {
        let doc = json!({"openapi": "3.0.3", "paths": {"/a": {"post": {
            "operationId": "a",
            "requestBody": {"content": {
                "multipart/form-data": {"schema": {}},
                "application/x-www-form-urlencoded": {"schema": {}},
                "application/json; charset=utf-8": {"schema": {}}
            }},
            "responses": {}
        }}}});
        let prepared = prepare(&doc).unwrap();
        let content = prepared.document["paths"]["/a"]["post"]["requestBody"]["content"]
            .as_object()
            .unwrap();
        assert_eq!(
            content.keys().collect::<Vec<_>>(),
            ["application/json; charset=utf-8"]
        );
        assert_eq!(
            prepared.changes[0].pointer,
            "/paths/~1a/post/requestBody/content"
        );
    }

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

    #[test]
    fn properties_that_accept_null_are_marked_in_their_description() {
        let doc = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
            "Any": {"description": "anything"},
            "T": {
                "type": "object", "additionalProperties": {},
                "properties": {
                    "plain": {"type": "string"},
                    "nullable": {"type": "string", "nullable": true, "description": "A name. "},
                    "wrapped": {"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true},
                    "untyped": {},
                    "strict": {"anyOf": [{"$ref": "#/components/schemas/T"}, {"enum": [null]}]},
                    "either": {"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "string"}]},
                    "typed_enum": {"type": "string", "enum": ["a", null]},
                    "not_nullable": {"type": "integer", "nullable": false},
                    "reference": {"$ref": "#/components/schemas/T"},
                    "_id": {"nullable": true},
                    "id": {"type": "string"}
                }
            }
        }}});
        let prepared = prepare(&doc).unwrap();
        let props = &prepared.document["components"]["schemas"]["T"]["properties"];
        assert_eq!(
            prepared.nullable,
            [
                "/components/schemas/T/properties/nullable",
                "/components/schemas/T/properties/wrapped",
                "/components/schemas/T/properties/untyped",
                "/components/schemas/T/properties/strict",
            ]
        );
        assert_eq!(
            props["nullable"]["description"],
            "A name.\n\n[[xtask-nullable:0]]"
        );
        assert_eq!(props["wrapped"]["description"], nullable_marker(1));
        assert_eq!(props["untyped"]["description"], nullable_marker(2));
        assert_eq!(props["strict"]["description"], nullable_marker(3));
        // A `type` without `nullable: true` rejects null (OAS 3.0.3), whatever the enum lists.
        for unmarked in [
            "plain",
            "not_nullable",
            "reference",
            "id",
            "either",
            "typed_enum",
        ] {
            assert!(props[unmarked].get("description").is_none(), "{unmarked}");
        }
        // The loser of a collision (rule 2) is gone, not marked.
        assert!(props.get("_id").is_none());
        // The input is untouched.
        assert!(
            doc["components"]["schemas"]["T"]["properties"]["nullable"]["description"]
                .as_str()
                .is_some_and(|d| !d.contains(NULLABLE_MARKER_PREFIX))
        );
    }

    #[test]
    fn a_bare_ref_to_a_nullable_component_is_an_error() {
        let doc = json!({"openapi": "3.0.3", "paths": {}, "components": {"schemas": {
            "Maybe": {"type": "string", "nullable": true},
            "T": {"type": "object", "properties": {"m": {"$ref": "#/components/schemas/Maybe"}}}
        }}});
        let errors = prepare(&doc).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].pointer, "/components/schemas/T/properties/m");
        assert!(
            errors[0]
                .message
                .contains("anyOf: [{$ref: '#/components/schemas/Maybe'}, {enum: [null]}]"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn multipart_only_is_an_error() {
        let doc = json!({"openapi": "3.0.3", "paths": {"/a": {"post": {
            "operationId": "a",
            "requestBody": {"content": {"multipart/form-data": {"schema": {}}}},
            "responses": {}
        }}}});
        let errors = prepare(&doc).unwrap_err();
        assert!(errors[0]
            .message
            .contains("a: none of the request media types"));
    }
}
