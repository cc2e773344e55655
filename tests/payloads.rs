//! The sample payloads against the spec: every fixture validates against its operation's response
//! schema, every operation has a success fixture, and every type-breaking mutation is rejected.
//! The schemas are the ones `vsee-spec` converts (the same conversion the published files and the
//! validator use).

use std::collections::BTreeSet;

use vsee_spec::{SchemaSet, Spec};
use vsee_workspace_tests::{fixtures, mutations, response_key, workspace_root, Fixture};

const BASE: &str = "https://vsee.example/schemas/api_v3/test/";

fn load() -> (Spec, SchemaSet) {
    let spec = vsee_spec::load_file(&workspace_root().join("spec/vsee.yaml"))
        .unwrap_or_else(|e| panic!("spec/vsee.yaml does not load:\n{e}"));
    let set = SchemaSet::build(&spec, BASE).unwrap_or_else(|e| panic!("conversion failed:\n{e}"));
    (spec, set)
}

/// The validator errors for a fixture's body, as `pointer: message` lines; empty when it conforms.
fn errors(spec: &Spec, set: &SchemaSet, fixture: &Fixture) -> Vec<String> {
    let op = spec
        .operations()
        .into_iter()
        .find(|o| o.id == fixture.operation_id)
        .unwrap_or_else(|| {
            panic!(
                "{}: no operation `{}` in the spec",
                fixture.name, fixture.operation_id
            )
        });
    let key = response_key(&op.responses, fixture.status).unwrap_or_else(|| {
        panic!(
            "{}: status {} is not documented",
            fixture.name, fixture.status
        )
    });
    let file = set
        .response_file(&op.id, &key)
        .unwrap_or_else(|| panic!("{}: no schema file for {} {key}", fixture.name, op.id));
    let validator = set
        .validator_for(file)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    validator
        .iter_errors(&fixture.body)
        .map(|e| format!("{} ({:?})", e.instance_path(), e.kind().keyword()))
        .collect()
}

#[test]
fn every_fixture_validates_against_its_response_schema() {
    let (spec, set) = load();
    let all = fixtures();
    assert!(
        all.len() >= 18,
        "expected every cleaned sample as a fixture, found {}",
        all.len()
    );
    let failures: Vec<String> = all
        .iter()
        .filter_map(|f| {
            let errs = errors(&spec, &set, f);
            (!errs.is_empty()).then(|| format!("{}:\n  {}", f.name, errs.join("\n  ")))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "fixtures that break the spec:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_operation_has_a_success_fixture() {
    let (spec, _) = load();
    let covered: BTreeSet<String> = fixtures()
        .into_iter()
        .filter(|f| (200..300).contains(&f.status))
        .map(|f| f.operation_id)
        .collect();
    let missing: Vec<String> = spec
        .operations()
        .into_iter()
        .map(|o| o.id)
        .filter(|id| !covered.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without a 2xx fixture: {missing:?}"
    );
    assert_eq!(
        spec.operations().len(),
        15,
        "14 documented operations plus the /appointments alias"
    );
}

#[test]
fn every_mutation_is_rejected() {
    let (spec, set) = load();
    let all = mutations();
    assert!(
        all.len() >= 10,
        "expected the mutation list, found {}",
        all.len()
    );
    let accepted: Vec<String> = all
        .iter()
        .filter(|m| errors(&spec, &set, &m.fixture).is_empty())
        .map(|m| format!("{} ({}): {}", m.name, m.fixture.name, m.why))
        .collect();
    assert!(
        accepted.is_empty(),
        "mutations the schemas accept:\n{}",
        accepted.join("\n")
    );
}

#[test]
fn operation_ids_are_the_documented_contract() {
    let (spec, _) = load();
    let mut table: Vec<String> = spec
        .operations()
        .into_iter()
        .map(|o| format!("{} {} {}", o.id, o.method, o.path))
        .collect();
    table.sort();
    let expected = [
        "add_econsult POST /visits/add_econsult",
        "add_walkin POST /visits/add_walkin",
        "close_visit POST /visits/close",
        "create_appointment POST /visits",
        "create_appointment_alias POST /appointments",
        "create_intake POST /intakes",
        "delete_visit POST /visits/delete",
        "export_visit_summary GET /visits/{id}/exports/visit_summary",
        "get_availability GET /availability",
        "get_current_visit GET /visits/current",
        "get_intake GET /intakes/{id}",
        "get_visit GET /visits/{id}",
        "list_visits GET /visits",
        "update_appointment POST /visits/{id}",
        "update_intake POST /intakes/{id}",
    ];
    assert_eq!(table, expected);
}

#[test]
fn intake_attachments_are_accepted_in_every_documented_form() {
    // api-notes section 1 / VSee's wiki: a list of `{id}` objects, a list of ids (also empty) or
    // one comma-separated string. `[]` once matched two `oneOf` branches and was rejected.
    let (_, set) = load();
    let accepted = [
        serde_json::json!([]),
        serde_json::json!([{"id": "57b4c65d"}]),
        serde_json::json!(["57b4c65d", "57b4c65e"]),
        serde_json::json!("57b4c65d,57b4c65e"),
    ];
    let rejected = [
        serde_json::json!(5),
        serde_json::json!({"id": "57b4c65d"}),
        serde_json::json!([5]),
    ];
    let mut wrong = Vec::new();
    for operation in ["create_intake", "update_intake"] {
        for media in [
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ] {
            let file = set
                .request_file(operation, media)
                .unwrap_or_else(|| panic!("{operation} takes {media}"));
            let validator = set
                .validator_for(file)
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            for (attachments, expected) in accepted
                .iter()
                .map(|a| (a, true))
                .chain(rejected.iter().map(|a| (a, false)))
            {
                let body = serde_json::json!({"room_code": "r", "attachments": attachments});
                if validator.is_valid(&body) != expected {
                    wrong.push(format!(
                        "{file}: attachments {attachments} valid={}",
                        !expected
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
}
