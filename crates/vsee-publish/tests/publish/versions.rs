//! The version rule against real verdicts of `vsee-diff`: an unchanged spec needs no bump; a
//! schemas-breaking edit needs a major bump of info.version, and says so.

use vsee_publish::versions::{missing_bumps, Change, Verdicts, Versions};

fn change(level: vsee_diff::Level) -> Change {
    match level {
        vsee_diff::Level::None => Change::None,
        vsee_diff::Level::Additive => Change::Additive,
        vsee_diff::Level::Breaking => Change::Breaking,
    }
}

fn missing(old_text: &str, new_text: &str) -> Vec<String> {
    let old = vsee_spec::load_str("old.yaml", old_text).expect("OLD loads");
    let new = vsee_spec::load_str("new.yaml", new_text).expect("NEW loads");
    let diff = vsee_diff::diff_specs(&old, &new);
    let verdicts = Verdicts {
        api: change(diff.api.level),
        schemas: change(diff.schemas.level),
        crate_: None,
    };
    let versions = Versions {
        spec_old: vsee_publish::spec_version(&old).unwrap(),
        spec_new: vsee_publish::spec_version(&new).unwrap(),
        client_old: Some("0.1.0".into()),
        client_new: "0.1.0".into(),
    };
    missing_bumps(verdicts, &versions)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn breaking_edit(spec: &str) -> String {
    // ApiError gains a required member: payloads accepted today are rejected.
    let edited = spec.replacen(
        "      required: [code, message]\n",
        "      required: [code, message, detail]\n",
        1,
    );
    assert_ne!(edited, spec, "the edit applies");
    edited
}

#[test]
fn an_unchanged_spec_is_versioned() {
    let spec = vsee_spec::EMBEDDED_SPEC;
    assert_eq!(missing(spec, spec), Vec::<String>::new());
}

#[test]
fn a_schemas_breaking_edit_without_a_major_bump_names_info_version() {
    let spec = vsee_spec::EMBEDDED_SPEC;
    let found = missing(spec, &breaking_edit(spec));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("info.version"), "{}", found[0]);
    assert!(
        found[0].contains("breaking needs a major bump"),
        "{}",
        found[0]
    );
    assert!(
        found[0].contains("from 3.0.0-curated.1 to 4.0.0-curated.1"),
        "{}",
        found[0]
    );
    // A minor bump is not enough; a major one is.
    let minor =
        breaking_edit(spec).replacen("version: 3.0.0-curated.1", "version: 3.1.0-curated.1", 1);
    assert_eq!(missing(spec, &minor).len(), 1);
    let major = breaking_edit(spec).replacen("version: 3.0.0-curated.1", "version: 4.0.0", 1);
    assert_eq!(missing(spec, &major), Vec::<String>::new());
}
