//! The proxy in front of the mock: answers pass through unchanged, and the recording holds
//! no credential and no patient value, yet `validate` accepts it.

use serde_json::{json, Value};

use super::support::{call, validate, Account, Server};

const TOKEN: &str = "tok-CANARY-SECRET-9931";
const API_KEY: &str = "key-CANARY-KEY-2277";
const API_SECRET: &str = "sec-CANARY-SECRET-5150";
const BEARER: &str = "Bearer CANARY-BEARER-8080";
const COOKIE: &str = "session=CANARY-COOKIE-6060";
const ACCOUNT: Account = Account {
    token: TOKEN,
    code: "vclinic",
};

/// Values a patient would send, each unlikely to appear by chance.
const PATIENT: [&str; 7] = [
    "Zebulon Canaryfield has chest pain",
    "6505550199",
    "zebulon.canary@example.org",
    "1971-04-05",
    "Hypertension CANARY",
    "83910274",
    "CanaryRoom77",
];

fn recorded(path: &std::path::Path) -> (String, Vec<Value>) {
    let text = std::fs::read_to_string(path).expect("the recording exists");
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("every line is JSON"))
        .collect();
    (text, lines)
}

async fn traffic(base: &str) -> (String, String) {
    let extra = [
        ("X-ApiKey", API_KEY),
        ("X-ApiSecret", API_SECRET),
        ("Authorization", BEARER),
        ("Cookie", COOKIE),
    ];
    let intake = call(
        base,
        Some(ACCOUNT),
        "POST",
        "/intakes",
        Some(json!({
            "room_code": PATIENT[6],
            "reason_for_visit": PATIENT[0],
            "phone": PATIENT[1],
            "custom_email": PATIENT[2],
            "custom_dob": PATIENT[3],
            "custom_diagnosis": PATIENT[4],
            "member_id": PATIENT[5],
            "provider_id": 83910274,
            "type": 1
        })),
        &extra,
    )
    .await;
    assert_eq!(intake.status, 200, "{}", intake.text);
    let intake_id = intake.json()["data"]["id"].as_str().expect("id").to_owned();
    let read = call(
        base,
        Some(ACCOUNT),
        "GET",
        &format!("/intakes/{intake_id}.json"),
        None,
        &extra,
    )
    .await;
    assert_eq!(read.json()["data"]["custom_diagnosis"], PATIENT[4]);
    let walkin = call(
        base,
        Some(ACCOUNT),
        "POST",
        "/vc/next/api_v3/visits/add_walkin",
        Some(json!({"intake_id": intake_id, "room_code": PATIENT[6]})),
        &extra,
    )
    .await;
    let visit_id = walkin.json()["data"]["id"].as_str().expect("id").to_owned();
    let availability = call(
        base,
        Some(ACCOUNT),
        "GET",
        &format!(
            "/availability?start=1800000000&end=1800001800&room_code={}&member_id={}",
            PATIENT[6], PATIENT[5]
        ),
        None,
        &extra,
    )
    .await;
    assert_eq!(availability.status, 200);
    assert_eq!(
        call(
            base,
            Some(ACCOUNT),
            "GET",
            &format!("/visits/{visit_id}"),
            None,
            &extra
        )
        .await
        .status,
        200
    );
    // A rejected request and an unauthenticated one are recorded too.
    let rejected = call(
        base,
        Some(ACCOUNT),
        "POST",
        "/intakes",
        Some(json!({"phone": 6505550199_i64})),
        &extra,
    )
    .await;
    assert_eq!(rejected.status, 422);
    assert_eq!(
        call(base, None, "GET", "/visits", None, &[("Cookie", COOKIE)])
            .await
            .status,
        401
    );
    (intake_id, visit_id)
}

#[tokio::test]
async fn the_recording_holds_no_credential_and_no_patient_value_and_validates() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let recording = dir.path().join("traffic.ndjson");
    let mock = Server::mock();
    let proxy = Server::start(&[
        "proxy",
        "--upstream",
        &mock.base,
        "--record",
        recording.to_str().expect("utf-8 path"),
    ]);

    // The proxy answers exactly as the mock does.
    let direct = call(&mock.base, None, "GET", "/visits/7727", None, &[]).await;
    let proxied = call(&proxy.base, None, "GET", "/visits/7727", None, &[]).await;
    assert_eq!(
        (direct.status, &direct.media_type, &direct.text),
        (proxied.status, &proxied.media_type, &proxied.text)
    );

    let (intake_id, visit_id) = traffic(&proxy.base).await;
    let (status, log) = proxy.terminate();
    assert!(status.success(), "{log}");

    let (text, lines) = recorded(&recording);
    assert_eq!(lines.len(), 8, "one line per exchange");
    for secret in [TOKEN, API_KEY, API_SECRET, BEARER, COOKIE, "CANARY"] {
        assert!(
            !text.contains(secret),
            "`{secret}` is in the recording:\n{text}"
        );
    }
    for value in PATIENT
        .iter()
        .copied()
        .chain([intake_id.as_str(), visit_id.as_str()])
    {
        assert!(
            !text.contains(value),
            "`{value}` is in the recording:\n{text}"
        );
    }
    for (i, line) in lines.iter().enumerate() {
        assert!(
            line["request"].get("headers").is_none(),
            "line {i} records headers"
        );
    }
    // Shapes and joins survive: the intake id in the create response is the one in the path.
    let pseudo_id = lines[1]["response"]["body"]["data"]["id"]
        .as_str()
        .expect("id");
    assert_eq!(pseudo_id.len(), intake_id.len());
    assert_eq!(lines[2]["url"], format!("/intakes/{pseudo_id}.json"));
    assert_eq!(lines[2]["response"]["body"]["data"]["id"], pseudo_id);
    let phone = lines[1]["request"]["body"]["phone"]
        .as_str()
        .expect("phone");
    assert!(
        phone.len() == 10 && phone.bytes().all(|b| b.is_ascii_digit()),
        "{phone}"
    );
    let dob = lines[1]["request"]["body"]["custom_dob"]
        .as_str()
        .expect("dob");
    assert_eq!(dob.as_bytes()[4], b'-');
    let email = lines[1]["request"]["body"]["custom_email"]
        .as_str()
        .expect("email");
    assert!(email.contains('@') && email.ends_with(".org"), "{email}");
    assert_eq!(lines[1]["request"]["body"]["type"], 1, "codes are kept");
    assert!(lines[4]["url"]
        .as_str()
        .expect("url")
        .starts_with("/availability?start="));

    // The recording validates as the traffic did: the conforming exchanges pass, and the one
    // request that broke the spec is still reported.
    let (code, out) = validate(&recording);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/phone"), "{out}");
    assert!(!out.contains("6505550199"));

    // Without the rejected exchange, it validates clean.
    let clean = dir.path().join("clean.ndjson");
    let kept: Vec<String> = text
        .lines()
        .enumerate()
        .filter(|(i, _)| *i != 6)
        .map(|(_, l)| l.to_owned())
        .collect();
    std::fs::write(&clean, kept.join("\n") + "\n").expect("write");
    let (code, out) = validate(&clean);
    assert_eq!(code, 0, "{out}");

    // The proxy reported the bad request's finding on stderr, without its value.
    assert!(
        log.contains("create_intake") && log.contains("/phone"),
        "{log}"
    );
    assert!(
        !log.contains("6505550199") && !log.contains("CANARY"),
        "{log}"
    );
}

#[tokio::test]
async fn keep_values_warns_keeps_values_and_still_drops_credentials() {
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
    assert!(status.success());
    assert!(log.contains("warning: --keep-values"), "{log}");
    let (text, _) = recorded(&recording);
    assert!(text.contains(PATIENT[0]));
    for secret in [TOKEN, API_KEY, API_SECRET, BEARER, COOKIE] {
        assert!(!text.contains(secret), "`{secret}` is in the recording");
    }
}

#[tokio::test]
async fn the_mock_records_its_own_traffic_through_the_same_policy() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let recording = dir.path().join("mock.ndjson");
    let mock = Server::start(&["mock", "--record", recording.to_str().expect("utf-8 path")]);
    let (intake_id, _) = traffic(&mock.base).await;
    drop(mock);
    let (text, lines) = recorded(&recording);
    assert_eq!(lines.len(), 7);
    assert!(!text.contains(TOKEN) && !text.contains(PATIENT[0]) && !text.contains(&intake_id));
}
