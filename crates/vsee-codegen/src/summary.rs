//! The two renderings of the generator's lists ([`RULES`], [`SETTINGS`], [`REWRITES`]): the
//! `@generated` header of `generated.rs` (with what each step changed this run) and the
//! book's "What the generator sees" table (docs/src/workflows/edit-the-spec.md; a test keeps it
//! in step).

use crate::explained::Explained;
use crate::file::generated_header;
use crate::generator::SETTINGS;
use crate::rewrite::REWRITES;
use crate::rules::{Note, RULES};

/// Markers around the book's table (the constants keep their old names); the text between them is [`readme_table`].
pub const README_BEGIN: &str =
    "<!-- generator-steps: begin (rendered by vsee_codegen::readme_table; do not edit) -->";
pub const README_END: &str = "<!-- generator-steps: end -->";

/// The book's table of every copy rule, setting and rewrite, one row each.
pub fn readme_table() -> String {
    let mut out = String::from("| step | kind | what and why |\n|---|---|---|\n");
    let rules = RULES.iter().map(|r| (r.name, r.title, r.explanation));
    let rows = rules
        .map(|(n, t, e)| ("copy rule", n, t, e))
        .chain(
            SETTINGS
                .iter()
                .map(|s| ("setting", s.name, s.title, s.explanation)),
        )
        .chain(
            REWRITES
                .iter()
                .map(|r| ("rewrite", r.name, r.title, r.explanation)),
        );
    for (kind, name, title, explanation) in rows {
        let cell = format!("**{title}.** {explanation}").replace('|', "\\|");
        out.push_str(&format!("| `{name}` | {kind} | {cell} |\n"));
    }
    out
}

/// The header of `generated.rs`: every change the copy rules made, then every setting and
/// rewrite with what it did this run (`details`, by step name).
pub fn client_header(spec_name: &str, changes: &[Note], details: &[(&str, String)]) -> String {
    let mut out = generated_header(spec_name);
    out.push_str(
        "//\n// progenitor 0.15.1 ran on a copy of the spec changed by the copy rules of\n\
         // crates/vsee-codegen/src/rules/ (docs/src/workflows/edit-the-spec.md):\n",
    );
    for rule in &RULES {
        let made: Vec<&Note> = changes.iter().filter(|n| n.rule == rule.name).collect();
        let count = match made.len() {
            0 => "no change".to_owned(),
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        };
        out.push_str(&format!("// - {} ({}): {count}\n", rule.name, rule.title));
        for note in made {
            out.push_str(&format!("//   - {}: {}\n", note.pointer, note.message));
        }
    }
    out.push_str("// with the settings of crates/vsee-codegen/src/generator.rs:\n");
    steps(&mut out, &SETTINGS, details);
    out.push_str(
        "// and the rewrites of its output listed in crates/vsee-codegen/src/rewrite.rs:\n",
    );
    steps(&mut out, &REWRITES, details);
    out.push('\n');
    out
}

fn steps(out: &mut String, list: &[Explained], details: &[(&str, String)]) {
    for step in list {
        out.push_str(&format!("// - {} ({})", step.name, step.title));
        match details.iter().find(|(name, _)| *name == step.name) {
            Some((_, detail)) => out.push_str(&format!(": {detail}\n")),
            None => out.push('\n'),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_step_has_a_unique_name_and_a_one_paragraph_explanation() {
        let mut names = Vec::new();
        let all = RULES
            .iter()
            .map(|r| (r.name, r.title, r.explanation))
            .chain(
                SETTINGS
                    .iter()
                    .chain(&REWRITES)
                    .map(|s| (s.name, s.title, s.explanation)),
            );
        for (name, title, explanation) in all {
            assert!(!names.contains(&name), "{name} twice");
            names.push(name);
            assert!(
                !title.ends_with('.'),
                "{name}: a title has no final period (the table adds one)"
            );
            assert!(
                !explanation.contains('\n'),
                "{name}: one paragraph, no line break"
            );
            assert!(explanation.len() > 80, "{name}: explain why");
        }
        assert_eq!(readme_table().lines().count(), 2 + names.len());
    }

    #[test]
    fn the_header_lists_each_rules_changes_under_it() {
        let note = |rule, pointer: &str| Note {
            rule,
            pointer: pointer.to_owned(),
            message: "changed".to_owned(),
        };
        let header = client_header(
            "spec/vsee.yaml",
            &[
                note("numbers", "/a"),
                note("media-type", "/b"),
                note("numbers", "/c"),
            ],
            &[("tri-state", "3 fields".to_owned())],
        );
        assert!(header.starts_with(&generated_header("spec/vsee.yaml")));
        assert!(header.contains("// - media-type (One request media type per operation): 1 change\n//   - /b: changed\n"), "{header}");
        assert!(header.contains("// - numbers (Numbers keep their JSON form): 2 changes\n//   - /a: changed\n//   - /c: changed\n"), "{header}");
        assert!(
            header.contains("// - collisions (No two properties on one Rust field): no change\n"),
            "{header}"
        );
        assert!(
            header.contains("(Optional fields keep a present null, `[]` and `{}`): 3 fields\n"),
            "{header}"
        );
    }
}
