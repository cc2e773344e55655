//! `vsee-publish`: the published JSON Schemas, packaged the way other teams install things.
//!
//! [`package`] turns the published documents (the files of `crates/vsee-schemas/schemas/`, as
//! `cargo xtask generate` writes them) into three artifacts that carry the same files:
//!
//! * `site/`: every document at the path of its `$id` below the chosen base URI (uploading
//!   `site/` there makes every `$id` resolvable), `v<MAJOR>/index.json`, and `index.html`, a
//!   static browsable reference ([`site`]);
//! * `npm/`: an npm package with `schemas`, `schemaFor`, `requestSchemaFor` and TypeScript
//!   declarations, and the payload types `vsee-schemas/types` ([`npm`]);
//! * `python/`: a pip-installable `vsee_schemas` with `schemas()`, `registry()`,
//!   `validator_for` and `request_validator_for`, and the payload `TypedDict`s
//!   `vsee_schemas.types` ([`python`]).
//!
//! The payload types are made by openapi-typescript and datamodel-code-generator ([`types`]),
//! run before packaging; [`render`] and [`package`] take what they wrote.
//!
//! The ids are re-based from the committed base to `<base URI>v<MAJOR>/`, where MAJOR is the
//! major of the spec's `info.version` (the schemas' version). [`versions`] holds the rule of
//! `cargo xtask diff --fail-on unversioned`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

pub mod npm;
pub mod python;
pub mod site;
mod template;
pub mod types;
pub mod versions;

pub use types::Types;

/// The base URI of the committed schemas, before the major version: the documented default of
/// `--base-uri`. The committed `$id`s are `<this>v<MAJOR>/<file>` (see
/// [`vsee_spec::PUBLISHED_SCHEMA_BASE_URI`]); a placeholder host until a team hosts the site.
pub const DEFAULT_BASE_URI: &str = "https://vsee.example/schemas/api_v3/";

/// The name of the npm package and of the Python distribution.
pub const PACKAGE_NAME: &str = "vsee-schemas";

/// Problems packaging the schemas; each says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error(
        "--base-uri `{0}` is not usable: give an absolute http(s) URI without query or fragment, \
         e.g. https://schemas.example.com/vsee/"
    )]
    BaseUri(String),
    #[error("the spec has no string info.version; the schemas' version is info.version")]
    NoVersion,
    #[error(transparent)]
    Version(#[from] versions::VersionError),
    #[error(
        "{file}: its $id `{id}` is not `{expected}`; the published files must sit at their $id \
         (run `cargo xtask generate`)"
    )]
    IdMismatch {
        file: String,
        id: String,
        expected: String,
    },
    #[error("{file}: {message}")]
    Document { file: String, message: String },
    #[error("cannot write {path}: {source}; check that the --out directory is writable")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The published documents, ready to package.
#[derive(Debug, Clone)]
pub struct Published {
    /// `info.version` of the spec, as written.
    pub version: String,
    /// Its major: the last segment of the id base (`v3`).
    pub major: u64,
    /// Every document's `$id` starts with this: `<base URI>v<MAJOR>/`.
    pub id_base: String,
    /// The base URI as given (normalized to end in `/`).
    pub base_uri: String,
    /// Every document but `index.json` by its path below [`Published::id_base`], re-based.
    pub documents: BTreeMap<String, Value>,
    /// `index.json` (paths relative to the id base).
    pub index: Value,
}

impl Published {
    /// Re-bases `files` (name -> document, `index.json` included, ids under `committed_base`)
    /// to `<base_uri>v<MAJOR of info.version>/`.
    pub fn new(
        spec: &vsee_spec::Spec,
        files: impl IntoIterator<Item = (String, Value)>,
        committed_base: &str,
        base_uri: &str,
    ) -> Result<Published, PublishError> {
        let base_uri = normalize_base(base_uri)?;
        let version = spec_version(spec)?;
        let major = versions::parse("info.version (spec)", &version)?.major;
        let id_base = format!("{base_uri}v{major}/");
        let mut documents = BTreeMap::new();
        let mut index = None;
        for (name, mut doc) in files {
            if name == "index.json" {
                index = Some(doc);
                continue;
            }
            rebase(&mut doc, committed_base, &id_base);
            let expected = format!("{id_base}{name}");
            let id = doc.get("$id").and_then(Value::as_str).unwrap_or_default();
            if id != expected {
                return Err(PublishError::IdMismatch {
                    file: name,
                    id: id.to_owned(),
                    expected,
                });
            }
            documents.insert(name, doc);
        }
        let index = index.ok_or_else(|| PublishError::Document {
            file: "index.json".into(),
            message: "missing from the published files (run `cargo xtask generate`)".into(),
        })?;
        Ok(Published {
            version,
            major,
            id_base,
            base_uri,
            documents,
            index,
        })
    }

    /// `v<MAJOR>`: the folder of the documents below the base URI.
    pub fn major_dir(&self) -> String {
        format!("v{}", self.major)
    }

    /// Every file the three artifacts share, (name, pretty JSON text): the documents and
    /// `index.json`, byte for byte the same everywhere.
    pub fn json_files(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .documents
            .iter()
            .map(|(name, doc)| (name.clone(), pretty(doc)))
            .collect();
        out.push(("index.json".into(), pretty(&self.index)));
        out.sort();
        out
    }
}

/// One file of the output, relative to `--out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// What [`package`] wrote.
#[derive(Debug, Clone)]
pub struct Summary {
    pub version: String,
    pub id_base: String,
    pub documents: usize,
    pub files: usize,
}

/// Every file of `site/`, `npm/` and `python/`, in memory.
pub fn render(
    spec: &vsee_spec::Spec,
    published: &Published,
    types: &Types,
) -> Result<Vec<OutputFile>, PublishError> {
    let mut out = site::render(spec, published)?;
    out.extend(npm::render(published, &types.typescript));
    out.extend(python::render(published, &types.python));
    Ok(out)
}

/// Writes `out/site`, `out/npm` and `out/python`. Those three folders belong to this command:
/// whatever was in them before is removed first, so no stale file is published.
pub fn package(
    spec: &vsee_spec::Spec,
    published: &Published,
    types: &Types,
    out: &Path,
) -> Result<Summary, PublishError> {
    let files = render(spec, published, types)?;
    for dir in ["site", "npm", "python"] {
        let path = out.join(dir);
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|source| PublishError::Write {
                path: path.clone(),
                source,
            })?;
        }
    }
    for file in &files {
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| PublishError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, &file.contents)
            .map_err(|source| PublishError::Write { path, source })?;
    }
    Ok(Summary {
        version: published.version.clone(),
        id_base: published.id_base.clone(),
        documents: published.documents.len(),
        files: files.len(),
    })
}

/// `info.version` of the spec.
pub fn spec_version(spec: &vsee_spec::Spec) -> Result<String, PublishError> {
    spec.document()
        .pointer("/info/version")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or(PublishError::NoVersion)
}

/// The committed id base for a spec: [`DEFAULT_BASE_URI`] plus `v<MAJOR>/`.
pub fn default_id_base(spec: &vsee_spec::Spec) -> Result<String, PublishError> {
    let version = spec_version(spec)?;
    let major = versions::parse("info.version (spec)", &version)?.major;
    Ok(format!("{DEFAULT_BASE_URI}v{major}/"))
}

fn normalize_base(base: &str) -> Result<String, PublishError> {
    let bad = || PublishError::BaseUri(base.to_owned());
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .ok_or_else(bad)?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty()
        || base.contains(['?', '#', ' ', '"', '<', '>', '\\'])
        || base.chars().any(char::is_control)
    {
        return Err(bad());
    }
    Ok(if base.ends_with('/') {
        base.to_owned()
    } else {
        format!("{base}/")
    })
}

/// Replaces the `from` prefix of every `$id` and `$ref` (the only places ids appear) by `to`.
fn rebase(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if let (true, Value::String(text)) = (key == "$id" || key == "$ref", &mut *item) {
                    if let Some(rest) = text.strip_prefix(from) {
                        *text = format!("{to}{rest}");
                    }
                } else {
                    rebase(item, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rebase(item, from, to)),
        _ => {}
    }
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The mark at the top of every generated text file.
fn generated_mark(published: &Published) -> String {
    format!(
        "@generated by `cargo xtask schemas-package --base-uri {}`; version {}; do not edit",
        published.base_uri, published.version
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_and_refs_move_to_the_new_base_and_nothing_else_does() {
        let mut doc = json!({
            "$id": "https://old/v1/a.json",
            "properties": {"$ref": {"$ref": "https://old/v1/b.json"}, "x": {"const": "https://old/v1/c"}}
        });
        rebase(&mut doc, "https://old/v1/", "https://new/v3/");
        assert_eq!(doc["$id"], "https://new/v3/a.json");
        assert_eq!(doc["properties"]["$ref"]["$ref"], "https://new/v3/b.json");
        assert_eq!(doc["properties"]["x"]["const"], "https://old/v1/c");
    }

    #[test]
    fn base_uris_are_absolute_http_without_query() {
        assert_eq!(
            normalize_base("https://a.example/s").unwrap(),
            "https://a.example/s/"
        );
        for bad in [
            "a.example/s",
            "https:///s",
            "https://a.example/?x",
            "file:///tmp/",
        ] {
            assert!(normalize_base(bad).is_err(), "{bad}");
        }
    }
}
