//! The three output formats of a [`Report`].

use std::fmt::Write as _;
use std::str::FromStr;

use crate::model::{Change, Level};
use crate::report::{RecordedExchange, Report};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For a terminal (the default).
    #[default]
    Human,
    /// One JSON document: `{"old", "new", "api", "crate", "schemas", "changes", "recordings"?}`.
    Json,
    /// For a pull request: a verdict table and a change list.
    Markdown,
}

/// A format name that is not one of the three.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}`; use human, json or markdown")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        match s {
            "human" => Ok(Format::Human),
            "json" => Ok(Format::Json),
            "markdown" | "md" => Ok(Format::Markdown),
            other => Err(UnknownFormat(other.to_owned())),
        }
    }
}

impl Report {
    /// The report as text: for a terminal, as JSON, or as Markdown for a pull request.
    pub fn render(&self, format: Format) -> String {
        render(self, format)
    }
}

fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
                // Serializing plain data cannot fail; say so rather than print nothing.
                format!("{{\"error\": \"cannot serialize the report: {e}\"}}")
            });
            s.push('\n');
            s
        }
        Format::Human => human(report),
        Format::Markdown => markdown(report),
    }
}

fn counts(levels: impl Iterator<Item = Level>) -> String {
    let (mut b, mut a) = (0, 0);
    for l in levels {
        match l {
            Level::Breaking => b += 1,
            Level::Additive => a += 1,
            Level::None => {}
        }
    }
    match (b, a) {
        (0, 0) => "no change that matters here".to_owned(),
        _ => format!("{b} breaking, {a} additive"),
    }
}

struct Row {
    name: &'static str,
    question: &'static str,
    level: Option<Level>,
    summary: String,
}

fn rows(report: &Report) -> Vec<Row> {
    vec![
        Row {
            name: "api",
            question: "does a client built for OLD still work against NEW?",
            level: Some(report.api.level),
            summary: counts(report.changes.iter().map(|c| c.api.level)),
        },
        Row {
            name: "crate",
            question: "semver of the generated vsee-client",
            level: report.crate_.as_ref().map(|c| c.level),
            summary: match &report.crate_ {
                Some(c) => counts(c.changes.iter().map(|c| c.level)),
                None => "not judged (no generated sources)".to_owned(),
            },
        },
        Row {
            name: "schemas",
            question: "do the published JSON Schemas accept what they accepted?",
            level: Some(report.schemas.level),
            summary: counts(report.changes.iter().map(|c| c.schemas.level)),
        },
    ]
}

fn level_text(level: Option<Level>) -> &'static str {
    level.map_or("n/a", Level::as_str)
}

fn human(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "OLD: {}", report.old);
    let _ = writeln!(s, "NEW: {}", report.new);
    let _ = writeln!(s);
    for row in rows(report) {
        let _ = writeln!(
            s,
            "  {:<8} {:<9} {}  ({})",
            row.name,
            level_text(row.level),
            row.summary,
            row.question
        );
    }
    if report.changes.is_empty() {
        let _ = writeln!(s, "\nNo differences in the spec.");
    } else {
        let _ = writeln!(s, "\nChanges ({}):", report.changes.len());
        for c in &report.changes {
            let _ = writeln!(
                s,
                "\n[api {} | schemas {}] {}",
                c.api.level,
                c.schemas.level,
                c.title()
            );
            let _ = writeln!(s, "    {} ({})", c.message, c.kind);
            if let Some(site) = &c.old {
                let _ = writeln!(s, "    old: {}  {}", site.location, site.pointer);
            }
            if let Some(site) = &c.new {
                let _ = writeln!(s, "    new: {}  {}", site.location, site.pointer);
            }
            if !c.used_by.is_empty() && !c.subject.starts_with("operation ") {
                let users: Vec<String> = c.used_by.iter().map(ToString::to_string).collect();
                let _ = writeln!(s, "    used by: {}", users.join(", "));
            }
            let _ = writeln!(s, "    api: {}", c.api.reason);
            let _ = writeln!(s, "    schemas: {}", c.schemas.reason);
        }
    }
    if let Some(crate_) = &report.crate_ {
        if !crate_.changes.is_empty() {
            let _ = writeln!(
                s,
                "\nGenerated vsee-client public API ({} change{}):",
                crate_.changes.len(),
                if crate_.changes.len() == 1 { "" } else { "s" }
            );
            for c in &crate_.changes {
                let _ = writeln!(s, "  {:<9} {}: {}", c.level, c.item, c.message);
                let _ = writeln!(s, "            {}", c.reason);
            }
        }
    }
    if let Some(r) = &report.recordings {
        let _ = writeln!(
            s,
            "\nRecordings: {} exchange{} checked in {}",
            r.checked,
            if r.checked == 1 { "" } else { "s" },
            r.paths.join(", ")
        );
        recording_list(
            &mut s,
            "conform to OLD but not to NEW",
            &r.conform_old_not_new,
            "",
        );
        recording_list(
            &mut s,
            "conform to NEW but not to OLD",
            &r.conform_new_not_old,
            "",
        );
    }
    s
}

fn recording_list(s: &mut String, title: &str, list: &[RecordedExchange], bullet: &str) {
    let _ = writeln!(s, "{bullet}{} {title}", list.len());
    for e in list {
        let _ = writeln!(
            s,
            "  {bullet}{}#{} {} {} ({}){}",
            e.file,
            e.entry,
            e.method,
            e.path,
            e.operation_id.as_deref().unwrap_or("no operation"),
            e.status.map(|st| format!(" -> {st}")).unwrap_or_default()
        );
        for f in &e.findings {
            let _ = writeln!(s, "      {f}");
        }
    }
}

/// Escapes text for a Markdown table cell or list item.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn markdown(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "### Spec change: `{}` → `{}`\n",
        md(&report.old),
        md(&report.new)
    );
    let _ = writeln!(s, "| Verdict | Level | Changes | Question |");
    let _ = writeln!(s, "|---|---|---|---|");
    for row in rows(report) {
        let level = match row.level {
            Some(Level::Breaking) => "**breaking**".to_owned(),
            other => level_text(other).to_owned(),
        };
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            row.name, level, row.summary, row.question
        );
    }
    let (notable, quiet): (Vec<&Change>, Vec<&Change>) = report
        .changes
        .iter()
        .partition(|c| c.api.level > Level::None || c.schemas.level > Level::None);
    if !notable.is_empty() {
        let _ = writeln!(s, "\n#### Changes\n");
        for c in notable {
            md_change(&mut s, c);
        }
    }
    if !quiet.is_empty() {
        let _ = writeln!(
            s,
            "\n<details><summary>{} change{} with no effect on clients or schemas</summary>\n",
            quiet.len(),
            if quiet.len() == 1 { "" } else { "s" }
        );
        for c in quiet {
            md_change(&mut s, c);
        }
        let _ = writeln!(s, "\n</details>");
    }
    if let Some(crate_) = &report.crate_ {
        if !crate_.changes.is_empty() {
            let _ = writeln!(s, "\n#### Generated `vsee-client` public API\n");
            for c in &crate_.changes {
                let _ = writeln!(
                    s,
                    "- **{}** `{}`: {} ({})",
                    c.level,
                    md(&c.item),
                    md(&c.message),
                    md(&c.reason)
                );
            }
        }
    }
    if let Some(r) = &report.recordings {
        let _ = writeln!(
            s,
            "\n#### Recordings ({} exchange{} checked)\n",
            r.checked,
            if r.checked == 1 { "" } else { "s" }
        );
        let mut body = String::new();
        recording_list(
            &mut body,
            "conform to OLD but not to NEW",
            &r.conform_old_not_new,
            "- ",
        );
        recording_list(
            &mut body,
            "conform to NEW but not to OLD",
            &r.conform_new_not_old,
            "- ",
        );
        s.push_str(&body);
    }
    if report.changes.is_empty() {
        let _ = writeln!(s, "\nNo differences in the spec.");
    }
    s
}

fn md_change(s: &mut String, c: &Change) {
    let place = c
        .new
        .as_ref()
        .or(c.old.as_ref())
        .map(|site| format!(" ({})", site.location))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "- **api: {} · schemas: {}** `{}`: {}{}",
        c.api.level,
        c.schemas.level,
        md(&c.title()),
        md(&c.message),
        md(&place)
    );
    if c.api.level > Level::None {
        let _ = writeln!(s, "  - api: {}", md(&c.api.reason));
    }
    if c.schemas.level > Level::None {
        let _ = writeln!(s, "  - schemas: {}", md(&c.schemas.reason));
    }
}
