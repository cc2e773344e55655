//! The files themselves: each `$id` at its path in the site, the same bytes in all three
//! artifacts, and the committed ids carrying the major of `info.version`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::support::{self, BASE_URI};

fn json_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).expect("readable file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

#[test]
fn every_id_is_the_path_of_its_file_in_the_site() {
    let packaged = support::package();
    let site = packaged.out().join("site");
    let files = json_files(&site);
    let mut checked = 0;
    for (rel, bytes) in &files {
        let doc: Value = serde_json::from_slice(bytes).expect("JSON");
        if rel.ends_with("index.json") {
            continue;
        }
        let id = doc["$id"]
            .as_str()
            .unwrap_or_else(|| panic!("{rel} has no $id"));
        assert_eq!(
            id,
            format!("{BASE_URI}{rel}"),
            "{rel}: $id is not where the file is"
        );
        assert!(
            rel.starts_with("v3/"),
            "{rel}: not under the major of info.version"
        );
        // Every reference to another document lands on a file of the site.
        let text = String::from_utf8_lossy(bytes);
        for part in text.split("\"$ref\": \"").skip(1) {
            let target = part.split('"').next().unwrap();
            let Some(file) = target.split('#').next().unwrap().strip_prefix(BASE_URI) else {
                assert!(
                    target.starts_with('#'),
                    "{rel}: $ref {target} leaves the site"
                );
                continue;
            };
            assert!(files.contains_key(file), "{rel}: $ref {target} has no file");
        }
        checked += 1;
    }
    assert_eq!(
        checked,
        vsee_schemas::files().count(),
        "every document is in the site"
    );
    // index.json names only files that exist, relative to its own folder.
    let index: Value = serde_json::from_slice(&files["v3/index.json"]).unwrap();
    let text = index.to_string();
    for part in text.split('"').filter(|p| p.ends_with(".json")) {
        assert!(
            files.contains_key(&format!("v3/{part}")),
            "index.json names {part}, absent"
        );
    }
}

#[test]
fn the_three_artifacts_carry_the_same_files() {
    let packaged = support::package();
    let out = packaged.out();
    let site = json_files(&out.join("site/v3"));
    let npm = json_files(&out.join("npm/schemas"));
    let python = json_files(&out.join("python/vsee_schemas/schemas"));
    assert_eq!(
        site.keys().collect::<Vec<_>>(),
        npm.keys().collect::<Vec<_>>()
    );
    assert!(site == npm, "npm/schemas differs from the site");
    assert!(
        site == python,
        "python/vsee_schemas/schemas differs from the site"
    );
    // npm's package.json is the only other JSON file in the npm folder.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("npm/package.json")).unwrap()).unwrap();
    assert_eq!(manifest["version"], "3.0.0-curated.1");
    assert_eq!(manifest["version"], packaged.published.version);
    let pyproject = std::fs::read_to_string(out.join("python/pyproject.toml")).unwrap();
    assert!(
        pyproject.contains("version = \"3.0.0.dev1\""),
        "{pyproject}"
    );
}

#[test]
fn the_committed_ids_carry_the_major_of_info_version() {
    let spec = support::spec();
    let expected = vsee_publish::default_id_base(&spec).unwrap();
    assert_eq!(
        vsee_spec::PUBLISHED_SCHEMA_BASE_URI,
        expected,
        "info.version is {}: set vsee_spec::PUBLISHED_SCHEMA_BASE_URI to {expected} and run \
         `cargo xtask generate`",
        vsee_publish::spec_version(&spec).unwrap()
    );
    assert_eq!(
        vsee_schemas::BASE_URI,
        expected,
        "run `cargo xtask generate`"
    );
    // The documented default of --base-uri gives the committed files back unchanged.
    let published = support::published(vsee_publish::DEFAULT_BASE_URI);
    for file in vsee_schemas::files() {
        assert_eq!(published.documents[file.name], file.json(), "{}", file.name);
    }
}

#[test]
fn packaging_twice_gives_the_same_bytes_and_replaces_stale_files() {
    let packaged = support::package();
    let stale = packaged.out().join("npm/schemas/components/Gone.json");
    std::fs::write(&stale, "{}").unwrap();
    let first = json_files(packaged.out());
    vsee_publish::package(
        &support::spec(),
        &packaged.published,
        &support::types(),
        packaged.out(),
    )
    .unwrap();
    assert!(
        !stale.exists(),
        "a file of an earlier run is left in the package"
    );
    let mut second = json_files(packaged.out());
    second.insert("npm/schemas/components/Gone.json".into(), b"{}".to_vec());
    assert!(first == second);
}

#[test]
fn a_bad_base_uri_is_refused_with_what_to_give() {
    let err = vsee_publish::Published::new(
        &support::spec(),
        support::committed_files(),
        vsee_schemas::BASE_URI,
        "schemas.example.com/vsee?x=1",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("--base-uri"), "{err}");
    assert!(err.contains("absolute http(s) URI"), "{err}");
}

#[test]
fn the_payload_types_are_the_same_on_every_run_and_say_how_they_were_made() {
    let first = support::generate_types();
    assert!(
        first == support::types(),
        "two runs of the generators differ"
    );
    let tools = support::tools();
    for (file, text, tool) in [
        (
            "types.d.ts",
            &first.typescript,
            format!("openapi-typescript {}", tools.openapi_typescript_version()),
        ),
        (
            "types.py",
            &first.python,
            format!(
                "datamodel-code-generator {}",
                tools.datamodel_codegen_version()
            ),
        ),
    ] {
        let header = text.lines().next().unwrap_or_default();
        assert!(
            header.contains("@generated by `cargo xtask schemas-package` from spec/vsee.yaml")
                && header.contains(&tool),
            "{file}: {header}"
        );
    }
    // Both packages carry them, and the npm package exposes them as `vsee-schemas/types`.
    let packaged = support::package();
    let out = packaged.out();
    assert_eq!(
        std::fs::read_to_string(out.join("npm/types.d.ts")).unwrap(),
        first.typescript
    );
    assert_eq!(
        std::fs::read_to_string(out.join("python/vsee_schemas/types.py")).unwrap(),
        first.python
    );
    assert!(out.join("python/vsee_schemas/py.typed").exists());
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("npm/package.json")).unwrap()).unwrap();
    assert_eq!(manifest["exports"]["./types"]["types"], "./types.d.ts");
}
