//! The version rule of `cargo xtask diff --fail-on unversioned`: a verdict asks for a bump, the
//! versions must show it.
//!
//! | verdict | version | bump at least |
//! |---|---|---|
//! | `api` or `schemas` breaking | `info.version` of the spec | major |
//! | `api` or `schemas` additive | `info.version` of the spec | minor |
//! | `crate` breaking | `vsee-client`'s Cargo version | major (minor while 0.x, patch while 0.0.x) |
//!
//! Only the numbers before a pre-release tag count: `3.0.0-curated.1` -> `4.0.0-curated.1` is
//! a major bump, `3.0.0-curated.1` -> `3.0.0` is none.

use semver::Version;

/// How much a change affects one audience (the levels of `vsee-diff`'s verdicts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    None,
    Additive,
    Breaking,
}

/// The verdicts the rule reads. `crate_` is `None` when it was not judged.
#[derive(Debug, Clone, Copy)]
pub struct Verdicts {
    pub api: Change,
    pub schemas: Change,
    pub crate_: Option<Change>,
}

/// The versions of both sides, as written.
#[derive(Debug, Clone)]
pub struct Versions {
    /// `info.version` of OLD and NEW.
    pub spec_old: String,
    pub spec_new: String,
    /// `vsee-client`'s Cargo version of OLD (`None` when unknown) and NEW.
    pub client_old: Option<String>,
    pub client_new: String,
}

/// One bump the verdicts ask for that the versions do not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingBump {
    /// What to bump: `info.version (spec/vsee.yaml)` or `vsee-client's version (Cargo.toml)`.
    pub version: &'static str,
    /// `major`, `minor` or `patch`.
    pub bump: &'static str,
    pub from: String,
    /// What NEW has now.
    pub found: String,
    /// The smallest version that satisfies the rule.
    pub to: String,
    /// Which verdict asks for it, e.g. `schemas: breaking`.
    pub because: String,
}

impl std::fmt::Display for MissingBump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{because} needs a {bump} bump of {version}: from {from} to {to} (or later); it is \
             {found}",
            because = self.because,
            bump = self.bump,
            version = self.version,
            from = self.from,
            to = self.to,
            found = self.found,
        )
    }
}

/// A version that is not semver.
#[derive(Debug, thiserror::Error)]
#[error(
    "{what} is `{value}`, which is not a semantic version ({source}); write MAJOR.MINOR.PATCH, \
     optionally with a pre-release tag (`3.1.0`, `4.0.0-curated.1`)"
)]
pub struct VersionError {
    pub what: String,
    pub value: String,
    #[source]
    pub source: semver::Error,
}

/// Where `info.version` lives, as named in messages.
pub const SPEC_VERSION: &str = "info.version (spec/vsee.yaml)";
/// Where the client's version lives, as named in messages.
pub const CLIENT_VERSION: &str = "vsee-client's version (its Cargo.toml, or the workspace's)";

pub fn parse(what: &str, value: &str) -> Result<Version, VersionError> {
    Version::parse(value.trim()).map_err(|source| VersionError {
        what: what.to_owned(),
        value: value.to_owned(),
        source,
    })
}

/// Every bump the verdicts ask for that the versions do not show (empty: versioned).
pub fn missing_bumps(
    verdicts: Verdicts,
    versions: &Versions,
) -> Result<Vec<MissingBump>, VersionError> {
    let mut out = Vec::new();
    let spec_old = parse(&format!("OLD {SPEC_VERSION}"), &versions.spec_old)?;
    let spec_new = parse(&format!("NEW {SPEC_VERSION}"), &versions.spec_new)?;
    let (spec_change, because) = if verdicts.api >= verdicts.schemas {
        (verdicts.api, "api")
    } else {
        (verdicts.schemas, "schemas")
    };
    let spec_bump = match spec_change {
        Change::Breaking => Some(Bump::Major),
        Change::Additive => Some(Bump::Minor),
        Change::None => None,
    };
    if let Some(bump) = spec_bump {
        if !bump.shown(&spec_old, &spec_new) {
            out.push(bump.missing(SPEC_VERSION, &spec_old, &spec_new, because, spec_change));
        }
    }

    if verdicts.crate_ == Some(Change::Breaking) {
        let client_new = parse(&format!("NEW {CLIENT_VERSION}"), &versions.client_new)?;
        let client_old = match &versions.client_old {
            Some(old) => parse(&format!("OLD {CLIENT_VERSION}"), old)?,
            None => client_new.clone(),
        };
        // Cargo's semver: the first non-zero number is the "major".
        let bump = match (client_old.major, client_old.minor) {
            (0, 0) => Bump::Patch,
            (0, _) => Bump::Minor,
            _ => Bump::Major,
        };
        if !bump.shown(&client_old, &client_new) {
            out.push(bump.missing(
                CLIENT_VERSION,
                &client_old,
                &client_new,
                "crate",
                Change::Breaking,
            ));
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Copy)]
enum Bump {
    Major,
    Minor,
    Patch,
}

impl Bump {
    fn name(self) -> &'static str {
        match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
        }
    }

    fn shown(self, old: &Version, new: &Version) -> bool {
        let numbers = |v: &Version| (v.major, v.minor, v.patch);
        let (old, new) = (numbers(old), numbers(new));
        match self {
            Bump::Major => new.0 > old.0,
            Bump::Minor => (new.0, new.1) > (old.0, old.1),
            Bump::Patch => new > old,
        }
    }

    fn target(self, old: &Version) -> Version {
        let mut to = match self {
            Bump::Major => Version::new(old.major + 1, 0, 0),
            Bump::Minor => Version::new(old.major, old.minor + 1, 0),
            Bump::Patch => Version::new(old.major, old.minor, old.patch + 1),
        };
        // Keep a pre-release tag the project uses (`-curated.1`) in the suggestion.
        to.pre = old.pre.clone();
        to
    }

    fn missing(
        self,
        version: &'static str,
        old: &Version,
        new: &Version,
        because: &str,
        change: Change,
    ) -> MissingBump {
        let level = match change {
            Change::Breaking => "breaking",
            Change::Additive => "additive",
            Change::None => "none",
        };
        MissingBump {
            version,
            bump: self.name(),
            from: old.to_string(),
            found: new.to_string(),
            to: self.target(old).to_string(),
            because: format!("{because}: {level}"),
        }
    }
}

/// A crate's version from its Cargo.toml text; `workspace` gives the workspace's Cargo.toml
/// text when the crate says `version.workspace = true`.
pub fn cargo_version(
    manifest: &str,
    workspace: impl FnOnce() -> Result<String, String>,
) -> Result<String, String> {
    let table: toml::Table = toml::from_str(manifest)
        .map_err(|e| format!("the crate's Cargo.toml does not parse: {e}"))?;
    let version = table.get("package").and_then(|p| p.get("version"));
    match version {
        Some(toml::Value::String(v)) => Ok(v.clone()),
        Some(toml::Value::Table(t)) if t.get("workspace") == Some(&toml::Value::Boolean(true)) => {
            let text = workspace()?;
            let root: toml::Table = toml::from_str(&text)
                .map_err(|e| format!("the workspace Cargo.toml does not parse: {e}"))?;
            root.get("workspace")
                .and_then(|w| w.get("package"))
                .and_then(|p| p.get("version"))
                .and_then(toml::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| {
                    "the crate takes its version from the workspace, whose Cargo.toml has no \
                     [workspace.package] version"
                        .to_owned()
                })
        }
        Some(_) => Err("[package] version is neither a string nor `{ workspace = true }`".into()),
        None => Err("the crate's Cargo.toml has no [package] version".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versions(spec_old: &str, spec_new: &str) -> Versions {
        Versions {
            spec_old: spec_old.into(),
            spec_new: spec_new.into(),
            client_old: Some("0.1.0".into()),
            client_new: "0.1.0".into(),
        }
    }

    fn verdicts(api: Change, schemas: Change) -> Verdicts {
        Verdicts {
            api,
            schemas,
            crate_: Some(Change::None),
        }
    }

    #[test]
    fn breaking_schemas_need_a_major_bump_of_info_version() {
        let v = verdicts(Change::None, Change::Breaking);
        let missing = missing_bumps(v, &versions("3.0.0-curated.1", "3.1.0-curated.1")).unwrap();
        assert_eq!(missing.len(), 1, "{missing:?}");
        let text = missing[0].to_string();
        assert!(text.contains("info.version"), "{text}");
        assert!(
            text.contains("from 3.0.0-curated.1 to 4.0.0-curated.1"),
            "{text}"
        );
        assert!(
            text.starts_with("schemas: breaking needs a major bump"),
            "{text}"
        );
        assert!(missing_bumps(v, &versions("3.0.0-curated.1", "4.0.0"))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn additive_needs_at_least_minor_and_a_major_also_does() {
        let v = verdicts(Change::Additive, Change::None);
        assert_eq!(
            missing_bumps(v, &versions("3.0.0", "3.0.1")).unwrap().len(),
            1
        );
        assert!(missing_bumps(v, &versions("3.0.0", "3.1.0"))
            .unwrap()
            .is_empty());
        assert!(missing_bumps(v, &versions("3.4.0", "4.0.0"))
            .unwrap()
            .is_empty());
        let none = verdicts(Change::None, Change::None);
        assert!(missing_bumps(none, &versions("3.0.0", "3.0.0"))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_breaking_crate_needs_a_minor_bump_while_0x() {
        let v = Verdicts {
            api: Change::None,
            schemas: Change::None,
            crate_: Some(Change::Breaking),
        };
        let mut vs = versions("3.0.0", "3.0.0");
        let missing = missing_bumps(v, &vs).unwrap();
        assert_eq!(missing.len(), 1);
        assert!(
            missing[0].to_string().contains("vsee-client"),
            "{}",
            missing[0]
        );
        assert!(
            missing[0].to_string().contains("from 0.1.0 to 0.2.0"),
            "{}",
            missing[0]
        );
        vs.client_new = "0.2.0".into();
        assert!(missing_bumps(v, &vs).unwrap().is_empty());
        vs.client_old = Some("1.2.0".into());
        vs.client_new = "1.3.0".into();
        assert!(missing_bumps(v, &vs).unwrap()[0]
            .to_string()
            .contains("to 2.0.0"));
    }

    #[test]
    fn a_version_that_is_not_semver_is_an_error_naming_it() {
        let v = verdicts(Change::Breaking, Change::None);
        let err = missing_bumps(v, &versions("3", "4.0.0"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("OLD info.version"), "{err}");
    }

    #[test]
    fn cargo_versions_are_read_directly_or_from_the_workspace() {
        let direct = cargo_version("[package]\nname = \"a\"\nversion = \"1.2.3\"\n", || {
            Err("not asked".into())
        });
        assert_eq!(direct.unwrap(), "1.2.3");
        let inherited = cargo_version(
            "[package]\nname = \"a\"\nversion.workspace = true\n",
            || Ok("[workspace.package]\nversion = \"0.4.0\"\n".into()),
        );
        assert_eq!(inherited.unwrap(), "0.4.0");
        assert!(cargo_version("[package]\nname = \"a\"\n", || Err("x".into())).is_err());
    }
}
