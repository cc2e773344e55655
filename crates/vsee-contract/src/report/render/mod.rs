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

impl Format {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [Format; 5] = [
        Format::Human,
        Format::Json,
        Format::Junit,
        Format::Sarif,
        Format::Github,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }

    /// One line on what the format is, for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Format::Human => "Grouped by file, a summary and a coverage table",
            Format::Json => "One JSON document: {\"summary\", \"coverage\", \"findings\"}",
            Format::Junit => "JUnit XML, one testcase per exchange",
            Format::Sarif => "SARIF 2.1.0 (code scanning)",
            Format::Github => "GitHub Actions `::error` workflow commands",
        }
    }
}

/// A name that is not one of [`Format::ALL`]'s.
#[derive(Debug, thiserror::Error)]
#[error("unknown report format `{0}`: use one of human, json, junit, sarif, github")]
pub struct UnknownFormat(String);

impl std::str::FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Format, UnknownFormat> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == name)
            .ok_or_else(|| UnknownFormat(name.to_owned()))
    }
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
