//! Report formats: human text, JSON, JUnit XML, SARIF 2.1.0, GitHub workflow commands.
//!
//! Every renderer reads only the [`Report`], whose findings are already redacted (unless the
//! run was made with `--show-values`), so no format can leak more than another.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::report::{Finding, Location, Report};

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by file, a summary and a coverage table.
    Human,
    /// One JSON document: {"summary", "coverage", "findings"}.
    Json,
    /// JUnit XML, one testcase per exchange.
    Junit,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// GitHub Actions `::error` workflow commands.
    Github,
}

/// Renders a report in a format. Only the JSON formats can fail (serialization); the report
/// is then not written at all rather than written incomplete.
pub fn render(report: &Report, format: Format) -> Result<String, serde_json::Error> {
    Ok(match format {
        Format::Human => human(report),
        Format::Json => json_report(report)?,
        Format::Junit => junit(report),
        Format::Sarif => sarif(report)?,
        Format::Github => github(report),
    })
}

fn or_dash(s: Option<&str>) -> &str {
    s.unwrap_or("-")
}

/// Where in the exchange, for text formats: `/data/id`, `(root)`, `query:/start`, `-`.
fn instance(f: &Finding) -> String {
    match f.location {
        Location::Body => {
            if f.instance_path.is_empty() {
                "(root)".to_owned()
            } else {
                f.instance_path.clone()
            }
        }
        Location::Query | Location::Path => {
            format!("{}:{}", f.location.as_str(), f.instance_path)
        }
        _ => "-".to_owned(),
    }
}

fn file_entry(f: &Finding) -> String {
    match f.entry {
        Some(e) => format!("{}:{e}", f.file),
        None => f.file.clone(),
    }
}

/// One finding as a line: `file:entry METHOD path -> operation_id status part instance keyword message`.
pub fn finding_line(f: &Finding) -> String {
    format!(
        "{} {} {} -> {} {} {} {} {} {}",
        file_entry(f),
        or_dash(f.method.as_deref()),
        or_dash(f.path.as_deref()),
        f.operation_id.as_deref().unwrap_or("(none)"),
        f.status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
        f.part.map_or("-", |p| p.as_str()),
        instance(f),
        f.keyword,
        f.message
    )
}

/// Skipped files named in the human report at most (all are in the JSON report).
const MAX_SKIPPED_LISTED: usize = 20;

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The default format.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for f in &report.findings {
        if !by_file.contains_key(f.file.as_str()) {
            order.push(&f.file);
        }
        by_file.entry(&f.file).or_default().push(f);
    }
    for file in order {
        let findings = &by_file[file];
        let _ = writeln!(out, "{file}");
        for f in findings {
            let _ = writeln!(out, "  {}", finding_line(f));
            if let Some(v) = &f.value {
                let _ = writeln!(out, "      value: {v}");
            }
        }
        out.push('\n');
    }

    let s = &report.summary;
    if report.is_clean() {
        let _ = writeln!(
            out,
            "OK: {} in {} conform to {}",
            plural(s.exchanges, "exchange", "exchanges"),
            plural(s.files, "file", "files"),
            s.spec
        );
    } else {
        let _ = writeln!(
            out,
            "FAILED: {} in {} of {} in {} disagree with {}",
            plural(s.findings, "finding", "findings"),
            s.with_findings,
            plural(s.exchanges, "exchange", "exchanges"),
            plural(s.files, "file", "files"),
            s.spec
        );
    }
    let _ = writeln!(out, "Summary:");
    let _ = writeln!(
        out,
        "  exchanges: {} ({} conforming, {} with findings, {} unrouted)",
        s.exchanges, s.conforming, s.with_findings, s.unrouted
    );
    if !s.by_keyword.is_empty() {
        let list: Vec<String> = s
            .by_keyword
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        let _ = writeln!(out, "  findings by keyword: {}", list.join(", "));
    }
    if s.findings_omitted > 0 {
        let _ = writeln!(
            out,
            "  {} not listed (raise --max-findings to see them)",
            plural(s.findings_omitted, "finding", "findings")
        );
    }
    if s.skipped > 0 {
        let what = if s.skipped == 1 {
            "1 .json file in a directory is not a HAR export".to_owned()
        } else {
            format!(
                "{} .json files in directories are not HAR exports",
                s.skipped
            )
        };
        let _ = writeln!(
            out,
            "  skipped: {what}, so not checked (for bare payloads, give --operation ID \
             --status CODE or --schema COMPONENT):"
        );
        for file in s.skipped_files.iter().take(MAX_SKIPPED_LISTED) {
            let _ = writeln!(out, "    {file}");
        }
        if s.skipped_files.len() > MAX_SKIPPED_LISTED {
            let _ = writeln!(
                out,
                "    ... and {} more",
                s.skipped_files.len() - MAX_SKIPPED_LISTED
            );
        }
    }
    if s.responses_not_recorded > 0 {
        let _ = writeln!(
            out,
            "  not checked: {} without a recorded response",
            plural(s.responses_not_recorded, "exchange", "exchanges")
        );
    }
    if s.bodies_not_recorded > 0 {
        let _ = writeln!(
            out,
            "  not checked: {} whose body was not recorded",
            plural(s.bodies_not_recorded, "response", "responses")
        );
    }
    if !s.values_shown && !report.is_clean() {
        let _ = writeln!(
            out,
            "  recorded values are hidden; re-run with --show-values to see them (they may \
             contain patient data)"
        );
    }

    let c = &report.coverage;
    let _ = writeln!(
        out,
        "\nCoverage: {} of {} operations exercised",
        c.operations_exercised, c.operations_total
    );
    let rows: Vec<[String; 5]> = c
        .operations
        .iter()
        .map(|o| {
            let seen: Vec<String> = o.statuses.iter().map(|(s, n)| format!("{s}x{n}")).collect();
            [
                o.operation_id.clone(),
                format!("{} {}", o.method, o.path),
                o.exchanges.to_string(),
                if seen.is_empty() {
                    "-".to_owned()
                } else {
                    seen.join(" ")
                },
                if o.not_exercised.is_empty() {
                    "-".to_owned()
                } else {
                    o.not_exercised.join(" ")
                },
            ]
        })
        .collect();
    let header = [
        "operation".to_owned(),
        "endpoint".to_owned(),
        "exchanges".to_owned(),
        "statuses seen".to_owned(),
        "documented, not seen".to_owned(),
    ];
    let mut widths = [0usize; 5];
    for row in std::iter::once(&header).chain(rows.iter()) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&header).chain(rows.iter()) {
        let mut line = String::from(" ");
        for (i, cell) in row.iter().enumerate() {
            let pad = widths[i] - cell.chars().count();
            line.push(' ');
            if i == 2 {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
            line.push(' ');
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// `--format json`.
pub fn json_report(report: &Report) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(report)?;
    text.push('\n');
    Ok(text)
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `--format junit`: one testsuite per file, one testcase per exchange (and one per file-level
/// input problem).
pub fn junit(report: &Report) -> String {
    let mut suites: BTreeMap<&str, Vec<&crate::report::ExchangeResult>> = BTreeMap::new();
    let mut order: Vec<&str> = report
        .summary
        .per_file
        .iter()
        .map(|f| f.file.as_str())
        .collect();
    for ex in &report.exchanges {
        if !order.contains(&ex.file.as_str()) {
            order.push(&ex.file);
        }
        suites.entry(&ex.file).or_default().push(ex);
    }
    let total = report.exchanges.len();
    let failures = report.exchanges.iter().filter(|e| e.findings > 0).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"vsee-contract\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\">"
    );
    for file in order {
        let cases = suites.get(file).cloned().unwrap_or_default();
        let fails = cases.iter().filter(|e| e.findings > 0).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fails}\" errors=\"0\">",
            xml_escape(file),
            cases.len()
        );
        for ex in cases {
            let name = match (&ex.method, &ex.entry) {
                (Some(m), entry) => format!(
                    "{}{m} {} -> {} {}",
                    entry.map_or_else(String::new, |e| format!("#{e} ")),
                    or_dash(ex.path.as_deref()),
                    ex.operation_id.as_deref().unwrap_or("(none)"),
                    ex.status.map_or_else(|| "-".to_owned(), |s| s.to_string())
                ),
                (None, Some(e)) => format!("#{e} (unreadable entry)"),
                (None, None) => "(file)".to_owned(),
            };
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                xml_escape(file),
                xml_escape(&name)
            );
            if ex.findings == 0 {
                out.push_str("/>\n");
                continue;
            }
            out.push_str(">\n");
            let listed = &report.findings[ex.first_finding..ex.first_finding + ex.listed];
            let first = listed
                .first()
                .map_or_else(|| "findings not listed".to_owned(), |f| f.message.clone());
            let kinds: Vec<&str> = listed.iter().map(|f| f.keyword.as_str()).collect();
            let _ = write!(
                out,
                "      <failure type=\"{}\" message=\"{}\">",
                xml_escape(&kinds.join(",")),
                xml_escape(&format!(
                    "{} ({} in this exchange)",
                    first,
                    plural(ex.findings, "finding", "findings")
                ))
            );
            for f in listed {
                let _ = writeln!(out, "{}", xml_escape(&finding_line(f)));
            }
            if (ex.listed as u64) < ex.findings {
                let _ = writeln!(out, "({} more not listed)", ex.findings - ex.listed as u64);
            }
            out.push_str("</failure>\n    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

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

fn gh_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(text: &str) -> String {
    gh_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// `--format github`: one `::error` workflow command per finding, then a summary line.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let mut props = format!("file={}", gh_property(&f.file));
        if let Some(line) = f.line {
            let _ = write!(props, ",line={line}");
        }
        let _ = write!(
            props,
            ",title={}",
            gh_property(&format!("vsee-contract {}", f.keyword))
        );
        let entry = f.entry.map_or_else(String::new, |e| format!("entry {e}: "));
        let message = format!(
            "{entry}{} {} -> {} {} {} {}: {}",
            or_dash(f.method.as_deref()),
            or_dash(f.path.as_deref()),
            f.operation_id.as_deref().unwrap_or("(none)"),
            f.status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
            f.part.map_or("-", |p| p.as_str()),
            instance(f),
            f.message
        );
        let _ = writeln!(out, "::error {props}::{}", gh_data(&message));
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "vsee-contract: {} in {}, {} conforming, {}",
        plural(s.exchanges, "exchange", "exchanges"),
        plural(s.files, "file", "files"),
        s.conforming,
        plural(s.findings, "finding", "findings")
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            xml_escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
        assert_eq!(gh_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
