//! The report: human text for a terminal, JSON for tools. Both show pointers, locations,
//! counts, kinds and the edit lines (which hold only types, references and codes), never a
//! recorded value.

use crate::edit::Splice;
use crate::{Learned, Written};

fn level(l: Option<vsee_diff::Level>) -> &'static str {
    l.map_or("not judged", |l| l.as_str())
}

fn splice_lines(text_lines: &[&str], splice: &Splice, out: &mut String) {
    for i in splice.start..splice.end {
        out.push_str(&format!(
            "         - {}\n",
            text_lines
                .get(i)
                .map_or("", |l| l.trim_end_matches(['\r', '\n']))
        ));
    }
    for line in &splice.lines {
        out.push_str(&format!("         + {line}\n"));
    }
}

/// Human-readable report. `text` is the original spec text (for the removed lines).
pub fn human(learned: &Learned, text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::new();
    let writable = learned
        .groups
        .iter()
        .filter(|g| !g.proposals.is_empty())
        .count();
    out.push_str(&format!(
        "learn: {} exchange(s) in {} file(s) against {}: {} thing(s) the spec does not say, {} \
         with an edit\n",
        learned.exchanges,
        learned.files.len(),
        learned.spec,
        learned.groups.len(),
        writable
    ));
    for problem in &learned.unreadable {
        out.push_str(&format!("warning: not read: {problem}\n"));
    }
    for group in &learned.groups {
        out.push_str(&format!(
            "\n[{}] {} ({})\n",
            group.id, group.title, group.kind
        ));
        out.push_str(&format!("    at {} {}\n", group.location, group.pointer));
        let ev = &group.evidence;
        let more = if ev.exchanges > ev.places.len() {
            format!(" and {} more", ev.exchanges - ev.places.len())
        } else {
            String::new()
        };
        out.push_str(&format!(
            "    why: {} exchange(s) ({}{}) in the {}",
            ev.exchanges,
            ev.places.join(", "),
            more,
            ev.parts.join(" and ")
        ));
        let pointers: Vec<&String> = ev
            .instance_pointers
            .iter()
            .filter(|p| !p.is_empty())
            .collect();
        if !pointers.is_empty() {
            out.push_str(&format!(
                " at {}",
                pointers
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !ev.kinds.is_empty() {
            out.push_str(&format!("; values seen: {}", ev.kinds.join(", ")));
        }
        out.push('\n');
        for (i, proposal) in group.proposals.iter().enumerate() {
            let verdicts = match &proposal.verdicts {
                Some(v) => format!(
                    "api {} · crate {} · schemas {}",
                    v.api,
                    level(v.crate_),
                    v.schemas
                ),
                None => "verdicts not judged".to_owned(),
            };
            let first = match (i, proposal.covers) {
                (_, false) => " (does not cover every value seen)",
                (0, true) => " (first: --write applies it)",
                _ => "",
            };
            out.push_str(&format!(
                "    {}. {}{first}\n       {verdicts}\n",
                i + 1,
                proposal.summary
            ));
            if let Some(v) = &proposal.verdicts {
                for reason in &v.reasons {
                    out.push_str(&format!("         because {reason}\n"));
                }
            }
            for splice in &proposal.splices {
                out.push_str(&format!("       at line {}:\n", splice.start + 1));
                splice_lines(&lines, splice, &mut out);
            }
        }
        if let Some(note) = &group.note {
            out.push_str(&format!("    note: {note}\n"));
        }
    }
    out
}

/// The part of the human report about a write and its checks.
pub fn human_written(written: &Written) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "\nwrote {} edit(s) to {}\n",
        written.applied.len(),
        written.path
    ));
    for (id, why) in &written.skipped {
        out.push_str(&format!("  [{id}] not written: {why}\n"));
    }
    let v = &written.verification;
    let mark = |ok: bool| if ok { "ok  " } else { "FAIL" };
    out.push_str(&format!(
        "{} the learned spec lints\n",
        mark(v.lint.is_empty())
    ));
    for p in &v.lint {
        out.push_str(&format!("       {p}\n"));
    }
    out.push_str(&format!(
        "{} the recordings learned from conform\n",
        mark(v.still_failing.is_empty())
    ));
    for p in &v.still_failing {
        out.push_str(&format!("       {p}\n"));
    }
    out.push_str(&format!(
        "{} recordings that conformed before still conform\n",
        mark(v.regressed.is_empty())
    ));
    for p in &v.regressed {
        out.push_str(&format!("       {p}\n"));
    }
    out.push_str(&format!(
        "{} generation works\n",
        mark(v.generate.is_none())
    ));
    if let Some(e) = &v.generate {
        out.push_str(&format!("       {e}\n"));
    }
    if v.ok() {
        out.push_str(
            "next: `cargo xtask diff --base HEAD`, rename placeholder enum names and describe the \
             new facts, `cargo xtask generate`, review, bump versions\n",
        );
    }
    out
}

/// JSON report: `{"learned": ..., "written": ...}`.
pub fn json(learned: &Learned, written: Option<&Written>) -> String {
    let value = serde_json::json!({
        "learned": learned,
        "written": written,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
}
