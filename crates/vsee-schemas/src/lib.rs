//! The published JSON Schemas of the VSee Clinic API v3, embedded for Rust consumers.
//!
//! The files under `schemas/` are written by `cargo xtask generate` from `spec/vsee.yaml` (with
//! the conversion of `vsee-spec`) and are the same files other teams load from JavaScript or
//! Python. Each is a JSON Schema 2020-12 document with an absolute `$id` under [`BASE_URI`];
//! references between files use those ids, so a validator needs every file registered (see
//! [`files`]) and never fetches anything. `index.json` maps operations and statuses to files.
//!
//! ```
//! let schema = vsee_schemas::response("get_visit", 200).expect("documented");
//! assert_eq!(schema.name, "operations/get_visit/response.200.json");
//! assert!(schema.id().starts_with(vsee_schemas::BASE_URI));
//! // 404 is not documented on its own: the `4XX` range answers for it.
//! assert_eq!(vsee_schemas::response("get_visit", 404).unwrap().name, "operations/get_visit/response.4XX.json");
//! ```

use std::sync::OnceLock;

use serde_json::Value;

mod embedded;

pub use embedded::BASE_URI;

/// One published schema file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaFile {
    /// Path relative to the schema folder, e.g. `components/Visit.json`.
    pub name: &'static str,
    /// The file's text, exactly as published.
    pub text: &'static str,
}

impl SchemaFile {
    /// The file parsed as JSON.
    pub fn json(&self) -> Value {
        // The files are generated and checked by `cargo xtask check` and the tests; a parse
        // failure here means the crate was edited by hand.
        serde_json::from_str(self.text).unwrap_or_else(|e| {
            panic!("{}: embedded schema is not JSON ({e}); run `cargo xtask generate`", self.name)
        })
    }

    /// The file's absolute `$id`.
    pub fn id(&self) -> String {
        format!("{BASE_URI}{}", self.name)
    }
}

/// Every published file except `index.json`, sorted by name.
pub fn files() -> impl Iterator<Item = SchemaFile> {
    embedded::FILES
        .iter()
        .filter(|(name, _)| *name != "index.json")
        .map(|&(name, text)| SchemaFile { name, text })
}

/// One file by its path relative to the schema folder (`index.json` included).
pub fn file(name: &str) -> Option<SchemaFile> {
    embedded::FILES
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| {
            let (name, text) = embedded::FILES[i];
            SchemaFile { name, text }
        })
}

/// `index.json`: `{"operations": {id: {method, path, request: {media type: file}, responses:
/// {status: file}}}, "components": {name: file}}`.
pub fn index() -> &'static Value {
    static INDEX: OnceLock<Value> = OnceLock::new();
    INDEX.get_or_init(|| file("index.json").map(|f| f.json()).unwrap_or(Value::Null))
}

/// The schema of a component, e.g. `Visit`.
pub fn component(name: &str) -> Option<SchemaFile> {
    lookup(&index()["components"][name])
}

/// The response schema of an operation for a concrete status: the exact status when the spec
/// documents it, otherwise its range (`4XX`), as OpenAPI chooses.
pub fn response(operation_id: &str, status: u16) -> Option<SchemaFile> {
    let responses = &index()["operations"][operation_id]["responses"];
    lookup(&responses[status.to_string()]).or_else(|| lookup(&responses[format!("{}XX", status / 100)]))
}

/// The request body schema of an operation for a media type (parameters such as `charset` and
/// `boundary` are ignored).
pub fn request(operation_id: &str, media_type: &str) -> Option<SchemaFile> {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    let requests = index()["operations"][operation_id]["request"].as_object()?;
    requests
        .iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(essence))
        .and_then(|(_, f)| lookup(f))
}

/// The ids of every documented operation, in index order.
pub fn operation_ids() -> impl Iterator<Item = &'static str> {
    index()["operations"]
        .as_object()
        .into_iter()
        .flat_map(|ops| ops.keys().map(String::as_str))
}

fn lookup(name: &Value) -> Option<SchemaFile> {
    name.as_str().and_then(file)
}
