//! The line editor on a small spec written in several styles: comments and formatting stay,
//! a nullable reference takes the spec's `anyOf` + `enum: [null]` form, a block enum gets a
//! placeholder name in `x-enum-varnames`, a missing required property leaves a flow list, a
//! new query parameter joins the operation's parameters.

use serde_json::json;
use vsee_learn::Options;

use crate::line_diff;

const SPEC: &str = "\
openapi: 3.0.3
info:
  title: Things   # a comment that must stay
  version: '1'
paths:
  /things/{id}:
    get:
      operationId: get_thing
      summary: Get a thing
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Thing'
              example: {\"id\": \"1\", \"name\": \"a\", \"kind\": 1}
components:
  schemas:
    Kind:
      type: integer
      description: The kind.
      enum:
        - 1
        - 2
      x-enum-varnames:
        - One
        - Two
    Owner:
      type: object
      additionalProperties: {}
      properties:
        id: {type: integer}
    Thing:
      type: object
      additionalProperties: {}
      required: [id, name]   # both always sent, so far
      properties:
        id:
          type: string

        name:
          type: string
        kind:
          $ref: '#/components/schemas/Kind'
        owner:
          $ref: '#/components/schemas/Owner'
";

#[test]
fn the_editor_changes_only_the_lines_of_the_new_facts() {
    let dir = tempfile::tempdir().unwrap();
    let record = json!({
        "method": "GET",
        "url": "/things/1?page=2",
        "response": {"status": 200, "media_type": "application/json",
                     "body": {"id": "1", "kind": 3, "owner": null}}
    });
    let recordings = dir.path().join("things.ndjson");
    std::fs::write(&recordings, format!("{record}\n")).unwrap();
    let spec_path = dir.path().join("things.yaml");
    std::fs::write(&spec_path, SPEC).unwrap();

    let files = vsee_learn::collect(&[recordings]).unwrap();
    let options = Options {
        crate_verdicts: false,
    };
    let learned = vsee_learn::learn("things.yaml", SPEC, &files, &options, &mut |_| {}).unwrap();
    let kinds: Vec<&str> = learned.groups.iter().map(|g| g.kind).collect();
    assert_eq!(
        kinds,
        [
            "new-query-parameter",
            "new-enum-value",
            "required-missing",
            "nullable-or-widened-type"
        ]
    );
    let written =
        vsee_learn::write(&spec_path, "things.yaml", SPEC, &learned, &files, &[]).unwrap();
    assert!(
        written.verification.lint.is_empty(),
        "{:?}",
        written.verification
    );
    assert!(
        written.verification.still_failing.is_empty(),
        "{:?}",
        written.verification
    );
    let text = std::fs::read_to_string(&spec_path).unwrap();

    let (removed, added) = line_diff(SPEC, &text);
    assert_eq!(
        removed,
        [
            "      required: [id, name]   # both always sent, so far",
            "          $ref: '#/components/schemas/Owner'",
        ]
    );
    assert_eq!(
        added,
        [
            "        - name: page",
            "          in: query",
            "          required: false",
            "          schema:",
            "            type: integer",
            "            format: int64",
            "        - 3",
            "        - Unnamed3",
            "      required: [id]   # both always sent, so far",
            "          anyOf:",
            "            - $ref: '#/components/schemas/Owner'",
            "            - enum: [null]",
        ]
    );
    assert!(text.contains("  title: Things   # a comment that must stay\n"));
    assert!(
        text.contains("          type: string\n\n        name:\n"),
        "blank line kept"
    );
}

#[test]
fn crlf_text_keeps_its_line_endings() {
    let crlf = SPEC.replace('\n', "\r\n");
    let spec = vsee_spec::load_str("things.yaml", &crlf).unwrap();
    let text = vsee_learn::edit::Text::new(&spec, &crlf);
    let end = text
        .entry_end_of("/components/schemas/Thing/properties/id")
        .unwrap();
    let out = vsee_learn::edit::apply(
        &crlf,
        &[vsee_learn::edit::Splice {
            start: end + 1,
            end: end + 1,
            lines: vec!["          nullable: true".to_owned()],
        }],
    )
    .unwrap();
    assert!(out.contains("          type: string\r\n          nullable: true\r\n\r\n        name:"));
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
}
