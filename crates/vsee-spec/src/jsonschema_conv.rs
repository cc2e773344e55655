//! OpenAPI 3.0 Schema Objects -> JSON Schema 2020-12: the one conversion every tool uses
//! (published schema files, the contract validator, the lint's example check, tests).
//!
//! # Conversion rules ([`convert_schema`])
//!
//! Key order is kept as written in the spec, so the output is deterministic and diffs stay
//! readable; nothing is sorted.
//!
//! * `nullable: true`
//!   - with `$ref`, `allOf`, `oneOf` or `anyOf`: the schema (without `nullable`) is wrapped as
//!     `{"anyOf": [<schema>, {"type": "null"}]}`, because `null` must bypass every subschema;
//!   - otherwise with `type`: `"type": [<type>, "null"]`;
//!   - with `enum`: `null` is appended to the enum (when missing), as an enum is checked on
//!     its own and would otherwise reject `null`.
//!
//!   `nullable: false` and `nullable` on a schema without any of these are simply dropped.
//! * `example: v` -> `"examples": [v]`.
//! * Boolean `exclusiveMinimum: true` + `minimum: m` -> `"exclusiveMinimum": m` (same for the
//!   maximum); `false` is dropped; a numeric form (3.1 style) is kept.
//! * `$ref` -> the URI returned by the caller's `ref_to_uri` (in a [`SchemaSet`], the absolute
//!   `$id` of `components/<Name>.json`). OpenAPI 3.0 ignores the siblings of `$ref`; this
//!   conversion keeps only `nullable` (see above) and the annotations `title`, `description`,
//!   `deprecated`, `readOnly`, `writeOnly`, which change no validation outcome.
//! * Carried over unchanged (subschemas converted recursively): `type`, `format`, `title`,
//!   `description`, `default`, `enum`, `const`, `pattern`, `multipleOf`, `minimum`, `maximum`,
//!   `minLength`, `maxLength`, `minItems`, `maxItems`, `uniqueItems`, `minProperties`,
//!   `maxProperties`, `required`, `properties`, `additionalProperties`, `items`, `allOf`,
//!   `oneOf`, `anyOf`, `not`, `readOnly`, `writeOnly`, `deprecated`.
//! * `patternProperties` is not an OpenAPI 3.0 keyword (the official 3.0 meta-schema rejects
//!   it), so a spec spells it `x-patternProperties`; that one extension is translated to
//!   `patternProperties`. A bare `patternProperties` is carried over too, for specs that use
//!   it anyway, but prefer the `x-` form.
//! * Dropped: every other `x-` extension (they are instructions to other tools, e.g. code
//!   generators, and mean nothing to a JSON Schema validator), `discriminator` (its mapping is
//!   OpenAPI-specific; `oneOf` already carries the validation), `xml`, `externalDocs`, and any
//!   key that is not an OpenAPI 3.0 schema keyword (a validator built from the spec by other
//!   means, such as the generated types, would not see them either).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{json, Map, Value};

use crate::error::{Location, Problem, SpecError};
use crate::loader::Spec;
use crate::media;
use crate::operations::{Operation, ResponseKey};
use crate::pointer;

/// `$schema` of every generated document.
pub const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Annotations kept beside a `$ref`.
const REF_ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Keywords copied as they are.
const PLAIN: &[&str] = &[
    "type",
    "format",
    "title",
    "description",
    "default",
    "enum",
    "const",
    "pattern",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "required",
    "readOnly",
    "writeOnly",
    "deprecated",
];

/// Converts one OpenAPI 3.0 Schema Object (and its subschemas) to JSON Schema 2020-12.
/// See the module documentation for the rules. Input that is not an object (e.g. a boolean
/// `additionalProperties`) is returned unchanged.
pub fn convert_schema(oas: &Value, ref_to_uri: &dyn Fn(&str) -> String) -> Value {
    let Some(map) = oas.as_object() else {
        return oas.clone();
    };
    let nullable = map.get("nullable").and_then(Value::as_bool) == Some(true);

    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        let mut out = Map::new();
        out.insert("$ref".into(), Value::String(ref_to_uri(reference)));
        for (key, value) in map {
            if REF_ANNOTATIONS.contains(&key.as_str()) {
                out.insert(key.clone(), value.clone());
            }
        }
        let out = Value::Object(out);
        return if nullable { or_null(out) } else { out };
    }

    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            "example" => {
                out.insert("examples".into(), Value::Array(vec![value.clone()]));
            }
            "minimum" | "maximum" => {
                let exclusive = if key == "minimum" {
                    "exclusiveMinimum"
                } else {
                    "exclusiveMaximum"
                };
                if map.get(exclusive).and_then(Value::as_bool) == Some(true) {
                    out.insert(exclusive.into(), value.clone());
                } else {
                    out.insert(key.clone(), value.clone());
                }
            }
            // The boolean (3.0) form was folded into `minimum`/`maximum` above.
            "exclusiveMinimum" | "exclusiveMaximum" if value.is_number() => {
                out.insert(key.clone(), value.clone());
            }
            "properties" | "patternProperties" | "x-patternProperties" => {
                let target = if key == "properties" {
                    "properties"
                } else {
                    "patternProperties"
                };
                let converted = match value.as_object() {
                    Some(members) => Value::Object(
                        members
                            .iter()
                            .map(|(name, s)| (name.clone(), convert_schema(s, ref_to_uri)))
                            .collect(),
                    ),
                    None => value.clone(),
                };
                out.insert(target.into(), converted);
            }
            "items" | "not" | "additionalProperties" => {
                out.insert(key.clone(), convert_schema(value, ref_to_uri));
            }
            "allOf" | "oneOf" | "anyOf" => {
                let converted = match value.as_array() {
                    Some(items) => Value::Array(
                        items
                            .iter()
                            .map(|s| convert_schema(s, ref_to_uri))
                            .collect(),
                    ),
                    None => value.clone(),
                };
                out.insert(key.clone(), converted);
            }
            k if PLAIN.contains(&k) => {
                out.insert(key.clone(), value.clone());
            }
            _ => {}
        }
    }

    if !nullable {
        return Value::Object(out);
    }
    let composed = ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| out.contains_key(*k));
    if composed {
        return or_null(Value::Object(out));
    }
    if let Some(ty) = out.get_mut("type") {
        match ty {
            Value::String(s) if s != "null" => *ty = json!([s.clone(), "null"]),
            Value::Array(types) if !types.iter().any(|t| t == "null") => {
                types.push(Value::String("null".into()))
            }
            _ => {}
        }
    }
    if let Some(Value::Array(values)) = out.get_mut("enum") {
        if !values.iter().any(Value::is_null) {
            values.push(Value::Null);
        }
    }
    Value::Object(out)
}

fn or_null(schema: Value) -> Value {
    json!({"anyOf": [schema, {"type": "null"}]})
}

/// Media type -> slug used in request file names; the same as [`crate::media::slug`].
pub fn media_slug(media_type: &str) -> String {
    media::slug(media_type)
}

/// Every JSON Schema 2020-12 document derived from one [`Spec`], keyed by relative file name:
///
/// * `components/<Name>.json` for each `components.schemas` entry;
/// * `operations/<operation_id>/request.<slug>.json` for each request media type (slug by
///   [`media::slug`]: `json`, `form`, `multipart`, else the essence with non-alphanumerics as
///   `-`, `any` for `*/*`); form and multipart bodies are described as the JSON object of
///   their fields;
/// * `operations/<operation_id>/response.<status>.json` for each response status as written
///   (`response.200.json`, `response.4XX.json`) that has a JSON body (chosen by
///   [`media::json_body`]: the first `application/json` or `+json` media type with a schema,
///   else a `*/*` one). A response without a JSON body (no content, a PDF, ...) gets no file
///   and no entry in the index.
///
/// Operation files whose schema is a plain `$ref` stay tiny: `{"$schema", "$id", "$ref"}`
/// pointing to the component by its absolute `$id`. Operations without an `operationId` get
/// no files (the lint reports them).
///
/// Every part of a file name is checked before it is used, so no spec can make a tool write
/// outside the schema folder: building fails (never panics) with a located problem when an
/// `operationId` holds anything but ASCII letters, digits, `-` and `_` (rule `operation-id`),
/// or a response key is not a status code `100`-`599`, a range `1XX`-`5XX` or `default`
/// (rule `response-status`; `x-` extensions under `responses` are skipped). Media types become
/// slugs of `[a-z0-9-]`, component names are checked too (rule `component-name`).
pub struct SchemaSet {
    base_uri: String,
    documents: BTreeMap<String, Value>,
    index: Value,
    components: HashMap<String, String>,
    responses: HashMap<(String, String), String>,
    requests: HashMap<(String, String), String>,
    registry: jsonschema::Registry<'static>,
    /// Display name of the spec, for located compile errors.
    spec_file: String,
    /// File -> JSON pointer of the spec schema it was converted from.
    sources: BTreeMap<String, String>,
    /// Position of every node under a source schema, keyed by its spec pointer.
    positions: HashMap<String, (usize, usize)>,
    /// Spec pointers of schemas whose conversion is wrapped as `{"anyOf": [<schema>, null]}`.
    null_wrapped: HashSet<String>,
}

/// A compile failure of one converted schema, located in the spec when possible.
pub(crate) struct CompileFailure {
    pub(crate) problem: Problem,
    /// `false` when the failing keyword is not in the compiled document itself but in one it
    /// references (the referenced document fails on its own too).
    pub(crate) own: bool,
}

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaSet")
            .field("base_uri", &self.base_uri)
            .field("documents", &self.documents.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl SchemaSet {
    /// Builds every document. `base_uri` must be absolute and end with `/`, e.g.
    /// `https://schemas.vsee.example/api_v3/v1/`.
    pub fn build(spec: &Spec, base_uri: &str) -> Result<SchemaSet, SpecError> {
        Self::build_with(spec, base_uri, true)
    }

    /// Only the component documents: enough to check examples, and independent of
    /// operation-level mistakes (duplicate ids) that the lint reports on its own.
    pub(crate) fn build_components(spec: &Spec, base_uri: &str) -> Result<SchemaSet, SpecError> {
        Self::build_with(spec, base_uri, false)
    }

    fn build_with(
        spec: &Spec,
        base_uri: &str,
        with_operations: bool,
    ) -> Result<SchemaSet, SpecError> {
        if !base_uri.ends_with('/') || !base_uri.contains("://") {
            return Err(SpecError::new(vec![Problem::new(
                Location::new(spec.file(), 1, 1),
                "",
                "base-uri",
                format!(
                    "schema base URI `{base_uri}` must be absolute and end with `/`, e.g. \
                     `https://schemas.vsee.example/api_v3/v1/`"
                ),
            )]));
        }
        let mut files = Files {
            spec,
            base_uri,
            components: HashMap::new(),
            documents: BTreeMap::new(),
            sources: BTreeMap::new(),
            requests: HashMap::new(),
            responses: HashMap::new(),
        };
        let component_index = files.components()?;
        let mut op_index = Map::new();
        let mut seen: HashMap<&str, &str> = HashMap::new();
        let operations = if with_operations {
            spec.operations_ref()
        } else {
            &[]
        };
        for op in operations.iter().filter(|op| !op.id.is_empty()) {
            op_index.insert(op.id.clone(), files.operation(op, &mut seen)?);
        }
        let index = json!({
            "operations": Value::Object(op_index),
            "components": Value::Object(component_index),
        });
        let registry = build_registry(spec, base_uri, &files.documents)?;
        let mut positions = HashMap::new();
        let mut null_wrapped = HashSet::new();
        for source in files.sources.values() {
            if let Some(schema) = spec.document().pointer(source) {
                record_positions(spec, source, schema, &mut positions, &mut null_wrapped);
            }
        }
        Ok(SchemaSet {
            base_uri: base_uri.to_owned(),
            documents: files.documents,
            index,
            components: files.components,
            responses: files.responses,
            requests: files.requests,
            registry,
            spec_file: spec.file().to_owned(),
            sources: files.sources,
            positions,
            null_wrapped,
        })
    }

    /// Relative file name -> 2020-12 document (every one with `$schema` and an absolute `$id`).
    pub fn documents(&self) -> &BTreeMap<String, Value> {
        &self.documents
    }

    /// The content of `index.json`: `{"operations": {...}, "components": {...}}`, paths
    /// relative to the schema folder.
    pub fn index(&self) -> &Value {
        &self.index
    }

    pub fn base_uri(&self) -> &str {
        &self.base_uri
    }

    /// File of a component schema, e.g. `components/Visit.json`.
    pub fn component_file(&self, name: &str) -> Option<&str> {
        self.components.get(name).map(String::as_str)
    }

    /// File of a response body schema; `status` as written in the spec (`"200"`, `"4XX"`).
    pub fn response_file(&self, operation_id: &str, status: &str) -> Option<&str> {
        self.responses
            .get(&(operation_id.to_owned(), status.to_owned()))
            .map(String::as_str)
    }

    /// File of a request body schema for one media type as written in the spec.
    pub fn request_file(&self, operation_id: &str, media_type: &str) -> Option<&str> {
        self.requests
            .get(&(operation_id.to_owned(), media_type.to_owned()))
            .map(String::as_str)
    }

    /// Absolute `$id` of a file of this set.
    pub fn id_of(&self, file: &str) -> String {
        format!("{}{}", self.base_uri, file)
    }

    /// Converts a schema of the spec that has no file of its own (a parameter schema, a
    /// nested property) with the same `$ref` mapping as the set's documents; validate it with
    /// [`SchemaSet::validator_for_schema`].
    pub fn convert(&self, oas: &Value) -> Value {
        convert_schema(oas, &|r| {
            component_ref_uri(&self.base_uri, &self.components, r)
        })
    }

    /// A compiled validator for one file of the set. Every document of the set is registered
    /// by its `$id`, so cross-file references resolve without any network or file access.
    pub fn validator_for(&self, file: &str) -> Result<jsonschema::Validator, SpecError> {
        let Some(schema) = self.documents.get(file) else {
            return Err(SpecError::new(vec![Problem::new(
                Location::new(file, 1, 1),
                "",
                "schema-file",
                format!("no schema file `{file}` in this set; see index.json for the file names"),
            )]));
        };
        self.validator_for_schema(schema)
    }

    /// The JSON pointer of the spec schema a file of this set was converted from, e.g.
    /// `components/Visit.json` -> `/components/schemas/Visit`,
    /// `operations/get_visit/response.200.json` ->
    /// `/paths/~1visits~1{id}/get/responses/200/content/application~1json/schema` (or the
    /// `components/responses` entry it references). `None` for a file not in the set.
    pub fn source_pointer(&self, file: &str) -> Option<&str> {
        self.sources.get(file).map(String::as_str)
    }

    /// A compiled validator for any 2020-12 schema whose references point into this set.
    /// Formats are annotations except OpenAPI's `int32` and `int64`, which are asserted as
    /// ranges (keyword `format`; see `integer_format.rs`).
    ///
    /// A schema that does not compile (an invalid `pattern`, a negative `minLength`, ...) is
    /// an error with rule `schema-compiles`. For a document of this set it is located in the
    /// spec, at the keyword that fails (mapped back through the conversion's renames); for any
    /// other schema it names the schema's `$id` (or "converted schema") and the path inside it.
    pub fn validator_for_schema(&self, schema: &Value) -> Result<jsonschema::Validator, SpecError> {
        self.compile(schema)
            .map_err(|failure| SpecError::new(vec![failure.problem]))
    }

    pub(crate) fn compile(&self, schema: &Value) -> Result<jsonschema::Validator, CompileFailure> {
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_keyword(
                crate::integer_format::KEYWORD,
                crate::integer_format::factory,
            )
            .with_registry(&self.registry)
            .offline()
            .build(schema)
            .map_err(|err| self.compile_failure(schema, &err))
    }

    fn compile_failure(
        &self,
        schema: &Value,
        err: &jsonschema::ValidationError<'_>,
    ) -> CompileFailure {
        // While compiling, the schema is the instance: the instance path is where in the
        // schema the bad value sits (the schema path would point into the meta-schema).
        let inside = err.instance_path().as_str().to_owned();
        let shown_inside = if inside.is_empty() { "/" } else { &inside };
        let own = schema.pointer(&inside).is_some();
        let id = schema.get("$id").and_then(Value::as_str);
        let file = id.and_then(|id| id.strip_prefix(self.base_uri.as_str()));
        let source = file.and_then(|f| self.sources.get(f).map(|src| (f, src)));
        let problem = match source {
            Some((file, source)) if own => {
                let at = self.spec_pointer(source, &inside);
                Problem::new(
                    self.location_of(&at),
                    at,
                    "schema-compiles",
                    format!(
                        "the schema converted from here (`{file}`, at `{shown_inside}`) does not \
                         compile: {err}; fix this keyword's value in the spec"
                    ),
                )
            }
            Some((file, source)) => Problem::new(
                self.location_of(source),
                source.clone(),
                "schema-compiles",
                format!(
                    "the schema converted from here (`{file}`) references a schema that does not \
                     compile: {err} (at `{shown_inside}` of the referenced schema); fix that \
                     schema, which is reported on its own"
                ),
            ),
            None => {
                let name = file.or(id).unwrap_or("converted schema");
                Problem::new(
                    Location::new(name, 1, 1),
                    inside.clone(),
                    "schema-compiles",
                    format!(
                        "the converted schema `{name}` does not compile at `{shown_inside}`: \
                         {err}; fix the value of that keyword in the spec"
                    ),
                )
            }
        };
        CompileFailure { problem, own }
    }

    fn location_of(&self, spec_pointer: &str) -> Location {
        let mut current = spec_pointer;
        loop {
            if let Some(&(line, column)) = self.positions.get(current) {
                return Location::new(self.spec_file.clone(), line, column);
            }
            match pointer::parent(current) {
                Some(parent) => current = parent,
                None => return Location::new(self.spec_file.clone(), 1, 1),
            }
        }
    }

    /// Maps a pointer into the document converted from the spec schema at `source` back to the
    /// spec, undoing the conversion's renames (`patternProperties` <- `x-patternProperties`,
    /// `examples/0` <- `example`, numeric `exclusiveMinimum` <- `minimum`, the `anyOf` wrapper
    /// of a nullable reference or composition). Stops at the deepest node the spec has.
    fn spec_pointer(&self, source: &str, converted: &str) -> String {
        let tokens = pointer::tokens(converted);
        let exists = |p: &str| self.positions.contains_key(p);
        let mut at = source.to_owned();
        let mut unwrapped = false;
        let mut i = 0;
        while i < tokens.len() {
            let token = tokens[i].as_str();
            let next = tokens.get(i + 1).map(String::as_str);
            if token == "anyOf" && !unwrapped && self.null_wrapped.contains(&at) {
                if next != Some("0") {
                    break; // the added `{"type": "null"}` branch
                }
                unwrapped = true;
                i += 2;
                continue;
            }
            let (candidate, step) = match (token, next) {
                _ if exists(&pointer::push(&at, token)) => (pointer::push(&at, token), 1),
                ("patternProperties", _) => (pointer::push(&at, "x-patternProperties"), 1),
                ("examples", Some("0")) => (pointer::push(&at, "example"), 2),
                ("exclusiveMinimum", _) => (pointer::push(&at, "minimum"), 1),
                ("exclusiveMaximum", _) => (pointer::push(&at, "maximum"), 1),
                _ => break,
            };
            if !exists(&candidate) {
                break;
            }
            at = candidate;
            unwrapped = false;
            i += step;
        }
        at
    }
}

/// Records the position of `value` and of every node below it, and the schemas whose
/// conversion gets the nullable `anyOf` wrapper.
fn record_positions(
    spec: &Spec,
    ptr: &str,
    value: &Value,
    positions: &mut HashMap<String, (usize, usize)>,
    null_wrapped: &mut HashSet<String>,
) {
    if positions.contains_key(ptr) {
        return;
    }
    let here = spec.locate(ptr);
    positions.insert(ptr.to_owned(), (here.line, here.column));
    match value {
        Value::Object(map) => {
            let composed = ["$ref", "allOf", "oneOf", "anyOf"]
                .iter()
                .any(|k| map.contains_key(*k));
            if composed && map.get("nullable") == Some(&Value::Bool(true)) {
                null_wrapped.insert(ptr.to_owned());
            }
            for (key, child) in map {
                record_positions(
                    spec,
                    &pointer::push(ptr, key),
                    child,
                    positions,
                    null_wrapped,
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                record_positions(spec, &format!("{ptr}/{i}"), item, positions, null_wrapped);
            }
        }
        _ => {}
    }
}

/// `#/components/schemas/X[/rest]` -> `<base>components/X.json[#/rest]`; anything else is
/// passed through (the loader already rejected references outside `#/components/`).
fn component_ref_uri(
    base_uri: &str,
    components: &HashMap<String, String>,
    reference: &str,
) -> String {
    let Some(ptr) = pointer::local_ref_pointer(reference) else {
        return reference.to_owned();
    };
    let tokens = pointer::tokens(&ptr);
    if tokens.len() >= 3 && tokens[0] == "components" && tokens[1] == "schemas" {
        if let Some(file) = components.get(&tokens[2]) {
            let rest: String = tokens[3..]
                .iter()
                .map(|t| format!("/{}", pointer::escape(t)))
                .collect();
            return if rest.is_empty() {
                format!("{base_uri}{file}")
            } else {
                format!("{base_uri}{file}#{rest}")
            };
        }
    }
    reference.to_owned()
}

fn wrap(base_uri: &str, file: &str, converted: Value) -> Value {
    let mut out = Map::new();
    out.insert("$schema".into(), Value::String(DRAFT_2020_12.into()));
    out.insert("$id".into(), Value::String(format!("{base_uri}{file}")));
    match converted {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k, v);
            }
        }
        // Not reachable for spec schemas (always objects); keep the value rather than lose it.
        other => {
            out.insert("allOf".into(), Value::Array(vec![other]));
        }
    }
    Value::Object(out)
}

/// The converted files of one spec while [`SchemaSet::build`] collects them.
struct Files<'s> {
    spec: &'s Spec,
    base_uri: &'s str,
    /// Component name -> its file.
    components: HashMap<String, String>,
    documents: BTreeMap<String, Value>,
    sources: BTreeMap<String, String>,
    requests: HashMap<(String, String), String>,
    responses: HashMap<(String, String), String>,
}

impl Files<'_> {
    fn fail(&self, pointer: &str, rule: &str, message: String) -> SpecError {
        SpecError::new(vec![Problem::new(
            self.spec.locate(pointer),
            pointer,
            rule,
            message,
        )])
    }

    /// Converts the schema at `source` (a pointer into the spec) into `file`.
    fn add(&mut self, file: &str, schema: &Value, source: String) {
        let ref_to_uri =
            |reference: &str| component_ref_uri(self.base_uri, &self.components, reference);
        let converted = convert_schema(schema, &ref_to_uri);
        self.documents
            .insert(file.to_owned(), wrap(self.base_uri, file, converted));
        self.sources.insert(file.to_owned(), source);
    }

    /// `components/<Name>.json` for every component schema; the index's `components`.
    fn components(&mut self) -> Result<Map<String, Value>, SpecError> {
        let empty = Map::new();
        let schemas = self
            .spec
            .document()
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let mut index = Map::new();
        for name in schemas.keys() {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
            {
                return Err(self.fail(
                    &pointer::push("/components/schemas", name),
                    "component-name",
                    format!(
                        "component name `{name}` cannot be a file name; OpenAPI allows only \
                         letters, digits, `.`, `-` and `_` here: rename it"
                    ),
                ));
            }
            let file = format!("components/{name}.json");
            self.components.insert(name.clone(), file.clone());
            index.insert(name.clone(), Value::String(file));
        }
        // Every component's file is known before any is converted: `$ref`s between them
        // become those files' `$id`s.
        for (name, schema) in schemas {
            let file = self.components[name].clone();
            self.add(&file, schema, pointer::push("/components/schemas", name));
        }
        Ok(index)
    }

    /// The request and response files of one operation; its entry in the index. `seen`: the
    /// operation ids so far, with their pointers.
    fn operation<'o>(
        &mut self,
        op: &'o Operation,
        seen: &mut HashMap<&'o str, &'o str>,
    ) -> Result<Value, SpecError> {
        if let Some(first) = seen.insert(&op.id, &op.pointer) {
            return Err(self.fail(
                &format!("{}/operationId", op.pointer),
                "operation-id",
                format!(
                    "operationId `{}` is used twice (first at {first}); give each operation its \
                     own id",
                    op.id
                ),
            ));
        }
        // No `.`: an id of `.` or `..` would write outside `operations/`.
        if !op
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        {
            return Err(self.fail(
                &format!("{}/operationId", op.pointer),
                "operation-id",
                format!(
                    "operationId `{}` cannot be a folder name of the published schemas; use \
                     snake_case (lower-case letters, digits and `_`, e.g. `get_visit`)",
                    crate::error::shown(&op.id)
                ),
            ));
        }
        let op_value = self
            .spec
            .document()
            .pointer(&op.pointer)
            .unwrap_or(&Value::Null);
        let request = self.request_files(op, op_value);
        let responses = self.response_files(op, op_value)?;
        Ok(json!({
            "method": op.method,
            "path": op.path,
            "request": Value::Object(request),
            "responses": Value::Object(responses),
        }))
    }

    /// `operations/<id>/request.<slug>.json` for each request media type with a schema; the
    /// operation's `request` index (media type -> file).
    fn request_files(&mut self, op: &Operation, op_value: &Value) -> Map<String, Value> {
        let mut index = Map::new();
        let Some(body) = op_value.get("requestBody") else {
            return index;
        };
        let (body, body_at) = self.spec.deref(body);
        let body_ptr = body_at.unwrap_or_else(|| format!("{}/requestBody", op.pointer));
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            return index;
        };
        for (media, mt) in content {
            let Some(schema) = mt.get("schema") else {
                continue;
            };
            let file = format!("operations/{}/request.{}.json", op.id, media::slug(media));
            // Two media types with one slug (e.g. with and without charset): the first one
            // written describes both.
            if !self.documents.contains_key(&file) {
                let media_ptr = pointer::push(&format!("{body_ptr}/content"), media);
                self.add(&file, schema, format!("{media_ptr}/schema"));
            }
            index.insert(media.clone(), Value::String(file.clone()));
            self.requests.insert((op.id.clone(), media.clone()), file);
        }
        index
    }

    /// `operations/<id>/response.<status>.json` for each response with a JSON body; the
    /// operation's `responses` index (status -> file). A key that is not a status is an error.
    fn response_files(
        &mut self,
        op: &Operation,
        op_value: &Value,
    ) -> Result<Map<String, Value>, SpecError> {
        let mut index = Map::new();
        let Some(all) = op_value.get("responses").and_then(Value::as_object) else {
            return Ok(index);
        };
        let responses_ptr = format!("{}/responses", op.pointer);
        for (status, response) in all {
            match ResponseKey::parse(status) {
                ResponseKey::Extension => continue,
                ResponseKey::Invalid => {
                    return Err(self.fail(
                        &pointer::push(&responses_ptr, status),
                        "response-status",
                        format!(
                            "response key `{}` of operation `{}` is not a status; write a code \
                             from `100` to `599`, a range `1XX`-`5XX` (upper-case X), \
                             `default`, or an `x-` extension (run `cargo xtask lint`)",
                            crate::error::shown(status),
                            op.id
                        ),
                    ));
                }
                _ => {}
            }
            let (response, response_at) = self.spec.deref(response);
            let found = response
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| {
                    media::json_body(
                        c.iter()
                            .filter(|(_, mt)| mt.get("schema").is_some())
                            .map(|(m, mt)| (m.as_str(), mt)),
                    )
                });
            let Some((media, schema)) = found.and_then(|(m, mt)| mt.get("schema").map(|s| (m, s)))
            else {
                continue;
            };
            let response_ptr = response_at.unwrap_or_else(|| pointer::push(&responses_ptr, status));
            let file = format!("operations/{}/response.{}.json", op.id, status);
            let media_ptr = pointer::push(&format!("{response_ptr}/content"), media);
            self.add(&file, schema, format!("{media_ptr}/schema"));
            index.insert(status.clone(), Value::String(file.clone()));
            self.responses.insert((op.id.clone(), status.clone()), file);
        }
        Ok(index)
    }
}

/// The registry that resolves every converted file by its `$id`.
fn build_registry(
    spec: &Spec,
    base_uri: &str,
    documents: &BTreeMap<String, Value>,
) -> Result<jsonschema::Registry<'static>, SpecError> {
    let resources = documents.iter().map(|(file, doc)| {
        (
            format!("{base_uri}{file}"),
            jsonschema::Resource::from_contents(doc.clone()),
        )
    });
    jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft202012)
        .extend(resources)
        .and_then(|b| b.prepare())
        .map_err(|err| {
            SpecError::new(vec![Problem::new(
                Location::new(spec.file(), 1, 1),
                "",
                "schema-registry",
                format!(
                    "cannot register the converted schemas: {err}; check that the base URI is \
                     a valid absolute URI"
                ),
            )])
        })
}
