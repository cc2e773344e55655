//! Rule `media-type`: one request media type per operation.

use serde_json::Value;

use super::copy::{Rule, SpecCopy};
use crate::walk::{escape, unescape, METHODS};

pub const RULE: Rule = Rule {
    name: "media-type",
    title: "One request media type per operation",
    explanation: "progenitor panics on a request body with more than one media type and cannot \
        send `multipart/form-data`. The copy keeps exactly one, the first that exists of \
        `application/json` (with or without parameters), `application/x-www-form-urlencoded`, \
        `application/octet-stream`, `text/plain` (what progenitor 0.15 can send); a `$ref` to \
        `components/requestBodies` is inlined first, so the choice is per operation. The \
        others stay in the spec, so recorded traffic in those encodings still validates. An \
        operation with none of these is an error that names it.",
    apply,
};

/// Media types progenitor 0.15 can send, in order of preference .
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

fn apply(copy: &mut SpecCopy) {
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    let doc = &mut copy.document;
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
                        errors.push((
                            format!("{op_pointer}/requestBody"),
                            format!(
                                "{op_id}: request body reference {reference:?} does not point \
                                 into #/components/requestBodies; inline the body or fix the $ref"
                            ),
                        ));
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
                errors.push((
                    format!("{op_pointer}/requestBody/content"),
                    format!(
                        "{op_id}: none of the request media types ({}) can be sent by the \
                         generated client; add `application/json` (or form-urlencoded) to this \
                         request body",
                        content.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
                continue;
            };
            let dropped: Vec<String> = content.keys().filter(|k| **k != chosen).cloned().collect();
            content.retain(|k, _| *k == chosen);
            changes.push((
                format!("{op_pointer}/requestBody/content"),
                format!("{op_id} sends {chosen} (not {})", dropped.join(", ")),
            ));
        }
    }
    for (pointer, message) in changes {
        copy.change(pointer, message);
    }
    for (pointer, message) in errors {
        copy.error(pointer, message);
    }
}

#[cfg(test)]
mod tests {
    use super::super::prepare;
    use serde_json::json;

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
