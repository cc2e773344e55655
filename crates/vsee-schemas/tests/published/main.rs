//! The published files, judged as a consumer would judge them: each passes the 2020-12
//! meta-schema, resolves its references by `$id` alone, accepts every sample payload and rejects
//! every type-breaking mutation. A foreign validator (Python `jsonschema`, and ajv when Node.js
//! has it installed) must reach the same verdict on every case.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};
use vsee_workspace_tests::{fixtures, mutations, workspace_root, Fixture};

fn registry() -> jsonschema::Registry<'static> {
    let resources =
        vsee_schemas::files().map(|f| (f.id(), jsonschema::Resource::from_contents(f.json())));
    jsonschema::Registry::new()
        .draft(jsonschema::Draft::Draft202012)
        .extend(resources)
        .and_then(|b| b.prepare())
        .expect("every published file registers by its $id")
}

fn validator(registry: &jsonschema::Registry<'static>, file: &str) -> jsonschema::Validator {
    let schema = vsee_schemas::file(file).unwrap_or_else(|| panic!("no published file {file}"));
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_registry(registry)
        .build(&schema.json())
        .unwrap_or_else(|e| panic!("{file} does not compile: {e}"))
}

fn schema_of(f: &Fixture) -> &'static str {
    vsee_schemas::response(&f.operation_id, f.status)
        .unwrap_or_else(|| {
            panic!(
                "{}: no published schema for {} {}",
                f.name, f.operation_id, f.status
            )
        })
        .name
}

#[test]
fn every_file_is_a_2020_12_schema_with_an_absolute_id() {
    let mut count = 0;
    for f in vsee_schemas::files() {
        let doc = f.json();
        assert_eq!(
            doc["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{}",
            f.name
        );
        assert_eq!(
            doc["$id"],
            f.id(),
            "{}: $id must be the base URI plus the file name",
            f.name
        );
        assert!(f.id().starts_with("https://"), "{}", f.name);
        if let Err(e) = jsonschema::meta::validate(&doc) {
            panic!("{} breaks the 2020-12 meta-schema: {e}", f.name);
        }
        count += 1;
    }
    assert!(
        count > 60,
        "expected components, operation files and formats; found {count}"
    );
}

#[test]
fn every_reference_resolves_by_id_alone() {
    // `offline` behaviour is the default without the resolve features; any unresolvable `$ref`
    // fails compilation here.
    let registry = registry();
    for f in vsee_schemas::files() {
        validator(&registry, f.name);
    }
}

#[test]
fn index_lists_every_operation_and_component() {
    let index = vsee_schemas::index();
    let ops = index["operations"].as_object().expect("operations object");
    assert_eq!(ops.len(), 15);
    for (id, op) in ops {
        for file in op["responses"]
            .as_object()
            .into_iter()
            .chain(op["request"].as_object())
            .flat_map(|m| m.values())
        {
            let file = file.as_str().expect("file names are strings");
            assert!(
                vsee_schemas::file(file).is_some(),
                "{id}: index names missing file {file}"
            );
        }
    }
    let components = index["components"].as_object().expect("components object");
    assert!(components.contains_key("Visit") && components.contains_key("ApiError"));
    for file in components.values() {
        assert!(vsee_schemas::file(file.as_str().unwrap_or_default()).is_some());
    }
}

#[test]
fn index_snapshot() {
    insta::assert_json_snapshot!("index", vsee_schemas::index());
}

#[test]
fn lookups_by_operation_status_and_media_type() {
    assert_eq!(
        vsee_schemas::response("get_visit", 200).map(|f| f.name),
        Some("operations/get_visit/response.200.json")
    );
    assert_eq!(
        vsee_schemas::response("get_visit", 422).map(|f| f.name),
        Some("operations/get_visit/response.4XX.json")
    );
    assert_eq!(vsee_schemas::response("get_visit", 302), None);
    assert_eq!(vsee_schemas::response("no_such_operation", 200), None);
    assert_eq!(
        vsee_schemas::request("create_intake", "multipart/form-data; boundary=xyz").map(|f| f.name),
        Some("operations/create_intake/request.multipart.json")
    );
    assert_eq!(
        vsee_schemas::component("Visit").map(|f| f.name),
        Some("components/Visit.json")
    );
    assert!(vsee_schemas::component("Nope").is_none());
}

#[test]
fn fixtures_pass_and_mutations_fail_in_rust() {
    let registry = registry();
    for f in fixtures() {
        let v = validator(&registry, schema_of(&f));
        let errors: Vec<String> = v
            .iter_errors(&f.body)
            .map(|e| e.instance_path().to_string())
            .collect();
        assert!(errors.is_empty(), "{} is rejected at {errors:?}", f.name);
    }
    for m in mutations() {
        let v = validator(&registry, schema_of(&m.fixture));
        assert!(
            !v.is_valid(&m.fixture.body),
            "mutation {} ({}) is accepted",
            m.name,
            m.why
        );
    }
}

/// Every fixture and mutation with the Rust verdict, as the foreign scripts read them.
fn cases() -> (Value, Value) {
    let registry = registry();
    let mut cases = Vec::new();
    let mut verdicts = serde_json::Map::new();
    let items = fixtures()
        .into_iter()
        .map(|f| (format!("fixture:{}", f.name), f))
        .chain(
            mutations()
                .into_iter()
                .map(|m| (format!("mutation:{}", m.name), m.fixture)),
        );
    for (name, f) in items {
        let schema = schema_of(&f);
        let valid = validator(&registry, schema).is_valid(&f.body);
        cases.push(json!({"name": name, "schema": schema, "instance": f.body}));
        verdicts.insert(name, Value::Bool(valid));
    }
    (json!({ "cases": cases }), Value::Object(verdicts))
}

fn schema_dir() -> PathBuf {
    workspace_root().join("crates/vsee-schemas/schemas")
}

fn run_foreign(program: &str, script: &str) -> Option<Value> {
    let (cases, _) = cases();
    let dir = std::env::temp_dir().join(format!("vsee-foreign-{}-{program}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases_path = dir.join("cases.json");
    std::fs::write(
        &cases_path,
        serde_json::to_vec(&cases).expect("cases serialize"),
    )
    .expect("write cases");
    let out = Command::new(program)
        .arg(workspace_root().join("tests/foreign").join(script))
        .arg(schema_dir())
        .arg(&cases_path)
        .output();
    let _ = std::fs::remove_dir_all(&dir);
    let out = out.ok()?;
    assert!(
        out.status.success(),
        "{program} {script} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("the foreign script prints JSON"))
}

fn assert_agrees(tool: &str, foreign: Value) {
    let (_, rust) = cases();
    let rust = rust.as_object().expect("object");
    let foreign = foreign
        .as_object()
        .expect("the foreign verdicts are an object");
    assert_eq!(
        rust.len(),
        foreign.len(),
        "{tool} judged a different number of cases"
    );
    let disagreements: Vec<String> = rust
        .iter()
        .filter(|(name, verdict)| foreign.get(*name) != Some(*verdict))
        .map(|(name, verdict)| format!("{name}: rust {verdict}, {tool} {:?}", foreign.get(name)))
        .collect();
    assert!(
        disagreements.is_empty(),
        "{tool} disagrees:\n{}",
        disagreements.join("\n")
    );
    // The verdicts themselves: fixtures valid, mutations invalid.
    for (name, verdict) in foreign {
        assert_eq!(
            verdict.as_bool(),
            Some(name.starts_with("fixture:")),
            "{tool}: {name}"
        );
    }
}

/// Python `jsonschema` is the foreign validator CI installs (`.ci/run`); the test fails, rather
/// than passing silently, when it is missing.
#[test]
fn python_jsonschema_agrees_with_rust() {
    let foreign = run_foreign("python3", "validate.py").expect(
        "python3 is needed for this test; install it and `pip install 'jsonschema>=4.18'` (scripts/test does this)",
    );
    assert_agrees("python jsonschema", foreign);
}

/// ajv, installed by `npm ci --prefix tests/foreign` (scripts/test and CI do it); the test fails
/// with that instruction, rather than passing silently, when it is missing.
#[test]
fn ajv_agrees_with_rust() {
    assert!(
        workspace_root()
            .join("tests/foreign/node_modules/ajv")
            .is_dir(),
        "ajv is not installed: run `npm ci --prefix tests/foreign` (scripts/test does this)"
    );
    let foreign = run_foreign("node", "validate.mjs").expect("node is needed for this test");
    assert_agrees("ajv", foreign);
}
