//! A walk-in visit from intake to close, each reply's ids passed to the next call as they are:
//! `create_intake` -> `add_walkin` -> `get_visit` -> `close_visit` -> `get_visit`.
//!
//! Every id is a `vsee_client::Id`, in requests and responses alike, so no id is converted by
//! hand. Run it against the mock (`cargo run -p vsee-contract -- mock --addr 127.0.0.1:4010`,
//! then `VSEE_BASE_URL=http://127.0.0.1:4010 cargo run -p vsee-client --example
//! visit_lifecycle`) or the preview API (`VSEE_BASE_URL`, `VSEE_API_TOKEN`,
//! `VSEE_ACCOUNT_CODE`, `VSEE_ROOM_CODE`). The client's tests run [`visit_lifecycle`] against a
//! loopback server.

use vsee_client::{types, Client, ClientBuilder, Credentials, Environment, ShowValues};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::var("VSEE_BASE_URL")?;
    let token = std::env::var("VSEE_API_TOKEN").unwrap_or_else(|_| "token".into());
    let account = std::env::var("VSEE_ACCOUNT_CODE").unwrap_or_else(|_| "vclinic".into());
    let room = std::env::var("VSEE_ROOM_CODE").unwrap_or_else(|_| "ceproom1".into());
    let client = ClientBuilder::new(
        Environment::Custom(base_url),
        Credentials::new(token, account),
    )
    .build()?;
    let closed = visit_lifecycle(&client, &room).await?;
    // `Debug` shows the shape of the visit, never its values ...
    println!("closed: {closed:?}");
    // ... unless asked for (this may print patient data).
    println!("status: {:?}", ShowValues(&closed.status));
    Ok(())
}

/// Creates an intake, starts a walk-in visit from it, reads it, closes it and reads it again;
/// returns the visit as read after closing.
pub async fn visit_lifecycle(
    client: &Client,
    room: &str,
) -> Result<types::Visit, Box<dyn std::error::Error>> {
    let intake = client
        .create_intake()
        .body_map(|b| {
            b.room_code(room)
                .reason_for_visit("Rash")
                .type_(types::VisitType::Walkin)
        })
        .send()
        .await?
        .into_inner()
        .data;

    // The intake's id (an `Id`) is the walk-in's `intake_id` (an `Id`).
    let visit = client
        .add_walkin()
        .body_map(|b| b.intake_id(&intake.id).room_code(room))
        .send()
        .await?
        .into_inner()
        .data;
    let visit_id = visit
        .id
        .as_ref()
        .ok_or("add_walkin answered without a visit id")?;

    // The visit's id goes into the path parameter (checked against the spec's pattern) ...
    let current = client
        .get_visit()
        .id(visit_id)
        .send()
        .await?
        .into_inner()
        .data;
    println!("visit {visit_id}: {:?}", ShowValues(&current.status));

    // ... and into `close_visit`'s body, ...
    let closed = client
        .close_visit()
        .body_map(|b| b.id(visit_id).reason(types::CloseReason::CallEnded))
        .send()
        .await?
        .into_inner()
        .data;

    // ... whose reply's id (an `Id`, a number or a string) goes into the next path as it is.
    let after = client
        .get_visit()
        .id(&closed.id)
        .send()
        .await?
        .into_inner()
        .data;
    Ok(after)
}
