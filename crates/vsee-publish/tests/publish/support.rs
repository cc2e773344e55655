//! Packages the committed schemas once per test process, and the cases every artifact judges.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use vsee_publish::types::Tools;
use vsee_publish::{Published, Types};

/// A base URI unlike the committed one, so that re-basing is exercised.
pub const BASE_URI: &str = "https://schemas.test.example/vsee/";

pub struct Packaged {
    /// Holds the output directory alive.
    pub dir: tempfile::TempDir,
    pub published: Published,
}

impl Packaged {
    pub fn out(&self) -> &Path {
        self.dir.path()
    }
}

pub fn spec() -> vsee_spec::Spec {
    vsee_spec::embedded().expect("the embedded spec loads")
}

/// The committed files (`crates/vsee-schemas/schemas/`), as `cargo xtask schemas-package`
/// reads them after `cargo xtask generate`.
pub fn committed_files() -> Vec<(String, Value)> {
    let mut files: Vec<(String, Value)> = vsee_schemas::files()
        .map(|f| (f.name.to_owned(), f.json()))
        .collect();
    files.push(("index.json".into(), vsee_schemas::index().clone()));
    files
}

pub fn published(base_uri: &str) -> Published {
    Published::new(&spec(), committed_files(), vsee_schemas::BASE_URI, base_uri)
        .expect("the committed schemas package")
}

pub fn package() -> Packaged {
    let dir = tempfile::tempdir().expect("temp dir");
    let published = published(BASE_URI);
    vsee_publish::package(&spec(), &published, &types(), dir.path()).expect("packages");
    Packaged { dir, published }
}

/// The pinned generators of the payload types, as `cargo xtask schemas-package` finds them.
pub fn tools() -> Tools {
    let foreign = workspace_root().join("tests/foreign");
    Tools::find(&foreign, Path::new("python3")).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs both generators on the embedded spec.
pub fn generate_types() -> Types {
    let progress = |line: &str| eprintln!("{line}");
    vsee_publish::types::generate(&spec(), vsee_spec::EMBEDDED_SPEC_NAME, &tools(), &progress)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The payload types, generated once for this build of the test binary, this spec and these
/// tool versions, then read from `CARGO_TARGET_TMPDIR`: every test packages, and nextest runs
/// each test in a process of its own, so generating in each would cost seconds per test.
pub fn types() -> Types {
    let tools = tools();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let exe = std::env::current_exe().expect("the test binary's path");
    let built = std::fs::metadata(&exe).and_then(|m| m.modified()).ok();
    (&exe, built, vsee_spec::EMBEDDED_SPEC).hash(&mut hasher);
    (
        tools.openapi_typescript_version(),
        tools.datamodel_codegen_version(),
    )
        .hash(&mut hasher);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let name = format!("publish-types-{:016x}.json", hasher.finish());
    let cached = std::fs::read_to_string(dir.join(&name))
        .ok()
        .and_then(|text| serde_json::from_str::<Value>(&text).ok());
    if let Some(cached) = cached {
        if let (Some(typescript), Some(python)) =
            (cached["typescript"].as_str(), cached["python"].as_str())
        {
            return Types {
                typescript: typescript.to_owned(),
                python: python.to_owned(),
            };
        }
    }
    let types = generate_types();
    let text = json!({"typescript": types.typescript, "python": types.python}).to_string();
    // Written aside, then renamed: a test that reads it meanwhile sees all or nothing.
    let partial = dir.join(format!("{name}.{}", std::process::id()));
    if std::fs::write(&partial, text).is_ok() && std::fs::rename(&partial, dir.join(&name)).is_ok()
    {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let other = entry.file_name().to_string_lossy().into_owned();
            if other.starts_with("publish-types-") && other != name {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    types
}

/// `npm pack` of the packaged npm folder, then `npm install --offline` of the tarball into a
/// new project under `work` (the package has no dependencies); returns the project.
pub fn install_npm(packaged: &Packaged, work: &Path) -> PathBuf {
    let tarball = run(
        Command::new("npm")
            .args(["pack", "--silent", "--pack-destination"])
            .arg(work)
            .arg(packaged.out().join("npm")),
        "npm pack",
    );
    let tarball = work.join(
        tarball
            .trim()
            .lines()
            .last()
            .expect("npm pack names the tarball"),
    );
    assert!(tarball.exists(), "{}", tarball.display());
    let project = work.join("consumer");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(
        project.join("package.json"),
        r#"{"name": "consumer", "private": true, "type": "module"}"#,
    )
    .unwrap();
    run(
        Command::new("npm")
            .args([
                "install",
                "--offline",
                "--no-audit",
                "--no-fund",
                "--silent",
            ])
            .arg(&tarball)
            .current_dir(&project),
        "npm install of the packed tarball",
    );
    project
}

/// `pip install` of the packaged Python folder into a new venv under `work` that sees the
/// system's site packages (jsonschema, setuptools, mypy: scripts/test installs them), offline;
/// returns the venv's python.
pub fn install_python(packaged: &Packaged, work: &Path) -> PathBuf {
    let venv = work.join("venv");
    // The system's pip installs into the venv too: copying pip into each venv took 6 s of CPU.
    run(
        Command::new("python3")
            .args(["-m", "venv", "--without-pip", "--system-site-packages"])
            .arg(&venv),
        "python3 -m venv",
    );
    let python = venv.join("bin/python");
    // No build isolation and no index: setuptools and wheel come from the system, nothing is
    // downloaded.
    run(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-build-isolation",
                "--no-index",
            ])
            .arg(packaged.out().join("python"))
            .current_dir(work),
        "pip install python/",
    );
    python
}

/// Every fixture (must be valid), every mutation (must be invalid) and every JSON request
/// example of the spec (must be valid), in the shape the JS and Python drivers read.
pub fn cases() -> Value {
    let mut cases = Vec::new();
    for f in vsee_workspace_tests::fixtures() {
        cases.push(json!({"name": format!("fixture {}", f.name), "kind": "response",
            "operation_id": f.operation_id, "status": f.status, "instance": f.body, "expect": true}));
    }
    for m in vsee_workspace_tests::mutations() {
        cases.push(
            json!({"name": format!("mutation {}", m.name), "kind": "response",
            "operation_id": m.fixture.operation_id, "status": m.fixture.status,
            "instance": m.fixture.body, "expect": false}),
        );
    }
    let spec = spec();
    for op in spec.operations() {
        let pointer = format!("{}/requestBody", op.pointer);
        let Some(body) = spec.document().pointer(&pointer) else {
            continue;
        };
        let (body, _) = spec.deref(body);
        let Some(example) = body.pointer("/content/application~1json/example") else {
            continue;
        };
        cases.push(
            json!({"name": format!("request example {}", op.id), "kind": "request",
            "operation_id": op.id,
            // Parameters and case must not matter.
            "media_type": "Application/JSON; charset=utf-8",
            "instance": example, "expect": true}),
        );
    }
    assert!(cases.len() > 20, "too few cases: {}", cases.len());
    json!({ "cases": cases })
}

/// Runs a command, panicking with its output when it fails; returns stdout.
pub fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start {command:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{what} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Compares the verdicts a foreign driver printed (`{name: true|false|"missing"}`) with the
/// expectations of [`cases`].
pub fn assert_verdicts(cases: &Value, verdicts_json: &str, judge: &str) {
    let verdicts: Value = serde_json::from_str(verdicts_json)
        .unwrap_or_else(|e| panic!("{judge} printed no JSON ({e}):\n{verdicts_json}"));
    let mut wrong = Vec::new();
    let list = cases["cases"].as_array().expect("cases");
    for case in list {
        let name = case["name"].as_str().expect("name");
        if verdicts[name] != case["expect"] {
            wrong.push(format!(
                "{name}: {judge} says {}, expected {}",
                verdicts[name], case["expect"]
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} cases judged wrongly:\n{}",
        wrong.len(),
        list.len(),
        wrong.join("\n")
    );
    assert_eq!(
        verdicts.as_object().map(|v| v.len()),
        Some(list.len()),
        "one verdict per case"
    );
}

pub fn workspace_root() -> PathBuf {
    vsee_workspace_tests::workspace_root()
}

/// The type checkers of the payload types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checker {
    TypeScript,
    Python,
}

/// The mutations of `tests/mutations.json` that a checker's types cannot see, and why: the
/// types keep JSON types, properties, `null` and enums, not lengths and patterns.
pub const NOT_A_TYPE: &[(&str, &[Checker], &str)] = &[
    (
        "attachments_nonempty_string",
        &[Checker::TypeScript, Checker::Python],
        "`maxLength: 0`: the string branch is a string",
    ),
    (
        "member_id_non_numeric",
        &[Checker::TypeScript, Checker::Python],
        "`pattern`: a StringOrInt's string branch is a string",
    ),
    (
        "call_log_index_as_string",
        &[Checker::TypeScript, Checker::Python],
        "`x-patternProperties`: an indexed key is an extra member",
    ),
    (
        "member_id_as_bool",
        &[Checker::Python],
        "Python's bool is a subtype of int, so `True` is an `int | str`",
    ),
];

/// One payload assigned to the type of its operation's response.
pub struct TypeCase {
    pub name: String,
    pub operation_id: String,
    /// The response key the status falls under (`200`, `4XX`).
    pub response: String,
    /// The component the response body refers to (`VisitEnvelope`).
    pub component: String,
    pub body: Value,
    /// Whether the types must accept it.
    pub accepted: bool,
}

/// Every sample payload (accepted), every mutation (rejected, except [`NOT_A_TYPE`]), and edits
/// that only types judge: members the spec does not list, which `additionalProperties: {}`
/// allows (accepted), and a `null` where the spec has no `nullable` (rejected).
pub fn type_cases(checker: Checker) -> Vec<TypeCase> {
    let spec = spec();
    let case = |name: String, fixture: &vsee_workspace_tests::Fixture, accepted: bool| {
        let op = spec
            .operations()
            .into_iter()
            .find(|op| op.id == fixture.operation_id)
            .unwrap_or_else(|| panic!("{name}: no operation {}", fixture.operation_id));
        let response = vsee_workspace_tests::response_key(&op.responses, fixture.status)
            .unwrap_or_else(|| panic!("{name}: {} documents no {}", op.id, fixture.status));
        let at = format!("{}/responses/{response}", op.pointer);
        let (documented, _) = spec.deref(spec.document().pointer(&at).expect("documented"));
        let component = documented
            .pointer("/content/application~1json/schema/$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .unwrap_or_else(|| panic!("{name}: {at} is not a $ref to a component schema"));
        TypeCase {
            name,
            operation_id: op.id.clone(),
            response,
            component: component.to_owned(),
            body: fixture.body.clone(),
            accepted,
        }
    };
    let fixtures = vsee_workspace_tests::fixtures();
    let mut cases: Vec<TypeCase> = fixtures
        .iter()
        .map(|f| case(format!("fixture {}", f.name), f, true))
        .collect();
    for m in vsee_workspace_tests::mutations() {
        let seen = !NOT_A_TYPE
            .iter()
            .any(|(name, blind, _)| *name == m.name && blind.contains(&checker));
        cases.push(case(format!("mutation {}", m.name), &m.fixture, !seen));
    }
    let visit = fixtures
        .iter()
        .find(|f| f.name == "get_visit/200.json")
        .expect("the get_visit sample");
    let mut extra = visit.clone();
    extra.body["data"]["x_new_field"] = json!({"nested": [1, "two", null]});
    extra.body["data"]["member"]["x_new_member_field"] = json!(true);
    cases.push(case("extra members".into(), &extra, true));
    let mut null = visit.clone();
    assert!(
        null.body["data"]["id"].is_string(),
        "get_visit/200.json has a string id"
    );
    null.body["data"]["id"] = Value::Null;
    cases.push(case("null id (not nullable)".into(), &null, false));
    cases
}

/// `value` as a Python expression (JSON's string escapes are Python's too).
pub fn python_literal(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(_) | Value::String(_) => value.to_string(),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_literal).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), python_literal(v)))
                .collect();
            format!("{{{}}}", members.join(", "))
        }
    }
}

/// Compares the lines a type checker reported errors on with the cases' expectations: each
/// case is on line `first_line + its index`. `errors` are (line, message) of one file.
pub fn assert_type_verdicts(
    cases: &[TypeCase],
    first_line: usize,
    errors: &[(usize, String)],
    checker: &str,
) {
    let mut wrong = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let line = first_line + i;
        let messages: Vec<&str> = errors
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, m)| m.as_str())
            .collect();
        match (case.accepted, messages.is_empty()) {
            (true, false) => wrong.push(format!(
                "{}: rejected by {checker}: {}",
                case.name,
                messages.join(" | ")
            )),
            (false, true) => wrong.push(format!(
                "{}: accepted by {checker}, expected an error",
                case.name
            )),
            _ => {}
        }
    }
    let outside: Vec<String> = errors
        .iter()
        .filter(|(l, _)| *l < first_line || *l >= first_line + cases.len())
        .map(|(l, m)| format!("line {l}: {m}"))
        .collect();
    assert!(
        wrong.is_empty() && outside.is_empty(),
        "{checker} judged {} of {} cases wrongly:\n{}\nerrors outside the cases:\n{}",
        wrong.len(),
        cases.len(),
        wrong.join("\n"),
        outside.join("\n")
    );
}
