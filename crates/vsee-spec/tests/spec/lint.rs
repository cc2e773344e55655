use crate::common::{doc, mini};
use vsee_spec::{lint, load_str, Location, Problem};

fn lint_text(text: &str) -> Vec<Problem> {
    match load_str("t.yaml", text) {
        Ok(spec) => lint(&spec),
        Err(err) => panic!("the test spec must load:\n{err}"),
    }
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

/// One operation `get_a` with the given `responses:` members (indented by 8).
fn with_responses(responses: &str) -> String {
    doc(
        &format!(
            "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: integer}}\n              example: 1\n{responses}"
        ),
        "  schemas: {}",
    )
}

/// One row of the lint table: a spec, the problems `lint` must report for it (rule and pointer,
/// in report order), and what must hold of them. Indexes in `says`, `never_says`, `at` and
/// `shown` are positions in `expect`.
#[derive(Default)]
struct Case {
    name: &'static str,
    spec: String,
    /// Rules whose problems are left out before comparing (e.g. `unused-component` for a spec
    /// whose components exist only to be linted).
    ignore: &'static [&'static str],
    expect: &'static [(&'static str, &'static str)],
    /// (problem, text its message contains)
    says: &'static [(usize, &'static str)],
    /// (problem, text its message must not contain): values from the spec's examples, claims
    /// that do not apply.
    never_says: &'static [(usize, &'static str)],
    /// (problem, line, column)
    at: &'static [(usize, usize, usize)],
    /// (problem, text its one-line display contains)
    shown: &'static [(usize, &'static str)],
}

fn cases() -> Vec<Case> {
    [
        additional_properties_cases(),
        example_cases(),
        operation_cases(),
        component_and_response_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// `additionalProperties` stated on every object.
fn additional_properties_cases() -> Vec<Case> {
    vec![
        Case {
            name: "an inline object without additionalProperties is located",
            spec: one_op(
                "                type: object\n                additionalProperties: {}\n                properties:\n                  inner:\n                    type: object\n                    properties:\n                      a: {type: string}",
                "{inner: {a: x}}",
            ),
            expect: &[(
                "additional-properties",
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/inner",
            )],
            // `inner:` is on line 19, column 19 of the generated document.
            at: &[(0, 19, 19)],
            shown: &[(0, "t.yaml:19:19: /paths/"), (0, "[additional-properties]")],
            ..Case::default()
        },
        Case {
            name: "a component without additionalProperties",
            spec: doc(
                "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\n              example: {}",
                "  schemas:\n    A:\n      properties:\n        x: {type: string}",
            ),
            expect: &[("additional-properties", "/components/schemas/A")],
            at: &[(0, 19, 5)],
            ..Case::default()
        },
        Case {
            name: "additionalProperties: true is flagged",
            spec: one_op(
                "                type: object\n                additionalProperties: true\n                properties:\n                  a: {type: string}",
                "{a: x}",
            ),
            expect: &[(
                "additional-properties",
                "/paths/~1a/get/responses/200/content/application~1json/schema/additionalProperties",
            )],
            says: &[(0, "use `additionalProperties: {}`")],
            ..Case::default()
        },
    ]
}

/// Examples checked against their schemas.
fn example_cases() -> Vec<Case> {
    vec![
        Case {
            name: "an example contradicting its schema, without its value",
            spec: one_op(
                "                type: object\n                additionalProperties: {}\n                required: [id]\n                properties:\n                  id: {type: integer}\n                  name: {type: string, example: 5}",
                "{id: \"secret-value\"}",
            ),
            expect: &[
                (
                    "example-valid",
                    "/paths/~1a/get/responses/200/content/application~1json/example",
                ),
                (
                    "example-valid",
                    "/paths/~1a/get/responses/200/content/application~1json/schema/properties/name/example",
                ),
            ],
            says: &[(0, "at `/id`"), (0, "keyword `type`"), (1, "at `/`")],
            never_says: &[(0, "secret-value")],
            ..Case::default()
        },
        Case {
            name: "named examples and parameter examples are checked",
            spec: doc(
                "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      parameters:\n        - name: page\n          in: query\n          schema: {type: integer}\n          example: two\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer, nullable: true}\n              examples:\n                good: {value: null}\n                bad: {value: \"x\"}",
                "  schemas: {}",
            ),
            expect: &[
                ("example-valid", "/paths/~1a/get/parameters/0/example"),
                (
                    "example-valid",
                    "/paths/~1a/get/responses/200/content/application~1json/examples/bad/value",
                ),
            ],
            ..Case::default()
        },
    ]
}

/// Operation ids, summaries, success examples, default responses.
fn operation_cases() -> Vec<Case> {
    vec![
        Case {
            name: "operation rules: summary, success example, default response, ids",
            spec: doc(
                "  /a:\n    get:\n      operationId: same\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: string}\n        default:\n          description: error\n    post:\n      operationId: same\n      summary: s\n      responses:\n        '400':\n          description: bad\n    put:\n      summary: s\n      responses:\n        '204':\n          description: none",
                "  schemas: {}",
            ),
            expect: &[
                ("summary", "/paths/~1a/get"),
                ("success-example", "/paths/~1a/get/responses/200"),
                ("no-default-response", "/paths/~1a/get/responses/default"),
                ("operation-id", "/paths/~1a/post/operationId"),
                ("success-example", "/paths/~1a/post/responses"),
                ("operation-id", "/paths/~1a/put"),
            ],
            ..Case::default()
        },
        Case {
            name: "operation ids must be snake_case",
            spec: doc(
                "  /a:\n    get:\n      operationId: getVisit\n      summary: s\n      responses:\n        '204':\n          description: none\n    post:\n      operationId: '..'\n      summary: s\n      responses:\n        '204':\n          description: none\n    put:\n      operationId: put_a_2\n      summary: s\n      responses:\n        '204':\n          description: none",
                "  schemas: {}",
            ),
            expect: &[
                ("operation-id", "/paths/~1a/get/operationId"),
                ("operation-id", "/paths/~1a/post/operationId"),
            ],
            says: &[(0, "e.g. `get_visit`")],
            at: &[(0, 8, 7)],
            ..Case::default()
        },
    ]
}

/// Unused components, response keys, patterns.
fn component_and_response_cases() -> Vec<Case> {
    vec![
        Case {
            name: "unused components of every kind",
            spec: doc(
                "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      security:\n        - Used: []\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Used'}\n              example: 1",
                "  securitySchemes:\n    Used: {type: apiKey, in: header, name: X-A}\n    Unused: {type: apiKey, in: header, name: X-B}\n  parameters:\n    Lonely: {name: p, in: query, schema: {type: string}}\n  schemas:\n    Used: {type: integer}\n    Orphan: {type: string}",
            ),
            expect: &[
                ("unused-component", "/components/parameters/Lonely"),
                ("unused-component", "/components/schemas/Orphan"),
                ("unused-component", "/components/securitySchemes/Unused"),
            ],
            ..Case::default()
        },
        Case {
            name: "response status keys are checked",
            spec: with_responses(
                "        20O:\n          description: typo\n        4xx:\n          description: lower-case\n        '600':\n          description: too big\n        ../../x:\n          description: escape\n        4XX:\n          description: ok\n        '101':\n          description: ok\n        x-note:\n          description: an extension, not a response",
            ),
            expect: &[
                ("response-status", "/paths/~1a/get/responses/..~1..~1x"),
                ("response-status", "/paths/~1a/get/responses/20O"),
                ("response-status", "/paths/~1a/get/responses/4xx"),
                ("response-status", "/paths/~1a/get/responses/600"),
            ],
            says: &[(1, "`100` to `599`"), (2, "`4XX`")],
            // `20O:` is on line 17, column 9.
            at: &[(1, 17, 9)],
            ..Case::default()
        },
        Case {
            // No example anywhere: the old lint compiled only schemas with examples.
            name: "invalid patterns are flagged without examples",
            spec: doc(
                "  /a:\n    get:\n      operationId: get_a\n      summary: s\n      parameters:\n        - name: q\n          in: query\n          schema: {type: string, pattern: 'a++'}\n      responses:\n        '204':\n          description: none",
                "  schemas:\n    Unused:\n      type: object\n      additionalProperties: {}\n      properties:\n        both: {type: string, pattern: '['}\n        client_only: {type: string, pattern: '(?i)x'}\n        validator_only: {type: string, pattern: '\\p{Foo}'}\n        fine: {type: string, pattern: '^-?[0-9]+$'}\n      x-patternProperties:\n        '(?i)^custom_': {type: string}",
            ),
            ignore: &["unused-component"],
            expect: &[
                ("schema-compiles", "/components/schemas/Unused/properties/both/pattern"),
                ("schema-compiles", "/components/schemas/Unused/properties/client_only/pattern"),
                ("schema-compiles", "/components/schemas/Unused/properties/validator_only/pattern"),
                ("schema-compiles", "/components/schemas/Unused/x-patternProperties/(?i)^custom_"),
                ("schema-compiles", "/paths/~1a/get/parameters/0/schema/pattern"),
            ],
            says: &[
                (0, "regress"),
                (0, "jsonschema"),
                (1, "regress"),
                (2, "jsonschema"),
                (2, r"`\p{Foo}`"),
                (4, "panic"),
            ],
            // typify never sees `x-patternProperties`: no panic claimed there.
            never_says: &[(1, "jsonschema"), (2, "regress"), (3, "panic")],
            // Located at the `pattern` keyword: `both:` is on line 23, its `pattern:` at 30.
            at: &[(0, 23, 30)],
            ..Case::default()
        },
    ]
}

/// What is wrong with `problems` for `case`, one line each (empty: the row holds).
fn mismatches(case: &Case, problems: &[Problem]) -> Vec<String> {
    let problems: Vec<&Problem> = problems
        .iter()
        .filter(|p| !case.ignore.contains(&p.rule.as_str()))
        .collect();
    let got: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.rule.as_str(), p.pointer.as_str()))
        .collect();
    if got != case.expect {
        return vec![format!("expected {:?}\n  got {:?}", case.expect, got)];
    }
    let mut out = Vec::new();
    for &(i, text) in case.says {
        if !problems[i].message.contains(text) {
            out.push(format!(
                "problem {i} does not say `{text}`: {}",
                problems[i].message
            ));
        }
    }
    for &(i, text) in case.never_says {
        if problems[i].message.contains(text) {
            out.push(format!(
                "problem {i} says `{text}`: {}",
                problems[i].message
            ));
        }
    }
    for &(i, line, column) in case.at {
        let expected = Location::new("t.yaml", line, column);
        if problems[i].location != expected {
            out.push(format!(
                "problem {i} is at {}, expected {expected}",
                problems[i].location
            ));
        }
    }
    for &(i, text) in case.shown {
        let shown = problems[i].to_string();
        if !shown.contains(text) {
            out.push(format!("problem {i} is shown without `{text}`: {shown}"));
        }
    }
    out
}

#[test]
fn every_lint_case_reports_its_problems() {
    let mut failures = Vec::new();
    for case in cases() {
        let problems = lint_text(&case.spec);
        for mismatch in mismatches(&case, &problems) {
            failures.push(format!("{}: {mismatch}", case.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_lint_case_that_does_not_hold_is_reported() {
    // The table's checker must be able to fail: a wrong location, a missing phrase.
    let case = Case {
        name: "wrong on purpose",
        spec: one_op("                type: object", "{}"),
        expect: &[(
            "additional-properties",
            "/paths/~1a/get/responses/200/content/application~1json/schema",
        )],
        says: &[(0, "no such phrase")],
        at: &[(0, 1, 1)],
        ..Case::default()
    };
    let found = mismatches(&case, &lint_text(&case.spec));
    assert_eq!(found.len(), 2, "{found:?}");
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

/// Rule and pointer of each problem, in report order (for the standalone cases below).
fn rules(problems: &[Problem]) -> Vec<(&str, &str)> {
    problems
        .iter()
        .map(|p| (p.rule.as_str(), p.pointer.as_str()))
        .collect()
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
