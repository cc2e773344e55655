//! New members of enumerated codes: only coded values (integers, numeric strings,
//! snake_case identifiers), into every enumerated branch and `x-enum-varnames`.

use serde_json::Value;
use vsee_spec::pointer;

use super::proposal::Proposal;
use crate::edit::{format_string_like, starts_line, Splice, Text};
use crate::observe::Evidence;

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

pub(super) fn new_enum_value(
    text: &Text<'_>,
    ptr: &str,
    evidence: &Evidence,
) -> (Vec<Proposal>, Option<String>) {
    let (codes, note) = coded_values(evidence);
    let doc = text.doc();
    let Some(schema) = doc.pointer(ptr).and_then(Value::as_object) else {
        return (Vec::new(), note);
    };
    if codes.is_empty() {
        return (Vec::new(), note);
    }
    let holders = enum_holders(text, ptr);
    let mut splices = Vec::new();
    let mut varname_lists: Vec<String> = Vec::new();
    let mut new_codes_for_names: Vec<String> = Vec::new();
    for holder in &holders {
        let Some(node) = doc.pointer(holder) else {
            continue;
        };
        let new_members = new_members(node, &codes);
        if new_members.is_empty() {
            continue;
        }
        for m in &new_members {
            let text_form = member_text(m);
            if !new_codes_for_names.contains(&text_form) {
                new_codes_for_names.push(text_form);
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
        match placeholder_names(text, list, &new_codes_for_names) {
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
    let doc_note = "describe the new value(s) in the schema's description".to_owned();
    let proposal_note = Some(match note {
        Some(n) => format!("{n}; {doc_note}"),
        None => doc_note,
    });
    (vec![Proposal::new(summary, splices)], proposal_note)
}

/// The distinct coded values seen, and a note when some values seen are not codes.
fn coded_values(evidence: &Evidence) -> (Vec<&Value>, Option<String>) {
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
    (codes, note)
}

/// Where the members are: the schema at `ptr` itself, or each enumerated branch of its union
/// (through a `$ref` to the branch's target).
fn enum_holders(text: &Text<'_>, ptr: &str) -> Vec<String> {
    let doc = text.doc();
    let Some(schema) = doc.pointer(ptr).and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut holders: Vec<String> = Vec::new();
    if schema.contains_key("enum") {
        holders.push(ptr.to_owned());
    }
    for keyword in ["oneOf", "anyOf"] {
        let branches = schema.get(keyword).and_then(Value::as_array);
        for (i, branch) in branches.into_iter().flatten().enumerate() {
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
    holders
}

/// The codes an enum node lacks, as members of its type.
fn new_members(node: &Value, codes: &[&Value]) -> Vec<Value> {
    let declared = node.get("type").and_then(Value::as_str);
    let members = node
        .get("enum")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut new_members: Vec<Value> = Vec::new();
    for code in codes {
        let Some(member) = as_member(code, declared) else {
            continue;
        };
        if !members.contains(&member) && !new_members.contains(&member) {
            new_members.push(member);
        }
    }
    new_members
}

/// Appends a placeholder name per new code to the `x-enum-varnames` list at `list`.
fn placeholder_names(text: &Text<'_>, list: &str, codes: &[String]) -> Option<Splice> {
    let existing: Vec<&str> = text
        .doc()
        .pointer(list)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let names: Vec<Value> = codes
        .iter()
        .map(|c| Value::String(placeholder_name(c, &existing)))
        .collect();
    list_append(text, list, &names)
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
