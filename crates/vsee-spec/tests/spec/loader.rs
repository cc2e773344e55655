use crate::common::{doc, load_err, mini};
use vsee_spec::{load_file, load_str, Location};

#[test]
fn loads_the_mini_spec_with_document_and_typed_view() {
    let spec = mini();
    assert_eq!(spec.file(), "mini.yaml");
    assert_eq!(spec.openapi().openapi, "3.0.3");
    assert_eq!(spec.openapi().paths.paths.len(), 5);
    // Key order of the YAML is kept in the JSON document.
    let keys: Vec<&String> = spec.document()["paths"]
        .as_object()
        .map(|m| m.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "/visits",
            "/visits/{id}",
            "/visits/close",
            "/visits/current",
            "/visits/{id}/exports/visit_summary"
        ]
    );
}

#[test]
fn duplicate_key_is_rejected_at_the_second_occurrence() {
    let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /visits:\n    post:\n      summary: a\n      postvisit: 1\n      postvisit: 2\n";
    let err = load_err(text);
    assert_eq!(err.problems.len(), 1);
    let p = &err.problems[0];
    assert_eq!(p.rule, "duplicate-key");
    assert_eq!(p.pointer, "/paths/~1visits/post/postvisit");
    assert_eq!(p.location, Location::new("t.yaml", 10, 7));
    assert!(
        p.message.contains("first at line 9, column 7"),
        "{}",
        p.message
    );
    assert!(err
        .to_string()
        .starts_with("t.yaml:10:7: /paths/~1visits/post/postvisit: duplicate key `postvisit`"));
}

#[test]
fn duplicate_key_in_flow_mapping_is_rejected() {
    let err = load_err("openapi: 3.0.3\ninfo: {title: t, version: '1', title: u}\npaths: {}\n");
    assert_eq!(err.problems[0].rule, "duplicate-key");
    assert_eq!(err.problems[0].pointer, "/info/title");
    assert_eq!(err.problems[0].location.line, 2);
}

#[test]
fn invalid_yaml_reports_line_and_column() {
    let err = load_err("openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: '1'\npaths: {}\n");
    let p = &err.problems[0];
    assert_eq!(p.rule, "invalid-yaml");
    assert!(p.location.line >= 3, "{p}");
    assert!(p.message.starts_with("invalid YAML"), "{}", p.message);

    let err = load_err("openapi: 3.0.3\ninfo:\n  title: 'unterminated\n");
    assert_eq!(err.problems[0].rule, "invalid-yaml");
    assert!(err.problems[0].location.line >= 3, "{err}");
}

#[test]
fn deep_flow_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let text = format!(
        "openapi: 3.0.3\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = load_err(&text);
    let p = &err.problems[0];
    assert!(p.rule == "too-deep" || p.rule == "invalid-yaml", "{p}");
    assert_eq!(p.location.line, 2);

    let text = format!(
        "openapi: 3.0.3\nx: {}1{}\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    );
    let err = load_err(&text);
    assert_eq!(err.problems[0].location.line, 2);
}

#[test]
fn deep_block_nesting_is_an_error_not_a_crash() {
    // 100,000 nested block sequences on one line: `- - - ... x`.
    let text = format!("{}x\n", "- ".repeat(100_000));
    let err = load_err(&text);
    let p = &err.problems[0];
    assert_eq!(p.rule, "too-deep", "{p}");
    assert_eq!(p.location.line, 1);
    assert!(p.message.contains("128"), "{}", p.message);
}

#[test]
fn alias_bomb_is_rejected() {
    let mut text = String::from("openapi: 3.0.3\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let prev = i - 1;
        text.push_str(&format!(
            "l{i}: &l{i} [*l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}]\n"
        ));
    }
    let err = load_err(&text);
    assert_eq!(err.problems[0].rule, "invalid-yaml", "{err}");
}

#[test]
fn unresolvable_ref_is_reported_at_the_ref() {
    let text = doc(
        "  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Missing'",
        "  schemas:\n    Present:\n      type: string",
    );
    let err = load_err(&text);
    let p = &err.problems[0];
    assert_eq!(p.rule, "unresolved-ref");
    assert_eq!(
        p.pointer,
        "/paths/~1a/get/responses/200/content/application~1json/schema/$ref"
    );
    assert_eq!(p.location, Location::new("t.yaml", 14, 17));
    assert!(p.message.contains("#/components/schemas/Missing"));
}

#[test]
fn external_ref_is_reported() {
    let text = doc(
        "  /a:\n    get:\n      responses:\n        '200':\n          $ref: 'other.yaml#/x'",
        "  schemas: {}",
    );
    let err = load_err(&text);
    assert_eq!(err.problems[0].rule, "unresolved-ref");
    assert!(err.problems[0].message.contains("only local references"));
}

#[test]
fn refs_inside_examples_are_data() {
    let text = doc(
        "  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              example:\n                $ref: not-a-reference",
        "  schemas: {}",
    );
    assert!(load_str("t.yaml", &text).is_ok());
}

#[test]
fn other_openapi_versions_are_rejected() {
    let err = load_err("openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\n");
    let p = &err.problems[0];
    assert_eq!(p.rule, "openapi-version");
    assert_eq!(p.pointer, "/openapi");
    assert_eq!(p.location, Location::new("t.yaml", 1, 1));
    assert!(p.message.contains("3.0.3"));

    let err = load_err("swagger: '2.0'\ninfo:\n  title: t\n  version: '1'\npaths: {}\n");
    assert_eq!(err.problems[0].rule, "openapi-version");
}

#[test]
fn structural_error_names_the_failing_node() {
    let err = load_err("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 7\n");
    let p = &err.problems[0];
    assert_eq!(p.rule, "openapi-structure");
    assert_eq!(p.pointer, "/paths/~1a/get/responses");
    assert_eq!(p.location, Location::new("t.yaml", 8, 7));

    let err = load_err("openapi: 3.0.3\npaths: {}\n");
    assert_eq!(err.problems[0].rule, "openapi-structure");

    let text = doc(
        "  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id:\n                    type: 12",
        "  schemas: {}",
    );
    let err = load_err(&text);
    assert_eq!(
        err.problems[0].pointer,
        "/paths/~1a/get/responses/200/content/application~1json/schema/properties/id"
    );
    assert_eq!(err.problems[0].location.line, 16);
}

#[test]
fn empty_and_non_mapping_documents_are_rejected() {
    assert_eq!(load_err("").problems[0].rule, "empty-document");
    assert_eq!(
        load_err("# just a comment\n").problems[0].rule,
        "empty-document"
    );
    assert_eq!(load_err("- a\n- b\n").problems[0].rule, "openapi-structure");
    assert_eq!(
        load_err("openapi: 3.0.3\n---\nopenapi: 3.0.3\n").problems[0].rule,
        "multiple-documents"
    );
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "\u{0}\u{1}\u{2}",
        "{",
        "]]]]",
        "? [a]\n: b\n",
        "*nothing\n",
        "!!binary AAAA",
        "openapi: 3.0.3\ninfo: ~\npaths: ~\n",
        "openapi: !!int 3\n",
        "&a [*a]\n",
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    $ref: '#/nope'\n",
    ];
    for input in inputs {
        assert!(load_str("t.yaml", input).is_err(), "accepted {input:?}");
    }
}

#[test]
fn unquoted_numeric_status_keys_and_yes_no_scalars() {
    let text = doc(
        "  /a:\n    get:\n      responses:\n        200:\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: string\n                enum: [yes, no, 0123]",
        "  schemas: {}",
    );
    let spec = match load_str("t.yaml", &text) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let schema = &spec.document()["paths"]["/a"]["get"]["responses"]["200"]["content"]
        ["application/json"]["schema"];
    assert_eq!(schema["enum"], serde_json::json!(["yes", "no", "0123"]));
    assert_eq!(spec.operations()[0].responses, ["200"]);
}

#[test]
fn locate_gives_key_positions_and_falls_back_to_ancestors() {
    let spec = mini();
    let visit = spec.locate("/components/schemas/Visit");
    let line = crate::common::MINI
        .lines()
        .position(|l| l == "    Visit:")
        .map(|i| i + 1);
    assert_eq!(Some(visit.line), line);
    assert_eq!(visit.column, 5);
    assert_eq!(visit.to_string(), format!("mini.yaml:{}:5", visit.line));
    // The value of `type:` on the next line.
    let ty = spec.locate_value("/components/schemas/Visit/type");
    assert_eq!((ty.line, ty.column), (visit.line + 1, 13));
    // Missing pointers resolve to the nearest existing ancestor.
    assert_eq!(spec.locate("/components/schemas/Visit/nope/deeper"), visit);
    assert_eq!(spec.locate("#/components/schemas/Visit"), visit);
    assert_eq!(spec.locate("").line, 1);
    // Sequence items.
    let server = spec.locate("/servers/1");
    assert_eq!((server.line, server.column), (7, 5));
}

#[test]
fn unreadable_file_names_the_file() {
    let err = match load_file(std::path::Path::new("does/not/exist.yaml")) {
        Ok(_) => panic!("a missing file must not load"),
        Err(e) => e,
    };
    let p = &err.problems[0];
    assert_eq!(p.rule, "unreadable-file");
    assert_eq!(p.location.file, "does/not/exist.yaml");
    assert!(err
        .to_string()
        .starts_with("does/not/exist.yaml:1:1: /: cannot read"));
}

#[test]
fn load_file_reads_a_real_file() {
    let dir = std::env::temp_dir().join(format!("vsee-spec-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("mini.yaml");
    std::fs::write(&path, crate::common::MINI).expect("write temp spec");
    let spec = load_file(&path).expect("loads");
    assert_eq!(spec.file(), path.display().to_string());
    std::fs::write(&path, [0x6f, 0x3a, 0x20, 0xff, 0xfe]).expect("write");
    let err = load_file(&path).expect_err("invalid UTF-8 is rejected");
    assert_eq!(err.problems[0].rule, "invalid-utf8");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn operation_table() {
    let spec = mini();
    let ops = spec.operations();
    let ids: Vec<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "list_visits",
            "create_appointment",
            "get_visit",
            "update_appointment",
            "close_visit",
            "get_current_visit",
            "export_visit_summary"
        ]
    );
    let update = &ops[3];
    assert_eq!(update.method, "POST");
    assert_eq!(update.path, "/visits/{id}");
    assert_eq!(update.pointer, "/paths/~1visits~1{id}/post");
    let params: Vec<(&str, &str, bool)> = update
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.location.as_str(), p.required))
        .collect();
    assert_eq!(params, [("id", "path", true), ("version", "query", true)]);
    // `$ref` resolved one level: the StringOrInt schema itself.
    assert!(update.parameters[0]
        .schema
        .as_ref()
        .is_some_and(|s| s.get("oneOf").is_some()));
    let create = &ops[1];
    assert_eq!(
        create.request_media_types,
        ["application/json", "application/x-www-form-urlencoded"]
    );
    assert!(create.request_required);
    assert_eq!(ops[0].responses, ["200", "4XX"]);
    // Path-level and operation-level parameter of the same name are merged.
    assert_eq!(ops[6].parameters.len(), 1);
}

#[test]
fn bad_ref_in_a_parameter_list_is_reported() {
    let text = doc(
        "  /a:\n    parameters:\n      - $ref: '#/components/parameters/Nope'\n    get:\n      responses: {}",
        "  schemas: {}",
    );
    let err = load_err(&text);
    assert_eq!(err.problems[0].rule, "unresolved-ref");
    assert_eq!(err.problems[0].pointer, "/paths/~1a/parameters/0/$ref");
    assert_eq!(err.problems[0].location, Location::new("t.yaml", 8, 9));
}

/// A spec nested almost to the loader's limit must be judged, not crash, even when loaded from a
/// thread with a small stack (2 MiB, the default of spawned threads and of test threads).
#[test]
fn deep_schema_nesting_near_the_limit_does_not_overflow_a_small_stack() {
    let depth = vsee_spec::MAX_DEPTH - 10;
    let mut schema = String::from("{type: string}");
    for _ in 0..depth / 2 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
    );
    let outcome = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            vsee_spec::load_str("deep.yaml", &text)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
        .expect("spawn")
        .join();
    let result = outcome.expect("loading a deep spec must not crash the thread");
    assert!(
        result.is_ok(),
        "a spec within the depth limit loads: {result:?}"
    );
}
