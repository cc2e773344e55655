//! The mock's state: what one account creates it sees again, and nobody else does.

use serde_json::{json, Value};

use super::support::{call, Server, ALICE, BOB};

#[tokio::test]
async fn intake_walkin_current_close_list_sees_own_data_and_other_accounts_see_none() {
    let mock = Server::mock();
    let b = mock.base.as_str();
    let (intake_id, visit_id) = intake_and_walkin(b).await;
    current_close_and_list(b, &visit_id).await;
    other_accounts_see_none(b, &intake_id, &visit_id).await;
}

/// Alice's intake (with a custom field) and the walk-in made from it: their ids.
async fn intake_and_walkin(b: &str) -> (String, String) {
    let intake = call(
        b,
        Some(ALICE),
        "POST",
        "/intakes",
        Some(
            json!({"room_code": "ceproom1", "reason_for_visit": "Rash", "type": 1,
                     "custom_symptoms": "Rash, Red Eyes"}),
        ),
        &[],
    )
    .await;
    assert_eq!(intake.status, 200, "{}", intake.text);
    let intake = intake.json();
    let intake_id = intake["data"]["id"].as_str().expect("an id").to_owned();
    assert_eq!(intake["data"]["custom_symptoms"], "Rash, Red Eyes");

    let read = call(
        b,
        Some(ALICE),
        "GET",
        &format!("/intakes/{intake_id}"),
        None,
        &[],
    )
    .await;
    assert_eq!(read.status, 200);
    assert_eq!(read.json()["data"]["reason_for_visit"], "Rash");

    // The server base path and the `.json` suffix route like the bare path.
    let walkin = call(
        b,
        Some(ALICE),
        "POST",
        "/vc/next/api_v3/visits/add_walkin.json",
        Some(json!({"intake_id": intake_id, "room_code": "ceproom1"})),
        &[],
    )
    .await;
    assert_eq!(walkin.status, 200, "{}", walkin.text);
    let visit = walkin.json()["data"].clone();
    let visit_id = visit["id"].as_str().expect("a visit id").to_owned();
    assert_eq!(visit["status"], 10, "a new walk-in is pending");
    assert_eq!(visit["intake"]["id"], intake_id.as_str());
    assert_eq!(visit["intake"]["custom_symptoms"], "Rash, Red Eyes");

    (intake_id, visit_id)
}

/// The walk-in is current until closed, then listed as completed.
async fn current_close_and_list(b: &str, visit_id: &str) {
    let current = call(b, Some(ALICE), "GET", "/visits/current", None, &[]).await;
    assert_eq!(current.status, 200);
    assert_eq!(current.json()["data"]["id"], visit_id);

    let closed = call(
        b,
        Some(ALICE),
        "POST",
        "/visits/close",
        Some(json!({"id": visit_id, "reason": "patient_end_call"})),
        &[],
    )
    .await;
    assert_eq!(closed.status, 200, "{}", closed.text);
    assert_eq!(closed.json()["data"]["id"], visit_id);

    let current = call(b, Some(ALICE), "GET", "/visits/current", None, &[]).await;
    assert_eq!(current.status, 404, "a closed visit is no longer current");

    let list = call(b, Some(ALICE), "GET", "/visits?page=1&limit=20", None, &[]).await;
    assert_eq!(list.status, 200);
    let list = list.json();
    let visits = list["data"].as_array().expect("a list");
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0]["id"], visit_id);
    assert_eq!(visits[0]["status"], 30, "closed: completed");
    let one = call(
        b,
        Some(ALICE),
        "GET",
        &format!("/visits/{visit_id}"),
        None,
        &[],
    )
    .await;
    assert_eq!(one.json()["data"]["status"], 30);
}

/// Another account (same clinic, other token) sees none of Alice's records; Alice's export
/// link points at the mock.
async fn other_accounts_see_none(b: &str, intake_id: &str, visit_id: &str) {
    for path in [
        format!("/visits/{visit_id}"),
        format!("/intakes/{intake_id}"),
        format!("/visits/{visit_id}/exports/visit_summary"),
    ] {
        let other = call(b, Some(BOB), "GET", &path, None, &[]).await;
        assert_eq!(other.status, 404, "{path}");
        assert_eq!(other.json()["code"], 404);
    }
    let other = call(b, Some(BOB), "GET", "/visits", None, &[]).await;
    assert_eq!(other.json(), json!({"data": []}));
    let other = call(
        b,
        Some(BOB),
        "POST",
        "/visits/close",
        Some(json!({"id": visit_id})),
        &[],
    )
    .await;
    assert_eq!(other.status, 404);

    let export = call(
        b,
        Some(ALICE),
        "GET",
        &format!("/visits/{visit_id}/exports/visit_summary"),
        None,
        &[],
    )
    .await;
    assert_eq!(export.status, 200);
    let url = export.json()["data"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(url.starts_with(b) && url.contains(visit_id), "{url}");
}

#[tokio::test]
async fn booked_slots_leave_availability_and_moving_frees_them() {
    let mock = Server::mock();
    let b = mock.base.as_str();
    let slots = |v: &Value| -> Vec<i64> {
        v["data"]
            .as_array()
            .expect("slots")
            .iter()
            .map(|s| s["start"].as_i64().expect("a start"))
            .collect()
    };
    let window = "/availability?start=1800000000&end=1800003600&duration=900";
    let before = slots(&call(b, Some(ALICE), "GET", window, None, &[]).await.json());
    assert_eq!(before, vec![1800000000, 1800000900, 1800001800, 1800002700]);

    let booked = call(
        b,
        Some(ALICE),
        "POST",
        "/visits",
        Some(json!({"slot_start": 1800000900, "slot_end": 1800001800, "type": 2, "provider_id": 123})),
        &[],
    )
    .await;
    assert_eq!(booked.status, 200, "{}", booked.text);
    let id = booked.json()["data"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let after = slots(&call(b, Some(ALICE), "GET", window, None, &[]).await.json());
    assert_eq!(after, vec![1800000000, 1800001800, 1800002700]);

    let again = call(
        b,
        Some(ALICE),
        "POST",
        "/appointments",
        Some(json!({"slot_start": 1800000900, "slot_end": 1800001800, "type": 2})),
        &[],
    )
    .await;
    assert_eq!(again.status, 409, "a booked slot cannot be booked twice");

    let moved = call(
        b,
        Some(ALICE),
        "POST",
        &format!("/visits/{id}?version=2"),
        Some(json!({"slot_start": 1800002700, "slot_end": 1800003600})),
        &[],
    )
    .await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.json()["data"]["start"], 1800002700);
    let after_move = slots(&call(b, Some(ALICE), "GET", window, None, &[]).await.json());
    assert_eq!(after_move, vec![1800000000, 1800000900, 1800001800]);

    // Cancelling frees the slot again.
    let deleted = call(
        b,
        Some(ALICE),
        "POST",
        "/visits/delete",
        Some(json!({"id": id})),
        &[],
    )
    .await;
    assert_eq!(deleted.status, 200);
    let visit = call(b, Some(ALICE), "GET", &format!("/visits/{id}"), None, &[]).await;
    assert_eq!(visit.json()["data"]["status"], 40);
    assert_eq!(
        slots(&call(b, Some(ALICE), "GET", window, None, &[]).await.json()),
        before
    );
}

/// A booking that spans most of the 64-bit range (schemathesis made one) must not make
/// `get_availability` step through every slot it covers: the scan jumps past it.
#[tokio::test]
async fn a_booking_spanning_ages_does_not_stall_availability() {
    let mock = Server::mock();
    let b = mock.base.as_str();
    let far: i64 = 9_000_000_000_000_000_000;
    let booked = call(
        b,
        Some(ALICE),
        "POST",
        "/visits",
        Some(json!({"slot_start": -far, "slot_end": far, "type": 2})),
        &[],
    )
    .await;
    assert_eq!(booked.status, 200, "{}", booked.text);
    let window = format!(
        "/availability?start={}&end={}&duration=900",
        -far,
        far + 1800
    );
    let free = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        call(b, Some(ALICE), "GET", &window, None, &[]),
    )
    .await
    .expect("availability answers without walking the booking slot by slot");
    assert_eq!(free.status, 200, "{}", free.text);
    let starts: Vec<i64> = free.json()["data"]
        .as_array()
        .expect("slots")
        .iter()
        .map(|s| s["start"].as_i64().expect("a start"))
        .collect();
    assert_eq!(starts, vec![far, far + 900]);
}

#[tokio::test]
async fn the_same_seed_gives_the_same_ids() {
    async fn first_ids(seed: &str) -> (String, String) {
        let mock = Server::start(&["mock", "--seed", seed]);
        let intake = call(
            &mock.base,
            Some(ALICE),
            "POST",
            "/intakes",
            Some(json!({"room_code": "r"})),
            &[],
        )
        .await
        .json();
        let intake_id = intake["data"]["id"].as_str().expect("id").to_owned();
        let visit = call(
            &mock.base,
            Some(ALICE),
            "POST",
            "/visits/add_econsult",
            Some(json!({"intake_id": intake_id, "room_code": "r"})),
            &[],
        )
        .await
        .json();
        assert_eq!(visit["data"]["type"], 3);
        assert_eq!(visit["data"]["provider_id"], 0);
        (
            intake_id,
            visit["data"]["id"].as_str().expect("id").to_owned(),
        )
    }
    let a = first_ids("42").await;
    let b = first_ids("42").await;
    let c = first_ids("43").await;
    assert_eq!(a, b);
    assert_ne!(a.0, c.0);
    assert_ne!(a.1, c.1);
}

#[tokio::test]
async fn prefer_picks_a_documented_status_or_a_named_example() {
    let mock = Server::mock();
    let b = mock.base.as_str();
    let missing = call(
        b,
        Some(ALICE),
        "GET",
        "/visits/current",
        None,
        &[("Prefer", "code=404")],
    )
    .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["code"], 404);

    let named = call(
        b,
        Some(ALICE),
        "POST",
        "/intakes",
        Some(json!({"room_code": "r"})),
        &[("Prefer", "example=custom_fields")],
    )
    .await;
    assert_eq!(named.status, 200);
    assert_eq!(named.json()["data"]["custom_symptoms"], "Rash, Red Eyes");

    let example = call(
        b,
        Some(ALICE),
        "GET",
        "/visits/7727",
        None,
        &[("Prefer", "code=200")],
    )
    .await;
    assert_eq!(example.status, 200, "the documented example, without state");
    assert!(example.json()["data"].is_object());

    let unknown = call(
        b,
        Some(ALICE),
        "GET",
        "/visits/7727",
        None,
        &[("Prefer", "example=nope")],
    )
    .await;
    assert_eq!(unknown.status, 422);
    assert!(
        unknown.text.contains("appointment"),
        "names the examples: {}",
        unknown.text
    );
    let undocumented = call(
        b,
        Some(ALICE),
        "GET",
        "/visits/7727",
        None,
        &[("Prefer", "code=302")],
    )
    .await;
    assert_eq!(undocumented.status, 422);
}

#[tokio::test]
async fn sigterm_stops_the_mock_cleanly() {
    let mock = Server::mock();
    let ok = call(&mock.base, Some(ALICE), "GET", "/visits", None, &[]).await;
    assert_eq!(ok.status, 200);
    let (status, log) = mock.terminate();
    assert!(status.success(), "{status:?}\n{log}");
    assert!(log.contains("stopped"), "{log}");
}
