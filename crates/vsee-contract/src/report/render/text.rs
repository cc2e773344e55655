//! The one builder of a finding's text, for every format: a line (human, JUnit), an
//! annotation (GitHub, SARIF), and their parts; and the baseline's summary line.

use crate::report::{BaselineOutcome, Finding, Location};

pub(super) fn or_dash(s: Option<&str>) -> &str {
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

/// `METHOD path -> operation_id status`: the exchange, in every text format.
pub(super) fn exchange(
    method: Option<&str>,
    path: Option<&str>,
    operation_id: Option<&str>,
    status: Option<u16>,
) -> String {
    format!(
        "{} {} -> {} {}",
        or_dash(method),
        or_dash(path),
        operation_id.unwrap_or("(none)"),
        status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
    )
}

/// `METHOD path -> operation_id status part instance`: where a finding is, in every text
/// format.
fn place(f: &Finding) -> String {
    format!(
        "{} {} {}",
        exchange(
            f.method.as_deref(),
            f.path.as_deref(),
            f.operation_id.as_deref(),
            f.status
        ),
        f.part.map_or("-", |p| p.as_str()),
        instance(f),
    )
}

/// One finding as a line: `file:entry METHOD path -> operation_id status part instance keyword message`.
pub fn finding_line(f: &Finding) -> String {
    format!("{} {} {} {}", file_entry(f), place(f), f.keyword, f.message)
}

/// One finding as an annotation's text, for formats that name the file and the keyword
/// apart (GitHub, SARIF): `entry N: METHOD path -> operation_id status part instance: message`.
pub(super) fn annotation(f: &Finding) -> String {
    let entry = f.entry.map_or_else(String::new, |e| format!("entry {e}: "));
    format!("{entry}{}: {}", place(f), f.message)
}

pub(super) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `baseline FILE: N findings accepted, S of M entries stale[, E expired]` (human, GitHub).
pub(super) fn baseline_summary(b: &BaselineOutcome) -> String {
    let expired = if b.expired > 0 {
        format!(", {} expired", b.expired)
    } else {
        String::new()
    };
    format!(
        "baseline {}: {} accepted, {} of {} stale{expired}",
        b.file,
        plural(b.accepted, "finding", "findings"),
        b.stale.len(),
        plural(b.entries, "entry", "entries")
    )
}
