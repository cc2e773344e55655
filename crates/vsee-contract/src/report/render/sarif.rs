//! `--format sarif`: SARIF 2.1.0 for code scanning.

use std::fmt::Write as _;

use serde_json::{json, Value};

use super::junit::rule_description;
use super::text::{instance, or_dash};
use crate::report::Report;

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
                if let Some(status) = f.status.filter(|_| f.part == Some(crate::Part::Response)) {
                    let _ = write!(name, "/{status}");
                }
                name.push_str(&f.instance_path);
                logical.push(json!({"fullyQualifiedName": name, "kind": "member"}));
            }
            let entry = f.entry.map_or_else(String::new, |e| format!("entry {e}: "));
            let mut result = json!({
                "ruleId": f.keyword,
                "ruleIndex": rule_index(&f.keyword),
                "level": "error",
                "message": {"text": format!(
                    "{entry}{} {} -> {} {} {} {}: {}",
                    or_dash(f.method.as_deref()),
                    or_dash(f.path.as_deref()),
                    f.operation_id.as_deref().unwrap_or("(none)"),
                    f.status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
                    f.part.map_or("-", |p| p.as_str()),
                    instance(f),
                    f.message
                )},
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
