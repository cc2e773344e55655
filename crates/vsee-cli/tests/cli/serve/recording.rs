//! What `--record` writes, over real loopback HTTP (issue 21): numbers of every form become
//! pseudonyms of the same form, timestamps keep their order, error codes and media types are
//! structure, a body of an undeclared media type is still a body, and `validate` reads the
//! recording with the findings the live check made. `--keep-values` keeps a number's text.

use serde_json::Value;

use super::support::{Account, Server};

const ACCOUNT: Account = Account {
    token: "tok-CANARY-3141",
    code: "vclinic",
};

/// Numbers the way issue 21 found them leaking: with a fraction or an exponent, or beyond 64
/// bits (each also unlikely to appear by chance), and times an hour and a half apart.
const INTAKE: &str = r#"{"room_code": "CanaryRoom", "reason_for_visit": "x",
    "custom_card": 4111111111111111.5, "custom_ssn": 123456789.0,
    "custom_big": 98765432109876543210, "custom_exp": 7123465789e0,
    "custom_start": "2031-03-16T10:00:00Z", "custom_end": "2031-03-16T11:30:00Z",
    "custom_dob": "1971-04-05"}"#;

const SENT_DIGITS: [&str; 5] = [
    "4111111111111111",
    "123456789",
    "98765432109876",
    "9.876543210987654",
    "7123465789",
];

/// `METHOD base+path` with a raw body and media type, as `ACCOUNT`; (status, body text).
async fn send(base: &str, method: &str, path: &str, media_type: &str, body: &str) -> (u16, String) {
    let res = reqwest::Client::new()
        .request(
            reqwest::Method::from_bytes(method.as_bytes()).expect("method"),
            format!("{base}{path}"),
        )
        .header("X-ApiToken", ACCOUNT.token)
        .header("X-AccountCode", ACCOUNT.code)
        .header("Content-Type", media_type)
        .body(body.to_owned())
        .send()
        .await
        .expect("the server answers");
    let status = res.status().as_u16();
    (status, res.text().await.expect("a body"))
}

/// The traffic of both tests: an intake with those numbers and times, a text body the
/// operation does not declare, and an unknown visit (a 404 `ApiError`).
async fn traffic(base: &str) {
    let (status, text) = send(
        base,
        "POST",
        "/intakes",
        "application/json; charset=Canary-Charset",
        INTAKE,
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let (status, _) = send(
        base,
        "POST",
        "/intakes",
        "text/plain",
        "Canary has chest pain",
    )
    .await;
    assert!((400..500).contains(&status), "{status}");
    let (status, text) = send(base, "GET", "/visits/999999", "application/json", "").await;
    assert_eq!(status, 404, "{text}");
}

fn lines(path: &std::path::Path) -> (String, Vec<Value>) {
    let text = std::fs::read_to_string(path).expect("the recording exists");
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    (text, lines)
}

/// `(part, keyword, pointer)` of every finding `validate --format json` reports for `entry`.
fn findings_of(recording: &std::path::Path, entry: u64) -> Vec<(String, String, String)> {
    let out = crate::common::run(&[
        std::ffi::OsStr::new("validate"),
        std::ffi::OsStr::new("--format"),
        std::ffi::OsStr::new("json"),
        recording.as_os_str(),
    ]);
    let report = out.json();
    let mut found: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["entry"] == entry)
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            (s("part"), s("keyword"), s("instance_path"))
        })
        .collect();
    found.sort();
    found
}

fn seconds(date_time: &Value) -> i64 {
    let s = date_time.as_str().expect("a string");
    let (h, m) = (&s[11..13], &s[14..16]);
    h.parse::<i64>().unwrap() * 3600 + m.parse::<i64>().unwrap() * 60
}

#[tokio::test]
async fn numbers_times_codes_and_media_types_are_recorded_as_structure() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let recording = dir.path().join("mock.ndjson");
    let mock = Server::start(&["mock", "--record", recording.to_str().expect("utf-8 path")]);
    traffic(&mock.base).await;
    drop(mock);
    let (text, lines) = lines(&recording);
    assert_eq!(lines.len(), 3, "{text}");
    for sent in SENT_DIGITS
        .iter()
        .chain(&["CANARY", "Canary", "2031-03-16", "1971-04-05"])
    {
        assert!(
            !text.contains(sent),
            "`{sent}` is in the recording:\n{text}"
        );
    }

    // Numbers keep their form: the sign, the point, the exponent and the digit count.
    let shape = |s: &str| s.replace(|c: char| c.is_ascii_digit(), "9");
    let raw_request = text.lines().next().expect("a line");
    for form in [
        "\"custom_card\": 9999999999999999.9",
        "\"custom_ssn\": 999999999.9",
        "\"custom_big\": 99999999999999999999",
        "\"custom_exp\": 9999999999e9",
    ] {
        assert!(shape(raw_request).contains(form), "{form}: {raw_request}");
    }
    let ssn = raw_request
        .split("\"custom_ssn\": ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("the member as written");
    assert!(ssn.ends_with(".0"), "a whole float stays whole: {ssn}");

    // Times moved together: the same duration, the same time of day, another date.
    for body in [
        &lines[0]["request"]["body"],
        &lines[0]["response"]["body"]["data"],
    ] {
        let (start, end) = (&body["custom_start"], &body["custom_end"]);
        assert_eq!(seconds(end) - seconds(start), 5400, "{body}");
        assert_eq!(seconds(start), 36_000);
        assert!(start.as_str() < end.as_str());
    }
    assert_eq!(
        lines[0]["request"]["body"]["custom_start"],
        lines[0]["response"]["body"]["data"]["custom_start"],
        "one shift for the whole run"
    );

    // Media types are structure; the error's HTTP status is kept.
    assert_eq!(lines[0]["request"]["media_type"], "application/json");
    assert_eq!(lines[2]["response"]["status"], 404);
    assert_eq!(lines[2]["response"]["body"]["code"], 404);

    // The text body is still a body: `validate` says what the live check said, that its media
    // type is not declared (a dropped body read as a missing one).
    let text_findings = findings_of(&recording, 1);
    assert!(
        text_findings
            .iter()
            .any(|(part, keyword, _)| part == "request" && keyword == "media-type"),
        "{text_findings:?}"
    );
    assert!(
        !text_findings
            .iter()
            .any(|(_, keyword, _)| keyword == "required"),
        "{text_findings:?}"
    );
}

/// The proxy in front of the mock: with `--keep-values` a number is recorded in the text it
/// was sent in (serde_json would have printed `7123465789.0`), credentials still dropped.
#[tokio::test]
async fn keep_values_keeps_the_number_text_exactly() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let recording = dir.path().join("raw.ndjson");
    let mock = Server::mock();
    let proxy = Server::start(&[
        "proxy",
        "--upstream",
        &mock.base,
        "--record",
        recording.to_str().expect("utf-8 path"),
        "--keep-values",
    ]);
    traffic(&proxy.base).await;
    let (status, log) = proxy.terminate();
    assert!(status.success(), "{log}");
    let (text, _) = lines(&recording);
    for sent in [
        "4111111111111111.5",
        "123456789.0",
        "98765432109876543210",
        "7123465789e0",
    ] {
        assert!(
            text.contains(sent),
            "`{sent}` is not in the recording:\n{text}"
        );
    }
    assert!(!text.contains(ACCOUNT.token));
}
