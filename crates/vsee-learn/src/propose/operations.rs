//! What an operation does not document: a response status, a query parameter.

use std::collections::BTreeSet;

use serde_json::Value;
use vsee_spec::{pointer, Spec};

use super::{starts_line, Proposal};
use crate::edit::{Splice, Text};
use crate::infer::{infer, is_plain_name, schema_of_kind, Yaml};
use crate::observe::{kind_of, Evidence, Judge};

pub(super) fn new_status(
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

pub(super) fn new_query_parameter(
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
