//! The hand-written surface: credentials (never shown), environments (the spec's servers),
//! timeouts, user agent, and the optional key/secret headers.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use httpmock::prelude::*;
use vsee_client::{
    Client, ClientBuilder, ConfigError, Credentials, Environment, Error, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_TIMEOUT, USER_AGENT,
};

const TOKEN: &str = "tok-SECRET-1111";
const KEY: &str = "key-SECRET-2222";
const SECRET: &str = "sec-SECRET-3333";

fn full_credentials() -> Credentials {
    Credentials::new(TOKEN, "vclinic")
        .with_api_key(KEY)
        .with_api_secret(SECRET)
}

fn assert_no_secret(text: &str) {
    for secret in [TOKEN, KEY, SECRET, "SECRET"] {
        assert!(!text.contains(secret), "{secret} shown in: {text}");
    }
}

#[test]
fn debug_never_shows_a_secret() {
    let credentials = full_credentials();
    let shown = format!("{credentials:?}");
    assert_no_secret(&shown);
    assert_eq!(
        shown,
        "Credentials { api_token: <redacted>, account_code: \"vclinic\", api_key: <redacted>, \
         api_secret: <redacted> }"
    );
    assert_no_secret(&format!("{credentials:#?}"));
    assert!(format!("{:?}", Credentials::new(TOKEN, "vclinic")).contains("api_key: <not set>"));

    let headers = credentials.to_headers().unwrap();
    assert_no_secret(&format!("{headers:?}"));
    assert_eq!(
        headers.names().collect::<Vec<_>>(),
        ["x-apitoken", "x-accountcode", "x-apikey", "x-apisecret"]
    );

    // The generated Client derives Debug; it holds the headers.
    let client = Client::with_credentials(Environment::PreviewNext, credentials).unwrap();
    assert_no_secret(&format!("{client:?}"));
    assert_no_secret(&format!("{client:#?}"));
}

#[test]
fn a_credential_that_cannot_be_a_header_is_refused_without_quoting_it() {
    let err = Credentials::new("tok-SECRET\n-line", "vclinic")
        .to_headers()
        .unwrap_err();
    assert!(matches!(
        err,
        ConfigError::InvalidCredential {
            header: "X-ApiToken"
        }
    ));
    assert_no_secret(&err.to_string());
    assert_no_secret(&format!("{err:?}"));

    let err = Client::with_credentials(
        Environment::Production,
        Credentials::new(TOKEN, "vclinic").with_api_secret("SECRET\u{7f}"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("X-ApiSecret"), "{err}");
    assert_no_secret(&err.to_string());
}

/// Expands `{name}` variables of a server URL with the given values.
fn expand(url: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(url.to_owned(), |u, (k, v)| {
        u.replace(&format!("{{{k}}}"), v)
    })
}

#[test]
fn environments_are_exactly_the_spec_servers() {
    let spec_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/vsee.yaml");
    let spec = vsee_spec::load_file(&spec_path).unwrap_or_else(|e| panic!("{e}"));
    let mut from_spec = BTreeSet::new();
    for server in spec.document()["servers"].as_array().unwrap() {
        let url = server["url"].as_str().unwrap();
        let variables = server.get("variables").and_then(|v| v.as_object());
        match variables {
            None => {
                from_spec.insert(url.to_owned());
            }
            Some(vars) => {
                // Every enum value of each variable (the channel); otherwise its default (the
                // account, which the environments take as an argument).
                let (name, var) = vars.iter().next().unwrap();
                assert_eq!(vars.len(), 1, "one variable per server in this spec");
                let values: Vec<String> = match var.get("enum").and_then(|e| e.as_array()) {
                    Some(values) => values
                        .iter()
                        .map(|v| v.as_str().unwrap().to_owned())
                        .collect(),
                    None => vec![var["default"].as_str().unwrap().to_owned()],
                };
                for value in values {
                    from_spec.insert(expand(url, &[(name, &value)]));
                }
            }
        }
    }
    let account = "vclinic"; // the spec's default for `{account}`
    let from_client: BTreeSet<String> = [
        Environment::PreviewNext,
        Environment::PreviewStable,
        Environment::AccountPreview(account.into()),
        Environment::Production,
        Environment::AccountProduction(account.into()),
    ]
    .iter()
    .map(|e| e.base_url().unwrap())
    .collect();
    assert_eq!(from_client, from_spec);
}

#[test]
fn account_codes_and_custom_urls_are_checked() {
    assert_eq!(
        Environment::AccountProduction("acme-clinic".into())
            .base_url()
            .unwrap(),
        "https://api-acme-clinic.vsee.me/api_v3"
    );
    for bad in ["", "evil.com/x", "a b", "trailing-", &"x".repeat(60)] {
        assert!(
            matches!(
                Environment::AccountPreview(bad.into()).base_url(),
                Err(ConfigError::InvalidAccount { .. })
            ),
            "{bad:?} accepted"
        );
    }
    assert_eq!(
        Environment::Custom("http://127.0.0.1:8080/api_v3/".into())
            .base_url()
            .unwrap(),
        "http://127.0.0.1:8080/api_v3"
    );
    for bad in [
        "api.vsee.me",
        "ftp://api.vsee.me/api_v3",
        "https://api.vsee.me/api_v3?x=1",
    ] {
        let err = Environment::Custom(bad.into()).base_url().unwrap_err();
        assert!(
            matches!(err, ConfigError::InvalidBaseUrl { .. }),
            "{bad:?}: {err}"
        );
    }
}

#[test]
fn defaults_are_documented_values() {
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(10));
    assert_eq!(DEFAULT_TIMEOUT, Duration::from_secs(30));
    assert_eq!(
        USER_AGENT,
        format!("vsee-client/{}", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test]
async fn sends_user_agent_and_optional_key_and_secret() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/visits/current")
                .header("user-agent", USER_AGENT)
                .header("X-ApiToken", TOKEN)
                .header("X-AccountCode", "vclinic")
                .header("X-ApiKey", KEY)
                .header("X-ApiSecret", SECRET)
                .header_missing("api-version");
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"data": {"id": "1"}}"#);
        })
        .await;
    let client = ClientBuilder::new(Environment::Custom(server.base_url()), full_credentials())
        .build()
        .unwrap();
    let visit = client.get_current_visit().send().await.unwrap();
    mock.assert_async().await;
    assert_eq!(visit.data.id.as_ref().map(|id| id.as_str()), Some("1"));
}

#[tokio::test]
async fn the_request_timeout_applies() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .delay(Duration::from_secs(2))
                .header("content-type", "application/json")
                .body(r#"{"data": []}"#);
        })
        .await;
    let client = ClientBuilder::new(
        Environment::Custom(server.base_url()),
        Credentials::new("t", "vclinic"),
    )
    .timeout(Duration::from_millis(100))
    .build()
    .unwrap();
    match client.list_visits().send().await {
        Err(Error::Communication { source, .. }) => assert!(source.is_timeout(), "{source}"),
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_does_not_match_the_spec_is_an_error_not_a_panic() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"data": {"id": "12", "status": true}}"#);
        })
        .await;
    let client = Client::with_credentials(
        Environment::Custom(server.base_url()),
        Credentials::new("t", "vclinic"),
    )
    .unwrap();
    match client.get_visit().id("12").send().await {
        Err(error @ Error::InvalidResponsePayload { .. }) => {
            assert!(error.body().is_some_and(|b| !b.is_empty()));
            let decode = error.decode_error().expect("a decode error");
            assert_eq!(decode.pointer(), "/data/status");
            assert_eq!(decode.expected(), "VisitEnvelope");
            assert_eq!(
                error.to_string(),
                "get_visit: the response does not match the spec: the body does not decode into \
                 `VisitEnvelope` at /data/status (the body, which may hold patient data, is \
                 `Error::body`; serde's message, which may quote it, is `Error::decode_error`)"
            );
        }
        other => panic!("expected InvalidResponsePayload, got {other:?}"),
    }
    // An id that is not the digits the spec's pattern asks for is refused before sending.
    match client.get_visit().id("../admin").send().await {
        Err(Error::InvalidRequest { message, .. }) => assert!(message.contains("id"), "{message}"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
}

/// TLS is rustls with the crypto provider reqwest chooses by default (aws-lc-rs): every
/// constructor builds its HTTP client, progenitor's `Client::new` included (reqwest built
/// without a provider would panic there), and an `https://` request goes through the TLS
/// connector: a loopback server that answers in plain HTTP is reached, and the handshake's
/// failure is a communication error, not a panic.
#[tokio::test]
async fn every_constructor_has_tls_and_https_goes_through_it() {
    let state = || -> vsee_client::ClientState {
        Credentials::new("t", "vclinic")
            .to_headers()
            .unwrap()
            .into()
    };
    let _progenitors = Client::new("https://api.vsee.me/api_v3", state());
    let (addr, accepted) = plain_http_server().await;
    let client = Client::with_credentials(
        Environment::Custom(format!("https://{addr}")),
        Credentials::new("t", "vclinic"),
    )
    .unwrap();
    let error = client.get_visit().id("12").send().await.unwrap_err();
    assert!(accepted() >= 1, "no TLS connection was made");
    assert!(matches!(error, Error::Communication { .. }), "{error:?}");
}

/// An application that installs its own rustls provider before building a client gets it:
/// the provider's random source is what the TLS handshake draws from. (Meaningful under
/// cargo-nextest, which runs each test in its own process: the provider is process-wide.)
#[tokio::test]
async fn an_application_provider_installed_first_is_the_one_used() {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static DRAWN: AtomicUsize = AtomicUsize::new(0);
    #[derive(Debug)]
    struct CountingRandom;
    impl rustls::crypto::SecureRandom for CountingRandom {
        fn fill(&self, buf: &mut [u8]) -> Result<(), rustls::crypto::GetRandomFailed> {
            DRAWN.fetch_add(1, Ordering::SeqCst);
            rustls::crypto::aws_lc_rs::default_provider()
                .secure_random
                .fill(buf)
        }
    }
    let provider = rustls::crypto::CryptoProvider {
        secure_random: &CountingRandom,
        ..rustls::crypto::aws_lc_rs::default_provider()
    };
    provider
        .install_default()
        .expect("no provider was installed before this test");

    let (addr, accepted) = plain_http_server().await;
    let client = Client::with_credentials(
        Environment::Custom(format!("https://{addr}")),
        Credentials::new("t", "vclinic"),
    )
    .unwrap();
    let before = DRAWN.load(Ordering::SeqCst);
    let error = client.get_visit().id("12").send().await.unwrap_err();
    assert!(accepted() >= 1, "no TLS connection was made");
    assert!(matches!(error, Error::Communication { .. }), "{error:?}");
    assert!(
        DRAWN.load(Ordering::SeqCst) > before,
        "the handshake did not use the installed provider"
    );
}

/// A loopback server that answers every connection in plain HTTP, and how many it accepted.
async fn plain_http_server() -> (std::net::SocketAddr, impl Fn() -> usize) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use tokio::io::AsyncWriteExt;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&accepted);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\n\r\n").await;
        }
    });
    (addr, move || accepted.load(Ordering::SeqCst))
}
