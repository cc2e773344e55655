//! `--format sarif`: SARIF 2.1.0 for code scanning.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::text::annotation;
use crate::report::{Part, Report};

/// `--format sarif`: SARIF 2.1.0, one result per finding; rules are the keywords.
pub fn sarif(report: &Report) -> Result<String, serde_json::Error> {
    let mut rules: Vec<&str> = report.findings.iter().map(|f| f.keyword.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    let rule_index = |k: &str| rules.iter().position(|r| *r == k).unwrap_or(0);
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut physical = json!({"artifactLocation": {"uri": f.file}});
            if let Some(line) = f.line {
                physical["region"] = json!({"startLine": line});
            }
            let mut logical = Vec::new();
            if let Some(op) = &f.operation_id {
                let mut name = op.clone();
                if let Some(part) = f.part {
                    name.push('/');
                    name.push_str(part.as_str());
                }
                if let Some(status) = f.status.filter(|_| f.part == Some(Part::Response)) {
                    let _ = write!(name, "/{status}");
                }
                name.push_str(&f.instance_path);
                logical.push(json!({"fullyQualifiedName": name, "kind": "member"}));
            }
            let mut result = json!({
                "ruleId": f.keyword,
                "ruleIndex": rule_index(&f.keyword),
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
            if !logical.is_empty() {
                result["locations"][0]["logicalLocations"] = Value::Array(logical);
            }
            if let Some(v) = &f.value {
                result["properties"]["value"] = Value::String(v.clone());
            }
            result
        })
        .collect();
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
            },
        }],
    });
    let mut text = serde_json::to_string_pretty(&doc)?;
    text.push('\n');
    Ok(text)
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
        _ => "The value does not satisfy this JSON Schema keyword of the spec.",
    }
}
