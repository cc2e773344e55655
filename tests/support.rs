//! Shared helpers for the cross-crate tests: where the workspace is, the sample payloads
//! (`tests/payloads/<operation_id>/<status>[.<variant>].json`) and their type-breaking mutations
//! (`tests/mutations.json`).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The workspace root, found from this package's manifest directory (`<root>/tests`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent directory")
        .to_path_buf()
}

/// One sample payload by operation and file stem (`payload("get_visit", "200")`).
pub fn payload(op: &str, name: &str) -> Value {
    read_json(
        &workspace_root()
            .join("tests/payloads")
            .join(op)
            .join(format!("{name}.json")),
    )
}

/// The broken recordings of the validator's tests, relative to the workspace root: every kind
/// of finding, with a planted token and patient value that no report may show.
pub const BROKEN: &str = "crates/vsee-contract/tests/data/broken";
/// The token planted in the broken set's request headers.
pub const TOKEN: &str = "tok_SECRET_7f3a9c";
/// The patient value planted in the broken set's failing fields, query strings, paths and bodies.
pub const PATIENT: &str = "Jane Q. Patient 1980-02-03";

/// A spec whose component `Pong` has a `pattern` that is not a regex (line 20).
pub const BAD_REGEX_SPEC: &str = r#"openapi: 3.0.3
info: {title: Ping, version: '1'}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '200':
          description: pong
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pong'
components:
  schemas:
    Pong:
      type: object
      additionalProperties: {}
      properties:
        ok: {type: string, pattern: '[a-'}
"#;

/// The checked-in seeds of a fuzz target (`fuzz/corpus/<target>/`), as (file name, bytes),
/// sorted by name.
pub fn fuzz_seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = workspace_root().join("fuzz/corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(
        files.len() >= 4,
        "{target}: a corpus of a few seeds at least"
    );
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

/// A HAR document around `entries` (JSON values).
pub fn har(entries: &[Value]) -> String {
    serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": entries}})
        .to_string()
}

/// A HAR entry: `method url` answered by `status` with a JSON body.
pub fn entry(method: &str, url: &str, status: u16, body: &Value) -> Value {
    serde_json::json!({
        "request": {"method": method, "url": url, "headers": []},
        "response": {"status": status, "content": {"mimeType": "application/json", "text": body.to_string()}}
    })
}

/// One sample payload.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// Path relative to `tests/payloads/`, e.g. `get_visit/200.postvisit_full.json`.
    pub name: String,
    pub operation_id: String,
    /// The status the payload was returned with, e.g. `200` or `400`.
    pub status: u16,
    pub body: Value,
}

/// Every sample payload, sorted by name so that failures are reported in a stable order.
pub fn fixtures() -> Vec<Fixture> {
    let dir = workspace_root().join("tests/payloads");
    let mut out = Vec::new();
    for op in read_dir_sorted(&dir) {
        if !op.is_dir() {
            continue;
        }
        let operation_id = file_name(&op);
        for file in read_dir_sorted(&op) {
            let fname = file_name(&file);
            let Some(stem) = fname.strip_suffix(".json") else {
                continue;
            };
            let status_text = stem.split('.').next().unwrap_or_default();
            let status: u16 = status_text.parse().unwrap_or_else(|_| {
                panic!(
                    "{}: file names must start with an HTTP status (`<status>[.<variant>].json`)",
                    file.display()
                )
            });
            out.push(Fixture {
                name: format!("{operation_id}/{fname}"),
                operation_id: operation_id.clone(),
                status,
                body: read_json(&file),
            });
        }
    }
    out
}

/// One type-breaking edit of a fixture, already applied.
#[derive(Debug, Clone)]
pub struct Mutation {
    pub name: String,
    pub why: String,
    pub fixture: Fixture,
}

/// Every mutation of `tests/mutations.json`, applied to a copy of its fixture.
pub fn mutations() -> Vec<Mutation> {
    let path = workspace_root().join("tests/mutations.json");
    let doc = read_json(&path);
    let all = fixtures();
    let list = doc["mutations"]
        .as_array()
        .unwrap_or_else(|| panic!("{}: `mutations` must be an array", path.display()));
    list.iter()
        .map(|m| {
            let text = |key: &str| {
                m[key].as_str().map(str::to_owned).unwrap_or_else(|| {
                    panic!("{}: every mutation needs a string `{key}`", path.display())
                })
            };
            let (name, fixture_name, pointer) = (text("name"), text("fixture"), text("pointer"));
            let mut fixture = all
                .iter()
                .find(|f| f.name == fixture_name)
                .unwrap_or_else(|| panic!("mutation {name}: no fixture {fixture_name}"))
                .clone();
            let replacement = if m["remove"].as_bool().unwrap_or(false) {
                None
            } else {
                Some(m["value"].clone())
            };
            apply(&mut fixture.body, &pointer, replacement).unwrap_or_else(|| {
                panic!("mutation {name}: {pointer} does not exist in {fixture_name}")
            });
            Mutation {
                name,
                why: text("why"),
                fixture,
            }
        })
        .collect()
}

/// Replaces (or, with `None`, removes) the value at `pointer`; `None` when it does not exist.
fn apply(root: &mut Value, pointer: &str, value: Option<Value>) -> Option<()> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let last = last.replace("~1", "/").replace("~0", "~");
    let target = root.pointer_mut(parent)?;
    match (target, value) {
        (Value::Object(map), Some(v)) => *map.get_mut(&last)? = v,
        (Value::Object(map), None) => {
            map.shift_remove(&last)?;
        }
        (Value::Array(items), Some(v)) => *items.get_mut(last.parse::<usize>().ok()?)? = v,
        (Value::Array(items), None) => {
            let i = last.parse::<usize>().ok()?;
            (i < items.len()).then(|| items.remove(i))?;
        }
        _ => return None,
    }
    Some(())
}

/// The response key an exact status falls under, as OpenAPI chooses it: the exact code first,
/// then its range (`4XX`).
pub fn response_key(documented: &[String], status: u16) -> Option<String> {
    let exact = status.to_string();
    let range = format!("{}XX", status / 100);
    [exact, range]
        .into_iter()
        .find(|k| documented.iter().any(|d| d.eq_ignore_ascii_case(k)))
}

/// `python3 -m check_jsonschema ARGS.. FILE` (check-jsonschema, pinned in
/// `tests/foreign/requirements.txt`, installed by `scripts/test`): (passed, its output).
pub fn check_jsonschema(args: &[&std::ffi::OsStr], file: &Path) -> (bool, String) {
    let out = std::process::Command::new("python3")
        .args(["-m", "check_jsonschema"])
        .args(args)
        .arg(file)
        .output()
        .expect("python3 is needed for this test; scripts/test installs check-jsonschema");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !text.contains("No module named check_jsonschema"),
        "check-jsonschema is missing: run scripts/test (it installs tests/foreign/requirements.txt)"
    );
    (out.status.success(), text)
}

pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: invalid JSON: {e}", path.display()))
}

fn read_dir_sorted(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    entries
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Which of the book's commands a test runs: its `console` blocks hold `vsee-contract ...` and
/// `cargo xtask ...` commands, and each binary is known only to its own package's tests.
pub enum BookCommands<'a> {
    /// `vsee-contract ...`, run with this binary; `cargo xtask ...` skipped.
    VseeContract(&'a Path),
    /// `cargo xtask ...`, run with this xtask binary (which skips the `xtask` argument, as
    /// cargo passes it to an external subcommand); `vsee-contract ...` skipped.
    Xtask(&'a Path),
}

/// Runs every ```` ```console ```` block of the book (`docs/src/**/*.md`) with trycmd, from the
/// workspace root, and compares each command's output and exit status with the block's
/// (`TRYCMD=overwrite` rewrites them). A command of another program fails: a `console` block
/// only shows commands of this workspace; the rest are ```` ```sh ```` blocks, which no test runs.
pub fn run_book(commands: BookCommands<'_>) {
    let root = workspace_root();
    // trycmd runs a Markdown file's commands in the current directory: the workspace root, as
    // the book tells its readers (nextest runs each test in a process of its own).
    std::env::set_current_dir(&root).expect("the workspace root is a directory");
    let cases = trycmd::TestCases::new();
    cases
        .timeout(std::time::Duration::from_secs(300))
        .env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env("COLUMNS", "100");
    let (contract, cargo) = match commands {
        BookCommands::VseeContract(bin) => (
            trycmd::schema::Bin::Path(bin.into()),
            trycmd::schema::Bin::Ignore,
        ),
        BookCommands::Xtask(bin) => (
            trycmd::schema::Bin::Ignore,
            trycmd::schema::Bin::Path(bin.into()),
        ),
    };
    cases
        .register_bin("vsee-contract", contract)
        .register_bin("cargo", cargo)
        .case(root.join("docs/src/**/*.md"));
    cases.run();
}

/// A log writer for tests: every clone appends to the same buffer (give `move || log.clone()`
/// to a tracing subscriber's `with_writer`), and [`CapturedLog::text`] reads it back.
#[derive(Clone, Default)]
pub struct CapturedLog(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLog {
    /// Everything written so far, as UTF-8 (a log line that is not UTF-8 fails the test).
    pub fn text(&self) -> String {
        let bytes = self.0.lock().expect("no writer panicked").clone();
        String::from_utf8(bytes).expect("the log is UTF-8")
    }
}

impl std::io::Write for CapturedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("no writer panicked")
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
