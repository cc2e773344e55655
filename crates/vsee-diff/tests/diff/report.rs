//! The report on real and hand-written specs: locations, output formats, the real spec.

use serde_json::Value;
use vsee_diff::{diff_crate, diff_specs, Format, Level, Report};

fn real_spec_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/vsee.yaml");
    std::fs::read_to_string(path).expect("spec/vsee.yaml")
}

fn load(name: &str, text: &str) -> vsee_spec::Spec {
    vsee_spec::load_str(name, text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

const OLD: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /visits/{id}:
    get:
      operationId: get_visit
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Visit'
components:
  schemas:
    Visit:
      type: object
      additionalProperties: {}
      properties:
        status:
          type: string
          enum: [open, closed]
";

#[test]
fn changes_carry_pointers_and_locations_in_both_files() {
    let new_text = OLD.replace("enum: [open, closed]", "enum: [open, closed, archived]");
    let (old, new) = (load("old.yaml", OLD), load("new.yaml", &new_text));
    let d = diff_specs(&old, &new);
    assert_eq!(d.changes.len(), 1, "{:#?}", d.changes);
    let c = &d.changes[0];
    assert_eq!(c.kind, "enum-values-added");
    assert_eq!(c.subject, "schema Visit");
    assert_eq!(c.at, "status");
    let (o, n) = (c.old.as_ref().unwrap(), c.new.as_ref().unwrap());
    assert_eq!(
        o.pointer,
        "/components/schemas/Visit/properties/status/enum"
    );
    assert_eq!(o.location, "old.yaml:24:11");
    assert_eq!(n.location, "new.yaml:24:11");
    assert_eq!(c.used_by.len(), 1);
    assert_eq!(c.used_by[0].to_string(), "get_visit (response)");
    assert_eq!(d.api.level, Level::Breaking);
    assert!(
        d.api.reasons[0]
            .starts_with("breaking: schema Visit: status: enum values added: \"archived\""),
        "{:?}",
        d.api.reasons
    );
    assert_eq!(d.schemas.level, Level::Additive);
}

#[test]
fn json_format_has_the_documented_shape() {
    let new_text = OLD.replace("enum: [open, closed]", "enum: [open]");
    let report = Report::new(&load("old.yaml", OLD), &load("new.yaml", &new_text), None);
    let v: Value = serde_json::from_str(&report.render(Format::Json)).unwrap();
    assert_eq!(v["api"]["level"], "additive");
    assert_eq!(v["schemas"]["level"], "breaking");
    assert_eq!(v["schemas"]["reasons"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["crate"],
        Value::Null,
        "not judged without generated sources"
    );
    let change = &v["changes"][0];
    assert_eq!(change["kind"], "enum-values-removed");
    assert_eq!(change["api"]["level"], "additive");
    assert_eq!(change["schemas"]["level"], "breaking");
    assert_eq!(change["new"]["location"], "new.yaml:24:11");
    assert_eq!(change["used_by"][0]["operation"], "get_visit");
    assert_eq!(change["used_by"][0]["direction"], "response");
}

#[test]
fn human_and_markdown_name_verdicts_changes_and_places() {
    let new_text = OLD.replace("enum: [open, closed]", "enum: [open, closed, archived]");
    let crate_ = diff_crate(
        "pub mod types { pub enum Status { Open, Closed } }",
        "pub mod types { pub enum Status { Open, Closed, Archived } }",
    )
    .unwrap();
    let report = Report::new(
        &load("old.yaml", OLD),
        &load("new.yaml", &new_text),
        Some(crate_),
    );
    assert!(report.is_breaking());
    let human = report.render(Format::Human);
    println!("{human}");
    assert!(human.contains("  api      breaking "), "{human}");
    assert!(human.contains("  crate    breaking "), "{human}");
    assert!(human.contains("  schemas  additive "), "{human}");
    assert!(
        human.contains("old: old.yaml:24:11  /components/schemas/Visit/properties/status/enum"),
        "{human}"
    );
    assert!(human.contains("used by: get_visit (response)"), "{human}");
    assert!(
        human.contains("types::Status: variant `Archived` added"),
        "{human}"
    );
    let md = report.render(Format::Markdown);
    println!("{md}");
    assert!(md.contains("| `api` | **breaking** |"), "{md}");
    assert!(md.contains("| `schemas` | additive |"), "{md}");
    assert!(md.contains("#### Changes"), "{md}");
    assert!(md.contains("- **api: breaking · schemas: additive** `schema Visit: status`: enum values added: \"archived\" (new.yaml:24:11)"), "{md}");
    assert!(
        md.contains("#### Generated `vsee-client` public API"),
        "{md}"
    );
}

#[test]
fn the_real_spec_compared_with_itself_has_no_changes() {
    let text = real_spec_text();
    let d = diff_specs(
        &load("spec/vsee.yaml", &text),
        &load("spec/vsee.yaml", &text),
    );
    assert!(d.changes.is_empty(), "{:#?}", d.changes);
    assert_eq!((d.api.level, d.schemas.level), (Level::None, Level::None));
}

#[test]
fn the_real_spec_with_a_widened_shared_enum() {
    // CloseReason gains a value: it is only sent by clients (close_visit's body), so the API
    // change is additive; the published schema accepts more: additive.
    let text = real_spec_text();
    let edited = text.replacen(
        "        - max_waiting_time_reached\n",
        "        - max_waiting_time_reached\n        - provider_left\n",
        1,
    );
    assert_ne!(text, edited, "the spec still has CloseReason's last value");
    let d = diff_specs(
        &load("spec/vsee.yaml", &text),
        &load("spec/vsee.yaml", &edited),
    );
    assert_eq!(d.changes.len(), 1, "{:#?}", d.changes);
    let c = &d.changes[0];
    assert_eq!(c.subject, "schema CloseReason");
    assert!(
        c.used_by
            .iter()
            .all(|u| u.direction == vsee_diff::Direction::Request),
        "{:?}",
        c.used_by
    );
    assert!(
        c.used_by.iter().any(|u| u.operation == "close_visit"),
        "{:?}",
        c.used_by
    );
    assert_eq!(d.api.level, Level::Additive);
    assert_eq!(d.schemas.level, Level::Additive);
    let line = text
        .lines()
        .position(|l| l.trim() == "CloseReason:")
        .unwrap()
        + 1;
    let enum_line = text
        .lines()
        .enumerate()
        .skip(line)
        .find(|(_, l)| l.trim() == "enum:")
        .unwrap()
        .0
        + 1;
    assert_eq!(
        c.old.as_ref().unwrap().location,
        format!("spec/vsee.yaml:{enum_line}:7")
    );
}

#[test]
fn unparsable_generated_source_is_an_error_not_a_verdict() {
    let err = diff_crate("pub struct A;", "pub struct {").unwrap_err();
    assert_eq!(err.side, "NEW");
    assert!(err.to_string().contains("not valid Rust"), "{err}");
}
