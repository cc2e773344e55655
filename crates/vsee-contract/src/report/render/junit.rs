//! `--format junit`: JUnit XML.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::text::{finding_line, or_dash, plural};
use crate::report::{ExchangeResult, Report};

pub(super) fn xml_escape(text: &str) -> String {
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
    let mut suites: BTreeMap<&str, Vec<&ExchangeResult>> = BTreeMap::new();
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

pub(super) fn rule_description(keyword: &str) -> &'static str {
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
