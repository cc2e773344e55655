//! The spec-pair cases of `tests/cases/cases.yaml`, read by this crate's tests.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One case: OLD and NEW as spec texts, and what the report must say.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub old: String,
    pub new: String,
    pub api: String,
    pub crate_: String,
    pub schemas: String,
    pub kinds: Vec<String>,
    pub used_by: Option<Vec<String>>,
}

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("cases")
}

fn yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Applies one `{set, value}` / `{remove}` edit.
fn apply(doc: &mut Value, edit: &Value, case: &str) {
    let (ptr, value) = match (edit.get("set"), edit.get("remove")) {
        (Some(p), None) => (p, Some(edit.get("value").cloned().unwrap_or(Value::Null))),
        (None, Some(p)) => (p, None),
        _ => panic!("{case}: an edit is {{set, value}} or {{remove}}: {edit}"),
    };
    let ptr = ptr
        .as_str()
        .unwrap_or_else(|| panic!("{case}: pointer is not a string"));
    let (parent_ptr, last) = ptr
        .rsplit_once('/')
        .unwrap_or_else(|| panic!("{case}: bad pointer {ptr}"));
    let last = unescape(last);
    // Create missing parent mappings.
    let mut node = &mut *doc;
    for token in parent_ptr.split('/').skip(1).map(unescape) {
        node = match node {
            Value::Object(m) => m
                .entry(token)
                .or_insert_with(|| Value::Object(Default::default())),
            Value::Array(a) => {
                let i: usize = token
                    .parse()
                    .unwrap_or_else(|_| panic!("{case}: bad index in {ptr}"));
                a.get_mut(i).unwrap_or_else(|| panic!("{case}: no {ptr}"))
            }
            _ => panic!("{case}: {ptr} goes through a scalar"),
        };
    }
    match (node, value) {
        (Value::Object(m), Some(v)) => {
            m.insert(last, v);
        }
        (Value::Object(m), None) => {
            m.shift_remove(&last)
                .unwrap_or_else(|| panic!("{case}: nothing to remove at {ptr}"));
        }
        (Value::Array(a), Some(v)) if last == "-" => a.push(v),
        (Value::Array(a), Some(v)) => {
            let i: usize = last
                .parse()
                .unwrap_or_else(|_| panic!("{case}: bad index in {ptr}"));
            a[i] = v;
        }
        (Value::Array(a), None) => {
            let i: usize = last
                .parse()
                .unwrap_or_else(|_| panic!("{case}: bad index in {ptr}"));
            assert!(i < a.len(), "{case}: nothing to remove at {ptr}");
            a.remove(i);
        }
        _ => panic!("{case}: {ptr} is not inside a mapping or sequence"),
    }
}

fn edited(base: &Value, edits: Option<&Value>, case: &str) -> String {
    let mut doc = base.clone();
    for edit in edits.and_then(Value::as_array).into_iter().flatten() {
        apply(&mut doc, edit, case);
    }
    // JSON is YAML: the loader reads it as it reads the spec.
    serde_json::to_string_pretty(&doc).expect("serializable")
}

pub fn load_cases() -> Vec<Case> {
    let dir = cases_dir();
    let base = yaml(&dir.join("base.yaml"));
    let cases = yaml(&dir.join("cases.yaml"));
    let text = |c: &Value, k: &str, name: &str| -> String {
        c.get(k)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("{name}: `{k}` missing"))
            .to_owned()
    };
    cases
        .as_array()
        .expect("cases.yaml is a list")
        .iter()
        .map(|c| {
            let name = text(c, "name", "a case");
            Case {
                old: edited(&base, c.get("old"), &name),
                new: edited(&base, c.get("new"), &name),
                api: text(c, "api", &name),
                crate_: text(c, "crate", &name),
                schemas: text(c, "schemas", &name),
                kinds: c
                    .get("kinds")
                    .and_then(Value::as_array)
                    .unwrap_or_else(|| panic!("{name}: `kinds` missing"))
                    .iter()
                    .map(|k| k.as_str().expect("kind is a string").to_owned())
                    .collect(),
                used_by: c.get("used_by").and_then(Value::as_array).map(|u| {
                    u.iter()
                        .map(|x| x.as_str().expect("string").to_owned())
                        .collect()
                }),
                name,
            }
        })
        .collect()
}
