//! Checking one exchange (or one bare payload) against the spec.
//!
//! A [`Checker`] is built once per run and shared by every worker thread: the router, the
//! converted JSON Schemas, and one lazily compiled validator per schema file
//! ([`Checker::compile_all`] compiles them up front, so that a schema that does not compile is
//! reported once, located in the spec, instead of once per exchange).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::OnceLock;

use jsonschema::Validator;
use serde_json::Value;
use vsee_spec::router::split_url;
use vsee_spec::{media, pointer, Operation, Parameter, RouteError, SchemaSet, Spec, SpecError};

pub(crate) mod form;
mod outcome;
mod request;
mod response;
mod sink;
mod typed;
mod undocumented;

pub use typed::TypedDecoder;
pub use undocumented::documents_objects;

use crate::input::exchange::{Body, Exchange, Message};
use crate::privacy::messages;
use crate::report::{Kind, Location, Part, Unrouted};

pub use outcome::{Checked, EntryCtx};
pub use sink::SCHEMA_BASE_URI;
use sink::{Issue, Sink};

/// Why a checker could not be built or a schema of the spec cannot be used. The `Display` of
/// every variant names the place in the spec (`FILE:LINE:COL: /json/pointer: ...`) where one
/// is known.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum CheckerError {
    /// The spec's schemas could not be converted to JSON Schema 2020-12.
    #[error("cannot convert the spec's schemas: {0}")]
    Conversion(SpecError),
    /// The schema of a path or query parameter does not compile (e.g. an invalid `pattern`);
    /// `error` locates it in the spec.
    #[error("{error}")]
    ParameterSchema {
        operation_id: String,
        parameter: String,
        error: SpecError,
    },
    /// A converted schema file does not compile (e.g. an invalid `pattern` regex); `error`
    /// locates the failing keyword in the spec.
    #[error("{error}")]
    SchemaCompile {
        /// The converted file, e.g. `components/Visit.json`.
        file: String,
        error: SpecError,
    },
    /// No such file in the converted schema set (a bug in vsee-contract).
    #[error("no schema file `{0}` in the converted schema set")]
    MissingSchemaFile(String),
}

/// A parameter schema's compile error, located in the spec under `base`, the pointer of that
/// schema. (Parameter schemas are converted on their own, so the error's pointer is relative
/// to the schema.)
fn locate_parameter_error(spec: &Spec, base: &str, what: &str, error: &SpecError) -> SpecError {
    let (inner, message) = match error.problems.first() {
        Some(p) => (p.pointer.as_str(), p.message.as_str()),
        None => ("", ""),
    };
    // The pointer inside the converted schema mostly follows the spec's own; keep its longest
    // prefix that exists in the spec.
    let mut at = format!("{base}{inner}");
    while spec.document().pointer(&at).is_none() {
        match pointer::parent(&at) {
            Some(parent) => at = parent.to_owned(),
            None => break,
        }
    }
    SpecError::single(
        spec.locate(&at),
        at,
        "schema-compiles",
        format!("{what} does not compile: {message}"),
    )
}

struct RequestMedia {
    /// As written in the spec.
    written: String,
    essence: String,
    file: Option<String>,
    schema: Option<Value>,
    /// Properties whose `encoding.contentType` is JSON.
    json_fields: HashSet<String>,
    /// The schema's node in [`Checker::shapes`] (for [`Checker::set_undocumented`]).
    shape: Option<usize>,
}

struct ParamCheck {
    name: String,
    /// `/<name>`: the parameter's place in reports.
    at: String,
    required: bool,
    /// `{"type": "object", "properties": {<name>: <schema>}}`, to coerce values by form rules.
    wrapper: Value,
    validator: Option<Validator>,
    /// `spec/vsee.yaml#/.../parameters/3/schema`: where the schema is written.
    schema_at: String,
}

struct OpInfo {
    id: String,
    method: String,
    path: String,
    responses: Vec<String>,
    request: Vec<RequestMedia>,
    request_required: bool,
    query: Vec<ParamCheck>,
    path_params: Vec<ParamCheck>,
    /// Response key -> the node of its JSON body's schema in [`Checker::shapes`] (for
    /// [`Checker::set_undocumented`]).
    response_shapes: HashMap<String, usize>,
}

/// What a bare `.json` payload is checked against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BareTarget {
    /// The response body of an operation for a status.
    Response { operation_id: String, status: u16 },
    /// A component schema (`components/schemas/<name>`).
    Component(String),
}

/// The compiled spec.
pub struct Checker {
    spec: Spec,
    router: vsee_spec::Router,
    schemas: SchemaSet,
    ops: HashMap<String, OpInfo>,
    order: Vec<String>,
    validators: HashMap<String, OnceLock<Result<Validator, CheckerError>>>,
    literals: HashSet<String>,
    typed_decoder: Option<TypedDecoder>,
    undocumented: bool,
    /// The schemas as the undocumented-member walk reads them.
    shapes: undocumented::Shapes,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("spec", &self.spec.file())
            .field("operations", &self.order)
            .finish_non_exhaustive()
    }
}

impl Checker {
    /// Compiles the spec: routes, schema files, parameter validators. Schema files compile
    /// lazily; call [`Checker::compile_all`] to find a file that does not compile up front.
    pub fn new(spec: Spec) -> Result<Checker, CheckerError> {
        let schemas = SchemaSet::build(&spec, SCHEMA_BASE_URI).map_err(CheckerError::Conversion)?;
        let router = vsee_spec::Router::new(&spec);
        let mut ops = HashMap::new();
        let mut order = Vec::new();
        let mut shapes = undocumented::ShapeBuilder::new(spec.schema_view());
        for op in spec.operations_ref() {
            if op.id.is_empty() {
                continue;
            }
            order.push(op.id.clone());
            ops.insert(op.id.clone(), op_info(&spec, &schemas, op, &mut shapes)?);
        }
        let shapes = shapes.finish();
        let literals = spec_literals(&spec);
        let validators = schemas
            .documents()
            .keys()
            .map(|file| (file.clone(), OnceLock::new()))
            .collect();
        Ok(Checker {
            spec,
            router,
            schemas,
            ops,
            order,
            validators,
            literals,
            typed_decoder: None,
            undocumented: false,
            shapes,
        })
    }

    /// Turns the typed check on: every response body the schema accepts is also decoded by
    /// `decoder` (the `vsee-contract` command passes the generated client's,
    /// `vsee_client::decode_for_validator`); `None` turns it off, as it is by default. A hook rather than
    /// a dependency, so that the client may depend on this crate (its drift watch).
    pub fn set_typed_decoder(&mut self, decoder: Option<TypedDecoder>) {
        self.typed_decoder = decoder;
    }

    /// Also reports every body member the spec does not document (keyword
    /// `undocumented-property`, at the member's pointer; a key that is not a field name is
    /// shown as `*` unless values are shown). Off by default: every object schema of the spec
    /// allows extra members (`additionalProperties: {}`), so they are not violations, but they
    /// are how an API's drift first shows.
    pub fn set_undocumented(&mut self, on: bool) {
        self.undocumented = on;
    }

    /// Whether undocumented members are reported.
    pub fn undocumented(&self) -> bool {
        self.undocumented
    }

    /// Whether responses are also decoded into a typed client's types.
    pub fn typed_check(&self) -> bool {
        self.typed_decoder.is_some()
    }

    pub fn spec(&self) -> &Spec {
        &self.spec
    }

    /// The router this checker matches recorded requests with (one router for validating,
    /// mocking and proxying).
    pub fn router(&self) -> &vsee_spec::Router {
        &self.router
    }

    /// Words of the spec that are structure, not data: literal path segments, server base
    /// segments and server variable values (what reports keep of a recorded path; what
    /// recordings keep as they are).
    pub(crate) fn literals(&self) -> &HashSet<String> {
        &self.literals
    }

    /// How a form body of an operation in a media type (its essence) is read: the schema as
    /// written and the properties encoded as JSON. `None` when the operation does not declare
    /// that media type. (The mock reads form bodies exactly as the checker judged them.)
    pub fn request_form(
        &self,
        operation_id: &str,
        essence: &str,
    ) -> Option<(Option<&Value>, &HashSet<String>)> {
        let op = self.ops.get(operation_id)?;
        let media = op.request.iter().find(|m| m.essence == essence)?;
        Some((media.schema.as_ref(), &media.json_fields))
    }

    /// Operation ids in spec order.
    pub fn operation_ids(&self) -> &[String] {
        &self.order
    }

    /// `(method, path, documented response keys)` of an operation.
    pub fn operation(&self, id: &str) -> Option<(&str, &str, &[String])> {
        self.ops
            .get(id)
            .map(|o| (o.method.as_str(), o.path.as_str(), o.responses.as_slice()))
    }

    /// Whether a component schema exists.
    pub fn has_component(&self, name: &str) -> bool {
        self.schemas.component_file(name).is_some()
    }

    /// Component names, sorted.
    pub fn component_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .schemas
            .documents()
            .keys()
            .filter_map(|f| f.strip_prefix("components/")?.strip_suffix(".json"))
            .map(str::to_owned)
            .collect();
        names.sort();
        names
    }

    /// Compiles every schema file now (otherwise each compiles on first use). Files are
    /// compiled in name order, components first, so a broken component is reported on its own
    /// file rather than on an operation that refers to it; the first failure is returned.
    pub fn compile_all(&self) -> Result<(), CheckerError> {
        for file in self.schemas.documents().keys() {
            self.validator(file)?;
        }
        Ok(())
    }

    /// The compiled validator of a schema file (compiled on first use).
    fn validator(&self, file: &str) -> Result<&Validator, CheckerError> {
        let Some(cell) = self.validators.get(file) else {
            return Err(CheckerError::MissingSchemaFile(file.to_owned()));
        };
        cell.get_or_init(|| {
            self.schemas
                .validator_for(file)
                .map_err(|error| CheckerError::SchemaCompile {
                    file: file.to_owned(),
                    error,
                })
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// The documented response key a status falls under: exact, then `NXX`, then `default`.
    pub fn status_key(responses: &[String], status: u16) -> Option<&str> {
        let exact = status.to_string();
        if let Some(k) = responses.iter().find(|k| **k == exact) {
            return Some(k);
        }
        let range = format!("{}XX", status / 100);
        if let Some(k) = responses.iter().find(|k| k.eq_ignore_ascii_case(&range)) {
            return Some(k);
        }
        responses
            .iter()
            .find(|k| k.as_str() == "default")
            .map(String::as_str)
    }

    /// A recorded path with every segment that is not a literal of the spec replaced by `*`
    /// (the one URL policy, `privacy::url`, with the spec's words).
    pub fn redact_path(&self, url: &str) -> String {
        crate::privacy::url::shape_path(url, &|seg| self.literals.contains(seg))
    }

    /// Checks one exchange.
    pub fn check_exchange(&self, ex: &Exchange, ctx: &EntryCtx<'_>) -> Checked {
        let method = ex.method.to_ascii_uppercase();
        // What reports show: the method itself only when OpenAPI knows it.
        let shown_method = crate::privacy::shape::method(&ex.method, ctx.show_values);
        let status = ex.response.as_ref().map(|r| r.status);
        let mut out = Checked {
            method: Some(shown_method.clone()),
            status,
            response_recorded: ex.response.is_some(),
            ..Checked::default()
        };
        let routed = match self.router.route(&method, &ex.url) {
            Ok(m) => m,
            Err(err) => {
                out.unrouted = Some(Unrouted {
                    method: crate::privacy::shape::method(&ex.method, false),
                    path: match &err {
                        RouteError::MethodNotAllowed { template, .. } => template.clone(),
                        RouteError::NotFound { .. } => self.redact_path(&ex.url),
                    },
                });
                out.path = Some(match (&err, ctx.show_values) {
                    (_, true) => split_url(&ex.url).0.to_owned(),
                    (RouteError::MethodNotAllowed { template, .. }, false) => template.clone(),
                    (RouteError::NotFound { .. }, false) => self.redact_path(&ex.url),
                });
                let (keyword, message) = match &err {
                    RouteError::NotFound { .. } => (
                        "unknown-path",
                        "no operation of the spec matches this path (the server base and a \
                         `.json` suffix are allowed)"
                            .to_owned(),
                    ),
                    RouteError::MethodNotAllowed {
                        template, allowed, ..
                    } => (
                        "method-not-allowed",
                        format!(
                            "{shown_method} is not documented for `{template}` (documented: {})",
                            allowed.join(", ")
                        ),
                    ),
                };
                let mut sink = Sink::new(ctx, &out);
                sink.push(Issue::route(keyword, message));
                out.findings = sink.findings;
                out.body_recorded = ex
                    .response
                    .as_ref()
                    .is_some_and(|r| !matches!(r.message.body, Body::Absent));
                return out;
            }
        };
        let Some(op) = self.ops.get(&routed.operation_id) else {
            // The spec routes here but gives the operation no `operationId`.
            out.path = Some(routed.template.clone());
            out.unrouted = Some(Unrouted {
                method: crate::privacy::shape::method(&ex.method, false),
                path: routed.template.clone(),
            });
            out.body_recorded = ex
                .response
                .as_ref()
                .is_some_and(|r| !matches!(r.message.body, Body::Absent));
            let mut sink = Sink::new(ctx, &out);
            sink.push(Issue::route(
                "unknown-path",
                format!(
                    "`{} {}` has no operationId in the spec, so it cannot be checked; give it one",
                    shown_method, routed.template
                ),
            ));
            out.findings = sink.findings;
            return out;
        };
        out.routed = true;
        out.operation_id = Some(op.id.clone());
        out.path = Some(if ctx.show_values {
            split_url(&ex.url).0.to_owned()
        } else {
            op.path.clone()
        });
        let mut sink = Sink::new(ctx, &out);

        self.check_params(op, &routed.path_params, Location::Path, &mut sink);
        self.check_params(op, &routed.query, Location::Query, &mut sink);
        self.check_request_body(op, &ex.request, &mut sink);

        if let Some(response) = &ex.response {
            out.body_recorded = !matches!(response.message.body, Body::Absent);
            self.check_response(op, response.status, &response.message, &mut sink);
        }
        out.findings = sink.findings;
        out
    }

    /// Checks a bare JSON payload. A target the spec does not have (an unknown operation id
    /// or component name) is a finding (`unknown-operation`, `unknown-component`), never a
    /// silent pass.
    pub fn check_bare(&self, bytes: &[u8], target: &BareTarget, ctx: &EntryCtx<'_>) -> Checked {
        let mut out = Checked {
            response_recorded: true,
            body_recorded: true,
            ..Checked::default()
        };
        let body = if bytes.is_empty() {
            Body::Empty
        } else {
            Body::Bytes(bytes.to_vec())
        };
        match target {
            BareTarget::Response {
                operation_id,
                status,
            } => {
                out.status = Some(*status);
                let Some(op) = self.ops.get(operation_id) else {
                    let mut sink = Sink::new(ctx, &out);
                    sink.push(Issue::new(
                        Kind::Route,
                        Some(Part::Response),
                        Location::Route,
                        "unknown-operation",
                        format!(
                            "operation `{operation_id}` is not in the spec, so the payload cannot \
                             be checked (`vsee-contract list` shows the operation ids)"
                        ),
                    ));
                    out.findings = sink.findings;
                    return out;
                };
                out.operation_id = Some(operation_id.clone());
                out.routed = true;
                out.method = Some(op.method.clone());
                out.path = Some(op.path.clone());
                let mut sink = Sink::new(ctx, &out);
                let message = Message {
                    media_type: None,
                    body,
                };
                self.check_response(op, *status, &message, &mut sink);
                out.findings = sink.findings;
            }
            BareTarget::Component(name) => {
                let mut sink = Sink::new(ctx, &out);
                let Some(file) = self.schemas.component_file(name) else {
                    sink.push(Issue::new(
                        Kind::Payload,
                        None,
                        Location::Body,
                        "unknown-component",
                        format!(
                            "component `{name}` is not in the spec, so the payload cannot be \
                             checked (`vsee-contract list` shows the component names)"
                        ),
                    ));
                    out.findings = sink.findings;
                    return out;
                };
                out.routed = true;
                match parse_json_body(&body) {
                    Ok(instance) => match self.validator(file) {
                        Ok(v) => sink.schema_errors(
                            v,
                            &instance,
                            "",
                            Kind::Payload,
                            None,
                            Location::Body,
                            file,
                        ),
                        Err(e) => sink.push(Issue::new(
                            Kind::Payload,
                            None,
                            Location::Body,
                            "schema",
                            e.to_string(),
                        )),
                    },
                    Err(why) => sink.push(Issue::new(
                        Kind::Payload,
                        None,
                        Location::Body,
                        "json",
                        format!("payload {why}"),
                    )),
                }
                out.findings = sink.findings;
            }
        }
        out
    }
}

/// What the checker needs of one operation: its request media types and compiled parameters.
fn op_info<'s>(
    spec: &'s Spec,
    schemas: &SchemaSet,
    op: &Operation,
    shapes: &mut undocumented::ShapeBuilder<'s>,
) -> Result<OpInfo, CheckerError> {
    let mut query = Vec::new();
    let mut path_params = Vec::new();
    for p in &op.parameters {
        let check = param_check(spec, schemas, op, p)?;
        match p.location.as_str() {
            "query" => query.push(check),
            "path" => path_params.push(check),
            _ => {}
        }
    }
    Ok(OpInfo {
        id: op.id.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        responses: op.responses.clone(),
        request: request_media(spec, schemas, op, shapes),
        request_required: op.request_required,
        query,
        path_params,
        response_shapes: response_shapes(spec, op, shapes),
    })
}

/// The node of the JSON body schema of every documented response of an operation.
fn response_shapes<'s>(
    spec: &'s Spec,
    op: &Operation,
    shapes: &mut undocumented::ShapeBuilder<'s>,
) -> HashMap<String, usize> {
    let op_value = pointer::get(spec.document(), &op.pointer).unwrap_or(&Value::Null);
    let mut out = HashMap::new();
    let responses = op_value.get("responses").and_then(Value::as_object);
    for (key, response) in responses.into_iter().flatten() {
        let content = spec
            .deref(response)
            .0
            .get("content")
            .and_then(Value::as_object);
        let schema = content
            .into_iter()
            .flatten()
            .find(|(media_type, _)| media::is_json(media_type))
            .and_then(|(_, m)| m.get("schema"));
        if let Some(schema) = schema {
            out.insert(key.clone(), shapes.node(schema));
        }
    }
    out
}

/// Every request media type of an operation: its schema, file and JSON-encoded properties.
fn request_media<'s>(
    spec: &'s Spec,
    schemas: &SchemaSet,
    op: &Operation,
    shapes: &mut undocumented::ShapeBuilder<'s>,
) -> Vec<RequestMedia> {
    let op_value = pointer::get(spec.document(), &op.pointer).unwrap_or(&Value::Null);
    let body = op_value.get("requestBody").map(|b| spec.deref(b).0);
    let content = body
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object);
    let mut request = Vec::new();
    for media in &op.request_media_types {
        let mt = content.and_then(|c| c.get(media));
        let json_fields = mt
            .and_then(|m| m.get("encoding"))
            .and_then(Value::as_object)
            .map(|enc| {
                enc.iter()
                    .filter(|(_, e)| {
                        e.get("contentType")
                            .and_then(Value::as_str)
                            .is_some_and(media::is_json)
                    })
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        request.push(RequestMedia {
            written: media.clone(),
            essence: media::essence(media),
            file: schemas.request_file(&op.id, media).map(str::to_owned),
            schema: mt.and_then(|m| m.get("schema")).cloned(),
            shape: mt.and_then(|m| m.get("schema")).map(|s| shapes.node(s)),
            json_fields,
        });
    }
    request
}

/// A path or query parameter with its schema compiled; a schema that does not compile is an
/// error located in the spec.
fn param_check(
    spec: &Spec,
    schemas: &SchemaSet,
    op: &Operation,
    p: &Parameter,
) -> Result<ParamCheck, CheckerError> {
    let schema_pointer = parameter_pointer(spec, &op.pointer, &p.name, &p.location);
    let validator = match &p.schema {
        Some(s) => Some(
            schemas
                .validator_for_schema(&schemas.convert(s))
                .map_err(|e| CheckerError::ParameterSchema {
                    operation_id: op.id.clone(),
                    parameter: p.name.clone(),
                    error: locate_parameter_error(
                        spec,
                        &schema_pointer,
                        &format!("the schema of parameter `{}` of `{}`", p.name, op.id),
                        &e,
                    ),
                })?,
        ),
        None => None,
    };
    Ok(ParamCheck {
        schema_at: format!("{}#{schema_pointer}", spec.file()),
        name: p.name.clone(),
        at: format!("/{}", pointer::escape(&p.name)),
        required: p.required,
        wrapper: serde_json::json!({
            "type": "object",
            "properties": {p.name.clone(): p.schema.clone().unwrap_or(Value::Null)}
        }),
        validator,
    })
}

/// Words of the spec that are structure, not data: the literal segments of operation paths
/// and server bases, and the values of enumerated server variables (`next`, `stable`).
fn spec_literals(spec: &Spec) -> HashSet<String> {
    let mut literals = HashSet::new();
    let mut add_segments = |path: &str| {
        for seg in path.split('/') {
            if !seg.is_empty() && !seg.contains('{') {
                literals.insert(seg.to_owned());
            }
        }
    };
    for op in spec.operations_ref().iter().filter(|op| !op.id.is_empty()) {
        add_segments(&op.path);
    }
    let servers = spec.document().get("servers").and_then(Value::as_array);
    for server in servers.into_iter().flatten() {
        if let Some(url) = server.get("url").and_then(Value::as_str) {
            add_segments(split_url(url).0);
        }
    }
    for server in servers.into_iter().flatten() {
        let vars = server.get("variables").and_then(Value::as_object);
        for var in vars.into_iter().flat_map(|v| v.values()) {
            let values = var.get("enum").and_then(Value::as_array);
            for value in values.into_iter().flatten().filter_map(Value::as_str) {
                literals.insert(value.to_owned());
            }
        }
    }
    literals
}

/// Why a body could not be read as JSON. `Display` is a predicate for "request body ...",
/// "payload ..." (`is empty`), and never quotes the body.
#[derive(Debug, thiserror::Error)]
enum NotJson<'b> {
    #[error("is empty")]
    Empty,
    #[error("was not recorded")]
    Absent,
    #[error("was recorded as form fields")]
    Fields,
    /// The recording itself is broken ([`Body::Invalid`]).
    #[error("{0}")]
    Invalid(&'b str),
    /// What is wrong with the JSON text, and where.
    #[error("{0}")]
    Syntax(String),
}

/// Parses a text / bytes / JSON body as JSON. An already-parsed body is borrowed, not copied.
fn parse_json_body(body: &Body) -> Result<Cow<'_, Value>, NotJson<'_>> {
    let parsed = match body {
        Body::Json(v) => return Ok(Cow::Borrowed(v)),
        Body::Text(t) => crate::input::json::parse_str(t),
        Body::Bytes(b) => crate::input::json::parse(b),
        Body::Empty => return Err(NotJson::Empty),
        Body::Absent => return Err(NotJson::Absent),
        Body::Fields(_) => return Err(NotJson::Fields),
        Body::Invalid(why) => return Err(NotJson::Invalid(why)),
    };
    parsed
        .map(Cow::Owned)
        .map_err(|e| NotJson::Syntax(messages::json_syntax(&e)))
}

/// JSON pointer (in the spec) of the schema of parameter `name` in `location` of the operation
/// at `op_pointer`: the operation's own list first, then its path item's; through a `$ref` to
/// `#/components/parameters/...` when the entry is one.
fn parameter_pointer(spec: &Spec, op_pointer: &str, name: &str, location: &str) -> String {
    let item_pointer = pointer::parent(op_pointer).unwrap_or("").to_owned();
    for owner in [op_pointer.to_owned(), item_pointer] {
        let Some(list) = spec
            .document()
            .pointer(&format!("{owner}/parameters"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let (target, moved) = spec.deref(p);
            if target.get("name").and_then(Value::as_str) == Some(name)
                && target.get("in").and_then(Value::as_str) == Some(location)
            {
                let at = moved.unwrap_or_else(|| format!("{owner}/parameters/{i}"));
                return format!("{at}/schema");
            }
        }
    }
    op_pointer.to_owned()
}

/// Response keys of an operation that a set of statuses exercised.
pub fn exercised_keys(responses: &[String], statuses: &BTreeSet<u16>) -> BTreeSet<String> {
    statuses
        .iter()
        .filter_map(|s| Checker::status_key(responses, *s).map(str::to_owned))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_keys() {
        let r: Vec<String> = ["200", "4XX", "5XX"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(Checker::status_key(&r, 200), Some("200"));
        assert_eq!(Checker::status_key(&r, 404), Some("4XX"));
        assert_eq!(Checker::status_key(&r, 201), None);
        assert_eq!(Checker::status_key(&r, 302), None);
    }
}
