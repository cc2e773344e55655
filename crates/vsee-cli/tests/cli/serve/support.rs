//! Starting the binary, and a small HTTP helper.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_vsee-contract");

/// A running `mock` or `proxy`; killed when dropped (unless stopped first).
pub struct Server {
    child: Child,
    pub base: String,
    stderr: Option<ChildStderr>,
}

impl Server {
    /// Starts `vsee-contract ARGS... --addr 127.0.0.1:0` and waits for its `listening on` line.
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(args)
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("the server prints a first line");
        let base = first
            .trim_end()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line is `listening on URL`, got {first:?}"))
            .to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        let stderr = child.stderr.take();
        Server {
            child,
            base,
            stderr,
        }
    }

    pub fn mock() -> Server {
        Server::start(&["mock"])
    }

    /// The process id (for /proc/PID/status).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM and waits: the exit status and everything written to standard error.
    pub fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let status = self.child.wait().expect("the server exits");
        let mut log = String::new();
        if let Some(mut stderr) = self.stderr.take() {
            stderr.read_to_string(&mut log).expect("stderr is text");
        }
        (status, log)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One account's credentials.
#[derive(Clone, Copy)]
pub struct Account {
    pub token: &'static str,
    pub code: &'static str,
}

pub const ALICE: Account = Account {
    token: "token-alice",
    code: "vclinic",
};
pub const BOB: Account = Account {
    token: "token-bob",
    code: "vclinic",
};

/// A response read whole.
pub struct Answer {
    pub status: u16,
    pub media_type: String,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

/// `METHOD base+path` as `account` (none: no credentials), with a JSON body when given.
pub async fn call(
    base: &str,
    account: Option<Account>,
    method: &str,
    path: &str,
    body: Option<Value>,
    extra: &[(&str, &str)],
) -> Answer {
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if let Some(a) = account {
        headers.extend([("X-ApiToken", a.token), ("X-AccountCode", a.code)]);
    }
    headers.extend_from_slice(extra);
    send(base, method, path, &headers, body.map(|b| b.to_string())).await
}

/// `METHOD base+path` with exactly these headers and, when given, this JSON text as the body
/// (sent as it is written: numbers and escapes that a `Value` would rewrite stay as they are).
pub async fn send(
    base: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    json_text: Option<String>,
) -> Answer {
    let client = reqwest::Client::new();
    let mut req = client.request(
        reqwest::Method::from_bytes(method.as_bytes()).expect("method"),
        format!("{base}{path}"),
    );
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(text) = json_text {
        req = req.header("Content-Type", "application/json").body(text);
    }
    let res = req.send().await.expect("the server answers");
    let status = res.status().as_u16();
    let media_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = res.text().await.expect("a body");
    Answer {
        status,
        media_type,
        text,
    }
}

/// Writes `bytes` to the server over one TCP connection and reads until it closes (or 5 s
/// pass): what the HTTP layer itself answers, byte for byte.
pub fn raw_exchange(base: &str, bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let addr = base.strip_prefix("http://").expect("an http base");
    let mut stream = std::net::TcpStream::connect(addr).expect("connects");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .expect("timeout");
    // The server may answer (and close) before it has read everything; that is its right.
    let _ = stream.write_all(bytes);
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    out
}

/// Runs `vsee-contract validate PATH`; (exit code, stdout).
pub fn validate(path: &Path) -> (i32, String) {
    let out = crate::common::run(&[std::ffi::OsStr::new("validate"), path.as_os_str()]);
    (out.code, out.stdout)
}
