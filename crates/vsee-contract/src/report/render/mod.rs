//! Report formats: human text, JSON, JUnit XML, SARIF 2.1.0, GitHub workflow commands.
//!
//! Every renderer reads only the [`Report`], whose findings are already redacted (unless the
//! run was made with `--show-values`), so no format can leak more than another.

mod github;
mod human;
mod json;
mod junit;
mod sarif;
mod text;

use super::Report;

pub use github::github;
pub use human::human;
pub use json::json_report;
pub use junit::junit;
pub use sarif::sarif;
pub use text::finding_line;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
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
