//! Proposals: for each observed fact, the spec edits that would say it, smallest first.
//!
//! A [`Group`] is one fact with its evidence; its [`Proposal`]s are alternative edits, ranked
//! so that the first is the smallest one that covers every observation. An edit is a list of
//! [`Splice`]s of the original text. Recorded values never enter an edit, except coded values
//! (integers, numeric strings, snake_case identifiers) that become enum members, and status
//! codes that become response keys.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;
use vsee_spec::{pointer, Spec};

use crate::edit::{format_string_like, Splice, Text};
use crate::infer::{infer, is_plain_name, named_unions, null_branch, schema_of_kind, Yaml};
use crate::observe::{kind_of, Evidence, Fact, Judge, Observations, NOT_A_FIELD_NAME};
use crate::verdict::Verdicts;

/// At most this many exchanges are named in a group's evidence.
const MAX_PLACES: usize = 10;

/// One thing to learn: a fact, where it goes, why, and the edits that would say it.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// 1-based, in report order.
    pub id: usize,
    /// `new-property`, `nullable-or-widened-type`, `new-enum-value`, `required-missing`,
    /// `new-response-status`, `new-endpoint`.
    pub kind: &'static str,
    pub title: String,
    /// JSON pointer of the spec node the edit changes.
    pub pointer: String,
    /// `file:line:col` of that node.
    pub location: String,
    pub evidence: EvidenceSummary,
    /// Ranked alternatives; the first is what `--write` applies. Empty when nothing can be
    /// written (see `note`).
    pub proposals: Vec<Proposal>,
    /// Why something is listed but not written, or what to do by hand after writing.
    pub note: Option<String>,
}

/// Where a fact was seen, without any recorded value.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceSummary {
    /// Exchanges that show it.
    pub exchanges: usize,
    /// `file#entry` of the first of them.
    pub places: Vec<String>,
    /// Instance pointers into the bodies where it was seen.
    pub instance_pointers: Vec<String>,
    /// `request` and/or `response`.
    pub parts: Vec<&'static str>,
    /// JSON kinds of the values seen (`null`, `integer`, `string`, ...).
    pub kinds: Vec<&'static str>,
}

impl EvidenceSummary {
    fn of(evidence: &Evidence) -> EvidenceSummary {
        let kinds: BTreeSet<&'static str> = evidence.values.iter().map(kind_of).collect();
        EvidenceSummary {
            exchanges: evidence.places.len(),
            places: evidence
                .places
                .iter()
                .take(MAX_PLACES)
                .map(|(file, entry)| format!("{file}#{entry}"))
                .collect(),
            instance_pointers: evidence.instance_pointers.iter().cloned().collect(),
            parts: evidence.parts.iter().copied().collect(),
            kinds: kinds.into_iter().collect(),
        }
    }
}

/// One edit that would say a fact.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub summary: String,
    pub splices: Vec<Splice>,
    /// What this edit alone breaks (`vsee-diff`), filled in by [`crate::verdict`].
    pub verdicts: Option<Verdicts>,
}

impl Proposal {
    fn new(summary: impl Into<String>, splices: Vec<Splice>) -> Proposal {
        Proposal {
            summary: summary.into(),
            splices,
            verdicts: None,
        }
    }
}

/// Every group the observations ask for, in the order of the spec text.
pub fn propose(judge: &mut Judge<'_>, text: &Text<'_>, obs: &Observations) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    for (fact, evidence) in &obs.facts {
        let (kind, title, ptr, proposals, note) = match fact {
            Fact::NewProperty { object, name } => {
                let (proposals, note) = new_property(judge, text, object, name, evidence);
                let title = if name == NOT_A_FIELD_NAME {
                    format!(
                        "undocumented keys of {} that are not field names",
                        subject(object)
                    )
                } else {
                    format!("new property `{name}` of {}", subject(object))
                };
                ("new-property", title, object.clone(), proposals, note)
            }
            Fact::RejectedType { schema } => {
                let (proposals, note) = rejected_type(judge, text, schema, evidence);
                let seen = kinds_text(evidence);
                let title = format!("{} where {} does not allow it", seen, subject(schema));
                (
                    "nullable-or-widened-type",
                    title,
                    schema.clone(),
                    proposals,
                    note,
                )
            }
            Fact::NewEnumValue { schema } => {
                let (proposals, note) = new_enum_value(text, schema, evidence);
                let title = format!("new value of the enumeration {}", subject(schema));
                ("new-enum-value", title, schema.clone(), proposals, note)
            }
            Fact::MissingRequired { object, name } => {
                let proposals = missing_required(text, object, name);
                let title = format!("required property `{name}` of {} missing", subject(object));
                let ptr = pointer::push(object, "required");
                ("required-missing", title, ptr, proposals, None)
            }
            Fact::NewStatus { operation, status } => {
                let (proposals, ptr) = new_status(judge, text, operation, *status, evidence);
                let title = format!("undocumented response status {status} of `{operation}`");
                ("new-response-status", title, ptr, proposals, None)
            }
            Fact::NewQueryParameter { operation, name } => {
                let (proposals, ptr, note) = new_query_parameter(text, operation, name, evidence);
                let title = if name.as_str() == NOT_A_FIELD_NAME {
                    format!("undocumented query parameters of `{operation}`")
                } else {
                    format!("undocumented query parameter `{name}` of `{operation}`")
                };
                ("new-query-parameter", title, ptr, proposals, note)
            }
            Fact::NewEndpoint { method, template } => {
                let title = format!("undocumented endpoint {method} {template}");
                let note = "listed, not written: add the operation by hand (operationId, summary, \
                            parameters, responses), then run learn again"
                    .to_owned();
                (
                    "new-endpoint",
                    title,
                    "/paths".to_owned(),
                    Vec::new(),
                    Some(note),
                )
            }
        };
        let note = note.or_else(|| {
            proposals.is_empty().then(|| {
                "listed, not written: the node is written in a form this tool does not edit \
                 (flow style or multi-line); edit it by hand"
                    .to_owned()
            })
        });
        let location = text.spec.locate(&ptr).to_string();
        groups.push(Group {
            id: 0,
            kind,
            title,
            pointer: ptr,
            location,
            evidence: EvidenceSummary::of(evidence),
            proposals,
            note,
        });
    }
    groups.sort_by_key(|g| {
        let loc = text.spec.locate(&g.pointer);
        (loc.line, loc.column, g.title.clone())
    });
    for (i, group) in groups.iter_mut().enumerate() {
        group.id = i + 1;
    }
    groups
}

/// `Visit` for a component, the pointer otherwise.
fn subject(ptr: &str) -> String {
    let tokens = pointer::tokens(ptr);
    match tokens.as_slice() {
        [c, s, name] if c == "components" && s == "schemas" => format!("`{name}`"),
        [c, s, name, rest @ ..] if c == "components" && s == "schemas" => {
            let inner: Vec<&str> = rest
                .iter()
                .filter(|t| *t != "properties")
                .map(String::as_str)
                .collect();
            format!("`{name}.{}`", inner.join("."))
        }
        _ => format!("`{ptr}`"),
    }
}

fn kinds_text(evidence: &Evidence) -> String {
    let kinds: BTreeSet<&str> = evidence.values.iter().map(kind_of).collect();
    let names: Vec<String> = kinds
        .iter()
        .map(|k| match *k {
            "null" => "null".to_owned(),
            "integer" => "a number".to_owned(),
            other => format!("a value of type {other}"),
        })
        .collect();
    names.join(" and ")
}

fn new_property(
    judge: &mut Judge<'_>,
    text: &Text<'_>,
    object: &str,
    name: &str,
    evidence: &Evidence,
) -> (Vec<Proposal>, Option<String>) {
    if !is_plain_name(name) {
        return (
            Vec::new(),
            Some(
                "listed, not written: the key is not a plain field name (it may be data, such \
                 as a custom intake field); it stays in `extra`"
                    .to_owned(),
            ),
        );
    }
    let values: Vec<&Value> = evidence.values.iter().collect();
    let schema = infer(judge, &values, 0);
    let props = pointer::push(object, "properties");
    let has_props = text
        .doc()
        .pointer(&props)
        .and_then(Value::as_object)
        .is_some_and(|m| !m.is_empty());
    if !has_props {
        return (Vec::new(), None);
    }
    let (Some(indent), Some(end)) = (text.key_indent(&props), text.mapping_end(&props)) else {
        return (Vec::new(), None);
    };
    let lines = schema.entry_lines(name, indent);
    let summary = format!("add optional property `{name}` ({})", describe(&schema));
    (
        vec![Proposal::new(
            summary,
            vec![Splice {
                start: end + 1,
                end: end + 1,
                lines,
            }],
        )],
        None,
    )
}

/// A one-line description of an inferred schema (types and references only).
fn describe(schema: &Yaml) -> String {
    let Yaml::Map(entries) = schema else {
        return "any value".to_owned();
    };
    let get = |k: &str| entries.iter().find(|(key, _)| key == k).map(|(_, v)| v);
    let nullable = if get("nullable").is_some() {
        ", nullable"
    } else {
        ""
    };
    if let Some(Yaml::Scalar(t)) = get("type") {
        return format!("{t}{nullable}");
    }
    if let Some(Yaml::Scalar(r)) = get("$ref") {
        return r
            .trim_matches('\'')
            .trim_start_matches("#/components/schemas/")
            .to_owned();
    }
    if let Some(Yaml::Seq(branches)) = get("anyOf") {
        let parts: Vec<String> = branches.iter().map(describe).collect();
        return format!("any of {}", parts.join(", "));
    }
    if let Some(Yaml::Scalar(e)) = get("enum") {
        return format!("enum {e}");
    }
    "any value".to_owned()
}

/// Keywords that only make sense for a scalar type and sit on one line.
const SCALAR_KEYWORDS: [&str; 11] = [
    "type",
    "format",
    "pattern",
    "enum",
    "nullable",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
];

fn rejected_type(
    judge: &mut Judge<'_>,
    text: &Text<'_>,
    ptr: &str,
    evidence: &Evidence,
) -> (Vec<Proposal>, Option<String>) {
    let Some(map) = text.doc().pointer(ptr).and_then(Value::as_object) else {
        return (Vec::new(), None);
    };
    let null_seen = evidence.values.iter().any(Value::is_null);
    let mut kinds: BTreeSet<&str> = evidence
        .values
        .iter()
        .filter(|v| !v.is_null())
        .map(kind_of)
        .collect();
    if kinds.contains("number") {
        kinds.remove("integer");
    }
    let mut proposals = Vec::new();
    if kinds.is_empty() {
        if let Some(splices) = nullable_edit(text, ptr, map) {
            proposals.push(Proposal::new("accept null (nullable)", splices));
        }
        return (proposals, None);
    }
    let declared = map.get("type").and_then(Value::as_str);
    // 1. A named union of the spec that accepts the old type and every new value.
    if let Some(declared) = declared {
        let values: Vec<&Value> = evidence.values.iter().filter(|v| !v.is_null()).collect();
        for union in named_unions(text.doc()) {
            let covers_old = union_covers(text.doc(), &union.pointer, declared, map);
            if covers_old && values.iter().all(|v| judge.accepts(&union.pointer, v)) {
                if let Some(splices) = union_ref_edit(text, ptr, map, &union.pointer, null_seen) {
                    let name = union.pointer.trim_start_matches("/components/schemas/");
                    proposals.push(Proposal::new(
                        format!(
                            "use the spec's `{name}` (it accepts {declared} and what was seen)"
                        ),
                        splices,
                    ));
                }
            }
        }
        // 2. Any of the old type and the new ones.
        if let Some(splices) = any_of_edit(text, ptr, map, &kinds, null_seen) {
            let new: Vec<&str> = kinds.iter().copied().collect();
            proposals.push(Proposal::new(
                format!("widen: any of {declared} and {}", new.join(", ")),
                splices,
            ));
        }
    } else if let Some(splices) = add_branches_edit(text, ptr, map, &kinds, null_seen) {
        let new: Vec<&str> = kinds.iter().copied().collect();
        proposals.push(Proposal::new(
            format!("widen: add the alternative(s) {}", new.join(", ")),
            splices,
        ));
    }
    (proposals, None)
}

/// Whether the named union accepts every value the old schema `map` (of type `declared`)
/// accepts: one of its branches is that type with no constraint the old schema lacks (a
/// `pattern` on the union's string branch would reject strings the old schema took).
fn union_covers(
    doc: &Value,
    union: &str,
    declared: &str,
    map: &serde_json::Map<String, Value>,
) -> bool {
    let constraints = |m: &serde_json::Map<String, Value>| -> Vec<(String, Value)> {
        m.iter()
            .filter(|(k, _)| {
                !vsee_spec::schema_view::is_annotation(k)
                    && !matches!(k.as_str(), "type" | "format" | "nullable")
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let old = constraints(map);
    let Some(schema) = doc.pointer(union) else {
        return false;
    };
    ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_object)
        .any(|branch| {
            branch.get("type").and_then(Value::as_str) == Some(declared)
                && constraints(branch).iter().all(|c| old.contains(c))
        })
}

/// The text before the key at `ptr` is only indentation (not `- ` or `{`).
fn starts_line(text: &Text<'_>, ptr: &str) -> Option<(usize, usize)> {
    let (line, column) = text.at(ptr)?;
    text.line(line)[..column]
        .chars()
        .all(|c| c == ' ')
        .then_some((line, column))
}

/// `nullable: true` beside the type, or the spec's null branch beside a reference.
fn nullable_edit(
    text: &Text<'_>,
    ptr: &str,
    map: &serde_json::Map<String, Value>,
) -> Option<Vec<Splice>> {
    let pad = |n: usize| " ".repeat(n);
    if map.contains_key("type") {
        let type_ptr = pointer::push(ptr, "type");
        let (_, column) = text.at(&type_ptr)?;
        let end = text.entry_end_of(&type_ptr)?;
        return Some(vec![Splice {
            start: end + 1,
            end: end + 1,
            lines: vec![format!("{}nullable: true", pad(column))],
        }]);
    }
    if map.contains_key("$ref") {
        let ref_ptr = pointer::push(ptr, "$ref");
        let (line, column) = starts_line(text, &ref_ptr)?;
        if !text.single_line(&ref_ptr) {
            return None;
        }
        let raw = text.inline_value(&ref_ptr)?;
        return Some(vec![Splice {
            start: line,
            end: line + 1,
            lines: vec![
                format!("{}anyOf:", pad(column)),
                format!("{}  - $ref: {raw}", pad(column)),
                format!("{}  - enum: [null]", pad(column)),
            ],
        }]);
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        let Some(items) = map.get(keyword).and_then(Value::as_array) else {
            continue;
        };
        if keyword == "allOf" && items.len() != 1 {
            return None;
        }
        let kw_ptr = pointer::push(ptr, keyword);
        let (line, column) = starts_line(text, &kw_ptr)?;
        let (_, item_col) = text.at(&pointer::push(&kw_ptr, "0"))?;
        let dash = item_col.checked_sub(2)?;
        let end = text.entry_end_of(&kw_ptr)?;
        if end == line {
            return None; // flow sequence
        }
        let mut splices = vec![Splice {
            start: end + 1,
            end: end + 1,
            lines: null_branch().item_lines(dash),
        }];
        if keyword == "allOf" {
            // allOf [X] -> anyOf [X, null]: the same schema, now also accepting null.
            let original = text.line(line);
            let renamed = format!("{}anyOf{}", &original[..column], &original[column + 5..]);
            splices.push(Splice {
                start: line,
                end: line + 1,
                lines: vec![renamed],
            });
        }
        return Some(splices);
    }
    None
}

/// Lines of the scalar keywords of `map`, in document order, each on one line; `None` when
/// the schema has other constraints (an object or array type) or a keyword spans lines.
fn scalar_lines(
    text: &Text<'_>,
    ptr: &str,
    map: &serde_json::Map<String, Value>,
) -> Option<Vec<(usize, String)>> {
    let mut lines = Vec::new();
    for key in map.keys() {
        if vsee_spec::schema_view::is_annotation(key) {
            continue;
        }
        if !SCALAR_KEYWORDS.contains(&key.as_str()) {
            return None;
        }
        let key_ptr = pointer::push(ptr, key);
        let (line, _) = starts_line(text, &key_ptr)?;
        if !text.single_line(&key_ptr) {
            return None;
        }
        lines.push((line, text.line(line).trim_start().to_owned()));
    }
    lines.sort();
    Some(lines)
}

/// Replaces the scalar keywords with `anyOf: [<them>, <new kinds>]`.
fn any_of_edit(
    text: &Text<'_>,
    ptr: &str,
    map: &serde_json::Map<String, Value>,
    kinds: &BTreeSet<&str>,
    null_seen: bool,
) -> Option<Vec<Splice>> {
    let moved = scalar_lines(text, ptr, map)?;
    let (type_line, column) = starts_line(text, &pointer::push(ptr, "type"))?;
    let pad = " ".repeat(column);
    let mut block = vec![format!("{pad}anyOf:")];
    for (i, (_, line)) in moved.iter().enumerate() {
        let lead = if i == 0 { "  - " } else { "    " };
        block.push(format!("{pad}{lead}{line}"));
    }
    if null_seen && !map.contains_key("nullable") {
        block.push(format!("{pad}    nullable: true"));
    }
    for kind in kinds {
        block.extend(schema_of_kind(kind).item_lines(column + 2));
    }
    let mut splices = vec![Splice {
        start: type_line,
        end: type_line + 1,
        lines: block,
    }];
    for (line, _) in &moved {
        if *line != type_line {
            splices.push(Splice {
                start: *line,
                end: line + 1,
                lines: Vec::new(),
            });
        }
    }
    Some(splices)
}

/// Replaces `type` (and `format`) with a reference to a named union.
fn union_ref_edit(
    text: &Text<'_>,
    ptr: &str,
    map: &serde_json::Map<String, Value>,
    union: &str,
    null_seen: bool,
) -> Option<Vec<Splice>> {
    let moved = scalar_lines(text, ptr, map)?;
    let (type_line, column) = starts_line(text, &pointer::push(ptr, "type"))?;
    let has_annotations = map.keys().any(|k| vsee_spec::schema_view::is_annotation(k));
    let nullable = null_seen || map.get("nullable").and_then(Value::as_bool) == Some(true);
    let reference = Yaml::reference(union);
    let node = if nullable {
        Yaml::map(vec![("anyOf", Yaml::Seq(vec![reference, null_branch()]))])
    } else if has_annotations {
        Yaml::map(vec![("allOf", Yaml::Seq(vec![reference]))])
    } else {
        reference
    };
    let mut splices = vec![Splice {
        start: type_line,
        end: type_line + 1,
        lines: node.body_lines(column),
    }];
    for (line, _) in &moved {
        if *line != type_line {
            splices.push(Splice {
                start: *line,
                end: line + 1,
                lines: Vec::new(),
            });
        }
    }
    Some(splices)
}

/// Appends branches for new kinds to an existing `oneOf` / `anyOf`.
fn add_branches_edit(
    text: &Text<'_>,
    ptr: &str,
    map: &serde_json::Map<String, Value>,
    kinds: &BTreeSet<&str>,
    null_seen: bool,
) -> Option<Vec<Splice>> {
    let keyword = ["anyOf", "oneOf"]
        .into_iter()
        .find(|k| map.contains_key(*k))?;
    let kw_ptr = pointer::push(ptr, keyword);
    let (line, _) = starts_line(text, &kw_ptr)?;
    let (_, item_col) = text.at(&pointer::push(&kw_ptr, "0"))?;
    let dash = item_col.checked_sub(2)?;
    let end = text.entry_end_of(&kw_ptr)?;
    if end == line {
        return None;
    }
    let mut lines = Vec::new();
    for kind in kinds {
        lines.extend(schema_of_kind(kind).item_lines(dash));
    }
    if null_seen {
        lines.extend(null_branch().item_lines(dash));
    }
    Some(vec![Splice {
        start: end + 1,
        end: end + 1,
        lines,
    }])
}

/// A coded value: an integer, a numeric string or a snake_case identifier. Anything else may
/// be free text (patient data) and is never written.
pub fn is_code(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.is_i64() || n.is_u64(),
        Value::String(s) => {
            let numeric = !s.is_empty()
                && s.len() <= 20
                && s.trim_start_matches('-')
                    .chars()
                    .all(|c| c.is_ascii_digit());
            let ident = s.len() <= 64
                && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            numeric || ident
        }
        _ => false,
    }
}

fn new_enum_value(
    text: &Text<'_>,
    ptr: &str,
    evidence: &Evidence,
) -> (Vec<Proposal>, Option<String>) {
    let doc = text.doc();
    let mut codes: Vec<&Value> = Vec::new();
    let mut uncoded = 0usize;
    for value in &evidence.values {
        if !is_code(value) {
            uncoded += 1;
        } else if !codes.contains(&value) {
            codes.push(value);
        }
    }
    let note = (uncoded > 0).then(|| {
        format!(
            "{uncoded} value(s) seen are not codes (not integers or snake_case identifiers; \
             perhaps free text): they are neither shown nor written"
        )
    });
    if codes.is_empty() {
        return (Vec::new(), note);
    }
    let Some(schema) = doc.pointer(ptr).and_then(Value::as_object) else {
        return (Vec::new(), note);
    };
    // Where the members are: the schema itself, or each enumerated branch of its union.
    let mut holders: Vec<String> = Vec::new();
    if schema.contains_key("enum") {
        holders.push(ptr.to_owned());
    }
    for keyword in ["oneOf", "anyOf"] {
        for (i, branch) in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let mut at = pointer::push(&pointer::push(ptr, keyword), &i.to_string());
            let mut node = branch;
            if let Some(target) = branch
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(pointer::local_ref_pointer)
            {
                match doc.pointer(&target) {
                    Some(t) => {
                        at = target;
                        node = t;
                    }
                    None => continue,
                }
            }
            if node.get("enum").is_some() {
                holders.push(at);
            }
        }
    }
    let mut splices = Vec::new();
    let mut varname_lists: Vec<String> = Vec::new();
    let mut new_codes_for_names: Vec<String> = Vec::new();
    for holder in &holders {
        let Some(node) = doc.pointer(holder) else {
            continue;
        };
        let declared = node.get("type").and_then(Value::as_str);
        let members = node
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut new_members: Vec<Value> = Vec::new();
        for code in &codes {
            let Some(member) = as_member(code, declared) else {
                continue;
            };
            if !members.contains(&member) && !new_members.contains(&member) {
                new_members.push(member);
            }
        }
        if new_members.is_empty() {
            continue;
        }
        for m in &new_members {
            let text_form = member_text(m);
            if !new_codes_for_names.contains(&text_form) {
                new_codes_for_names.push(text_form.clone());
            }
        }
        match list_append(text, &pointer::push(holder, "enum"), &new_members) {
            Some(s) => splices.push(s),
            None => return (Vec::new(), note),
        }
        if node.get("x-enum-varnames").is_some() {
            varname_lists.push(pointer::push(holder, "x-enum-varnames"));
        }
    }
    if schema.get("x-enum-varnames").is_some() && !holders.iter().any(|h| h == ptr) {
        varname_lists.push(pointer::push(ptr, "x-enum-varnames"));
    }
    for list in &varname_lists {
        let existing: Vec<&str> = doc
            .pointer(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let names: Vec<Value> = new_codes_for_names
            .iter()
            .map(|c| Value::String(placeholder_name(c, &existing)))
            .collect();
        match list_append(text, list, &names) {
            Some(s) => splices.push(s),
            None => return (Vec::new(), note),
        }
    }
    if splices.is_empty() {
        return (Vec::new(), note);
    }
    let mut summary = format!("add {} to the members", new_codes_for_names.join(", "));
    if !varname_lists.is_empty() {
        summary.push_str(" (with placeholder names in x-enum-varnames: rename them)");
    }
    let mut proposal_note = note;
    let doc_note = "describe the new value(s) in the schema's description".to_owned();
    proposal_note = Some(match proposal_note {
        Some(n) => format!("{n}; {doc_note}"),
        None => doc_note,
    });
    (vec![Proposal::new(summary, splices)], proposal_note)
}

/// A code as a member of an enum of `declared` type: integers into integer enums (from a
/// numeric string too), strings into string enums (from an integer too).
fn as_member(code: &Value, declared: Option<&str>) -> Option<Value> {
    match (declared, code) {
        (Some("integer") | Some("number"), Value::Number(_)) => Some(code.clone()),
        (Some("integer") | Some("number"), Value::String(s)) => {
            s.parse::<i64>().ok().map(Value::from)
        }
        (Some("string"), Value::Number(n)) => Some(Value::String(n.to_string())),
        (Some("string") | None, Value::String(_)) => Some(code.clone()),
        (None, Value::Number(_)) => Some(code.clone()),
        _ => None,
    }
}

fn member_text(member: &Value) -> String {
    match member {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A placeholder variant name for code `code`, in the style of the existing names.
fn placeholder_name(code: &str, existing: &[&str]) -> String {
    let clean: String = code
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let upper = !existing.is_empty()
        && existing
            .iter()
            .all(|n| n.chars().all(|c| !c.is_ascii_lowercase()));
    let pascal = existing
        .first()
        .is_some_and(|n| n.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        && !upper;
    if upper {
        format!("UNNAMED_{}", clean.to_ascii_uppercase())
    } else if pascal {
        format!("Unnamed{clean}")
    } else {
        format!("unnamed_{clean}")
    }
}

/// Appends `values` to the sequence at `ptr`, in its style (flow `[a, b]` or block `- a`).
fn list_append(text: &Text<'_>, ptr: &str, values: &[Value]) -> Option<Splice> {
    let (line, column) = starts_line(text, ptr)?;
    let raw_line = text.line(line);
    let first_raw = |s: &str| -> Option<String> {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    let end = text.entry_end(line, column);
    if end == line {
        // Flow sequence on the key's line: insert before its closing `]`.
        let open = raw_line[column..].find('[')? + column;
        let close = raw_line.rfind(']')?;
        let inside = &raw_line[open + 1..close];
        let sibling = inside.split(',').next().and_then(first_raw);
        let formatted: Vec<String> = values
            .iter()
            .map(|v| format_member(v, sibling.as_deref()))
            .collect();
        let joined = formatted.join(", ");
        let new_inside = if inside.trim().is_empty() {
            joined
        } else {
            format!("{}, {joined}", inside.trim_end())
        };
        let new_line = format!("{}{}{}", &raw_line[..=open], new_inside, &raw_line[close..]);
        return Some(Splice {
            start: line,
            end: line + 1,
            lines: vec![new_line],
        });
    }
    let (item_line, item_col) = text.at(&pointer::push(ptr, "0"))?;
    let dash = item_col.checked_sub(2)?;
    let sibling = text.line(item_line).get(item_col..).and_then(first_raw);
    let lines = values
        .iter()
        .map(|v| {
            format!(
                "{}- {}",
                " ".repeat(dash),
                format_member(v, sibling.as_deref())
            )
        })
        .collect();
    Some(Splice {
        start: end + 1,
        end: end + 1,
        lines,
    })
}

fn format_member(value: &Value, sibling: Option<&str>) -> String {
    match value {
        Value::String(s) => {
            // A numeric string must stay a string: quote it even when siblings are plain.
            let numeric = s.parse::<f64>().is_ok();
            let hint = if numeric && !sibling.is_some_and(|t| t.starts_with('"')) {
                Some("'")
            } else {
                sibling
            };
            format_string_like(s, hint)
        }
        other => other.to_string(),
    }
}

fn missing_required(text: &Text<'_>, object: &str, name: &str) -> Vec<Proposal> {
    let req_ptr = pointer::push(object, "required");
    let Some(names) = text.doc().pointer(&req_ptr).and_then(Value::as_array) else {
        return Vec::new();
    };
    let Some(index) = names.iter().position(|n| n.as_str() == Some(name)) else {
        return Vec::new();
    };
    let Some((line, column)) = starts_line(text, &req_ptr) else {
        return Vec::new();
    };
    let end = text.entry_end(line, column);
    let summary = format!("make `{name}` optional (remove it from `required`)");
    let splice = if names.len() == 1 {
        // `required` may not be empty in OpenAPI 3.0: the whole entry goes.
        Splice {
            start: line,
            end: end + 1,
            lines: Vec::new(),
        }
    } else if end == line {
        let raw = text.line(line);
        let (Some(open), Some(close)) = (raw.find('['), raw.rfind(']')) else {
            return Vec::new();
        };
        let kept: Vec<&str> = raw[open + 1..close]
            .split(',')
            .map(str::trim)
            .filter(|t| t.trim_matches(['\'', '"']) != name)
            .collect();
        Splice {
            start: line,
            end: line + 1,
            lines: vec![format!(
                "{}{}{}",
                &raw[..=open],
                kept.join(", "),
                &raw[close..]
            )],
        }
    } else {
        let Some((item_line, _)) = text.at(&pointer::push(&req_ptr, &index.to_string())) else {
            return Vec::new();
        };
        Splice {
            start: item_line,
            end: item_line + 1,
            lines: Vec::new(),
        }
    };
    vec![Proposal::new(summary, vec![splice])]
}

fn new_status(
    judge: &mut Judge<'_>,
    text: &Text<'_>,
    operation: &str,
    status: u16,
    evidence: &Evidence,
) -> (Vec<Proposal>, String) {
    let spec: &Spec = text.spec;
    let Some(op) = spec.operations_ref().iter().find(|o| o.id == operation) else {
        return (Vec::new(), "/paths".to_owned());
    };
    let responses = pointer::push(&op.pointer, "responses");
    let Some(indent) = text.key_indent(&responses) else {
        return (Vec::new(), responses);
    };
    let bodies: Vec<&Value> = evidence.values.iter().collect();
    let mut node = vec![(
        "description",
        Yaml::scalar(format!(
            "Status {status}, seen in recorded traffic (learned); say what it means."
        )),
    )];
    if !bodies.is_empty() {
        // The body schema of a documented response that already accepts every body seen.
        let mut schema = None;
        for key in &op.responses {
            let holder = pointer::push(&responses, key);
            let Some(ptr) = documented_schema(spec, &holder) else {
                continue;
            };
            let is_ref = spec
                .document()
                .pointer(&ptr)
                .and_then(|s| s.get("$ref"))
                .is_some();
            if is_ref && bodies.iter().all(|b| judge.accepts(&ptr, b)) {
                schema = spec
                    .document()
                    .pointer(&ptr)
                    .and_then(|s| s.get("$ref"))
                    .and_then(Value::as_str)
                    .and_then(pointer::local_ref_pointer)
                    .map(|t| Yaml::reference(&t));
                break;
            }
        }
        let schema = schema.unwrap_or_else(|| infer(judge, &bodies, 0));
        node.push((
            "content",
            Yaml::map(vec![(
                "application/json",
                Yaml::map(vec![("schema", schema)]),
            )]),
        ));
    }
    let node = Yaml::map(node);
    // Keep the keys in status order: before the first documented key that sorts after it.
    let keys: Vec<&String> = spec
        .document()
        .pointer(&responses)
        .and_then(Value::as_object)
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    let quote = keys
        .first()
        .and_then(|k| text.at(&pointer::push(&responses, k)))
        .and_then(|(line, column)| text.line(line)[column..].chars().next())
        .filter(|c| *c == '\'' || *c == '"')
        .unwrap_or('\'');
    let key = format!("{quote}{status}{quote}");
    let lines = node.entry_lines(&key, indent);
    let before = keys
        .iter()
        .find(|k| status_rank(k).is_some_and(|r| r > u32::from(status)))
        .and_then(|k| text.at(&pointer::push(&responses, k)).map(|(line, _)| line));
    let at = match before {
        Some(line) => line,
        None => match text.mapping_end(&responses) {
            Some(end) => end + 1,
            None => return (Vec::new(), responses),
        },
    };
    let proposal = Proposal::new(
        format!("document response {status}"),
        vec![Splice {
            start: at,
            end: at,
            lines,
        }],
    );
    (vec![proposal], responses)
}

/// The JSON body schema pointer of a response (following a `components/responses` ref).
fn documented_schema(spec: &Spec, holder: &str) -> Option<String> {
    let doc = spec.document();
    let mut at = holder.to_owned();
    if let Some(target) = doc
        .pointer(&at)?
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(pointer::local_ref_pointer)
    {
        at = target;
    }
    let content = doc.pointer(&at)?.get("content")?.as_object()?;
    let (key, _) = vsee_spec::media::json_body(content.iter().map(|(k, v)| (k.as_str(), v)))?;
    Some(pointer::push(
        &pointer::push(&pointer::push(&at, "content"), key),
        "schema",
    ))
}

/// Order of response keys: `201` -> 201, `4XX` -> 499 (after every 4xx), `default` last.
fn status_rank(key: &str) -> Option<u32> {
    if let Ok(n) = key.parse::<u32>() {
        return Some(n);
    }
    let upper = key.to_ascii_uppercase();
    if upper.len() == 3 && upper.ends_with("XX") {
        return upper[..1].parse::<u32>().ok().map(|d| d * 100 + 99);
    }
    (key == "default").then_some(1000)
}

fn new_query_parameter(
    text: &Text<'_>,
    operation: &str,
    name: &str,
    evidence: &Evidence,
) -> (Vec<Proposal>, String, Option<String>) {
    let Some(op) = text
        .spec
        .operations_ref()
        .iter()
        .find(|o| o.id == operation)
    else {
        return (Vec::new(), "/paths".to_owned(), None);
    };
    let params = pointer::push(&op.pointer, "parameters");
    if !is_plain_name(name) {
        let note = "listed, not written: the name is not a plain parameter name".to_owned();
        return (Vec::new(), params, Some(note));
    }
    // The values were reduced to stand-ins of their kinds when observed.
    let mut kinds: BTreeSet<&str> = evidence.values.iter().map(kind_of).collect();
    if kinds.len() > 1 {
        kinds = BTreeSet::from(["string"]);
    }
    let kind = kinds.into_iter().next().unwrap_or("string");
    let parameter = Yaml::map(vec![
        ("name", Yaml::scalar(name)),
        ("in", Yaml::scalar("query")),
        ("required", Yaml::scalar("false")),
        ("schema", schema_of_kind(kind)),
    ]);
    let existing = text.doc().pointer(&params).and_then(Value::as_array);
    let splice = match existing {
        Some(items) if !items.is_empty() => {
            let Some((line, _)) = starts_line(text, &params) else {
                return (Vec::new(), params, None);
            };
            let Some((_, item_col)) = text.at(&pointer::push(&params, "0")) else {
                return (Vec::new(), params, None);
            };
            let end = text.entry_end_of(&params).unwrap_or(line);
            let Some(dash) = item_col.checked_sub(2).filter(|_| end > line) else {
                return (Vec::new(), params, None);
            };
            Splice {
                start: end + 1,
                end: end + 1,
                lines: parameter.item_lines(dash),
            }
        }
        Some(_) => return (Vec::new(), params, None),
        None => {
            // No `parameters` yet: a new entry just before `responses`.
            let responses = pointer::push(&op.pointer, "responses");
            let Some((line, column)) = starts_line(text, &responses) else {
                return (Vec::new(), params, None);
            };
            Splice {
                start: line,
                end: line,
                lines: Yaml::Seq(vec![parameter]).entry_lines("parameters", column),
            }
        }
    };
    let summary = format!("add optional query parameter `{name}` ({kind})");
    (vec![Proposal::new(summary, vec![splice])], params, None)
}
