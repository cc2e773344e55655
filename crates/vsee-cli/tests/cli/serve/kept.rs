//! What the mock stores it gives back exactly as it was sent; what it cannot keep exactly it
//! refuses, saying where and why, and stores none of it; and an account's state is bounded.

use serde_json::{json, Value};

use super::support::{call, send, Answer, Server, ALICE, BOB};

const CANARY: &str = "Zebulon-CANARY-4471";

fn headers() -> [(&'static str, &'static str); 2] {
    [("X-ApiToken", ALICE.token), ("X-AccountCode", ALICE.code)]
}

async fn post(base: &str, path: &str, text: &str) -> Answer {
    send(base, "POST", path, &headers(), Some(text.to_owned())).await
}

async fn get(base: &str, path: &str) -> Answer {
    send(base, "GET", path, &headers(), None).await
}

/// Each member as it must appear, byte for byte, in every answer that shows it.
const EXACT: [&str; 6] = [
    r#""custom_big":123456789012345678901234567890"#,
    r#""custom_exp":1E2"#,
    r#""custom_negative_zero":-0"#,
    r#""custom_fraction":0.10000000000000000000000001"#,
    r#""custom_escaped":"caf\u00e9 \ud83d\ude00 \/""#,
    r#""consultation":{"slots":100000000000000000000,"amount":1.50}"#,
];

#[tokio::test]
async fn numbers_and_strings_come_back_exactly_as_sent() {
    let mock = Server::mock();
    let b = mock.base.as_str();
    let body = format!(r#"{{"room_code":"r1",{}}}"#, EXACT.join(","));
    let created = post(b, "/intakes", &body).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let id = created.json()["data"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let read = get(b, &format!("/intakes/{id}")).await;
    let walkin = post(
        b,
        "/visits/add_walkin",
        &json!({"intake_id": id, "room_code": "r1"}).to_string(),
    )
    .await;
    assert_eq!(walkin.status, 200, "{}", walkin.text);
    for answer in [&created, &read, &walkin] {
        for member in EXACT {
            assert!(
                answer.text.contains(member),
                "{member} is not in {}",
                answer.text
            );
        }
    }

    // An update keeps what it does not change, and stores what it sends as sent.
    let updated = post(
        b,
        &format!("/intakes/{id}"),
        r#"{"custom_exp":2E+3,"reason_for_visit":"rash"}"#,
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.text);
    assert!(
        updated.text.contains(r#""custom_exp":2E+3"#),
        "{}",
        updated.text
    );
    assert!(updated.text.contains(EXACT[0]), "{}", updated.text);
}

/// A multipart part sent as JSON is a value as sent too (schemathesis sent a 32-digit
/// `consultation.duration` that came back as a float the response schema refuses).
#[tokio::test]
async fn json_parts_of_a_form_come_back_as_sent() {
    let mock = Server::mock();
    let part = r#"{"duration": 34794972435351881522662235701248, "amount": 1.50}"#;
    let form = reqwest::multipart::Form::new()
        .text("room_code", "r1")
        .text("provider_id", "541")
        .part(
            "consultation",
            reqwest::multipart::Part::text(part)
                .mime_str("application/json")
                .expect("a media type"),
        );
    let created = reqwest::Client::new()
        .post(format!("{}/intakes", mock.base))
        .header("X-ApiToken", ALICE.token)
        .header("X-AccountCode", ALICE.code)
        .multipart(form)
        .send()
        .await
        .expect("an answer");
    assert_eq!(created.status().as_u16(), 200);
    let text = created.text().await.expect("a body");
    assert!(
        text.contains(&format!(r#""consultation":{part}"#)),
        "{text}"
    );
    assert!(text.contains(r#""provider_id":541"#), "{text}");

    let form = reqwest::multipart::Form::new().part(
        "consultation",
        reqwest::multipart::Part::text(format!(r#"{{"description": "\ud800{CANARY}"}}"#))
            .mime_str("application/json")
            .expect("a media type"),
    );
    let refused = reqwest::Client::new()
        .post(format!("{}/intakes", mock.base))
        .header("X-ApiToken", ALICE.token)
        .header("X-AccountCode", ALICE.code)
        .multipart(form)
        .send()
        .await
        .expect("an answer");
    assert_eq!(refused.status().as_u16(), 400);
    let text = refused.text().await.expect("a body");
    assert!(!text.contains(CANARY), "{text}");
    let error: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        error["errors"][0]["pointer"], "/consultation/description",
        "{text}"
    );
}

/// `1e400` and a lone surrogate used to be accepted and then stored as nothing at all (the
/// record lost every field); a repeated member silently lost one of its values.
#[tokio::test]
async fn a_body_the_mock_cannot_keep_exactly_is_refused_and_nothing_is_stored() {
    let mock = Server::mock();
    let b = mock.base.as_str();
    let created = post(b, "/intakes", r#"{"room_code":"r1","custom_note":"kept"}"#).await;
    let id = created.json()["data"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let walkin = post(
        b,
        "/visits/add_walkin",
        &json!({"intake_id": id, "room_code": "r1"}).to_string(),
    )
    .await;
    let visit_id = walkin.json()["data"]["id"].as_str().expect("id").to_owned();

    let cases = [
        (
            format!(r#"{{"room_code":"{CANARY}","custom":{{"deep":[1, 1e400]}}}}"#),
            "/custom/deep/1",
            "range",
        ),
        (
            format!(r#"{{"room_code":"{CANARY}","custom_note":"\ud800{CANARY}"}}"#),
            "/custom_note",
            "surrogate",
        ),
        (
            format!(r#"{{"room_code":"{CANARY}","custom":{{"a":1,"a":2}}}}"#),
            "/custom/a",
            "twice",
        ),
    ];
    for (body, pointer, reason) in &cases {
        for path in ["/intakes".to_owned(), format!("/intakes/{id}")] {
            let refused = post(b, &path, body).await;
            assert_eq!(refused.status, 400, "{path}: {}", refused.text);
            assert_eq!(refused.media_type, "application/json");
            assert!(
                !refused.text.contains(CANARY),
                "a value leaked: {}",
                refused.text
            );
            let error = refused.json();
            assert_eq!(error["code"], 400);
            assert_eq!(error["errors"][0]["pointer"], *pointer, "{}", refused.text);
            let message = error["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(message.contains(reason), "{message}");
        }
    }
    let close = post(
        b,
        "/visits/close",
        &format!(r#"{{"id":"{visit_id}","custom":1e400}}"#),
    )
    .await;
    assert_eq!(close.status, 400, "{}", close.text);

    // Nothing of it was stored: the intake is as created, the visit still open, and the next
    // intake gets the id the refused ones would have taken.
    let read = get(b, &format!("/intakes/{id}")).await;
    assert_eq!(read.json()["data"]["custom_note"], "kept");
    assert_eq!(read.json()["data"]["room_code"], "r1");
    assert_eq!(
        get(b, &format!("/visits/{visit_id}")).await.json()["data"]["status"],
        10
    );
    // The same valid requests on a fresh mock give the same next id.
    let fresh = Server::mock();
    let f = fresh.base.as_str();
    let first = post(f, "/intakes", r#"{"room_code":"r1","custom_note":"kept"}"#).await;
    let fresh_id = first.json()["data"]["id"].as_str().expect("id").to_owned();
    post(
        f,
        "/visits/add_walkin",
        &json!({"intake_id": fresh_id, "room_code": "r1"}).to_string(),
    )
    .await;
    let expected = post(f, "/intakes", r#"{"room_code":"r1"}"#).await.json()["data"]["id"].clone();
    let next = post(b, "/intakes", r#"{"room_code":"r1"}"#).await;
    assert_eq!(
        next.json()["data"]["id"],
        expected,
        "no id was spent on a refused body"
    );
}

/// Three 30 MB intakes used to take the mock past 400 MB: each account's state is bounded, by
/// flags with defaults, and the answer says which flag raises the limit.
#[tokio::test]
async fn an_account_state_is_bounded_by_its_flags() {
    let mock = Server::start(&[
        "mock",
        "--max-account-bytes",
        "20000",
        "--max-account-records",
        "3",
    ]);
    let b = mock.base.as_str();
    let big = "x".repeat(6_000);
    let body = json!({"room_code": "r1", "custom_blob": big}).to_string();
    for _ in 0..2 {
        let ok = post(b, "/intakes", &body).await;
        assert_eq!(ok.status, 200, "{}", ok.text);
    }
    let full = post(b, "/intakes", &body).await;
    assert_eq!(full.status, 507, "{}", full.text);
    assert_eq!(full.media_type, "application/json");
    let message = full.json()["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("--max-account-bytes") && message.contains("20000"),
        "{message}"
    );

    // Another account has its own room; a small record still fits in this one.
    let other = call(
        b,
        Some(BOB),
        "POST",
        "/intakes",
        Some(json!({"room_code": "r"})),
        &[],
    )
    .await;
    assert_eq!(other.status, 200, "{}", other.text);
    let small = post(b, "/intakes", r#"{"room_code":"r1"}"#).await;
    assert_eq!(small.status, 200, "{}", small.text);
    let fourth = post(b, "/intakes", r#"{"room_code":"r1"}"#).await;
    assert_eq!(fourth.status, 507, "{}", fourth.text);
    let message: Value = fourth.json()["message"].clone();
    assert!(
        message
            .as_str()
            .unwrap_or_default()
            .contains("--max-account-records"),
        "{message}"
    );
}
