//! `python/`: a pip-installable distribution `vsee-schemas` with the package `vsee_schemas`
//! (setuptools, documents as package data under `vsee_schemas/schemas/`), with the payload
//! `TypedDict`s as `vsee_schemas.types` and `py.typed`, so type checkers read them.
//!
//! The version is `info.version` spelled the PEP 440 way ([`pep440`]); the exact
//! `info.version` is `vsee_schemas.SPEC_VERSION`.

use std::path::PathBuf;

use serde_json::Value;

use crate::template::{fill, package_readme};
use crate::{generated_mark, OutputFile, Published};

pub fn render(published: &Published, types: &str) -> Vec<OutputFile> {
    let root = PathBuf::from("python");
    let package = root.join("vsee_schemas");
    let generated = generated_mark(published);
    let py_version = pep440(&published.version);
    let mut out = Vec::new();
    let mut files = String::new();
    for (name, text) in published.json_files() {
        if name != "index.json" {
            // A JSON string literal is a valid Python string literal for these names.
            files.push_str(&format!("    {},\n", Value::from(name.as_str())));
        }
        out.push(OutputFile {
            path: package.join("schemas").join(&name),
            contents: text,
        });
    }
    let values = [
        ("GENERATED", generated.as_str()),
        ("VERSION", published.version.as_str()),
        ("PY_VERSION", py_version.as_str()),
        ("ID_BASE", published.id_base.as_str()),
        ("FILES", files.as_str()),
    ];
    out.push(OutputFile {
        path: package.join("__init__.py"),
        contents: fill(include_str!("../templates/python/__init__.py"), &values),
    });
    out.push(OutputFile {
        path: package.join("types.py"),
        contents: types.to_owned(),
    });
    out.push(OutputFile {
        path: package.join("py.typed"),
        contents: String::new(),
    });
    out.push(OutputFile {
        path: root.join("pyproject.toml"),
        contents: fill(include_str!("../templates/python/pyproject.toml"), &values),
    });
    out.push(OutputFile {
        path: root.join("README.md"),
        contents: package_readme(published),
    });
    out
}

/// A semantic version in PEP 440 spelling, keeping its order: `3.0.0` stays; a pre-release
/// `-alpha.N` / `-beta.N` / `-rc.N` becomes `aN` / `bN` / `rcN`; any other pre-release tag
/// (`-curated.1`) becomes `.devN` (also before the release); build metadata is dropped (PyPI
/// refuses local versions).
pub fn pep440(version: &str) -> String {
    let without_build = version.split('+').next().unwrap_or(version);
    let Some((release, pre)) = without_build.split_once('-') else {
        return without_build.to_owned();
    };
    let number = pre
        .rsplit(['.', '-'])
        .find_map(|part| part.parse::<u64>().ok())
        .unwrap_or(0);
    let label = pre
        .split(['.', '-'])
        .next()
        .unwrap_or_default()
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_ascii_lowercase();
    match label.as_str() {
        "a" | "alpha" => format!("{release}a{number}"),
        "b" | "beta" => format!("{release}b{number}"),
        "rc" | "c" | "pre" | "preview" => format!("{release}rc{number}"),
        _ => format!("{release}.dev{number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::pep440;

    #[test]
    fn semver_becomes_pep440_in_the_same_order() {
        assert_eq!(pep440("3.0.0"), "3.0.0");
        assert_eq!(pep440("3.0.0-curated.1"), "3.0.0.dev1");
        assert_eq!(pep440("4.1.0-rc.2"), "4.1.0rc2");
        assert_eq!(pep440("4.1.0-beta.3+build.7"), "4.1.0b3");
        assert_eq!(pep440("4.1.0-alpha"), "4.1.0a0");
    }
}
