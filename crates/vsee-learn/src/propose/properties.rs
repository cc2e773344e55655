//! New properties (their type inferred) and required properties made optional.

use serde_json::Value;
use vsee_spec::pointer;

use super::{starts_line, Proposal};
use crate::edit::{Splice, Text};
use crate::infer::{infer, is_plain_name, Yaml};
use crate::observe::{Evidence, Judge};

pub(super) fn new_property(
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

pub(super) fn missing_required(text: &Text<'_>, object: &str, name: &str) -> Vec<Proposal> {
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
