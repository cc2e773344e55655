//! The Python `TypedDict`s of the pip package, as a Python team uses them: the package
//! installed into a venv, `from vsee_schemas.types import ...`, and `mypy --strict` (pinned in
//! tests/foreign/requirements.txt) on a consumer module written here from the sample payloads:
//! each literal assigned to its response's component must pass, each mutation must not. The
//! README's Python snippet passes too, and every component has its type, named as it.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::{self, Checker, TypeCase};

/// The API's objects are open (`additionalProperties: {}`); mypy has no PEP 728, so it reports
/// a member a `TypedDict` does not list as `typeddict-unknown-key`, which a consumer disables.
const HEADER: &str = "\
# mypy: disable-error-code=\"typeddict-unknown-key\"
# Written by the vsee-publish test types_python from tests/payloads and tests/mutations.json.
";

fn consumer(cases: &[TypeCase]) -> (String, usize) {
    let mut names: Vec<&str> = cases.iter().map(|c| c.component.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut text = format!(
        "{HEADER}from vsee_schemas.types import {}\n",
        names.join(", ")
    );
    let first_line = text.lines().count() + 1;
    for (i, case) in cases.iter().enumerate() {
        let literal = support::python_literal(&case.body);
        text.push_str(&format!("case{i}: {} = {literal}\n", case.component));
    }
    (text, first_line)
}

/// The ```python block of the package README that uses `vsee_schemas.types`.
fn readme_snippet(readme: &str) -> String {
    readme
        .split("```python\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains("vsee_schemas.types"))
        .expect("the package README has a Python snippet with vsee_schemas.types")
        .to_owned()
}

/// `mypy --strict` on `files`: (file, line, message) of every error.
fn mypy(python: &Path, dir: &Path, files: &[&str]) -> Vec<(String, usize, String)> {
    let output = Command::new(python)
        .args([
            "-m",
            "mypy",
            "--strict",
            "--no-color-output",
            "--no-error-summary",
        ])
        .args(files)
        .current_dir(dir)
        .output()
        .expect("python runs mypy");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let errors: Vec<(String, usize, String)> = stdout
        .lines()
        .filter_map(|line| {
            // consumer.py:12: error: ...  [code]
            let (place, message) = line.split_once(": error: ")?;
            let (file, line) = place.rsplit_once(':')?;
            Some((file.to_owned(), line.parse().ok()?, message.to_owned()))
        })
        .collect();
    assert!(
        output.status.success() || !errors.is_empty(),
        "mypy failed without an error line ({}); is it installed (tests/foreign/requirements.txt)?\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    errors
}

/// The spec's component schemas: name -> its property names for an object (a `TypedDict`
/// with exactly those keys), `null` for any other schema (an alias).
fn components() -> Value {
    let spec = support::spec();
    let schemas = spec.document()["components"]["schemas"]
        .as_object()
        .expect("component schemas");
    schemas
        .iter()
        .map(|(name, schema)| {
            let keys = match schema.get("properties").and_then(Value::as_object) {
                Some(properties) => properties.keys().cloned().collect(),
                None if schema["type"] == "object" => Value::Array(Vec::new()),
                None => Value::Null,
            };
            (name.clone(), keys)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Prints what differs between `vsee_schemas.types` and the components: a missing name, an
/// object that is no `TypedDict`, a `TypedDict` whose keys are not the JSON keys (a renamed
/// `_id` would pass the consumer as an extra member).
const NAMES: &str = r#"
import json, sys, typing_extensions, vsee_schemas.types as types
wrong = []
for name, keys in json.loads(sys.argv[1]).items():
    found = getattr(types, name, None)
    if found is None or (keys is not None) != typing_extensions.is_typeddict(found):
        wrong.append(name)
    elif keys is not None and sorted(found.__annotations__) != sorted(keys):
        wrong.append(f"{name}: keys {sorted(found.__annotations__)}, expected {sorted(keys)}")
print(json.dumps(wrong))
"#;

#[test]
fn the_python_typed_dicts_accept_every_sample_and_reject_the_mutations() {
    let packaged = support::package();
    let work = tempfile::tempdir().unwrap();
    let python = support::install_python(&packaged, work.path());
    let dir = work.path().join("consumer");
    std::fs::create_dir(&dir).unwrap();

    let names = support::run(
        Command::new(&python)
            .args(["-c", NAMES, &components().to_string()])
            .current_dir(&dir),
        "the component names of vsee_schemas.types",
    );
    assert_eq!(
        names.trim(),
        "[]",
        "components without their type in vsee_schemas.types (a TypedDict with the same keys for each object)"
    );

    let cases = support::type_cases(Checker::Python);
    let (text, first_line) = consumer(&cases);
    std::fs::write(dir.join("consumer.py"), text).unwrap();
    let readme = std::fs::read_to_string(packaged.out().join("python/README.md")).unwrap();
    std::fs::write(dir.join("readme.py"), readme_snippet(&readme)).unwrap();
    let errors = mypy(&python, &dir, &["consumer.py", "readme.py"]);
    let elsewhere: Vec<_> = errors
        .iter()
        .filter(|(file, _, _)| file != "consumer.py")
        .collect();
    assert!(
        elsewhere.is_empty(),
        "errors outside the cases: {elsewhere:?}"
    );
    let consumer_errors: Vec<(usize, String)> = errors
        .into_iter()
        .map(|(_, line, message)| (line, message))
        .collect();
    support::assert_type_verdicts(&cases, first_line, &consumer_errors, "mypy --strict");
}
