//! Who may call the mock and whose records a caller sees: `--token` and `--api-key` name the
//! only credentials accepted, in every security alternative, and a record belongs to the token
//! that created it, whichever headers the spec let it be sent with.

use serde_json::json;

use super::support::{call, send, Account, Server, ALICE, BOB};

const CANARY: &str = "Zebulon-CANARY-4471";
const WINDOW: &str = "/availability?start=1800000000&end=1800000900";

/// get_availability's second alternative (key + secret) used to let any token through: an
/// unknown credential is a 401 whichever alternative the rest of the headers satisfy.
#[tokio::test]
async fn token_flag_refuses_unknown_credentials_in_every_alternative() {
    let mock = Server::start(&["mock", "--token", ALICE.token]);
    let b = mock.base.as_str();
    let stranger = [
        ("X-ApiToken", CANARY),
        ("X-AccountCode", "vclinic"),
        ("X-ApiKey", "any-key"),
        ("X-ApiSecret", "any-secret"),
    ];
    let answer = send(b, "GET", WINDOW, &stranger, None).await;
    assert_eq!(answer.status, 401, "{}", answer.text);
    assert!(!answer.text.contains(CANARY), "{}", answer.text);
    assert_eq!(answer.media_type, "application/json");

    // Key + secret alone: not named by --api-key, so refused under --token.
    let keyed = [
        ("X-AccountCode", "vclinic"),
        ("X-ApiKey", "any-key"),
        ("X-ApiSecret", "any-secret"),
    ];
    let answer = send(b, "GET", WINDOW, &keyed, None).await;
    assert_eq!(answer.status, 401, "{}", answer.text);
    assert!(
        answer.json()["message"]
            .as_str()
            .unwrap_or_default()
            .contains("--api-key"),
        "says how to accept it: {}",
        answer.text
    );

    // A known token with an unknown key beside it: the key is a credential sent, and unknown.
    let mixed = [
        ("X-ApiToken", ALICE.token),
        ("X-AccountCode", "vclinic"),
        ("X-ApiKey", "any-key"),
        ("X-ApiSecret", "any-secret"),
    ];
    assert_eq!(send(b, "GET", WINDOW, &mixed, None).await.status, 401);

    // The known token alone still works.
    let known = call(b, Some(ALICE), "GET", WINDOW, None, &[]).await;
    assert_eq!(known.status, 200, "{}", known.text);
}

#[tokio::test]
async fn api_key_flag_names_the_key_and_secret_pairs_accepted() {
    let mock = Server::start(&[
        "mock",
        "--token",
        ALICE.token,
        "--api-key",
        "app-key:app-secret",
    ]);
    let b = mock.base.as_str();
    let with = |key: &'static str, secret: &'static str| {
        [
            ("X-AccountCode", "vclinic"),
            ("X-ApiKey", key),
            ("X-ApiSecret", secret),
        ]
    };
    let ok = send(b, "GET", WINDOW, &with("app-key", "app-secret"), None).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
    let wrong_secret = send(b, "GET", WINDOW, &with("app-key", CANARY), None).await;
    assert_eq!(wrong_secret.status, 401, "{}", wrong_secret.text);
    assert!(!wrong_secret.text.contains(CANARY));
    let wrong_key = send(b, "GET", WINDOW, &with(CANARY, "app-secret"), None).await;
    assert_eq!(wrong_key.status, 401, "{}", wrong_key.text);
    assert!(!wrong_key.text.contains(CANARY));

    // A malformed flag is a usage error that says what the flag takes.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vsee-contract"))
        .args(["mock", "--addr", "127.0.0.1:0", "--api-key", "no-secret"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("KEY:SECRET"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The spec lets create_intake, get_visit, list_visits and get_current_visit be called with
/// X-ApiToken alone: what a token creates one way it reads the other way.
#[tokio::test]
async fn a_token_sees_its_records_with_or_without_the_account_code() {
    let mock = Server::mock();
    let b = mock.base.as_str();
    let alone = [("X-ApiToken", ALICE.token)];

    let intake = send(
        b,
        "POST",
        "/intakes",
        &alone,
        Some(json!({"room_code": "r1"}).to_string()),
    )
    .await;
    assert_eq!(intake.status, 200, "{}", intake.text);
    let intake_id = intake.json()["data"]["id"].as_str().expect("id").to_owned();
    let read = call(
        b,
        Some(ALICE),
        "GET",
        &format!("/intakes/{intake_id}"),
        None,
        &[],
    )
    .await;
    assert_eq!(
        read.status, 200,
        "token alone -> token + code: {}",
        read.text
    );

    let walkin = call(
        b,
        Some(ALICE),
        "POST",
        "/visits/add_walkin",
        Some(json!({"intake_id": intake_id, "room_code": "r1"})),
        &[],
    )
    .await;
    assert_eq!(walkin.status, 200, "{}", walkin.text);
    let visit_id = walkin.json()["data"]["id"].as_str().expect("id").to_owned();
    let path = format!("/visits/{visit_id}");
    let read = send(b, "GET", &path, &alone, None).await;
    assert_eq!(
        read.status, 200,
        "token + code -> token alone: {}",
        read.text
    );
    let listed = send(b, "GET", "/visits", &alone, None).await;
    assert_eq!(listed.json()["data"][0]["id"], visit_id.as_str());
    let current = send(b, "GET", "/visits/current", &alone, None).await;
    assert_eq!(current.json()["data"]["id"], visit_id.as_str());

    // Another token never sees them, with or without the same account code.
    let other = Account {
        token: BOB.token,
        code: ALICE.code,
    };
    assert_eq!(
        call(b, Some(other), "GET", &path, None, &[]).await.status,
        404
    );
    let bob_alone = [("X-ApiToken", BOB.token)];
    assert_eq!(send(b, "GET", &path, &bob_alone, None).await.status, 404);
    assert_eq!(
        send(b, "GET", "/visits", &bob_alone, None).await.json(),
        json!({"data": []})
    );
}
