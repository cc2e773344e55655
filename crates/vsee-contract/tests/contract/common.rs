//! Shared helpers: running the real binary from the workspace root, and the secrets planted in
//! the broken recordings.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The token planted in `tests/data/broken/broken.har` and `broken.ndjson` request headers.
pub const TOKEN: &str = "tok_SECRET_7f3a9c";
/// The patient value planted in failing fields, query strings, paths and bodies of the broken set.
pub const PATIENT: &str = "Jane Q. Patient 1980-02-03";
/// The broken set, relative to the workspace root.
pub const BROKEN: &str = "crates/vsee-contract/tests/data/broken";

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

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `vsee-contract ARGS` in the workspace root.
pub fn run<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Out {
    run_in(&root(), args)
}

pub fn run_in<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_vsee-contract"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run vsee-contract");
    let o = Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !o.stderr.contains("panicked"),
        "vsee-contract panicked:\n{}",
        o.stderr
    );
    o
}

/// A HAR document around `entries` (JSON values).
pub fn har(entries: &[serde_json::Value]) -> String {
    serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": entries}})
        .to_string()
}

/// A HAR entry: `method url` answered by `status` with a JSON body.
pub fn entry(method: &str, url: &str, status: u16, body: &serde_json::Value) -> serde_json::Value {
    serde_json::json!({
        "request": {"method": method, "url": url, "headers": []},
        "response": {"status": status, "content": {"mimeType": "application/json", "text": body.to_string()}}
    })
}

/// A fixture payload from `tests/payloads/`.
pub fn payload(op: &str, name: &str) -> serde_json::Value {
    let path = root()
        .join("tests/payloads")
        .join(op)
        .join(format!("{name}.json"));
    serde_json::from_slice(&std::fs::read(&path).expect("fixture")).expect("fixture JSON")
}
