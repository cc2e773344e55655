//! What the mock refuses, and how: 401 without credentials, 400 for a body that does not
//! parse, 422 with pointers (never values) for one that breaks the spec, each an `ApiError` in
//! `application/json` as the spec documents its 4XX.

use serde_json::json;

use super::support::{call, Account, Server, ALICE};

const CANARY: &str = "Zebulon-CANARY-4471";

#[tokio::test]
async fn no_token_gets_401_with_the_api_error_body() {
    let mock = Server::mock();
    let none = call(&mock.base, None, "GET", "/visits/7727", None, &[]).await;
    assert_eq!(none.status, 401);
    assert_eq!(none.media_type, "application/json");
    let body = none.json();
    assert_eq!(body["code"], 401);
    assert!(body["message"]
        .as_str()
        .unwrap_or_default()
        .contains("X-ApiToken"));

    // The account code alone is not enough; nor is an empty token.
    let code_only = call(
        &mock.base,
        None,
        "GET",
        "/visits",
        None,
        &[("X-AccountCode", "vclinic")],
    )
    .await;
    assert_eq!(code_only.status, 401);
    let empty = Account {
        token: " ",
        code: "vclinic",
    };
    assert_eq!(
        call(&mock.base, Some(empty), "GET", "/visits", None, &[])
            .await
            .status,
        401
    );

    // get_availability also accepts the (beta) key and secret.
    let keyed = call(
        &mock.base,
        None,
        "GET",
        "/availability?start=0&end=900",
        None,
        &[
            ("X-ApiKey", "k"),
            ("X-ApiSecret", "s"),
            ("X-AccountCode", "vclinic"),
        ],
    )
    .await;
    assert_eq!(keyed.status, 200, "{}", keyed.text);
}

/// With `--token`, only the named tokens authenticate: another one gets 401 (its value not
/// echoed), whether sent with the account code or alone (some operations take it alone).
#[tokio::test]
async fn with_token_only_named_tokens_authenticate() {
    let mock = Server::start(&["mock", "--token", ALICE.token]);
    let known = call(&mock.base, Some(ALICE), "GET", "/visits", None, &[]).await;
    assert_eq!(known.status, 200, "{}", known.text);
    let stranger = Account {
        token: CANARY,
        code: "vclinic",
    };
    let unknown = call(&mock.base, Some(stranger), "GET", "/visits", None, &[]).await;
    assert_eq!(unknown.status, 401, "{}", unknown.text);
    assert!(!unknown.text.contains(CANARY), "{}", unknown.text);
    assert!(unknown.json()["message"]
        .as_str()
        .unwrap_or_default()
        .contains("--token"));
    let alone = call(
        &mock.base,
        None,
        "GET",
        "/visits",
        None,
        &[("X-ApiToken", CANARY)],
    )
    .await;
    assert_eq!(alone.status, 401, "{}", alone.text);
    let alone_known = call(
        &mock.base,
        None,
        "GET",
        "/visits",
        None,
        &[("X-ApiToken", ALICE.token)],
    )
    .await;
    assert_eq!(alone_known.status, 200, "{}", alone_known.text);
}

#[tokio::test]
async fn a_request_that_breaks_the_spec_gets_422_with_pointers_and_without_values() {
    let mock = Server::mock();
    let bad = call(
        &mock.base,
        Some(ALICE),
        "POST",
        "/intakes",
        Some(json!({"reason_for_visit": [CANARY], "type": 7, "provider_id": CANARY})),
        &[],
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.text);
    assert_eq!(bad.media_type, "application/json");
    assert!(!bad.text.contains(CANARY), "a value leaked: {}", bad.text);
    let body = bad.json();
    assert_eq!(body["code"], 422, "an ApiError");
    let pointers: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["pointer"].as_str().expect("a pointer"))
        .collect();
    for expected in ["/reason_for_visit", "/type", "/provider_id"] {
        assert!(pointers.contains(&expected), "{expected} in {pointers:?}");
    }
    assert!(body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .all(|e| e["keyword"].is_string() && e["message"].is_string()));

    // A missing required member is pointed at the object that lacks it.
    let missing = call(
        &mock.base,
        Some(ALICE),
        "POST",
        "/visits",
        Some(json!({"type": 2, "member_id": CANARY})),
        &[],
    )
    .await;
    assert_eq!(missing.status, 422, "{}", missing.text);
    assert!(!missing.text.contains(CANARY), "{}", missing.text);
    let errors = missing.json()["errors"].clone();
    let required: Vec<(&str, &str)> = errors
        .as_array()
        .expect("errors")
        .iter()
        .filter(|e| e["keyword"] == "required")
        .map(|e| {
            (
                e["pointer"].as_str().unwrap(),
                e["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(
        required.contains(&("", "missing required property `slot_start`")),
        "{required:?}"
    );
    assert!(
        errors
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["pointer"] == "/member_id"),
        "{errors}"
    );

    let query = call(
        &mock.base,
        Some(ALICE),
        "GET",
        &format!("/availability?start={CANARY}&end=10"),
        None,
        &[],
    )
    .await;
    assert_eq!(query.status, 422);
    assert!(!query.text.contains(CANARY), "{}", query.text);
    assert_eq!(query.json()["errors"][0]["pointer"], "/start");
    assert_eq!(query.json()["errors"][0]["location"], "query");

    let path = call(
        &mock.base,
        Some(ALICE),
        "GET",
        &format!("/visits/{CANARY}"),
        None,
        &[],
    )
    .await;
    // A path that breaks its parameters' schema names no visit: 404, with the reason.
    assert_eq!(path.status, 404, "a visit id is digits: {}", path.text);
    assert_eq!(path.media_type, "application/json");
    assert!(!path.text.contains(CANARY));
    assert_eq!(path.json()["errors"][0]["pointer"], "/id");
    assert_eq!(path.json()["errors"][0]["location"], "path");
}

#[tokio::test]
async fn malformed_bodies_get_400_and_unknown_routes_404_or_405() {
    let mock = Server::mock();
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{}/intakes", mock.base))
        .header("X-ApiToken", ALICE.token)
        .header("X-AccountCode", ALICE.code)
        .header("Content-Type", "application/json")
        .body(format!("{{\"room_code\": \"{CANARY}"))
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status().as_u16(), 400);
    let text = res.text().await.expect("body");
    assert!(
        text.contains("\"keyword\":\"json\"") && !text.contains(CANARY),
        "{text}"
    );

    // A form body is read with the spec's schema, like `validate` reads one.
    let form = client
        .post(format!("{}/intakes", mock.base))
        .header("X-ApiToken", ALICE.token)
        .header("X-AccountCode", ALICE.code)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("room_code=r1&provider_id=541&custom_note=hello")
        .send()
        .await
        .expect("answer");
    assert_eq!(form.status().as_u16(), 200);
    let intake: serde_json::Value = form.json().await.expect("json");
    assert_eq!(
        intake["data"]["provider_id"], 541,
        "coerced to the schema's integer"
    );
    assert_eq!(intake["data"]["custom_note"], "hello");

    let unknown = call(&mock.base, Some(ALICE), "GET", "/rooms", None, &[]).await;
    assert_eq!(unknown.status, 404);
    let wrong = call(&mock.base, Some(ALICE), "DELETE", "/visits/7727", None, &[]).await;
    assert_eq!(wrong.status, 405);
}
