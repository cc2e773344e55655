//! The default format: findings grouped by file, a summary and a coverage table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::text::{baseline_summary, finding_line, plural};
use crate::report::{BaselineRef, Coverage, Finding, Report, Summary};

/// Skipped files named in the human report at most (all are in the JSON report).
const MAX_SKIPPED_LISTED: usize = 20;

/// The default format.
pub fn human(report: &Report) -> String {
    let mut out = String::new();
    findings_by_file(&mut out, report);
    verdict(&mut out, report);
    let _ = writeln!(out, "Summary:");
    counts(&mut out, &report.summary);
    baseline(&mut out, report);
    not_checked(&mut out, report);
    coverage(&mut out, &report.coverage);
    out
}

/// Each file with findings, then its findings, one line each, in the order found.
fn findings_by_file(out: &mut String, report: &Report) {
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
}

/// `OK: ...` or `FAILED: ...`, in one line.
fn verdict(out: &mut String, report: &Report) {
    let s = &report.summary;
    let accepted = if s.accepted > 0 {
        format!(
            " ({} accepted by the baseline)",
            plural(s.accepted, "finding", "findings")
        )
    } else {
        String::new()
    };
    if report.is_clean() {
        let _ = writeln!(
            out,
            "OK: {} in {} conform to {}{accepted}",
            plural(s.exchanges, "exchange", "exchanges"),
            plural(s.files, "file", "files"),
            s.spec
        );
    } else {
        let _ = writeln!(
            out,
            "FAILED: {} in {} of {} in {} disagree with {}{accepted}",
            plural(
                s.findings,
                if s.accepted > 0 {
                    "new finding"
                } else {
                    "finding"
                },
                if s.accepted > 0 {
                    "new findings"
                } else {
                    "findings"
                }
            ),
            s.with_findings,
            plural(s.exchanges, "exchange", "exchanges"),
            plural(s.files, "file", "files"),
            s.spec
        );
    }
}

/// What `--baseline` accepted, and its entries that matched nothing.
fn baseline(out: &mut String, report: &Report) {
    let Some(b) = &report.baseline else {
        return;
    };
    let _ = writeln!(out, "  {}", baseline_summary(b));
    if b.stale.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  stale baseline entries (no finding matched them; remove them or rewrite the \
         baseline with --write-baseline):"
    );
    for e in b.stale.iter().take(MAX_SKIPPED_LISTED) {
        let _ = writeln!(out, "    {}", stale_line(e));
    }
    if b.stale.len() > MAX_SKIPPED_LISTED {
        let _ = writeln!(
            out,
            "    ... and {} more",
            b.stale.len() - MAX_SKIPPED_LISTED
        );
    }
}

/// `entries[N] operation_id status part location pointer keyword` (a `route` entry: `METHOD
/// path` for the operation).
fn stale_line(e: &BaselineRef) -> String {
    format!(
        "entries[{}] {} {} {} {}:{} {}",
        e.entry,
        e.subject(),
        e.status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
        e.part.as_str(),
        e.location.as_str(),
        if e.pointer.is_empty() {
            "(root)"
        } else {
            &e.pointer
        },
        e.keyword
    )
}

/// Exchanges and findings counted.
fn counts(out: &mut String, s: &Summary) {
    let accepted_only = if s.accepted_only > 0 {
        format!(", {} with accepted findings only", s.accepted_only)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  exchanges: {} ({} conforming{accepted_only}, {} with findings, {} unrouted)",
        s.exchanges, s.conforming, s.with_findings, s.unrouted
    );
    if s.accepted_omitted > 0 {
        let _ = writeln!(
            out,
            "  {} accepted by the baseline not listed (raise --max-findings to see them)",
            plural(s.accepted_omitted, "finding", "findings")
        );
    }
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
}

/// What was not checked, and why: skipped files, responses and bodies not recorded, values
/// hidden.
fn not_checked(out: &mut String, report: &Report) {
    let s = &report.summary;
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
}

/// Exchanges and statuses seen per operation, as a table.
fn coverage(out: &mut String, c: &Coverage) {
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
}
