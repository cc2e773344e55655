//! `spec/vsee.yaml` against the official OpenAPI 3.0 JSON Schema (vendored under `tests/meta/`).
//!
//! Deliberately independent of `vsee-spec`'s loader: the YAML is read with serde-saphyr straight into
//! JSON and judged by the meta-schema alone, so a loader bug cannot hide a spec error.

use vsee_workspace_tests::{read_json, workspace_root};

/// The same spec as other teams' tools (Spectral, Redocly, strict OAS 3.0 validators) read it.
mod foreign_tools;

#[test]
fn spec_conforms_to_the_openapi_3_0_meta_schema() {
    let root = workspace_root();
    let meta = read_json(&root.join("tests/meta/openapi-3.0.schema.json"));
    let text =
        std::fs::read_to_string(root.join("spec/vsee.yaml")).expect("spec/vsee.yaml is readable");
    let spec: serde_json::Value =
        serde_saphyr::from_str(&text).expect("spec/vsee.yaml is valid YAML");

    // The vendored meta-schema is draft 4; jsonschema picks the draft from its `$schema`.
    let validator = jsonschema::validator_for(&meta).expect("the meta-schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&spec)
        .map(|e| format!("{}: {}", e.instance_path(), e))
        .collect();
    assert!(
        errors.is_empty(),
        "spec/vsee.yaml breaks the OpenAPI 3.0 meta-schema:\n{}",
        errors.join("\n")
    );
    assert_eq!(spec["openapi"], "3.0.3");
}

#[test]
fn meta_schema_rejects_a_broken_spec() {
    // Guards the test above against a meta-schema that accepts everything.
    let meta = read_json(&workspace_root().join("tests/meta/openapi-3.0.schema.json"));
    let validator = jsonschema::validator_for(&meta).expect("the meta-schema compiles");
    let broken = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"responses": {"200": {"content": {}}}}}}
    });
    assert!(
        !validator.is_valid(&broken),
        "a response without `description` must be rejected"
    );
}
