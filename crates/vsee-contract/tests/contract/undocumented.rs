//! Undocumented body members, an opt-in of the checker (`Checker::set_undocumented`): off, the
//! extra members every object schema allows are no finding; on, each is one
//! `undocumented-property` finding at its pointer, in requests and responses, at any depth, a
//! key that may be data shown as `*`, and documented members never.

use serde_json::{json, Value};
use vsee_contract::{record_to_exchange, Checker, EntryCtx, ExchangeRecord};

const CTX: EntryCtx<'static> = EntryCtx {
    file: "mem",
    entry: Some(0),
    line: None,
    show_values: false,
};

fn findings(checker: &Checker, record: Value) -> Vec<(String, String, String)> {
    let record: ExchangeRecord = serde_json::from_value(record).expect("record");
    checker
        .check_exchange(&record_to_exchange(record), &CTX)
        .findings
        .into_iter()
        .map(|f| {
            let part = f.part.map(|p| p.as_str().to_owned()).unwrap_or_default();
            (part, f.instance_path, f.keyword)
        })
        .collect()
}

#[test]
fn undocumented_members_are_found_only_when_asked() {
    let mut visit = vsee_workspace_tests::payload("get_visit", "200");
    visit["data"]["new_field"] = json!(1);
    visit["data"]["member"]["new_field"] = json!({"deep": "x"});
    visit["data"]["hosts"][0]["jane@example.org"] = json!("x");
    let record = json!({
        "method": "POST",
        "url": "/visits/add_walkin",
        "request": {"media_type": "application/json",
                    "body": {"intake_id": "i", "room_code": "r", "extra_flag": true}},
        "response": {"status": 200, "media_type": "application/json", "body": visit},
    });
    let mut checker = Checker::new(vsee_spec::embedded().unwrap()).unwrap();
    assert_eq!(
        findings(&checker, record.clone()),
        Vec::new(),
        "off by default"
    );
    checker.set_undocumented(true);
    let mut found = findings(&checker, record);
    found.sort();
    let expected = [
        ("request", "/extra_flag"),
        ("response", "/data/hosts/0/*"),
        ("response", "/data/member/new_field"),
        ("response", "/data/new_field"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(part, at)| {
            let keyword = "undocumented-property".to_owned();
            ((*part).to_owned(), (*at).to_owned(), keyword)
        })
        .collect();
    assert_eq!(found, expected);
}
