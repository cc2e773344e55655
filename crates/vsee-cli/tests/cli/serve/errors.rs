//! Error answers in the media type and shape the spec documents (`application/json`,
//! `ApiError` plus `errors`), also for a spec that documents no 4xx, and also for what the HTTP
//! layer refuses before the mock sees a request.

use serde_json::json;

use super::support::{call, raw_exchange, Server, ALICE};

const CANARY: &str = "Zebulon-CANARY-4471";

/// A spec whose one operation documents a 200 only.
const NO_4XX_SPEC: &str = r#"openapi: 3.0.3
info: {title: Notes, version: '1'}
paths:
  /notes:
    post:
      operationId: create_note
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: false
              required: [text]
              properties:
                text: {type: string}
      responses:
        '200':
          description: stored
          content:
            application/json:
              schema:
                type: object
                additionalProperties: {}
                properties:
                  text: {type: string}
              example: {"text": "hello"}
"#;

#[tokio::test]
async fn request_errors_are_api_errors_in_the_documented_media_type() {
    let mock = Server::mock();
    let bad = call(
        &mock.base,
        Some(ALICE),
        "POST",
        "/intakes",
        Some(json!({"type": 7, "provider_id": CANARY})),
        &[],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert_eq!(bad.media_type, "application/json");
    let body = bad.json();
    assert_eq!(body["code"], 422);
    assert!(body["message"].is_string());
    assert!(
        body["errors"].as_array().is_some_and(|e| e.len() == 2),
        "{body}"
    );
    assert!(
        body.get("type").is_none() && body.get("status").is_none(),
        "{body}"
    );
    assert!(!bad.text.contains(CANARY));
}

/// Another spec whose operation documents no 4xx: an invalid request used to be a 500 ("the
/// mock built a response that breaks the spec"); it is the 4xx it is.
#[tokio::test]
async fn a_spec_without_a_documented_4xx_still_gets_a_4xx() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = dir.path().join("notes.yaml");
    std::fs::write(&spec, NO_4XX_SPEC).expect("spec written");
    let mock = Server::start(&["mock", "--spec", spec.to_str().expect("utf-8 path")]);
    let invalid = call(
        &mock.base,
        None,
        "POST",
        "/notes",
        Some(json!({"text": 5, "extra": CANARY})),
        &[],
    )
    .await;
    assert_eq!(invalid.status, 422, "{}", invalid.text);
    assert_eq!(invalid.media_type, "application/json");
    assert_eq!(invalid.json()["code"], 422);
    assert!(!invalid.text.contains(CANARY));
    let malformed = call(&mock.base, None, "GET", "/notes", None, &[]).await;
    assert_eq!(malformed.status, 405, "{}", malformed.text);
    let ok = call(
        &mock.base,
        None,
        "POST",
        "/notes",
        Some(json!({"text": "x"})),
        &[],
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

/// hyper answers a request it cannot parse itself (400, 414, 431) and used to send no body.
#[test]
fn what_the_http_layer_refuses_gets_an_api_error_body() {
    let mock = Server::mock();
    let long_target = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(70_000));
    let many_headers: String = (0..200)
        .map(|i| format!("X-H{i}: {}\r\n", "v".repeat(100)))
        .collect();
    let huge_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX: {}\r\n\r\n",
        "v".repeat(500_000)
    );
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (format!("{CANARY}\r\n\r\n").into_bytes(), 400),
        (
            b"GET /visits HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n".to_vec(),
            400,
        ),
        (b"GET /visits HTTP/9.1\r\nHost: x\r\n\r\n".to_vec(), 400),
        (long_target.into_bytes(), 414),
        (
            format!("GET / HTTP/1.1\r\nHost: x\r\n{many_headers}\r\n").into_bytes(),
            431,
        ),
        (huge_header.into_bytes(), 431),
    ];
    for (request, status) in cases {
        let answer = raw_exchange(&mock.base, &request);
        let (head, body) = split(&answer);
        assert!(
            head.starts_with(&format!("HTTP/1.1 {status} ")),
            "expected {status}: {head}"
        );
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{head}"
        );
        let length = content_length(&head);
        assert_eq!(length, body.len(), "{head}");
        let error: serde_json::Value = serde_json::from_slice(body).expect("a JSON body");
        assert_eq!(error["code"], status);
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert!(!String::from_utf8_lossy(&answer).contains(CANARY));
    }

    // Pipelined: a good request, then garbage; both answers arrive, each with its body.
    let answer = raw_exchange(
        &mock.base,
        b"GET /visits HTTP/1.1\r\nHost: x\r\n\r\nGARBAGE\r\n\r\n",
    );
    let (head, rest) = split(&answer);
    assert!(head.starts_with("HTTP/1.1 401 "), "{head}");
    let rest = &rest[content_length(&head)..];
    let (second, body) = split(rest);
    assert!(second.starts_with("HTTP/1.1 400 "), "{second}");
    assert_eq!(content_length(&second), body.len());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(body).expect("JSON")["code"],
        400
    );
}

fn split(answer: &[u8]) -> (String, &[u8]) {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("a complete head: {:?}", String::from_utf8_lossy(answer)));
    (
        String::from_utf8_lossy(&answer[..end]).into_owned(),
        &answer[end + 4..],
    )
}

fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or_else(|| panic!("a content-length: {head}"))
}

#[tokio::test]
async fn prefer_values_are_not_echoed() {
    let mock = Server::mock();
    for prefer in [format!("example={CANARY}"), "code=302".to_owned()] {
        let answer = call(
            &mock.base,
            Some(ALICE),
            "GET",
            "/visits/7727",
            None,
            &[("Prefer", &prefer)],
        )
        .await;
        assert_eq!(answer.status, 422, "{}", answer.text);
        assert!(!answer.text.contains(CANARY), "{}", answer.text);
        assert!(!answer.text.contains("302"), "{}", answer.text);
    }
}
