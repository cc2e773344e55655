//! Observation: what the recordings show that the spec does not say.
//!
//! Every exchange is read as `vsee-contract validate` reads it (its HAR scanner and NDJSON
//! decoder), routed by `vsee-spec`'s router, and its JSON bodies are walked beside the schema
//! that describes them. A value is judged by the spec's own JSON Schema conversion
//! ([`vsee_spec::SchemaSet`]), so "rejected" here means what it means to the validator. Each
//! disagreement becomes a [`Fact`]; the values behind it stay in memory only, for inference.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};
use vsee_contract::{Body, Exchange, InputFile};
use vsee_spec::{media, pointer, Router, Spec};

use crate::LearnError;

/// The name of the fact that gathers an object's undocumented keys that are not field names.
pub const NOT_A_FIELD_NAME: &str = "*";

/// At most this many values of one fact are kept for inference.
const MAX_VALUES: usize = 256;
/// At most this many places and instance pointers of one fact are listed as evidence.
const MAX_LISTED: usize = 20;
/// Deepest body nesting walked.
const MAX_DEPTH: usize = 64;

/// One thing the recordings show that the spec does not say. Pointers are JSON pointers into
/// the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fact {
    /// An object carries a property its schema does not list.
    NewProperty { object: String, name: String },
    /// A schema rejects values by their JSON type (`null` included).
    RejectedType { schema: String },
    /// A value of an enumerated schema is not one of its members.
    NewEnumValue { schema: String },
    /// A required property was missing.
    MissingRequired { object: String, name: String },
    /// A response status the operation does not document.
    NewStatus { operation: String, status: u16 },
    /// A query parameter the operation does not document.
    NewQueryParameter { operation: String, name: String },
    /// A request no path of the spec matches.
    NewEndpoint { method: String, template: String },
}

/// Where a fact was seen.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Exchanges that show it, as (file, 0-based entry).
    pub places: BTreeSet<(String, u64)>,
    /// Instance pointers into the bodies (RFC 6901), listed up to a cap.
    pub instance_pointers: BTreeSet<String>,
    /// Which parts it was seen in (`request`, `response`).
    pub parts: BTreeSet<&'static str>,
    /// Values behind it, kept for inference only (never shown, never written unless coded).
    pub values: Vec<Value>,
}

impl Evidence {
    fn add(
        &mut self,
        file: &str,
        entry: u64,
        instance: &str,
        part: &'static str,
        value: Option<&Value>,
    ) {
        self.places.insert((file.to_owned(), entry));
        if self.instance_pointers.len() < MAX_LISTED {
            self.instance_pointers.insert(instance.to_owned());
        }
        self.parts.insert(part);
        if let Some(v) = value {
            if self.values.len() < MAX_VALUES {
                self.values.push(v.clone());
            }
        }
    }
}

/// Everything observed in a set of recordings.
#[derive(Debug, Default)]
pub struct Observations {
    pub facts: BTreeMap<Fact, Evidence>,
    /// Exchanges read.
    pub exchanges: u64,
    /// Files read.
    pub files: Vec<String>,
    /// Entries that could not be read (file, entry or line, reason); never values.
    pub unreadable: Vec<String>,
}

/// Judges values against spec schemas with the validator's own conversion, one compiled
/// validator per schema pointer.
pub struct Judge<'s> {
    spec: &'s Spec,
    set: vsee_spec::SchemaSet,
    cache: HashMap<String, Option<jsonschema::Validator>>,
}

impl<'s> Judge<'s> {
    pub fn new(spec: &'s Spec) -> Result<Judge<'s>, LearnError> {
        let set = vsee_spec::SchemaSet::build(spec, vsee_spec::PUBLISHED_SCHEMA_BASE_URI)
            .map_err(|e| LearnError::Spec(e.to_string()))?;
        Ok(Judge {
            spec,
            set,
            cache: HashMap::new(),
        })
    }

    pub fn spec(&self) -> &'s Spec {
        self.spec
    }

    /// Whether the schema at `ptr` accepts `value`; `true` when it cannot be compiled (the
    /// lint reports that, and nothing can be learned from it).
    pub fn accepts(&mut self, ptr: &str, value: &Value) -> bool {
        if !self.cache.contains_key(ptr) {
            let compiled = self
                .spec
                .document()
                .pointer(ptr)
                .and_then(|node| self.set.validator_for_schema(&self.set.convert(node)).ok());
            self.cache.insert(ptr.to_owned(), compiled);
        }
        match self.cache.get(ptr) {
            Some(Some(validator)) => validator.is_valid(value),
            _ => true,
        }
    }
}

/// The JSON kind of a value, as schemas name types (`integer` apart from `number`).
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_fits(declared: &str, value: &Value) -> bool {
    let kind = kind_of(value);
    declared == kind || (declared == "number" && kind == "integer")
}

/// Reads every exchange of `files` and walks it beside the spec.
pub fn observe(
    judge: &mut Judge<'_>,
    files: &[InputFile],
    progress: &mut dyn FnMut(&str),
) -> Observations {
    let router = Router::new(judge.spec());
    let mut obs = Observations::default();
    for file in files {
        progress(&format!("reading {}", file.display));
        obs.files.push(file.display.clone());
        let mut each = |entry: u64, exchange: Exchange, obs: &mut Observations| {
            obs.exchanges += 1;
            Walker {
                judge,
                obs,
                file: &file.display,
                entry,
            }
            .exchange(&router, &exchange);
        };
        let mut problems = Vec::new();
        let read = vsee_contract::each_exchange(file, &mut |entry, exchange| match exchange {
            Ok(exchange) => each(entry, exchange, &mut obs),
            Err(why) => problems.push(format!("{} {why}", file.display)),
        });
        if let Err(why) = read {
            problems.push(why.to_string());
        }
        obs.unreadable.extend(problems);
    }
    obs
}

/// A JSON body, when the recording has one.
fn json_body(media_type: Option<&str>, body: &Body) -> Option<Value> {
    if let Some(mt) = media_type {
        if !media::is_json(mt) {
            return None;
        }
    }
    match body {
        Body::Json(v) => Some(v.clone()),
        Body::Text(t) => serde_json::from_str(t).ok(),
        Body::Bytes(b) => serde_json::from_slice(b).ok(),
        _ => None,
    }
}

/// The schema pointer of the JSON content of a request body or response (following a
/// `$ref` to `components/responses` or `components/requestBodies`).
fn content_schema(spec: &Spec, holder: &str, media_type: Option<&str>) -> Option<String> {
    let doc = spec.document();
    let mut at = holder.to_owned();
    for _ in 0..8 {
        let node = doc.pointer(&at)?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => at = pointer::local_ref_pointer(r)?,
            None => break,
        }
    }
    let content = doc.pointer(&at)?.get("content")?.as_object()?;
    let wanted = media_type.map(media::essence);
    let key = content
        .keys()
        .find(|k| Some(media::essence(k)) == wanted)
        .or_else(|| content.keys().find(|k| media::is_json(k)))?;
    let ptr = pointer::push(&pointer::push(&at, "content"), key);
    doc.pointer(&ptr)?.get("schema")?;
    Some(pointer::push(&ptr, "schema"))
}

struct Walker<'w, 's> {
    judge: &'w mut Judge<'s>,
    obs: &'w mut Observations,
    file: &'w str,
    entry: u64,
}

impl Walker<'_, '_> {
    fn note(&mut self, fact: Fact, instance: &str, part: &'static str, value: Option<&Value>) {
        self.obs
            .facts
            .entry(fact)
            .or_default()
            .add(self.file, self.entry, instance, part, value);
    }

    fn exchange(&mut self, router: &Router, ex: &Exchange) {
        let spec = self.judge.spec();
        let route = match router.route(&ex.method, &ex.url) {
            Ok(route) => route,
            Err(vsee_spec::RouteError::NotFound { method, path }) => {
                let template = guess_template(&path);
                self.note(Fact::NewEndpoint { method, template }, "", "request", None);
                return;
            }
            Err(_) => return,
        };
        let Some(op) = spec
            .operations_ref()
            .iter()
            .find(|o| o.id == route.operation_id)
        else {
            return;
        };
        let op_ptr = op.pointer.clone();
        for (name, value) in &route.query {
            if !op.parameters_in("query").any(|p| &p.name == name) {
                // Only a stand-in of the value's kind is kept: a query value is recorded data.
                let stand_in = query_kind(value);
                let name = if is_plain_name(name) {
                    name.clone()
                } else {
                    NOT_A_FIELD_NAME.to_owned()
                };
                let fact = Fact::NewQueryParameter {
                    operation: op.id.clone(),
                    name,
                };
                self.note(fact, "", "request", Some(&stand_in));
            }
        }
        if let Some(body) = json_body(ex.request.media_type.as_deref(), &ex.request.body) {
            if let Some(schema) = content_schema(
                spec,
                &pointer::push(&op_ptr, "requestBody"),
                ex.request.media_type.as_deref(),
            ) {
                self.walk(&schema, &body, "", "request", 0);
            }
        }
        let Some(response) = &ex.response else { return };
        let status = response.status;
        let key = vsee_contract::Checker::status_key(&op.responses, status).map(str::to_owned);
        let body = json_body(
            response.message.media_type.as_deref(),
            &response.message.body,
        );
        let Some(key) = key else {
            let fact = Fact::NewStatus {
                operation: op.id.clone(),
                status,
            };
            self.note(fact, "", "response", body.as_ref());
            return;
        };
        if let Some(body) = body {
            let holder = pointer::push(&pointer::push(&op_ptr, "responses"), &key);
            if let Some(schema) =
                content_schema(spec, &holder, response.message.media_type.as_deref())
            {
                self.walk(&schema, &body, "", "response", 0);
            }
        }
    }

    /// Walks `value` beside the schema at `ptr`, noting every disagreement at the schema
    /// node that has to change.
    fn walk(&mut self, ptr: &str, value: &Value, inst: &str, part: &'static str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let doc = self.judge.spec().document();
        let Some(schema) = doc.pointer(ptr).and_then(Value::as_object) else {
            return;
        };
        let accepted = self.judge.accepts(ptr, value);
        if accepted && !value.is_object() && !value.is_array() {
            return;
        }
        if value.is_null() {
            // The use site changes (a property becomes nullable), never the shared target.
            self.note(rejected_type(ptr), inst, part, Some(value));
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            if let Some(target) = pointer::local_ref_pointer(reference) {
                self.walk(&target, value, inst, part, depth + 1);
            }
            return;
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            for i in 0..all.len() {
                let branch = pointer::push(&pointer::push(ptr, "allOf"), &i.to_string());
                self.walk(&branch, value, inst, part, depth + 1);
            }
        }
        let here = (ptr, inst, part, depth);
        if self.alternatives(schema, value, here) || !self.type_and_enum_fit(schema, value, here) {
            return;
        }
        match value {
            Value::Object(map) => self.members(schema, map, here),
            Value::Array(items) if schema.get("items").is_some() => {
                let items_ptr = pointer::push(ptr, "items");
                for (i, item) in items.iter().enumerate() {
                    let child_inst = pointer::push(inst, &i.to_string());
                    self.walk(&items_ptr, item, &child_inst, part, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The schema's `oneOf` and `anyOf`: a branch the value fits is walked; when none fits,
    /// the branch of the value's type is, else the alternatives lack a value or a type, and
    /// the walk ends there (`true`).
    fn alternatives(&mut self, schema: &Map<String, Value>, value: &Value, here: Here<'_>) -> bool {
        let (ptr, inst, part, depth) = here;
        for keyword in ["oneOf", "anyOf"] {
            let Some(branches) = schema.get(keyword).and_then(Value::as_array) else {
                continue;
            };
            let pointers: Vec<String> = (0..branches.len())
                .map(|i| pointer::push(&pointer::push(ptr, keyword), &i.to_string()))
                .collect();
            if let Some(fit) = pointers.iter().find(|p| self.judge.accepts(p, value)) {
                // Accepted: only undocumented properties can be left to find inside.
                if value.is_object() || value.is_array() {
                    self.walk(fit, value, inst, part, depth + 1);
                }
                continue;
            }
            let doc = self.judge.spec().document();
            let view = self.judge.spec().schema_view();
            let typed: Vec<&String> = pointers
                .iter()
                .filter(|p| {
                    doc.pointer(p)
                        .and_then(|b| view.type_of(b))
                        .is_some_and(|t| type_fits(t, value))
                })
                .collect();
            let enumerated = typed.iter().any(|p| {
                let branch = doc.pointer(p).map(|b| view.resolve(b));
                branch.is_some_and(|b| b.get("enum").is_some())
            });
            if enumerated {
                let fact = Fact::NewEnumValue {
                    schema: ptr.to_owned(),
                };
                self.note(fact, inst, part, Some(value));
            } else if let Some(first) = typed.first() {
                self.walk(first, value, inst, part, depth + 1);
            } else {
                self.note(rejected_type(ptr), inst, part, Some(value));
            }
            return true;
        }
        false
    }

    /// Whether the value has the schema's `type` and is one of its `enum` values; notes why
    /// not.
    fn type_and_enum_fit(
        &mut self,
        schema: &Map<String, Value>,
        value: &Value,
        here: Here<'_>,
    ) -> bool {
        let (ptr, inst, part, _) = here;
        if let Some(declared) = schema.get("type").and_then(Value::as_str) {
            if !type_fits(declared, value) {
                self.note(rejected_type(ptr), inst, part, Some(value));
                return false;
            }
        }
        if let Some(members) = schema.get("enum").and_then(Value::as_array) {
            if !members.contains(value) {
                let fact = Fact::NewEnumValue {
                    schema: ptr.to_owned(),
                };
                self.note(fact, inst, part, Some(value));
                return false;
            }
        }
        true
    }

    /// An object's members: declared ones walked, undocumented ones and missing required
    /// ones noted.
    fn members(&mut self, schema: &Map<String, Value>, map: &Map<String, Value>, here: Here<'_>) {
        let (ptr, inst, part, depth) = here;
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, child) in map {
            let child_inst = pointer::push(inst, name);
            if properties.is_some_and(|p| p.contains_key(name)) {
                let child_ptr = pointer::push(&pointer::push(ptr, "properties"), name);
                self.walk(&child_ptr, child, &child_inst, part, depth + 1);
            } else if documents_objects(schema) {
                // A key that is not a field name may be data (a custom intake field named
                // after a patient): it is never shown, even in a pointer.
                let (name, child_inst) = if is_plain_name(name) {
                    (name.clone(), child_inst)
                } else {
                    (NOT_A_FIELD_NAME.to_owned(), pointer::push(inst, "*"))
                };
                let fact = Fact::NewProperty {
                    object: ptr.to_owned(),
                    name,
                };
                self.note(fact, &child_inst, part, Some(child));
            }
        }
        let required = schema.get("required").and_then(Value::as_array);
        for name in required.into_iter().flatten().filter_map(Value::as_str) {
            if !map.contains_key(name) {
                let fact = Fact::MissingRequired {
                    object: ptr.to_owned(),
                    name: name.to_owned(),
                };
                self.note(fact, inst, part, None);
            }
        }
    }
}

/// Where a walk is: the schema's pointer, the instance's pointer, the part of the exchange
/// and the depth.
type Here<'a> = (&'a str, &'a str, &'static str, usize);

fn rejected_type(ptr: &str) -> Fact {
    Fact::RejectedType {
        schema: ptr.to_owned(),
    }
}

/// A stand-in of the JSON type a query value reads as: `0` for digits, `false` for a
/// boolean, `""` otherwise (never the value itself).
fn query_kind(value: &str) -> Value {
    let digits = value.strip_prefix('-').unwrap_or(value);
    if !digits.is_empty() && digits.len() <= 18 && digits.chars().all(|c| c.is_ascii_digit()) {
        Value::from(0)
    } else if value == "true" || value == "false" {
        Value::Bool(false)
    } else {
        Value::String(String::new())
    }
}

/// Whether undocumented properties of this object schema are worth documenting: it lists
/// properties of its own, and the validator's rule for reporting undocumented members holds
/// (`vsee_contract::documents_objects`), so that what `validate` reports is what is proposed.
fn documents_objects(schema: &Map<String, Value>) -> bool {
    schema.contains_key("properties") && vsee_contract::documents_objects(schema)
}

/// A path template for an undocumented endpoint: segments that look like ids (digits, long
/// hex, UUIDs) become `{id}`; the rest are kept as the path's literals.
pub fn guess_template(path: &str) -> String {
    let mut out = String::new();
    let mut ids = 0;
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        out.push('/');
        let idish = segment.chars().all(|c| c.is_ascii_digit())
            || (segment.len() >= 16 && segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-'));
        let literal = segment
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-' || c == '.');
        if idish || !literal {
            ids += 1;
            if ids == 1 {
                out.push_str("{id}");
            } else {
                out.push_str(&format!("{{id{ids}}}"));
            }
        } else {
            out.push_str(segment);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// A property name that can be written as a plain YAML key and is a field name rather than
/// data (custom keys such as e-mail addresses or free text are left in `extra`): the privacy
/// policy's rule, `vsee_contract::shape::is_field_name`.
pub fn is_plain_name(name: &str) -> bool {
    vsee_contract::shape::is_field_name(name)
}
