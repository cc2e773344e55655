mod common;

use common::{doc, mini};
use vsee_spec::{lint, load_str, Location, Problem};

fn lint_text(text: &str) -> Vec<Problem> {
    match load_str("t.yaml", text) {
        Ok(spec) => lint(&spec),
        Err(err) => panic!("the test spec must load:\n{err}"),
    }
}

fn rules(problems: &[Problem]) -> Vec<(&str, &str)> {
    problems
        .iter()
        .map(|p| (p.rule.as_str(), p.pointer.as_str()))
        .collect()
}

/// One operation returning `schema_yaml` (indented for a `schema:` at 14 spaces) with
/// `example_yaml` as the media-type example.
fn one_op(schema_yaml: &str, example_yaml: &str) -> String {
    doc(
        &format!(
            "  /a:\n    get:\n      operationId: get_a\n      summary: Get a\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n{schema_yaml}\n              example: {example_yaml}"
        ),
        "  schemas: {}",
    )
}

#[test]
fn mini_spec_is_clean() {
    let problems = lint(&mini());
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn object_without_additional_properties_is_located() {
    let text = one_op(
        "                type: object\n                additionalProperties: {}\n                properties:\n                  inner:\n                    type: object\n                    properties:\n                      a: {type: string}",
        "{inner: {a: x}}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [(
            "additional-properties",
            "/paths/~1a/get/responses/200/content/application~1json/schema/properties/inner"
        )]
    );
    // `inner:` is on line 19, column 19 of the generated document.
    assert_eq!(problems[0].location, Location::new("t.yaml", 19, 19));
    assert!(problems[0].to_string().starts_with("t.yaml:19:19: /paths/"));
    assert!(problems[0].to_string().ends_with("[additional-properties]"));
}

#[test]
fn component_without_additional_properties() {
    let text = doc(
        "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\n              example: {}",
        "  schemas:\n    A:\n      properties:\n        x: {type: string}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [("additional-properties", "/components/schemas/A")]
    );
    assert_eq!(problems[0].location.line, 19);
}

#[test]
fn example_contradicting_its_schema() {
    let text = one_op(
        "                type: object\n                additionalProperties: {}\n                required: [id]\n                properties:\n                  id: {type: integer}\n                  name: {type: string, example: 5}",
        "{id: \"secret-value\"}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [
            (
                "example-valid",
                "/paths/~1a/get/responses/200/content/application~1json/example"
            ),
            (
                "example-valid",
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/name/example"
            ),
        ]
    );
    let message = &problems[0].message;
    assert!(message.contains("at `/id`"), "{message}");
    assert!(message.contains("keyword `type`"), "{message}");
    assert!(
        !message.contains("secret-value"),
        "values must not leak: {message}"
    );
    assert!(
        problems[1].message.contains("at `/`"),
        "{}",
        problems[1].message
    );
}

#[test]
fn named_examples_and_parameter_examples_are_checked() {
    let text = doc(
        "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      parameters:\n        - name: page\n          in: query\n          schema: {type: integer}\n          example: two\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer, nullable: true}\n              examples:\n                good: {value: null}\n                bad: {value: \"x\"}",
        "  schemas: {}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [
            ("example-valid", "/paths/~1a/get/parameters/0/example"),
            (
                "example-valid",
                "/paths/~1a/get/responses/200/content/application~1json/examples/bad/value"
            ),
        ]
    );
}

#[test]
fn operation_rules() {
    let text = doc(
        "  /a:\n    get:\n      operationId: same\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: string}\n        default:\n          description: error\n    post:\n      operationId: same\n      summary: s\n      responses:\n        '400':\n          description: bad\n    put:\n      summary: s\n      responses:\n        '204':\n          description: none",
        "  schemas: {}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [
            ("summary", "/paths/~1a/get"),
            ("success-example", "/paths/~1a/get/responses/200"),
            ("no-default-response", "/paths/~1a/get/responses/default"),
            ("operation-id", "/paths/~1a/post/operationId"),
            ("success-example", "/paths/~1a/post/responses"),
            ("operation-id", "/paths/~1a/put"),
        ]
    );
}

#[test]
fn unused_components() {
    let text = doc(
        "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      security:\n        - Used: []\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Used'}\n              example: 1",
        "  securitySchemes:\n    Used: {type: apiKey, in: header, name: X-A}\n    Unused: {type: apiKey, in: header, name: X-B}\n  parameters:\n    Lonely: {name: p, in: query, schema: {type: string}}\n  schemas:\n    Used: {type: integer}\n    Orphan: {type: string}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [
            ("unused-component", "/components/parameters/Lonely"),
            ("unused-component", "/components/schemas/Orphan"),
            ("unused-component", "/components/securitySchemes/Unused"),
        ]
    );
}

#[test]
fn lint_order_is_deterministic() {
    let text = one_op("                type: object", "{}");
    let a = lint_text(&text);
    let b = lint_text(&text);
    assert_eq!(a, b);
    let pointers: Vec<&str> = a.iter().map(|p| p.pointer.as_str()).collect();
    let mut sorted = pointers.clone();
    sorted.sort();
    assert_eq!(pointers, sorted);
}

#[test]
fn embedded_spec_is_clean() {
    let spec = match vsee_spec::embedded() {
        Ok(spec) => spec,
        Err(err) => panic!("spec/vsee.yaml must load:\n{err}"),
    };
    let problems = lint(&spec);
    assert!(
        problems.is_empty(),
        "{}",
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// One operation `get_a` with the given `responses:` members (indented by 8).
fn with_responses(responses: &str) -> String {
    doc(
        &format!(
            "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: integer}}\n              example: 1\n{responses}"
        ),
        "  schemas: {}",
    )
}

#[test]
fn response_status_keys_are_checked() {
    let text = with_responses(
        "        20O:\n          description: typo\n        4xx:\n          description: lower-case\n        '600':\n          description: too big\n        ../../x:\n          description: escape\n        4XX:\n          description: ok\n        '101':\n          description: ok\n        x-note:\n          description: an extension, not a response",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [
            ("response-status", "/paths/~1a/get/responses/..~1..~1x"),
            ("response-status", "/paths/~1a/get/responses/20O"),
            ("response-status", "/paths/~1a/get/responses/4xx"),
            ("response-status", "/paths/~1a/get/responses/600"),
        ]
    );
    // `20O:` is on line 17, column 9.
    assert_eq!(problems[1].location, Location::new("t.yaml", 17, 9));
    assert!(
        problems[2].message.contains("`4XX`"),
        "{}",
        problems[2].message
    );
    assert!(
        problems[1].message.contains("`100` to `599`"),
        "{}",
        problems[1].message
    );
}

#[test]
fn operation_ids_must_be_snake_case() {
    let text = doc(
        "  /a:\n    get:\n      operationId: getVisit\n      summary: s\n      responses:\n        '204':\n          description: none\n    post:\n      operationId: '..'\n      summary: s\n      responses:\n        '204':\n          description: none\n    put:\n      operationId: put_a_2\n      summary: s\n      responses:\n        '204':\n          description: none",
        "  schemas: {}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [
            ("operation-id", "/paths/~1a/get/operationId"),
            ("operation-id", "/paths/~1a/post/operationId"),
        ]
    );
    assert!(
        problems[0].message.contains("e.g. `get_visit`"),
        "{}",
        problems[0].message
    );
    assert_eq!(problems[0].location, Location::new("t.yaml", 8, 7));
}

#[test]
fn additional_properties_true_is_flagged() {
    let text = one_op(
        "                type: object\n                additionalProperties: true\n                properties:\n                  a: {type: string}",
        "{a: x}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [(
            "additional-properties",
            "/paths/~1a/get/responses/200/content/application~1json/schema/additionalProperties"
        )]
    );
    assert!(
        problems[0]
            .message
            .contains("use `additionalProperties: {}`"),
        "{}",
        problems[0].message
    );
}

#[test]
fn invalid_patterns_are_flagged_without_examples() {
    // No example anywhere: the old lint compiled only schemas with examples.
    let text = doc(
        "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      parameters:\n        - name: q\n          in: query\n          schema: {type: string, pattern: 'a++'}\n      responses:\n        '204':\n          description: none",
        "  schemas:\n    Unused:\n      type: object\n      additionalProperties: {}\n      properties:\n        both: {type: string, pattern: '['}\n        client_only: {type: string, pattern: '(?i)x'}\n        validator_only: {type: string, pattern: '\\p{Foo}'}\n        fine: {type: string, pattern: '^-?[0-9]+$'}\n      x-patternProperties:\n        '(?i)^custom_': {type: string}",
    );
    let problems: Vec<Problem> = lint_text(&text)
        .into_iter()
        .filter(|p| p.rule != "unused-component")
        .collect();
    assert_eq!(
        rules(&problems),
        [
            (
                "schema-compiles",
                "/components/schemas/Unused/properties/both/pattern"
            ),
            (
                "schema-compiles",
                "/components/schemas/Unused/properties/client_only/pattern"
            ),
            (
                "schema-compiles",
                "/components/schemas/Unused/properties/validator_only/pattern"
            ),
            (
                "schema-compiles",
                "/components/schemas/Unused/x-patternProperties/(?i)^custom_"
            ),
            (
                "schema-compiles",
                "/paths/~1a/get/parameters/0/schema/pattern"
            ),
        ]
    );
    let by_ptr = |suffix: &str| {
        problems
            .iter()
            .find(|p| p.pointer.ends_with(suffix))
            .map(|p| p.message.as_str())
            .unwrap_or_default()
    };
    let both = by_ptr("both/pattern");
    assert!(
        both.contains("regress") && both.contains("jsonschema"),
        "{both}"
    );
    let client = by_ptr("client_only/pattern");
    assert!(
        client.contains("regress") && !client.contains("jsonschema"),
        "{client}"
    );
    let validator = by_ptr("validator_only/pattern");
    assert!(
        !validator.contains("regress") && validator.contains("jsonschema"),
        "{validator}"
    );
    assert!(by_ptr("0/schema/pattern").contains("panic"));
    // typify never sees `x-patternProperties`: no panic claimed there.
    assert!(!by_ptr("custom_").contains("panic"));
    assert!(validator.contains(r"`\p{Foo}`"), "{validator}");
    // Located at the `pattern` keyword: `both:` is on line 23, its `pattern:` at column 30.
    let both = problems
        .iter()
        .find(|p| p.pointer.ends_with("both/pattern"))
        .expect("reported");
    assert_eq!(both.location, Location::new("t.yaml", 23, 30));
}

#[test]
fn overlapping_one_of_branches_are_flagged() {
    let text = doc(
        "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      responses:\n        '204':\n          description: none",
        "  schemas:\n    Ids:\n      oneOf:\n        - type: array\n          items: {type: object, additionalProperties: {}}\n        - type: array\n          items: {type: string}\n        - type: string\n    Exclusive:\n      oneOf:\n        - type: array\n          items: {type: object, additionalProperties: {}}\n        - type: array\n          minItems: 1\n          items: {type: string}\n        - type: integer\n        - type: string\n          pattern: '^[0-9]+$'\n    Numbers:\n      oneOf:\n        - type: string\n        - $ref: '#/components/schemas/Digits'\n    Digits:\n      type: string\n      pattern: '^[0-9]+$'",
    );
    let problems: Vec<Problem> = lint_text(&text)
        .into_iter()
        .filter(|p| p.rule != "unused-component")
        .collect();
    assert_eq!(
        rules(&problems),
        [
            ("oneof-overlap", "/components/schemas/Ids/oneOf"),
            ("oneof-overlap", "/components/schemas/Numbers/oneOf"),
        ]
    );
    assert!(
        problems[0]
            .message
            .contains("`[]` matches branches 0 and 1"),
        "{}",
        problems[0].message
    );
    assert!(problems[0].message.contains("use `anyOf`"));
    // Through a `$ref`: `"0"` is a string and digits; `""` is only a string.
    let numbers = &problems[1].message;
    assert!(
        numbers.contains("`\"0\"` matches branches 0 and 1"),
        "{numbers}"
    );
    assert!(!numbers.contains("`\"\"`"), "{numbers}");
    // Located at the `oneOf:` key of `Ids` (line 16 of the generated document).
    assert_eq!(problems[0].location, Location::new("t.yaml", 16, 7));
    assert!(problems[0].to_string().ends_with("[oneof-overlap]"));
}

#[test]
fn encoding_keys_must_name_a_property() {
    let text = doc(
        "  /a:\n    post:\n      operationId: post_a\n      summary: s\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {$ref: '#/components/schemas/Body'}\n            encoding:\n              meta: {contentType: application/json}\n              consultation: {contentType: application/json}\n      responses:\n        '204':\n          description: none",
        "  schemas:\n    Body:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          additionalProperties: {}\n          properties:\n            file: {type: string}\n    Base:\n      type: object\n      additionalProperties: {}\n      properties:\n        meta: {type: object, additionalProperties: {}}",
    );
    let problems = lint_text(&text);
    assert_eq!(
        rules(&problems),
        [(
            "encoding-property",
            "/paths/~1a/post/requestBody/content/multipart~1form-data/encoding/consultation"
        )]
    );
    let message = &problems[0].message;
    assert!(
        message.contains("`consultation`") && message.contains("its properties are file, meta"),
        "{message}"
    );
    // `consultation:` is on line 16, column 15 of the generated document.
    assert_eq!(problems[0].location, Location::new("t.yaml", 16, 15));
}
