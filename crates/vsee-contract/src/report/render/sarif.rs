//! `--format sarif`: SARIF 2.1.0 for code scanning.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::text::annotation;
use crate::report::{BaselineRef, Finding, Part, Report};

/// `--format sarif`: SARIF 2.1.0, one result per finding; rules are the keywords. With a
/// baseline, every result has a `baselineState`: `new` (fails the run), `unchanged` (accepted),
/// and each stale entry is an `absent` result.
pub fn sarif(report: &Report) -> Result<String, serde_json::Error> {
    let stale: &[BaselineRef] = report.baseline.as_ref().map_or(&[], |b| &b.stale);
    let mut rules: Vec<&str> = report
        .findings
        .iter()
        .chain(&report.accepted)
        .map(|f| f.keyword.as_str())
        .chain(stale.iter().map(|e| e.keyword.as_str()))
        .collect();
    rules.sort_unstable();
    rules.dedup();
    let rule_index = |k: &str| rules.iter().position(|r| *r == k).unwrap_or(0);
    let with_baseline = report.baseline.is_some();
    let mut results: Vec<Value> = Vec::new();
    for (list, state) in [(&report.findings, "new"), (&report.accepted, "unchanged")] {
        for f in list {
            let mut r = result(f, rule_index(&f.keyword));
            if with_baseline {
                r["baselineState"] = json!(state);
            }
            results.push(r);
        }
    }
    if let Some(b) = &report.baseline {
        results.extend(
            stale
                .iter()
                .map(|e| absent(e, &b.file, rule_index(&e.keyword))),
        );
    }
    let rules_json: Vec<Value> = rules
        .iter()
        .map(|r| {
            json!({
                "id": r,
                "name": r,
                "shortDescription": {"text": rule_description(r)},
                "defaultConfiguration": {"level": "error"},
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vsee-contract",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules_json,
            }},
            "results": results,
            "properties": {
                "spec": report.summary.spec,
                "exchanges": report.summary.exchanges,
                "conforming": report.summary.conforming,
                "findings": report.summary.findings,
                "accepted": report.summary.accepted,
                "stale": report.summary.stale,
            },
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
}

/// One finding as a result.
fn result(f: &Finding, rule_index: usize) -> Value {
    let mut physical = json!({"artifactLocation": {"uri": f.file}});
    if let Some(line) = f.line {
        physical["region"] = json!({"startLine": line});
    }
    let mut result = json!({
        "ruleId": f.keyword,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": annotation(f)},
        "locations": [{"physicalLocation": physical}],
        "properties": {
            "entry": f.entry,
            "method": f.method,
            "path": f.path,
            "operation_id": f.operation_id,
            "status": f.status,
            "part": f.part,
            "kind": f.kind,
            "location": f.location,
            "instance_path": f.instance_path,
            "schema_path": f.schema_path,
        },
    });
    if let Some(op) = &f.operation_id {
        let name = logical_name(op, f.part, f.status, &f.instance_path);
        result["locations"][0]["logicalLocations"] =
            json!([{"fullyQualifiedName": name, "kind": "member"}]);
    }
    if let Some(v) = &f.value {
        result["properties"]["value"] = Value::String(v.clone());
    }
    result
}

/// A stale baseline entry as an `absent` result, located at its entry in the baseline file.
fn absent(e: &BaselineRef, file: &str, rule_index: usize) -> Value {
    let name = logical_name(&e.subject(), Some(e.part), e.status, &e.pointer);
    json!({
        "ruleId": e.keyword,
        "ruleIndex": rule_index,
        "level": "note",
        "baselineState": "absent",
        "message": {"text": format!(
            "baseline entries[{}] ({name} {}) matched no finding: remove it",
            e.entry, e.keyword
        )},
        "locations": [{
            "physicalLocation": {"artifactLocation": {"uri": file}},
            "logicalLocations": [{"fullyQualifiedName": name, "kind": "member"}],
        }],
        "properties": {
            "entry": e.entry,
            "operation_id": e.operation_id,
            "method": e.method,
            "path": e.path,
            "status": e.status,
            "part": e.part,
            "location": e.location,
            "instance_path": e.pointer,
            "count": e.count,
        },
    })
}

/// `operation/part[/status]pointer`: where a finding is, as a logical location.
fn logical_name(op: &str, part: Option<Part>, status: Option<u16>, pointer: &str) -> String {
    let mut name = op.to_owned();
    if let Some(part) = part {
        name.push('/');
        name.push_str(part.as_str());
    }
    if let Some(status) = status.filter(|_| part == Some(Part::Response)) {
        let _ = write!(name, "/{status}");
    }
    name.push_str(pointer);
    name
}

/// A rule's one-line description: what a finding with this keyword means.
fn rule_description(keyword: &str) -> &'static str {
    match keyword {
        "input" => "The input file or entry could not be read.",
        "unknown-path" => "The recorded path matches no operation of the spec.",
        "method-not-allowed" => "The recorded method is not documented for the matched path.",
        "unknown-operation" => "A bare payload names an operation the spec does not have.",
        "unknown-component" => "A bare payload names a component the spec does not have.",
        "schema" => "A schema of the spec cannot be used to check this body.",
        "media-type" => "The body's media type is not declared, or contradicts the body.",
        "unexpected-body" => "A request body was sent to an operation that declares none.",
        "json" => "A body that should be JSON is not valid JSON (or is empty or truncated).",
        "form" => "A form or multipart body could not be parsed.",
        "encoding" => "A recorded body is not valid base64.",
        "status" => "The response status is not documented for the operation.",
        "typed-decode" => {
            "The schema accepts the body, but the generated client's type cannot decode it."
        }
        "more-errors" => "More schema errors than listed.",
        "required" => "A required property, parameter or body is missing.",
        "baseline-expired" => "An accepted deviation of the baseline is past its expiry date.",
        _ => "The value does not satisfy this JSON Schema keyword of the spec.",
    }
}
