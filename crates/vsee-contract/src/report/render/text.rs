//! Pieces shared by the text formats: one finding as a line, and its parts.

use crate::report::{Finding, Location};

pub(super) fn or_dash(s: Option<&str>) -> &str {
    s.unwrap_or("-")
}

/// Where in the exchange, for text formats: `/data/id`, `(root)`, `query:/start`, `-`.
pub(super) fn instance(f: &Finding) -> String {
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

pub(super) fn file_entry(f: &Finding) -> String {
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

pub(super) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
