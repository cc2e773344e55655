//! The operation table: one row per (path, method) in the spec.

use serde_json::Value;

use crate::pointer;
use crate::schema_view::SchemaView;
use crate::walk::METHODS;

/// One operation of the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`; empty when the spec omits it (the `operation-id` lint rule reports that).
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template as written under `paths`, e.g. `/visits/{id}`.
    pub path: String,
    /// JSON pointer of the operation object, e.g. `/paths/~1visits~1{id}/get`.
    pub pointer: String,
    /// Path-item parameters merged with the operation's own (the operation's win on the same
    /// name and location), references resolved.
    pub parameters: Vec<Parameter>,
    /// Media types of the request body, in spec order (empty when there is no body).
    pub request_media_types: Vec<String>,
    pub request_required: bool,
    /// Response status keys as written (`"200"`, `"4XX"`, `"default"`); `x-` extensions are
    /// left out. Keys that are not statuses ([`ResponseKey::Invalid`]) are kept so that
    /// tools can report them; the `response-status` lint rule flags them.
    pub responses: Vec<String>,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    /// `path`, `query`, `header` or `cookie`.
    pub location: String,
    pub required: bool,
    /// The OpenAPI schema as written, except that a schema that is itself a `$ref` is replaced
    /// by its target (following a chain of references to the first non-reference); references
    /// inside the target stay as written. For a parameter described with `content` instead of
    /// `schema`, the schema of its first media type. Convert it with
    /// [`crate::SchemaSet::convert`] before validating.
    pub schema: Option<Value>,
}

/// What a key under an operation's `responses` is (OpenAPI 3.0.3, Responses Object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKey {
    /// An HTTP status code from `100` to `599`, written as three digits.
    Code(u16),
    /// A range `1XX` to `5XX` (upper-case `X`, as OpenAPI 3.0 specifies); the first digit.
    Range(u8),
    /// `default`.
    Default,
    /// An `x-` specification extension: not a response.
    Extension,
    /// Anything else (`20O`, `4xx`, `600`, `2XX/..`): not valid, and never used as a file name.
    Invalid,
}

impl ResponseKey {
    pub fn parse(key: &str) -> ResponseKey {
        if key == "default" {
            return ResponseKey::Default;
        }
        if key.starts_with("x-") {
            return ResponseKey::Extension;
        }
        match key.as_bytes() {
            [first @ b'1'..=b'5', b'X', b'X'] => ResponseKey::Range(first - b'0'),
            [a @ b'1'..=b'5', b @ b'0'..=b'9', c @ b'0'..=b'9'] => ResponseKey::Code(
                u16::from(a - b'0') * 100 + u16::from(b - b'0') * 10 + u16::from(c - b'0'),
            ),
            _ => ResponseKey::Invalid,
        }
    }

    /// A status code, a range or `default`: a key that names responses.
    pub fn is_status(self) -> bool {
        matches!(
            self,
            ResponseKey::Code(_) | ResponseKey::Range(_) | ResponseKey::Default
        )
    }
}

impl Operation {
    /// The parameters in one location (`path`, `query`, ...).
    pub fn parameters_in<'a>(&'a self, location: &'a str) -> impl Iterator<Item = &'a Parameter> {
        self.parameters
            .iter()
            .filter(move |p| p.location == location)
    }
}

/// The operation table of a document (the loader stores it in [`crate::Spec`]).
pub(crate) fn build(document: &Value) -> Vec<Operation> {
    let spec = SchemaView::new(document);
    let mut out = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let item_ptr = pointer::push("/paths", path);
        // A path item may itself be a `$ref` (rare, but legal in 3.0).
        let item = spec.resolve(item);
        let Some(item_map) = item.as_object() else {
            continue;
        };
        let shared = parameters_of(spec, item);
        for (method, op) in item_map {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let mut parameters = shared.clone();
            for own in parameters_of(spec, op) {
                match parameters
                    .iter_mut()
                    .find(|p| p.name == own.name && p.location == own.location)
                {
                    Some(existing) => *existing = own,
                    None => parameters.push(own),
                }
            }
            let body = op.get("requestBody").map(|b| spec.resolve(b));
            let request_media_types = body
                .and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .map(|c| c.keys().cloned().collect())
                .unwrap_or_default();
            let request_required = body
                .and_then(|b| b.get("required"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let responses = op
                .get("responses")
                .and_then(Value::as_object)
                .map(|r| {
                    r.keys()
                        .filter(|k| ResponseKey::parse(k) != ResponseKey::Extension)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            out.push(Operation {
                id: op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                pointer: pointer::push(&item_ptr, method),
                parameters,
                request_media_types,
                request_required,
                responses,
            });
        }
    }
    out
}

fn parameters_of(spec: SchemaView<'_>, owner: &Value) -> Vec<Parameter> {
    let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|p| {
            let p = spec.resolve(p);
            let name = p.get("name")?.as_str()?.to_owned();
            let location = p.get("in")?.as_str()?.to_owned();
            let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
            let schema = p.get("schema").or_else(|| {
                p.get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .and_then(|mt| mt.get("schema"))
            });
            let schema = schema.map(|s| {
                let (target, at) = spec.follow(s);
                if at.is_some() {
                    target.clone()
                } else {
                    s.clone()
                }
            });
            Some(Parameter {
                name,
                location,
                required,
                schema,
            })
        })
        .collect()
}
