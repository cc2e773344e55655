//! `cargo xtask diff --fail-on unversioned`: the verdicts against the versions. The rule is
//! `vsee_publish::versions`; this module reads the versions of both sides: `info.version` of
//! each spec, and vsee-client's Cargo version from the working copy (NEW) and from the git
//! revision of `--base` (OLD; with `--base-file` OLD's is taken to be NEW's).

use std::path::Path;

use anyhow::{anyhow, Context as _};
use vsee_diff::{Level, Report};
use vsee_publish::versions::{self, Change, Verdicts, Versions};

const CLIENT_MANIFEST: &str = "crates/vsee-client/Cargo.toml";

fn change(level: Level) -> Change {
    match level {
        Level::None => Change::None,
        Level::Additive => Change::Additive,
        Level::Breaking => Change::Breaking,
    }
}

fn info_version(spec: &vsee_spec::Spec, which: &str) -> anyhow::Result<String> {
    spec.document()
        .pointer("/info/version")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            anyhow!(
                "the {which} spec ({}) has no string info.version",
                spec.file()
            )
        })
}

fn client_version_on_disk(root: &Path) -> anyhow::Result<String> {
    let read = |rel: &str| {
        std::fs::read_to_string(root.join(rel))
            .with_context(|| format!("cannot read {}", root.join(rel).display()))
    };
    versions::cargo_version(&read(CLIENT_MANIFEST)?, || {
        read("Cargo.toml").map_err(|e| format!("{e:#}"))
    })
    .map_err(|e| anyhow!("{CLIENT_MANIFEST}: {e}"))
}

fn client_version_at(root: &Path, rev: &str) -> anyhow::Result<String> {
    let manifest = crate::diff::git_show(root, rev, CLIENT_MANIFEST)?;
    versions::cargo_version(&manifest, || {
        crate::diff::git_show(root, rev, "Cargo.toml").map_err(|e| format!("{e:#}"))
    })
    .map_err(|e| anyhow!("{CLIENT_MANIFEST}@{rev}: {e}"))
}

/// Prints every missing bump to stderr; `true` when the versions show every bump asked for.
pub fn check(
    root: &Path,
    base_rev: Option<&str>,
    old: &vsee_spec::Spec,
    new: &vsee_spec::Spec,
    report: &Report,
) -> anyhow::Result<bool> {
    let client_old = match base_rev {
        Some(rev) => match client_version_at(root, rev) {
            Ok(version) => Some(version),
            Err(err) => {
                eprintln!(
                    "warning: vsee-client's version at {rev} is unknown ({err:#}); it is taken \
                     to be the working copy's"
                );
                None
            }
        },
        None => None,
    };
    let verdicts = Verdicts {
        api: change(report.api.level),
        schemas: change(report.schemas.level),
        crate_: report.crate_.as_ref().map(|c| change(c.level)),
    };
    let versions = Versions {
        spec_old: info_version(old, "OLD")?,
        spec_new: info_version(new, "NEW")?,
        client_old,
        client_new: client_version_on_disk(root)?,
    };
    let missing = versions::missing_bumps(verdicts, &versions)?;
    for bump in &missing {
        eprintln!("unversioned: {bump}");
    }
    if missing.is_empty() {
        eprintln!(
            "versions: info.version {} -> {} shows every bump the verdicts ask for",
            versions.spec_old, versions.spec_new
        );
    }
    Ok(missing.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versioned(old_text: &str, new_text: &str) -> bool {
        let old = vsee_spec::load_str("old.yaml", old_text).expect("OLD loads");
        let new = vsee_spec::load_str("new.yaml", new_text).expect("NEW loads");
        let report = Report::new(&old, &new, None);
        check(&crate::paths::default_root(), None, &old, &new, &report)
            .expect("versions are readable")
    }

    #[test]
    fn an_unchanged_spec_passes_and_a_breaking_edit_without_a_major_bump_fails() {
        let spec = vsee_spec::EMBEDDED_SPEC;
        assert!(versioned(spec, spec));
        let breaking = spec.replacen(
            "      required: [code, message]\n",
            "      required: [code, message, detail]\n",
            1,
        );
        assert_ne!(breaking, spec);
        assert!(!versioned(spec, &breaking));
        let bumped = breaking.replacen("version: 3.0.0-curated.1", "version: 4.0.0-curated.1", 1);
        assert!(versioned(spec, &bumped));
    }
}
