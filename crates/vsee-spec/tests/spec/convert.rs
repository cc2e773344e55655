use crate::common::mini;
use serde_json::{json, Value};
use vsee_spec::{convert_schema, Location, SchemaSet, DRAFT_2020_12};

const BASE: &str = "https://schemas.vsee.example/api_v3/v1/";

fn to_uri(reference: &str) -> String {
    reference.replace("#/components/schemas/", BASE) + ".json"
}

fn convert(oas: Value) -> Value {
    convert_schema(&oas, &to_uri)
}

fn set() -> SchemaSet {
    match SchemaSet::build(&mini(), BASE) {
        Ok(set) => set,
        Err(err) => panic!("schema set must build:\n{err}"),
    }
}

#[test]
fn nullable_type_becomes_a_type_array() {
    assert_eq!(
        convert(json!({"type": "string", "nullable": true, "maxLength": 3})),
        json!({"type": ["string", "null"], "maxLength": 3})
    );
    assert_eq!(
        convert(json!({"type": "string", "nullable": false})),
        json!({"type": "string"})
    );
}

#[test]
fn nullable_enum_gets_null_in_the_enum() {
    let converted =
        convert(json!({"type": "string", "enum": ["open", "closed"], "nullable": true}));
    assert_eq!(
        converted,
        json!({"type": ["string", "null"], "enum": ["open", "closed", null]})
    );
    let validator = jsonschema::draft202012::new(&converted).expect("compiles");
    assert!(validator.is_valid(&Value::Null));
    assert!(validator.is_valid(&json!("open")));
    assert!(!validator.is_valid(&json!("other")));
}

#[test]
fn nullable_ref_and_compositions_are_wrapped_in_any_of() {
    assert_eq!(
        convert(json!({"$ref": "#/components/schemas/Visit", "nullable": true})),
        json!({"anyOf": [{"$ref": format!("{BASE}Visit.json")}, {"type": "null"}]})
    );
    assert_eq!(
        convert(
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/Visit"}], "description": "d"})
        ),
        json!({"anyOf": [
            {"allOf": [{"$ref": format!("{BASE}Visit.json")}], "description": "d"},
            {"type": "null"}
        ]})
    );
    assert_eq!(
        convert(json!({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": true})),
        json!({"anyOf": [{"oneOf": [{"type": "integer"}, {"type": "string"}]}, {"type": "null"}]})
    );
}

#[test]
fn example_becomes_examples_and_order_is_kept() {
    let converted = convert(json!({
        "description": "a note",
        "type": "string",
        "example": "bring ID",
        "format": "date"
    }));
    assert_eq!(
        converted,
        json!({"description": "a note", "type": "string", "examples": ["bring ID"], "format": "date"})
    );
    let keys: Vec<&String> = converted
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(keys, ["description", "type", "examples", "format"]);
}

#[test]
fn exclusive_bounds_become_numeric() {
    assert_eq!(
        convert(
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": false})
        ),
        json!({"type": "number", "exclusiveMinimum": 0, "maximum": 10})
    );
}

#[test]
fn refs_extensions_and_oas_only_keywords() {
    let converted = convert(json!({
        "type": "object",
        "discriminator": {"propertyName": "kind"},
        "xml": {"name": "x"},
        "externalDocs": {"url": "https://example.com"},
        "x-rust-type": "Foo",
        "x-patternProperties": {"^custom_": {"type": "string"}},
        "properties": {
            "visit": {"$ref": "#/components/schemas/Visit", "description": "kept", "example": 1},
            "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}}
        },
        "additionalProperties": {"type": "integer", "x-note": 1}
    }));
    assert_eq!(
        converted,
        json!({
            "type": "object",
            "patternProperties": {"^custom_": {"type": "string"}},
            "properties": {
                "visit": {"$ref": format!("{BASE}Visit.json"), "description": "kept"},
                "tags": {"type": "array", "items": {"$ref": format!("{BASE}Tag.json")}}
            },
            "additionalProperties": {"type": "integer"}
        })
    );
    assert_eq!(
        convert(json!({"additionalProperties": false})),
        json!({"additionalProperties": false})
    );
}

#[test]
fn schema_set_files_and_index() {
    let set = set();
    let files: Vec<&str> = set.documents().keys().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            "components/ApiError.json",
            "components/NewVisit.json",
            "components/StringOrInt.json",
            "components/Visit.json",
            "components/VisitList.json",
            "operations/close_visit/response.200.json",
            "operations/create_appointment/request.form.json",
            "operations/create_appointment/request.json.json",
            "operations/create_appointment/response.200.json",
            "operations/get_current_visit/response.200.json",
            "operations/get_visit/response.200.json",
            "operations/list_visits/response.200.json",
            "operations/list_visits/response.4XX.json",
            "operations/update_appointment/response.200.json",
        ]
    );
    assert_eq!(set.component_file("Visit"), Some("components/Visit.json"));
    assert_eq!(set.component_file("Nope"), None);
    assert_eq!(
        set.response_file("list_visits", "4XX"),
        Some("operations/list_visits/response.4XX.json")
    );
    assert_eq!(set.response_file("export_visit_summary", "200"), None);
    assert_eq!(
        set.request_file("create_appointment", "application/x-www-form-urlencoded"),
        Some("operations/create_appointment/request.form.json")
    );
    assert_eq!(
        set.id_of("components/Visit.json"),
        format!("{BASE}components/Visit.json")
    );

    // Operation files that only reference a component stay tiny.
    assert_eq!(
        set.documents()["operations/get_visit/response.200.json"],
        json!({
            "$schema": DRAFT_2020_12,
            "$id": format!("{BASE}operations/get_visit/response.200.json"),
            "$ref": format!("{BASE}components/Visit.json")
        })
    );
    for (file, doc) in set.documents() {
        assert_eq!(doc["$schema"], DRAFT_2020_12, "{file}");
        assert_eq!(doc["$id"], json!(set.id_of(file)), "{file}");
    }

    let index = set.index();
    assert_eq!(
        index["operations"]["get_visit"],
        json!({"method": "GET", "path": "/visits/{id}", "request": {}, "responses": {"200": "operations/get_visit/response.200.json"}})
    );
    assert_eq!(
        index["operations"]["create_appointment"]["request"],
        json!({
            "application/json": "operations/create_appointment/request.json.json",
            "application/x-www-form-urlencoded": "operations/create_appointment/request.form.json"
        })
    );
    assert_eq!(
        index["operations"]["export_visit_summary"]["responses"],
        json!({})
    );
    assert_eq!(index["components"]["Visit"], "components/Visit.json");
}

#[test]
fn every_document_is_a_valid_2020_12_schema() {
    let set = set();
    for (file, doc) in set.documents() {
        if let Err(err) = jsonschema::draft202012::meta::validate(doc) {
            panic!("{file} is not a valid 2020-12 schema: {err}");
        }
    }
}

#[test]
fn cross_file_refs_resolve_and_validate() {
    let set = set();
    for file in set.documents().keys() {
        if let Err(err) = set.validator_for(file) {
            panic!("{file} does not compile: {err}");
        }
    }
    let visit = set
        .validator_for("operations/get_visit/response.200.json")
        .expect("compiles");
    assert!(visit.is_valid(&json!({"id": 7727, "status": null})));
    assert!(visit.is_valid(&json!({"id": "7727", "extra": [1, 2]})));
    assert!(
        !visit.is_valid(&json!({"status": "open"})),
        "id is required"
    );
    assert!(
        !visit.is_valid(&json!({"id": 1.5})),
        "StringOrInt rejects floats"
    );
    assert!(!visit.is_valid(&json!({"id": 1, "status": "lost"})));

    let list = set
        .validator_for("operations/list_visits/response.200.json")
        .expect("compiles");
    assert!(list.is_valid(&json!({"data": [{"id": 1}]})));
    let bad = json!({"data": [{"id": 1}, {"id": true}]});
    let err = list.iter_errors(&bad).next().expect("one error");
    assert_eq!(err.instance_path().as_str(), "/data/1/id");

    let form = set
        .validator_for("operations/create_appointment/request.form.json")
        .expect("compiles");
    assert!(
        !form.is_valid(&json!({"reason": "x", "unknown": 1})),
        "additionalProperties: false"
    );

    assert!(set.validator_for("components/Nope.json").is_err());
}

#[test]
fn base_uri_must_be_absolute_with_trailing_slash() {
    let spec = mini();
    assert!(SchemaSet::build(&spec, "https://schemas.vsee.example/v1").is_err());
    assert!(SchemaSet::build(&spec, "schemas/").is_err());
}

#[test]
fn generated_documents_are_deterministic() {
    let a = serde_json::to_string(&set().documents()).expect("serializes");
    let b = serde_json::to_string(&set().documents()).expect("serializes");
    assert_eq!(a, b);
}

#[test]
fn embedded_spec_loads_and_converts() {
    let spec = match vsee_spec::embedded() {
        Ok(spec) => spec,
        Err(err) => panic!("spec/vsee.yaml must load:\n{err}"),
    };
    assert_eq!(spec.file(), "spec/vsee.yaml");
    let set = match SchemaSet::build(&spec, BASE) {
        Ok(set) => set,
        Err(err) => panic!("spec/vsee.yaml must convert:\n{err}"),
    };
    for (file, doc) in set.documents() {
        if let Err(err) = jsonschema::draft202012::meta::validate(doc) {
            panic!("{file} is not a valid 2020-12 schema: {err}");
        }
        if let Err(err) = set.validator_for(file) {
            panic!("{file} does not compile: {err}");
        }
    }
}

fn build_err(text: &str) -> vsee_spec::SpecError {
    let spec = match vsee_spec::load_str("t.yaml", text) {
        Ok(spec) => spec,
        Err(err) => panic!("the test spec must load:\n{err}"),
    };
    match SchemaSet::build(&spec, BASE) {
        Ok(set) => panic!(
            "expected the set to be refused, got {:?}",
            set.documents().keys().collect::<Vec<_>>()
        ),
        Err(err) => err,
    }
}

fn one_response(operation_id: &str, status: &str) -> String {
    crate::common::doc(
        &format!(
            "  /a:\n    get:\n      operationId: '{operation_id}'\n      summary: s\n      responses:\n        '{status}':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: integer}}"
        ),
        "  schemas: {}",
    )
}

#[test]
fn unsafe_file_name_parts_are_refused() {
    for status in ["../../../etc/x", "2XX/..", "20O", "4xx", "600", ""] {
        let err = build_err(&one_response("get_a", status));
        assert_eq!(err.problems.len(), 1, "{err}");
        let problem = &err.problems[0];
        assert_eq!(problem.rule, "response-status", "{status}: {err}");
        assert_eq!(problem.location.line, 11, "{status}: {err}");
        assert!(
            problem.pointer.starts_with("/paths/~1a/get/responses/"),
            "{err}"
        );
    }
    for id in ["..", ".", "a..b", "a/b", "visits.get"] {
        let err = build_err(&one_response(id, "200"));
        assert_eq!(err.problems[0].rule, "operation-id", "{id}: {err}");
        assert_eq!(err.problems[0].pointer, "/paths/~1a/get/operationId");
    }
}

#[test]
fn extension_keys_under_responses_are_skipped() {
    let text = crate::common::doc(
        "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer}\n        x-note:\n          description: not a response\n          content:\n            application/json:\n              schema: {type: string}",
        "  schemas: {}",
    );
    let spec = vsee_spec::load_str("t.yaml", &text).expect("loads");
    assert_eq!(spec.operations_ref()[0].responses, ["200"]);
    let set = SchemaSet::build(&spec, BASE).expect("builds");
    let files: Vec<&str> = set.documents().keys().map(String::as_str).collect();
    assert_eq!(files, ["operations/get_a/response.200.json"]);
    assert_eq!(
        set.index()["operations"]["get_a"]["responses"],
        json!({"200": "operations/get_a/response.200.json"})
    );
}

#[test]
fn json_is_preferred_over_an_earlier_wildcard() {
    let text = crate::common::doc(
        "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      responses:\n        '200':\n          description: ok\n          content:\n            '*/*':\n              schema: {type: string}\n            application/json:\n              schema: {type: integer}\n        '400':\n          description: anything\n          content:\n            application/pdf:\n              schema: {type: string, format: binary}\n            '*/*':\n              schema: {type: boolean}",
        "  schemas: {}",
    );
    let spec = vsee_spec::load_str("t.yaml", &text).expect("loads");
    let set = SchemaSet::build(&spec, BASE).expect("builds");
    assert_eq!(
        set.documents()["operations/get_a/response.200.json"]["type"],
        "integer"
    );
    // No JSON media type: `*/*` is the last resort.
    assert_eq!(
        set.documents()["operations/get_a/response.400.json"]["type"],
        "boolean"
    );
    assert_eq!(
        set.source_pointer("operations/get_a/response.200.json"),
        Some("/paths/~1a/get/responses/200/content/application~1json/schema")
    );
}

#[test]
fn compile_errors_are_located_in_the_spec() {
    let text = crate::common::doc(
        "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}",
        "  schemas:\n    A:\n      type: object\n      additionalProperties: {}\n      properties:\n        code:\n          nullable: true\n          allOf:\n            - type: string\n              pattern: '['\n    B:\n      type: integer\n      multipleOf: 0",
    );
    let spec = vsee_spec::load_str("t.yaml", &text).expect("loads");
    let set = SchemaSet::build(&spec, BASE).expect("builds");
    let err = match set.validator_for("components/A.json") {
        Ok(_) => panic!("a bad pattern must not compile"),
        Err(err) => err,
    };
    let problem = &err.problems[0];
    assert_eq!(problem.rule, "schema-compiles");
    // Mapped back through the `anyOf` that wraps a nullable composition.
    assert_eq!(
        problem.pointer,
        "/components/schemas/A/properties/code/allOf/0/pattern"
    );
    assert_eq!(problem.location, Location::new("t.yaml", 26, 15), "{err}");
    assert!(problem.message.contains("components/A.json"), "{err}");
    assert_eq!(
        set.source_pointer("components/A.json"),
        Some("/components/schemas/A")
    );
    let err = match set.validator_for("components/B.json") {
        Ok(_) => panic!("multipleOf: 0 must not compile"),
        Err(err) => err,
    };
    assert_eq!(err.problems[0].pointer, "/components/schemas/B/multipleOf");
    assert_eq!(err.problems[0].location, Location::new("t.yaml", 29, 7));

    // A document that fails only through its reference names itself and says so.
    let err = match set.validator_for("operations/get_a/response.200.json") {
        Ok(_) => panic!("the referenced schema does not compile"),
        Err(err) => err,
    };
    assert_eq!(
        err.problems[0].pointer,
        "/paths/~1a/get/responses/200/content/application~1json/schema"
    );
    assert!(err.problems[0].message.contains("references"), "{err}");

    // A schema outside the set is named by its `$id` and the path inside it.
    let err = match set
        .validator_for_schema(&json!({"$id": "https://elsewhere.example/x.json", "minLength": -1}))
    {
        Ok(_) => panic!("must not compile"),
        Err(err) => err,
    };
    assert_eq!(
        err.problems[0].location.file,
        "https://elsewhere.example/x.json"
    );
    assert_eq!(err.problems[0].pointer, "/minLength");
}
