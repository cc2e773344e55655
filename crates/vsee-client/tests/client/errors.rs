//! No error of the client shows a response body or a value from it: every kind of error is
//! provoked over loopback HTTP with patient-like values planted in what the server sends (and
//! in what the caller passes), and neither `Display` nor `Debug` may contain any of them.

use httpmock::prelude::*;
use vsee_client::{Client, Credentials, Environment, Error};

/// Values that must never appear in an error message.
const PLANTED: [&str; 5] = ["Jane", "Doe", "555-0100", "1985-04-12", "17778181"];

fn client(base_url: String) -> Client {
    Client::with_credentials(
        Environment::Custom(base_url),
        Credentials::new("t", "vclinic"),
    )
    .expect("client")
}

fn assert_shows_no_value<T: std::fmt::Debug>(case: &str, result: Result<T, Error>) -> Error {
    let error = result.expect_err(case);
    let shown = [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ];
    for text in &shown {
        for value in PLANTED {
            assert!(!text.contains(value), "{case}: {value:?} shown in {text:?}");
        }
        assert!(
            text.contains(error.operation()),
            "{case}: {text:?} names no operation"
        );
    }
    error
}

async fn serving(status: u16, body: &'static str) -> MockServer {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(status)
                .header("content-type", "application/json")
                .body(body);
        })
        .await;
    server
}

#[tokio::test]
async fn no_error_shows_a_planted_value() {
    // A 200 body that does not decode: a patient's name where a status belongs, and where
    // an integer belongs.
    let server = serving(
        200,
        r#"{"data": {"id": "17778181", "member": {"first_name": "Jane", "last_name": "Doe",
            "dob": "1985-04-12", "phone": "555-0100", "gender": "Jane Doe"}}}"#,
    )
    .await;
    let error = assert_shows_no_value(
        "undecodable 200",
        client(server.base_url())
            .get_visit()
            .id("17778181")
            .send()
            .await,
    );
    assert!(
        error.to_string().contains("at /data/member/gender"),
        "{error}"
    );
    assert!(
        error.body().is_some_and(|b| b.len() > 100),
        "the body stays reachable"
    );

    // A 200 body that is not JSON at all.
    let server = serving(200, "Jane Doe, 555-0100").await;
    assert_shows_no_value(
        "not JSON",
        client(server.base_url()).get_visit().id("1").send().await,
    );

    // A documented error status with the API's error body.
    let server = serving(404, r#"{"code": 404, "message": "No visit for Jane Doe"}"#).await;
    let error = assert_shows_no_value(
        "typed 404",
        client(server.base_url()).get_visit().id("1").send().await,
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(error
        .api_error()
        .is_some_and(|e| e.message.contains("Jane")));

    // A documented error status whose body is not the error type.
    let server = serving(500, r#"{"patient": "Jane Doe", "phone": "555-0100"}"#).await;
    assert_shows_no_value(
        "undecodable 500",
        client(server.base_url()).get_visit().id("1").send().await,
    );

    // A status the spec does not list.
    let server = serving(302, r#"{"patient": "Jane Doe"}"#).await;
    let error = assert_shows_no_value(
        "undocumented 302",
        client(server.base_url()).get_visit().id("1").send().await,
    );
    assert_eq!(error.status().map(|s| s.as_u16()), Some(302));

    // A parameter that breaks the spec: refused before sending.
    assert_shows_no_value(
        "invalid id",
        client(server.base_url())
            .get_visit()
            .id("Jane Doe")
            .send()
            .await,
    );

    // Nobody listening: the transport error, without the URL (paths carry ids).
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let error = assert_shows_no_value(
        "connection refused",
        client(format!("http://127.0.0.1:{closed}"))
            .get_visit()
            .id("17778181")
            .send()
            .await,
    );
    assert!(matches!(error, Error::Communication { .. }), "{error:?}");
}

/// No error's `Display` repeats its `source()`: an error-chain reporter (anyhow's `{:#}`,
/// `tracing`'s error fields) prints each cause once. Walks the whole chain of a refused
/// connection, a timeout and a client that cannot be configured.
#[tokio::test]
async fn no_display_repeats_its_source() {
    fn chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
        let mut out = vec![error.to_string()];
        let mut next = error.source();
        while let Some(cause) = next {
            out.push(cause.to_string());
            next = cause.source();
        }
        out
    }
    fn assert_no_repeat(case: &str, error: &(dyn std::error::Error + 'static)) {
        let messages = chain(error);
        assert!(messages.len() >= 2, "{case}: no cause in {messages:?}");
        for pair in messages.windows(2) {
            assert!(
                !pair[1].is_empty() && !pair[0].contains(&pair[1]),
                "{case}: {:?} repeats its source {:?}",
                pair[0],
                pair[1]
            );
        }
    }

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = client(format!("http://127.0.0.1:{closed}"))
        .get_visit()
        .id("1")
        .send()
        .await
        .expect_err("nobody listens");
    assert_eq!(
        refused.to_string(),
        "get_visit: could not connect to the API (the cause is this error's source)"
    );
    assert_no_repeat("connection refused", &refused);

    // A server that accepts and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = silent.local_addr().unwrap();
    let _keep = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            open.push(stream);
        }
    });
    let timed_out = vsee_client::ClientBuilder::new(
        Environment::Custom(format!("http://{addr}")),
        Credentials::new("t", "vclinic"),
    )
    .timeout(std::time::Duration::from_millis(200))
    .build()
    .unwrap()
    .get_visit()
    .id("1")
    .send()
    .await
    .expect_err("no answer");
    assert!(
        timed_out
            .to_string()
            .starts_with("get_visit: the request timed out"),
        "{timed_out}"
    );
    assert_no_repeat("timeout", &timed_out);

    // reqwest refuses to build a client with a user agent that is no header value.
    let config =
        vsee_client::ClientBuilder::new(Environment::PreviewNext, Credentials::new("t", "vclinic"))
            .user_agent("line\nbreak")
            .build()
            .expect_err("a user agent with a line break");
    assert!(
        matches!(config, vsee_client::ConfigError::Http(_)),
        "{config:?}"
    );
    assert_no_repeat("bad user agent", &config);
}
