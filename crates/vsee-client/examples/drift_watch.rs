//! Today's drift of an API against the spec this client was generated from.
//!
//! ```sh
//! VSEE_API_TOKEN=... VSEE_ACCOUNT_CODE=... \
//!   cargo run -p vsee-client --example drift_watch --features drift-watch -- BASE_URL RECORD_FILE
//! ```
//!
//! With the drift watch on and every exchange recorded (pseudonymised) to RECORD_FILE, it calls
//! `get_visit` (id 7727), `list_visits`, `get_current_visit`, `get_intake` and `add_walkin`
//! against BASE_URL, prints each drift event as one JSON line on standard output, and exits 0
//! when every call returned a body (a documented error's body counts), 1 otherwise, 2 on a
//! usage error. Credentials come from `VSEE_API_TOKEN` and `VSEE_ACCOUNT_CODE` (default `token`
//! and `vclinic`, enough for a mock); neither is ever printed. Then `vsee-contract validate
//! --undocumented RECORD_FILE` lists the drift and `cargo xtask learn --recordings RECORD_FILE`
//! proposes the spec edits.

use std::process::ExitCode;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::{Layer as _, SubscriberExt as _};
use tracing_subscriber::util::SubscriberInitExt as _;
use vsee_client::drift::DriftWatch;
use vsee_client::{ClientBuilder, Credentials, Environment, Error, VseeResult};

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [base_url, record_file] = args.as_slice() else {
        eprintln!("usage: drift_watch BASE_URL RECORD_FILE (credentials from VSEE_API_TOKEN and VSEE_ACCOUNT_CODE)");
        return ExitCode::from(2);
    };

    // ANCHOR: subscriber
    // What a service adds to see the drift events: a JSON layer on stdout, drift events only.
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .json()
                .with_writer(std::io::stdout)
                .with_filter(
                    Targets::new().with_target("vsee_client::drift", tracing::Level::WARN),
                ),
        )
        .init();
    // ANCHOR_END: subscriber

    // ANCHOR: watch
    let watch = match DriftWatch::new().record(record_file) {
        Ok(watch) => watch.sample_every(1),
        Err(e) => {
            eprintln!("drift_watch: {e}");
            return ExitCode::from(2);
        }
    };
    let token = std::env::var("VSEE_API_TOKEN").unwrap_or_else(|_| "token".into());
    let account = std::env::var("VSEE_ACCOUNT_CODE").unwrap_or_else(|_| "vclinic".into());
    let client = match ClientBuilder::new(
        Environment::Custom(base_url.clone()),
        Credentials::new(token, account),
    )
    .drift_watch(watch.clone())
    .build()
    {
        Ok(client) => client,
        Err(e) => {
            eprintln!("drift_watch: {e}");
            return ExitCode::from(2);
        }
    };
    // ANCHOR_END: watch

    let results = [
        (
            "get_visit",
            bodied(client.get_visit().id("7727").send().await),
        ),
        ("list_visits", bodied(client.list_visits().send().await)),
        (
            "get_current_visit",
            bodied(client.get_current_visit().send().await),
        ),
        (
            "get_intake",
            bodied(
                client
                    .get_intake()
                    .id("57b4c678-de20-4c1a-a52b-43e9ac1f0144")
                    .send()
                    .await,
            ),
        ),
        (
            "add_walkin",
            bodied(
                client
                    .add_walkin()
                    .body_map(|b| b.intake_id("i").room_code("r"))
                    .send()
                    .await,
            ),
        ),
    ];
    // The checks run on the watch's worker: before exiting, let it finish (and record).
    watch.flush();
    let mut ok = true;
    for (operation, result) in results {
        if let Err(e) = result {
            eprintln!("drift_watch: {operation} returned no body: {e}");
            ok = false;
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `Ok` when the call returned a body: decoded, a documented error's, one that did not decode
/// or one of an undocumented status (the drift watch has reported why).
/// The error's `Display` otherwise: it names the operation and status, never a value.
fn bodied<T>(result: VseeResult<T>) -> Result<(), String> {
    match result {
        Ok(_) => Ok(()),
        Err(
            Error::ErrorResponse { .. }
            | Error::InvalidResponsePayload { .. }
            | Error::UnexpectedResponse { .. },
        ) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}
