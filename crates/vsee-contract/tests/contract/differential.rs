//! Differential test: the validator's schema verdict on thousands of mutants of the API page's
//! samples must equal python-jsonschema's on the published schemas.
//!
//! Mutants are generated deterministically (a fixed-seed generator picks two edits for every
//! node of every fixture in `tests/payloads/`): a node replaced by a value of another type, an
//! edge value (a numeric string, `1.0`, an integer beyond `i64`, `1e400`, a lone surrogate
//! escape), removed, or given an unknown member; the type-breaking edits of
//! `tests/mutations.json` and the fixtures themselves are judged too. The validator judges
//! each mutant's JSON text as a bare payload (`--operation ID --status CODE`, typed check off:
//! the schema verdict); one python process (`tests/foreign/validate.py`) judges them all.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use vsee_contract::{BareTarget, Checker, EntryCtx};

use crate::common::root;

/// Edits that replace a node; `None` for the two structural ones (remove, add a member).
/// Raw tokens are JSON text that `serde_json::Value` cannot hold, written into the text as is.
const EDITS: &[(&str, &str)] = &[
    ("null", "null"),
    ("empty-string", "\"\""),
    ("text", "\"text\""),
    ("numeric-string", "\"123\""),
    ("zero", "0"),
    ("negative", "-1"),
    ("fraction", "1.5"),
    ("whole-float", "1.0"),
    ("beyond-i64", "9223372036854775808"),
    ("huge", "1e400"),
    ("lone-surrogate", "\"x\\ud800\""),
    ("true", "true"),
    ("empty-array", "[]"),
    ("empty-object", "{}"),
    ("array-of-text", "[\"a\"]"),
    ("remove", ""),
    ("extra-member", ""),
];

/// Disagreements that are explained, by edit: python-jsonschema reads `1e400` as infinity,
/// which it does not count as an integer; ajv and this validator count it as one (JSON Schema
/// calls any whole number an integer, and the validator reads it as the largest double), so a
/// `type: integer` slot accepts it here; the typed check then rejects it where the client reads
/// an `i64` (tests `lone_surrogates_and_huge_numbers_are_judged_like_the_foreign_validators`).
/// And `format: int32`/`int64`: this validator asserts OpenAPI's integer formats as ranges (a
/// value beyond `i64` is drift from the spec), python-jsonschema treats formats as annotations
/// (tests `integers_beyond_their_format_are_findings_without_the_value`).
const EXPLAINED: &[(&str, bool, &str)] = &[
    (
        "huge",
        true,
        "python-jsonschema: infinity is not an integer; ajv and vsee-contract: it is",
    ),
    (
        "beyond-i64",
        false,
        "vsee-contract asserts `format: int64` as a range; python-jsonschema: formats are annotations",
    ),
];

const MIN_MUTANTS: usize = 2_000;

struct Case {
    name: String,
    edit: &'static str,
    operation: String,
    status: u16,
    schema: String,
    text: String,
}

/// splitmix64: a fixed sequence, so the mutants are the same on every run.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(v, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

const MARK: &str = "@@vsee-differential-raw@@";

/// The fixture's text with `edit` applied at `pointer`; `None` when the edit does not apply.
fn mutate(fixture: &Value, pointer: &str, edit: &str, raw: &str) -> Option<String> {
    let mut copy = fixture.clone();
    match edit {
        "remove" => {
            let (parent, key) = pointer.rsplit_once('/')?;
            match copy.pointer_mut(parent)? {
                Value::Object(map) => {
                    map.shift_remove(&key.replace("~1", "/").replace("~0", "~"))?;
                }
                Value::Array(items) => {
                    let i: usize = key.parse().ok()?;
                    items.remove(i);
                }
                _ => return None,
            }
        }
        "extra-member" => {
            copy.pointer_mut(pointer)?
                .as_object_mut()?
                .insert("zz_unknown_member".to_owned(), json!(1));
        }
        _ => *copy.pointer_mut(pointer)? = Value::String(MARK.to_owned()),
    }
    let text = serde_json::to_string(&copy).ok()?;
    Some(text.replace(&format!("\"{MARK}\""), raw))
}

fn fixtures(index: &Value) -> Vec<(String, u16, String, Value)> {
    let dir = root().join("tests/payloads");
    let mut out = Vec::new();
    let mut ops: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    ops.sort();
    for op_dir in ops {
        let op = op_dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&op_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
            let status: u16 = stem.split('.').next().unwrap().parse().unwrap();
            let responses = &index["operations"][&op]["responses"];
            let key = if responses.get(status.to_string()).is_some() {
                status.to_string()
            } else {
                format!("{}XX", status / 100)
            };
            let schema = responses[&key]
                .as_str()
                .unwrap_or_else(|| panic!("{op} {key}"))
                .to_owned();
            let value: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
            out.push((format!("{op}/{stem}"), status, schema, value));
        }
    }
    out
}

fn cases() -> Vec<Case> {
    let schemas = root().join("crates/vsee-schemas/schemas");
    let index: Value =
        serde_json::from_slice(&std::fs::read(schemas.join("index.json")).unwrap()).unwrap();
    let mut seq = Sequence(0x005E_ED0F_7E57);
    let mut cases = Vec::new();
    let fixtures = fixtures(&index);
    for (name, status, schema, value) in &fixtures {
        let operation = name.split('/').next().unwrap().to_owned();
        let case = |edit: &'static str, label: String, text: String| Case {
            name: label,
            edit,
            operation: operation.clone(),
            status: *status,
            schema: schema.clone(),
            text,
        };
        cases.push(case(
            "fixture",
            format!("fixture:{name}"),
            value.to_string(),
        ));
        let mut all = Vec::new();
        pointers(value, String::new(), &mut all);
        for pointer in all {
            let mut picked = Vec::new();
            while picked.len() < 2 {
                let (edit, raw) = EDITS[(seq.next() % EDITS.len() as u64) as usize];
                if picked.contains(&edit) {
                    continue;
                }
                picked.push(edit);
                if let Some(text) = mutate(value, &pointer, edit, raw) {
                    cases.push(case(edit, format!("{name}#{pointer}:{edit}"), text));
                }
            }
        }
    }
    let mutations: Value =
        serde_json::from_slice(&std::fs::read(root().join("tests/mutations.json")).unwrap())
            .unwrap();
    for m in mutations["mutations"].as_array().unwrap() {
        let fixture = m["fixture"].as_str().unwrap().trim_end_matches(".json");
        let (name, status, schema, value) = fixtures.iter().find(|f| f.0 == fixture).unwrap();
        let mut copy = value.clone();
        *copy.pointer_mut(m["pointer"].as_str().unwrap()).unwrap() = m["value"].clone();
        cases.push(Case {
            name: format!("mutation:{}", m["name"].as_str().unwrap()),
            edit: "mutation",
            operation: name.split('/').next().unwrap().to_owned(),
            status: *status,
            schema: schema.clone(),
            text: copy.to_string(),
        });
    }
    cases
}

/// python-jsonschema's verdicts (name -> valid), from one process.
fn python_verdicts(cases: &[Case], dir: &Path) -> BTreeMap<String, bool> {
    // The instances go in as text: `1e400` and lone surrogates are read by python's own parser.
    let mut file = String::from("{\"cases\": [\n");
    for (i, c) in cases.iter().enumerate() {
        if i > 0 {
            file.push_str(",\n");
        }
        file.push_str(&format!(
            "{{\"name\": {}, \"schema\": {}, \"instance\": {}}}",
            json!(c.name),
            json!(c.schema),
            c.text
        ));
    }
    file.push_str("\n]}\n");
    let path = dir.join("cases.json");
    std::fs::write(&path, file).unwrap();
    let out = Command::new("python3")
        .arg(root().join("tests/foreign/validate.py"))
        .arg(root().join("crates/vsee-schemas/schemas"))
        .arg(&path)
        .output()
        .expect("python3 is needed for this test (scripts/test installs `jsonschema`)");
    assert!(
        out.status.success(),
        "validate.py failed (scripts/test installs tests/foreign/requirements.txt):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("validate.py prints JSON")
}

#[test]
fn schema_verdicts_equal_python_jsonschemas_on_mutants_of_the_samples() {
    let cases = cases();
    let mutants = cases
        .iter()
        .filter(|c| c.edit != "fixture" && c.edit != "mutation")
        .count();
    assert!(mutants >= MIN_MUTANTS, "{mutants} mutants");
    let dir = tempfile::tempdir().unwrap();
    let python = python_verdicts(&cases, dir.path());
    assert_eq!(python.len(), cases.len(), "python judged every case");

    let checker = Checker::new(vsee_spec::embedded().unwrap()).unwrap();
    let ctx = EntryCtx {
        file: "mutant",
        entry: None,
        line: None,
        show_values: false,
    };
    let mut unexplained = Vec::new();
    let mut explained: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rejected = 0;
    for case in &cases {
        let target = BareTarget::Response {
            operation_id: case.operation.clone(),
            status: case.status,
        };
        let checked = checker.check_bare(case.text.as_bytes(), &target, &ctx);
        let ours = checked.findings.is_empty();
        let theirs = python[&case.name];
        rejected += usize::from(!theirs);
        if ours == theirs {
            continue;
        }
        match EXPLAINED
            .iter()
            .find(|(edit, ours_valid, _)| *edit == case.edit && *ours_valid == ours)
        {
            Some((edit, _, _)) => *explained.entry(edit).or_default() += 1,
            None => unexplained.push(format!(
                "{}: vsee-contract {}, python-jsonschema {} ({:?})",
                case.name,
                if ours { "valid" } else { "invalid" },
                if theirs { "valid" } else { "invalid" },
                checked
                    .findings
                    .iter()
                    .map(|f| &f.keyword)
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(
        unexplained.is_empty(),
        "{} disagreements:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
    // Both verdicts occur often: a generator whose mutants all pass (or all fail) tests little.
    assert!(
        rejected > cases.len() / 5 && rejected < cases.len() * 4 / 5,
        "{rejected} of {} rejected",
        cases.len()
    );
    for case in cases.iter().filter(|c| c.edit == "fixture") {
        assert!(python[&case.name], "{} is valid", case.name);
    }
    eprintln!(
        "{} cases ({mutants} mutants), {rejected} rejected; explained disagreements: {explained:?}",
        cases.len()
    );
}
