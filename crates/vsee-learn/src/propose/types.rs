//! A schema that rejects values by their type: `nullable`, the spec's named union, or a
//! widened `anyOf`.

use std::collections::BTreeSet;

use serde_json::Value;
use vsee_spec::pointer;

use super::{starts_line, Proposal};
use crate::edit::{Splice, Text};
use crate::infer::{named_unions, null_branch, schema_of_kind, Yaml};
use crate::observe::{kind_of, Evidence, Judge};

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

pub(super) fn rejected_type(
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
