//! Spec conventions that the generator and the validators rely on (see DESIGN.md,
//! "Spec conventions"). Each rule has a name, shown in brackets after the message.
//!
//! * `additional-properties`: every schema with `type: object` or `properties` states
//!   `additionalProperties`, and no schema says `additionalProperties: true` (typify drops
//!   unknown fields silently in both cases; `{}` keeps them).
//! * `operation-id`: every operation has an `operationId`, unique in the spec and snake_case
//!   (`^[a-z][a-z0-9_]*$`; it names the client method and the published schema folder).
//! * `response-status`: every key under `responses` is a status code `100`-`599`, a range
//!   `1XX`-`5XX` (upper-case X, as OpenAPI 3.0 specifies), `default` or an `x-` extension
//!   (the key becomes part of a published file name).
//! * `summary`: every operation has a non-empty `summary`.
//! * `success-example`: every operation has a 2xx response, and when a 2xx response has a JSON
//!   body ([`crate::media::is_json`]; `*/*` only when the response has no JSON media type, as
//!   in [`crate::media::json_body`]), at least one such body carries an `example`/`examples`
//!   (on the media type, or on its top-level schema).
//! * `no-default-response`: no `default` response beside a 2xx one (progenitor panics on it).
//! * `unused-component`: every component (schemas, responses, parameters, request bodies,
//!   headers, examples, links, callbacks; security schemes through `security`) is used.
//! * `example-valid`: every schema-level `example`, and every `example` / `examples.*.value`
//!   of a media type or parameter, validates against its schema after conversion to JSON
//!   Schema 2020-12. Messages show instance paths and keywords, never the example's values.
//! * `schema-compiles`: every `pattern` (and every `x-patternProperties` key) compiles both
//!   with `regress`, the ECMAScript engine of the generated client (typify emits
//!   `regress::Regex::new(..).unwrap()`, which would panic at run time), and with the
//!   `jsonschema` validator; and every document of the [`SchemaSet`] compiles.
//! * `oneof-overlap`: no two branches of a `oneOf` accept the same value among the probes
//!   `null`, `[]`, `{}`, `""`, `0` and `"0"` (judged after conversion to JSON Schema 2020-12).
//!   A value accepted by two branches is rejected by `oneOf`, by every strict tool (Prism, the
//!   contract validator), although the author meant to accept it: use `anyOf`, or make the
//!   branches exclusive (e.g. `minItems: 1` on one of two array branches).
//! * `encoding-property`: every key of a media type's `encoding` names a property of that
//!   media type's schema (OpenAPI 3.0.3: "The key, being the property name, MUST exist in the
//!   schema as a property"); a key naming nothing is silently ignored by other tools.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use crate::error::{Problem, SpecError};
use crate::jsonschema_conv::SchemaSet;
use crate::loader::Spec;
use crate::media;
use crate::operations::{Operation, ResponseKey};
use crate::pointer;
use crate::walk;

/// Base URI for the schemas built only to check examples; never published.
const LINT_BASE: &str = "https://vsee-spec.invalid/lint/";

/// Most validation errors quoted for one failing example; the rest are counted.
const MAX_ERRORS_PER_EXAMPLE: usize = 3;

/// Runs every rule. Problems come sorted by pointer (then rule, then message).
pub fn lint(spec: &Spec) -> Vec<Problem> {
    let mut problems = Vec::new();
    additional_properties(spec, &mut problems);
    operation_rules(spec, &mut problems);
    unused_components(spec, &mut problems);
    examples_valid(spec, &mut problems);
    schemas_compile(spec, &mut problems);
    oneof_overlap(spec, &mut problems);
    encoding_properties(spec, &mut problems);
    problems.sort_by(|a, b| {
        a.pointer
            .cmp(&b.pointer)
            .then_with(|| a.rule.cmp(&b.rule))
            .then_with(|| a.message.cmp(&b.message))
    });
    problems.dedup();
    problems
}

fn additional_properties(spec: &Spec, out: &mut Vec<Problem>) {
    walk::each_schema(spec.document(), &mut |ptr, schema| {
        if schema.get("$ref").is_some() {
            return;
        }
        if schema.get("additionalProperties") == Some(&Value::Bool(true)) {
            out.push(spec.problem(
                &format!("{ptr}/additionalProperties"),
                "additional-properties",
                "`additionalProperties: true` makes typify drop unknown fields, like leaving it \
                 out; use `additionalProperties: {}` so unknown fields are kept (or `false` to \
                 reject them)",
            ));
            return;
        }
        let is_object = schema.get("type").and_then(Value::as_str) == Some("object")
            || schema.get("properties").is_some();
        if is_object && schema.get("additionalProperties").is_none() {
            out.push(spec.problem(
                ptr,
                "additional-properties",
                "object schema does not state `additionalProperties`; add \
                 `additionalProperties: {}` to keep unknown fields (or `false` to reject them)",
            ));
        }
    });
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

/// `^[a-z][a-z0-9_]*$`
fn is_snake_case(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A snake_case spelling of `id` to suggest (`getVisit` -> `get_visit`), if there is one.
fn snake_case_suggestion(id: &str) -> Option<String> {
    let mut out = String::with_capacity(id.len() + 4);
    let mut prev_lower_or_digit = false;
    for c in id.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower_or_digit {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower_or_digit = false;
        } else if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
            prev_lower_or_digit = true;
        } else {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            prev_lower_or_digit = false;
        }
    }
    let out = out.trim_matches('_').to_owned();
    is_snake_case(&out).then_some(out)
}

fn response_status(
    spec: &Spec,
    responses_ptr: &str,
    label: &str,
    key: &str,
    out: &mut Vec<Problem>,
) {
    if ResponseKey::parse(key) != ResponseKey::Invalid {
        return;
    }
    let shown = crate::error::shown(key);
    let upper = key.to_ascii_uppercase();
    let message = if key != upper && ResponseKey::parse(&upper).is_status() {
        format!(
            "{label}: response key `{shown}` must be written `{upper}`: OpenAPI 3.0 ranges use \
             an upper-case X (`1XX`-`5XX`), and the key becomes a published file name"
        )
    } else {
        format!(
            "{label}: response key `{shown}` is not an HTTP status; use a code from `100` to \
             `599`, a range `1XX`-`5XX` (upper-case X), `default`, or an `x-` extension"
        )
    };
    out.push(spec.problem(
        &pointer::push(responses_ptr, key),
        "response-status",
        message,
    ));
}

fn operation_rules(spec: &Spec, out: &mut Vec<Problem>) {
    let doc = spec.document();
    let mut ids: HashMap<&str, &str> = HashMap::new();
    for op in spec.operations_ref() {
        let Some(op_value) = doc.pointer(&op.pointer) else {
            continue;
        };
        let label = format!("{} {}", op.method, op.path);
        operation_id(spec, op, &label, &mut ids, out);
        let summary = op_value.get("summary").and_then(Value::as_str);
        if summary.is_none_or(|s| s.trim().is_empty()) {
            out.push(spec.problem(
                &op.pointer,
                "summary",
                format!("{label} has no `summary`; add a one-line summary"),
            ));
        }
        let responses = op_value.get("responses").and_then(Value::as_object);
        let responses_ptr = format!("{}/responses", op.pointer);
        for key in responses.into_iter().flat_map(|r| r.keys()) {
            response_status(spec, &responses_ptr, &label, key, out);
        }
        success_example(spec, responses, &responses_ptr, &label, out);
        if let Some(responses) = responses {
            if responses.contains_key("default") && responses.keys().any(|s| is_success(s)) {
                out.push(spec.problem(
                    &pointer::push(&responses_ptr, "default"),
                    "no-default-response",
                    format!(
                        "{label} has a `default` response beside a 2xx one (progenitor panics on \
                         it); describe errors as `4XX`/`5XX` responses instead"
                    ),
                ));
            }
        }
    }
}

/// An operation's id: present, snake_case, and its own (`ids`: the ids so far, with their
/// pointers).
fn operation_id<'s>(
    spec: &Spec,
    op: &'s Operation,
    label: &str,
    ids: &mut HashMap<&'s str, &'s str>,
    out: &mut Vec<Problem>,
) {
    if op.id.is_empty() {
        out.push(spec.problem(
            &op.pointer,
            "operation-id",
            format!("{label} has no `operationId`; add a unique snake_case id"),
        ));
        return;
    }
    if !is_snake_case(&op.id) {
        let hint = match snake_case_suggestion(&op.id) {
            Some(s) => format!(", e.g. `{s}`"),
            None => String::new(),
        };
        out.push(spec.problem(
            &format!("{}/operationId", op.pointer),
            "operation-id",
            format!(
                "operationId `{}` is not snake_case; use lower-case letters, digits and `_`, \
                 starting with a letter{hint} (it names the client method and the folder of \
                 the published schemas)",
                crate::error::shown(&op.id)
            ),
        ));
    }
    if let Some(first) = ids.insert(&op.id, &op.pointer) {
        out.push(spec.problem(
            &format!("{}/operationId", op.pointer),
            "operation-id",
            format!(
                "operationId `{}` is already used by the operation at {first}; give each \
                 operation its own id",
                op.id
            ),
        ));
    }
}

/// A 2xx response is documented, and one of its JSON bodies has an example.
fn success_example(
    spec: &Spec,
    responses: Option<&serde_json::Map<String, Value>>,
    responses_ptr: &str,
    label: &str,
    out: &mut Vec<Problem>,
) {
    let successes: Vec<(&String, &Value)> = responses
        .into_iter()
        .flatten()
        .filter(|(status, _)| is_success(status))
        .collect();
    let Some((first, _)) = successes.first() else {
        out.push(spec.problem(
            responses_ptr,
            "success-example",
            format!("{label} has no 2xx response; document the success response"),
        ));
        return;
    };
    let (mut json_bodies, mut with_example) = (0, 0);
    for (_, response) in &successes {
        let (response, _) = spec.deref(response);
        let Some(content) = response.get("content").and_then(Value::as_object) else {
            continue;
        };
        // JSON bodies; `*/*` only when there is none (see `media::json_body`).
        let any_json = content.keys().any(|m| media::is_json(m));
        for (media, mt) in content {
            let read_as_json = if any_json {
                media::is_json(media)
            } else {
                media::is_wildcard(media)
            };
            if !read_as_json {
                continue;
            }
            json_bodies += 1;
            let schema_example = mt
                .get("schema")
                .map(|s| spec.deref(s).0)
                .is_some_and(|s| s.get("example").is_some());
            if mt.get("example").is_some() || mt.get("examples").is_some() || schema_example {
                with_example += 1;
            }
        }
    }
    if json_bodies > 0 && with_example == 0 {
        out.push(spec.problem(
            &pointer::push(responses_ptr, first),
            "success-example",
            format!(
                "{label}: no 2xx JSON response has an example; add `example:` (from the \
                 cleaned samples) to its `application/json` media type"
            ),
        ));
    }
}

const COMPONENT_KINDS: &[&str] = &[
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "examples",
    "links",
    "callbacks",
];

fn unused_components(spec: &Spec, out: &mut Vec<Problem>) {
    let doc = spec.document();
    let Some(components) = doc.get("components").and_then(Value::as_object) else {
        return;
    };
    let mut used: HashSet<(String, String)> = HashSet::new();
    walk::each_ref(doc, &mut |_, reference| {
        if let Some(ptr) = pointer::local_ref_pointer(reference) {
            let tokens = pointer::tokens(&ptr);
            if tokens.len() >= 3 && tokens[0] == "components" {
                used.insert((tokens[1].clone(), tokens[2].clone()));
            }
        }
    });
    let mut used_schemes: HashSet<String> = HashSet::new();
    let mut note_security = |requirements: Option<&Value>| {
        for requirement in requirements.and_then(Value::as_array).into_iter().flatten() {
            if let Some(req) = requirement.as_object() {
                used_schemes.extend(req.keys().cloned());
            }
        }
    };
    note_security(doc.get("security"));
    for op in spec.operations_ref() {
        note_security(doc.pointer(&op.pointer).and_then(|o| o.get("security")));
    }

    for kind in COMPONENT_KINDS {
        let Some(members) = components.get(*kind).and_then(Value::as_object) else {
            continue;
        };
        for name in members.keys() {
            if !used.contains(&((*kind).to_owned(), name.clone())) {
                out.push(spec.problem(
                    &pointer::push(&format!("/components/{kind}"), name),
                    "unused-component",
                    format!(
                        "component `{name}` is never referenced; reference it with \
                         `$ref: '#/components/{kind}/{name}'` or delete it"
                    ),
                ));
            }
        }
    }
    if let Some(schemes) = components.get("securitySchemes").and_then(Value::as_object) {
        for name in schemes.keys() {
            if !used_schemes.contains(name) {
                out.push(spec.problem(
                    &pointer::push("/components/securitySchemes", name),
                    "unused-component",
                    format!(
                        "security scheme `{name}` is not required anywhere; list it under \
                         `security` (top level or per operation) or delete it"
                    ),
                ));
            }
        }
    }
}

fn examples_valid(spec: &Spec, out: &mut Vec<Problem>) {
    let set = match SchemaSet::build_components(spec, LINT_BASE) {
        Ok(set) => set,
        Err(err) => {
            out.extend(err.problems);
            return;
        }
    };
    let doc = spec.document();

    // (pointer of the example value, the schema it must satisfy)
    let mut checks: Vec<(String, &Value, &Value)> = Vec::new();
    walk::each_schema(doc, &mut |ptr, schema| {
        if let Some(example) = schema.get("example") {
            checks.push((format!("{ptr}/example"), example, schema));
        }
    });
    for (schema_ptr, schema) in walk::root_schemas(doc) {
        // The holder of a root schema is its media type, parameter or header object.
        let Some(holder_ptr) = pointer::parent(&schema_ptr) else {
            continue;
        };
        let Some(holder) = doc.pointer(holder_ptr) else {
            continue;
        };
        if holder_ptr.starts_with("/components/schemas") {
            continue;
        }
        if let Some(example) = holder.get("example") {
            checks.push((format!("{holder_ptr}/example"), example, schema));
        }
        if let Some(examples) = holder.get("examples").and_then(Value::as_object) {
            for (name, ex) in examples {
                let ex_ptr = pointer::push(&format!("{holder_ptr}/examples"), name);
                let (ex, target) = spec.deref(ex);
                if let Some(value) = ex.get("value") {
                    let at = match target {
                        Some(t) => format!("{t}/value"),
                        None => format!("{ex_ptr}/value"),
                    };
                    checks.push((at, value, schema));
                }
            }
        }
    }

    let mut cache: HashMap<*const Value, Result<jsonschema::Validator, SpecError>> = HashMap::new();
    for (ptr, example, schema) in checks {
        let compiled = cache
            .entry(schema as *const Value)
            .or_insert_with(|| set.validator_for_schema(&set.convert(schema)));
        let validator = match compiled {
            Ok(v) => v,
            Err(message) => {
                out.push(spec.problem(
                    &ptr,
                    "example-valid",
                    format!("cannot check this example, its schema does not compile: {message}"),
                ));
                continue;
            }
        };
        if validator.is_valid(example) {
            continue;
        }
        let errors: Vec<String> = validator
            .iter_errors(example)
            .map(|e| {
                let at = e.instance_path().as_str();
                let at = if at.is_empty() { "/" } else { at };
                format!(
                    "at `{at}`: {} (keyword `{}`)",
                    e.masked(),
                    e.kind().keyword()
                )
            })
            .collect();
        let mut message = format!(
            "example does not match its schema: {}",
            errors
                .iter()
                .take(MAX_ERRORS_PER_EXAMPLE)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        );
        if errors.len() > MAX_ERRORS_PER_EXAMPLE {
            message.push_str(&format!(
                "; and {} more",
                errors.len() - MAX_ERRORS_PER_EXAMPLE
            ));
        }
        message.push_str("; fix the example or the schema");
        out.push(spec.problem(&ptr, "example-valid", message));
    }
}

/// `schema-compiles`: regular expressions in both engines, then every published document.
fn schemas_compile(spec: &Spec, out: &mut Vec<Problem>) {
    let doc = spec.document();
    let mut regex_problems: HashSet<String> = HashSet::new();
    walk::each_schema(doc, &mut |ptr, schema| {
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            let at = format!("{ptr}/pattern");
            if let Some(message) = regex_problem("`pattern`", pattern) {
                out.push(spec.problem(&at, "schema-compiles", message));
                regex_problems.insert(at);
            }
        }
        for key in ["x-patternProperties", "patternProperties"] {
            let Some(members) = schema.get(key).and_then(Value::as_object) else {
                continue;
            };
            let map_ptr = pointer::push(ptr, key);
            for name in members.keys() {
                let at = pointer::push(&map_ptr, name);
                if let Some(message) = regex_problem(&format!("`{key}` key"), name) {
                    out.push(spec.problem(&at, "schema-compiles", message));
                    regex_problems.insert(at);
                }
            }
        }
    });

    // The full set (with the operation files) when it builds; its operation-level refusals are
    // reported by `operation-id` and `response-status`, so fall back to the components then.
    let set = match SchemaSet::build(spec, LINT_BASE) {
        Ok(set) => set,
        Err(err) => {
            out.extend(
                err.problems
                    .into_iter()
                    .filter(|p| !matches!(p.rule.as_str(), "operation-id" | "response-status")),
            );
            match SchemaSet::build_components(spec, LINT_BASE) {
                Ok(set) => set,
                // `examples_valid` reports why.
                Err(_) => return,
            }
        }
    };
    let mut referenced_only = Vec::new();
    let mut own_failures = 0usize;
    for schema in set.documents().values() {
        let Err(failure) = set.compile(schema) else {
            continue;
        };
        if !failure.own {
            referenced_only.push(failure.problem);
        } else {
            own_failures += 1;
            // A bad regex was already reported at its `pattern`, with both engines' verdicts.
            if !regex_problems.contains(&failure.problem.pointer) {
                out.push(failure.problem);
            }
        }
    }
    // A document failing only through a reference is noise next to the reference's own
    // report; keep it only if nothing else explains the failure (never a silent pass).
    if own_failures == 0 && regex_problems.is_empty() {
        out.extend(referenced_only);
    }
}

/// Why `pattern` (a regular expression of the spec, named by `what`) does not compile in
/// regress or in jsonschema, or `None` when both accept it.
fn regex_problem(what: &str, pattern: &str) -> Option<String> {
    let is_pattern = what == "`pattern`";
    let mut rejected = Vec::new();
    if let Err(err) = regress::Regex::new(pattern) {
        rejected.push(if is_pattern {
            format!(
                "regress, the engine of the generated client, rejects it ({err}), so the client \
                 would panic when it first checks a value"
            )
        } else {
            format!(
                "regress, an ECMA-262 engine like those of the JavaScript validators that read \
                 the published schemas, rejects it ({err})"
            )
        });
    }
    let probe = if is_pattern {
        json!({ "pattern": pattern })
    } else {
        json!({ "patternProperties": { pattern: {} } })
    };
    if let Err(err) = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&probe)
    {
        rejected.push(format!(
            "the jsonschema validator (vsee-contract, the lint) rejects it ({})",
            err.masked()
        ));
    }
    if rejected.is_empty() {
        return None;
    }
    Some(format!(
        "{what} `{}` is not a valid regular expression: {}; write it in ECMA-262 syntax that \
         both accept (no inline flags such as `(?i)`, no possessive quantifiers such as \
         `a++`)",
        crate::error::shown(pattern),
        rejected.join("; ")
    ))
}

/// Values that commonly fall into two `oneOf` branches by accident (an empty list in two array
/// branches, `null` in two nullable ones, a numeric string in a string and a pattern branch).
const OVERLAP_PROBES: &[&str] = &["null", "[]", "{}", "\"\"", "0", "\"0\""];

/// `oneof-overlap`: each probe is judged by every branch of every `oneOf`, separately.
fn oneof_overlap(spec: &Spec, out: &mut Vec<Problem>) {
    let Ok(set) = SchemaSet::build_components(spec, LINT_BASE) else {
        return; // `examples_valid` reports why.
    };
    let probes: Vec<(&str, Value)> = OVERLAP_PROBES
        .iter()
        .filter_map(|text| serde_json::from_str(text).ok().map(|v| (*text, v)))
        .collect();
    walk::each_schema(spec.document(), &mut |ptr, schema| {
        let Some(branches) = schema.get("oneOf").and_then(Value::as_array) else {
            return;
        };
        // A branch that does not compile is reported by `schema-compiles`; it accepts nothing here.
        let validators: Vec<Option<jsonschema::Validator>> = branches
            .iter()
            .map(|b| set.validator_for_schema(&set.convert(b)).ok())
            .collect();
        let overlaps: Vec<String> = probes
            .iter()
            .filter_map(|(text, probe)| {
                let accepting: Vec<String> = validators
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| v.as_ref().is_some_and(|v| v.is_valid(probe)))
                    .map(|(i, _)| i.to_string())
                    .collect();
                (accepting.len() > 1)
                    .then(|| format!("`{text}` matches branches {}", accepting.join(" and ")))
            })
            .collect();
        if !overlaps.is_empty() {
            out.push(spec.problem(
                &pointer::push(ptr, "oneOf"),
                "oneof-overlap",
                format!(
                    "{}, so `oneOf` rejects it although those branches accept it; use \
                     `anyOf`, or make the branches exclusive (e.g. `minItems: 1` on one of two \
                     array branches)",
                    overlaps.join("; ")
                ),
            ));
        }
    });
}

/// `encoding-property`: the keys of `encoding` against the properties of the body schema.
fn encoding_properties(spec: &Spec, out: &mut Vec<Problem>) {
    let doc = spec.document();
    for (schema_ptr, schema) in walk::root_schemas(doc) {
        let Some(holder_ptr) = pointer::parent(&schema_ptr) else {
            continue;
        };
        let Some(encoding) = doc
            .pointer(holder_ptr)
            .and_then(|holder| holder.get("encoding"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        let properties = schema_properties(spec, schema);
        for key in encoding.keys() {
            if properties.contains(key.as_str()) {
                continue;
            }
            let known = if properties.is_empty() {
                "the schema lists no properties".to_owned()
            } else {
                let mut names: Vec<&str> = properties.iter().copied().collect();
                names.sort_unstable();
                format!("its properties are {}", names.join(", "))
            };
            out.push(spec.problem(
                &pointer::push(&format!("{holder_ptr}/encoding"), key),
                "encoding-property",
                format!(
                    "`encoding` names `{}`, which is not a property of this body's schema \
                     ({known}); add the property to the schema or remove the encoding entry",
                    crate::error::shown(key)
                ),
            ));
        }
    }
}

/// Property names of a schema, through `$ref`s and `allOf` members.
fn schema_properties<'a>(spec: &'a Spec, schema: &'a Value) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    let mut pending = vec![schema];
    // Bounded like `Spec::deref`: a cycle of `allOf`s must not loop.
    for _ in 0..64 {
        let Some(next) = pending.pop() else {
            break;
        };
        let (schema, _) = spec.deref(next);
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            names.extend(properties.keys().map(String::as_str));
        }
        if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
            pending.extend(members);
        }
    }
    names
}
