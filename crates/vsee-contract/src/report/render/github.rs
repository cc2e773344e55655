//! `--format github`: GitHub Actions workflow commands.

use std::fmt::Write as _;

use super::text::{instance, or_dash, plural};
use crate::report::Report;

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
    use crate::report::render::junit::xml_escape;

    #[test]
    fn escapes() {
        assert_eq!(
            xml_escape("a<b & \"c\"\u{1}"),
            "a&lt;b &amp; &quot;c&quot;\u{FFFD}"
        );
        assert_eq!(gh_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
