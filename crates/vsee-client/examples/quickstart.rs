//! Create an intake, start a walk-in visit from it, list the patient's visits.
//!
//! Needs network access and real credentials (`VSEE_API_TOKEN`, `VSEE_ACCOUNT_CODE`,
//! `VSEE_ROOM_CODE`): `cargo run -p vsee-client --example quickstart`. CI only compiles it.

// `TryStreamExt` reads `client.visits(..)`: no `futures` dependency of your own.
use vsee_client::{
    types, ClientBuilder, Credentials, Environment, RetryPolicy, ShowValues, TryStreamExt,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let token = std::env::var("VSEE_API_TOKEN")?;
    let account = std::env::var("VSEE_ACCOUNT_CODE").unwrap_or_else(|_| "vclinic".into());
    let room = std::env::var("VSEE_ROOM_CODE").unwrap_or_else(|_| "ceproom1".into());

    // X-ApiToken and X-AccountCode go with every request; Debug never shows the token.
    // Reads (GET) are retried after a connection error or a 429/503 (after its Retry-After).
    let credentials = Credentials::new(token, account);
    let client = ClientBuilder::new(Environment::PreviewNext, credentials)
        .retry(RetryPolicy::new())
        .build()?;

    // 1. A walk-in intake: the documented fields, plus any custom field (kept as sent).
    let mut custom = serde_json::Map::new();
    custom.insert("custom_symptoms".into(), "Rash, Red Eyes".into());
    let intake = client
        .create_intake()
        .body_map(|body| {
            body.room_code(&room)
                .reason_for_visit("Rash")
                .type_(types::VisitType::Walkin)
                .extra(custom)
        })
        .send()
        .await?
        .into_inner()
        .data;
    println!("intake {}", intake.id);

    // 2. A walk-in visit from that intake: its id (a `vsee_client::Id`) goes in as it is.
    let visit = client
        .add_walkin()
        .body_map(|body| body.intake_id(&intake.id).room_code(&room))
        .send()
        .await?
        .into_inner()
        .data;
    // Coded values are named; a value the spec does not list yet is `Unknown`, not an error.
    match visit.status.as_deref() {
        Some(types::VisitStatus::Pending) => println!("waiting for a provider"),
        Some(types::VisitStatus::Completed) => println!("already completed"),
        // `Debug` shows `<VisitStatus>`, never a value; `ShowValues` shows it when asked.
        Some(other) => println!("status {:?}", ShowValues(other)),
        None => println!("no status"),
    }

    // 3. The patient's visits, 20 a page, as one stream: ids and times read as numbers or
    //    strings.
    let mut visits = client.visits(20);
    while let Some(visit) = visits.try_next().await? {
        let id = visit.id.as_ref().map_or("?", |id| id.as_str());
        match &visit.start {
            Some(start) => println!("visit {id} starts at {} (unix seconds)", start.seconds()),
            None => println!("visit {id} has no start"),
        }
    }

    // Documented error statuses (4xx/5xx) come back with the API's typed error body.
    // Errors name the operation and the status, never a body (`Error::body` if you must).
    match client.get_visit().id("1").send().await {
        Ok(visit) => println!("visit 1: {:?}", ShowValues(&visit.data.status)),
        Err(error) => match error.api_error() {
            Some(api) => println!("{error}: {} ({})", api.message, api.code),
            None => return Err(error.into()),
        },
    }
    Ok(())
}
