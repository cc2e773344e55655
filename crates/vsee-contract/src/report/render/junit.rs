//! `--format junit`: JUnit XML.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use vsee_spec::markup::escape;

use super::text::{exchange, finding_line, plural};
use crate::report::{ExchangeResult, Report};

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
            escape(file),
            cases.len()
        );
        for ex in cases {
            let name = match (&ex.method, &ex.entry) {
                (Some(m), entry) => format!(
                    "{}{}",
                    entry.map_or_else(String::new, |e| format!("#{e} ")),
                    exchange(
                        Some(m),
                        ex.path.as_deref(),
                        ex.operation_id.as_deref(),
                        ex.status
                    )
                ),
                (None, Some(e)) => format!("#{e} (unreadable entry)"),
                (None, None) => "(file)".to_owned(),
            };
            let _ = write!(
                out,
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(file),
                escape(&name)
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
                escape(&kinds.join(",")),
                escape(&format!(
                    "{} ({} in this exchange)",
                    first,
                    plural(ex.findings, "finding", "findings")
                ))
            );
            for f in listed {
                let _ = writeln!(out, "{}", escape(&finding_line(f)));
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
