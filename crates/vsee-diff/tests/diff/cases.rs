//! Table-driven: every spec pair of tests/cases/cases.yaml gives its expected `api`, `crate`
//! and `schemas` verdicts and exactly its expected kinds of change. The `crate` verdict
//! compares the clients `vsee-codegen` generates from OLD and NEW as syntax trees, as `cargo
//! xtask diff` does, and must equal the verdict on the same clients formatted as source text.

use crate::support;

use std::collections::BTreeMap;

use vsee_diff::{diff_specs, Level};

fn level(s: &str) -> Level {
    match s {
        "none" => Level::None,
        "additive" => Level::Additive,
        "breaking" => Level::Breaking,
        other => panic!("unknown level {other}"),
    }
}

#[test]
fn every_case_gives_its_verdicts() {
    let cases = support::load_cases();
    assert!(cases.len() >= 50, "only {} cases", cases.len());
    let mut failures = Vec::new();
    // Generated clients by spec text (most cases share OLD, the base spec): the syntax tree
    // `cargo xtask diff` judges, and the same formatted as `generated.rs`.
    let mut clients: BTreeMap<String, (syn::File, String)> = BTreeMap::new();
    let mut client = |name: &str, spec: &vsee_spec::Spec, text: &str| -> (syn::File, String) {
        clients
            .entry(text.to_owned())
            .or_insert_with(|| {
                let file =
                    vsee_codegen::client_syntax(spec).unwrap_or_else(|e| panic!("{name}: {e}"));
                let source = prettyplease::unparse(&file);
                (file, source)
            })
            .clone()
    };
    for case in &cases {
        let old = vsee_spec::load_str("old.yaml", &case.old)
            .unwrap_or_else(|e| panic!("{}: OLD does not load: {e}", case.name));
        let new = vsee_spec::load_str("new.yaml", &case.new)
            .unwrap_or_else(|e| panic!("{}: NEW does not load: {e}", case.name));
        let d = diff_specs(&old, &new);
        let old_client = client(&case.name, &old, &case.old);
        let new_client = client(&case.name, &new, &case.new);
        let mut problems = crate_problems(case, &old_client, &new_client);
        problems.extend(verdict_problems(case, &d));
        problems.extend(change_problems(&d));
        if !problems.is_empty() {
            failures.push(format!(
                "{}: {}\n{}",
                case.name,
                problems.join("; "),
                listed(&d)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The `crate` verdict on the generated clients: as expected, and the same on the syntax
/// trees as on the formatted sources.
fn crate_problems(
    case: &support::Case,
    (old_file, old_source): &(syn::File, String),
    (new_file, new_source): &(syn::File, String),
) -> Vec<String> {
    let mut problems = Vec::new();
    let crate_diff = vsee_diff::diff_crate_syntax(old_file, new_file);
    let from_text = vsee_diff::diff_crate(old_source, new_source).expect("generated code parses");
    if crate_diff != from_text {
        problems.push(format!(
            "the crate verdict of the syntax trees differs from that of the formatted \
             sources: {crate_diff:?} vs {from_text:?}"
        ));
    }
    if crate_diff.level != level(&case.crate_) {
        let detail: Vec<String> = crate_diff
            .changes
            .iter()
            .map(|c| format!("{} {} {}: {}", c.level, c.kind, c.item, c.message))
            .collect();
        problems.push(format!(
            "crate {} (expected {}): {}",
            crate_diff.level,
            case.crate_,
            detail.join("; ")
        ));
    }
    problems
}

/// The `api` and `schemas` verdicts, the kinds of change and who uses the first one.
fn verdict_problems(case: &support::Case, d: &vsee_diff::SpecDiff) -> Vec<String> {
    let mut problems = Vec::new();
    if d.api.level != level(&case.api) {
        problems.push(format!("api {} (expected {})", d.api.level, case.api));
    }
    if d.schemas.level != level(&case.schemas) {
        problems.push(format!(
            "schemas {} (expected {})",
            d.schemas.level, case.schemas
        ));
    }
    let kinds: Vec<&str> = d.changes.iter().map(|c| c.kind.as_str()).collect();
    if kinds != case.kinds {
        problems.push(format!("kinds {kinds:?} (expected {:?})", case.kinds));
    }
    if let Some(expected) = &case.used_by {
        let got: Vec<String> = d
            .changes
            .first()
            .map(|c| c.used_by.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        if &got != expected {
            problems.push(format!("used_by {got:?} (expected {expected:?})"));
        }
    }
    problems
}

/// Every change says why and where, and every verdict lists the reason of each change that
/// counts.
fn change_problems(d: &vsee_diff::SpecDiff) -> Vec<String> {
    let mut problems = Vec::new();
    for c in &d.changes {
        if c.api.reason.is_empty() || c.schemas.reason.is_empty() || c.message.is_empty() {
            problems.push(format!("change without a reason: {c:?}"));
        }
        if c.old.is_none() && c.new.is_none() {
            problems.push(format!("change without a site: {c:?}"));
        }
    }
    let counted = |f: fn(&vsee_diff::Change) -> Level| {
        d.changes.iter().filter(|c| f(c) > Level::None).count()
    };
    if d.api.reasons.len() != counted(|c| c.api.level)
        || d.schemas.reasons.len() != counted(|c| c.schemas.level)
    {
        problems.push("a verdict does not list the reason of every change that counts".to_owned());
    }
    problems
}

/// The changes found, one line each, for a failure's message.
fn listed(d: &vsee_diff::SpecDiff) -> String {
    let lines: Vec<String> = d
        .changes
        .iter()
        .map(|c| {
            format!(
                "    {} [{} / {}] {}: {}",
                c.kind,
                c.api.level,
                c.schemas.level,
                c.title(),
                c.message
            )
        })
        .collect();
    lines.join("\n")
}

#[test]
fn reversing_a_case_swaps_additions_and_removals() {
    // A sanity property of the table: diffing NEW -> OLD never reports "nothing" when
    // OLD -> NEW reported something.
    for case in support::load_cases() {
        let old = vsee_spec::load_str("old.yaml", &case.old).unwrap();
        let new = vsee_spec::load_str("new.yaml", &case.new).unwrap();
        let forward = diff_specs(&old, &new).changes.len();
        let backward = diff_specs(&new, &old).changes.len();
        assert_eq!(forward == 0, backward == 0, "{}", case.name);
    }
}
