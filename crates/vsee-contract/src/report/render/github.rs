//! `--format github`: GitHub Actions workflow commands.

use std::fmt::Write as _;

use super::text::{annotation, baseline_summary, plural};
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
        let _ = writeln!(out, "::error {props}::{}", gh_data(&annotation(f)));
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
    if let Some(b) = &report.baseline {
        // Accepted findings get no annotation: only new ones are shown on the pull request.
        let _ = writeln!(out, "vsee-contract: {}", baseline_summary(b));
        if !b.stale.is_empty() {
            let _ = writeln!(
                out,
                "::notice title={}::{}",
                gh_property("vsee-contract stale baseline"),
                gh_data(&format!(
                    "{} of {} matched no finding; remove them or rewrite it with --write-baseline",
                    plural(b.stale.len() as u64, "entry", "entries"),
                    b.file
                ))
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(gh_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
