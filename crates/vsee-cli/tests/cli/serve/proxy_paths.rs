//! The proxy forwards only paths under the upstream's base (issue 21: `/../../../secret`
//! reached the upstream as `/secret`, with the caller's token), and answers an upstream that
//! fails with 502, one that is too slow with 504.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::support::Server;
use super::upstream::{get, raw, response, Step, Upstream};

const TOKEN: &str = "tok-CANARY-PATH-4411";

fn api_error(body: &[u8], status: u16) -> String {
    let value: Value = serde_json::from_slice(body).expect("an ApiError body");
    assert_eq!(value["code"], status, "{value}");
    value["message"].as_str().expect("a message").to_owned()
}

#[tokio::test]
async fn escaping_targets_are_refused_locally_and_never_reach_the_upstream() {
    let upstream = Upstream::start("/vc/next/api_v3", |_| {
        response(200, &[("content-type", "application/json")], b"{}")
    })
    .await;
    let proxy = Server::start(&["proxy", "--upstream", &upstream.base]);

    let escapes = [
        "/../../../secret",
        "/visits/%2e%2e/%2e%2e/%2e%2e/secret2",
        "/visits/.%2E/%2e./..",
        "/visits/..%2f..%2f..%2fsecret3",
        "/visits/..%5c..%5csecret4",
        "/visits/%00/secret5",
        "/visits/%zz",
        "http://evil.test/secret6",
        "http://127.0.0.1:9/vc/next/api_v3/visits",
    ];
    for target in escapes {
        let answer = raw(&proxy.base, &get(target, TOKEN)).await;
        assert_eq!(answer.status, 400, "{target}: {}", answer.head);
        assert!(
            answer
                .head
                .to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{target}: {}",
            answer.head
        );
        let message = api_error(&answer.body, 400);
        assert!(
            !message.contains("secret") && !message.contains("evil"),
            "{message}"
        );
    }
    // Bytes no parser lets through are refused too (by the proxy or by hyper itself).
    for target in ["//evil.test/secret7", "/visits/..\\..\\secret8", "*"] {
        let answer = raw(&proxy.base, &get(target, TOKEN)).await;
        assert_eq!(answer.status, 400, "{target}: {}", answer.head);
    }
    assert!(
        upstream.seen().is_empty(),
        "forwarded: {:?}",
        upstream.seen()
    );

    // Paths under the base still go through, dot segments resolved inside it.
    for (target, reached) in [
        ("/visits/7727", "/vc/next/api_v3/visits/7727"),
        (
            "/visits/../intakes/./x?page=2",
            "/vc/next/api_v3/intakes/x?page=2",
        ),
        ("/@evil.test/x", "/vc/next/api_v3/@evil.test/x"),
    ] {
        let answer = raw(&proxy.base, &get(target, TOKEN)).await;
        assert_eq!(answer.status, 200, "{target}: {}", answer.head);
        let last = upstream.seen().pop().expect("forwarded");
        assert_eq!(last.target, reached);
        assert_eq!(last.header("x-apitoken"), Some(TOKEN));
        assert!(last
            .header("host")
            .is_some_and(|h| h.starts_with("127.0.0.1:")));
    }
    let (status, log) = proxy.terminate();
    assert!(status.success(), "{log}");
    assert!(log.contains("refused, not forwarded"), "{log}");
    for secret in ["secret", "evil", TOKEN] {
        assert!(!log.contains(secret), "`{secret}` in the log:\n{log}");
    }
}

#[tokio::test]
async fn a_slow_upstream_gets_504_and_a_failing_one_502() {
    let slow = Upstream::start("/api", |_| vec![Step::Hang]).await;
    let proxy = Server::start(&["proxy", "--upstream", &slow.base, "--upstream-timeout", "1"]);
    let started = Instant::now();
    let answer = raw(&proxy.base, &get("/visits/7727", TOKEN)).await;
    assert_eq!(answer.status, 504, "{}", answer.head);
    let message = api_error(&answer.body, 504);
    assert!(message.contains("--upstream-timeout"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(proxy);

    // Nothing listens there any more: the connection is refused.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr")
    };
    let proxy = Server::start(&["proxy", "--upstream", &format!("http://{closed}/api")]);
    let answer = raw(&proxy.base, &get("/visits/7727?name=CANARY-Q", TOKEN)).await;
    assert_eq!(answer.status, 502, "{}", answer.head);
    let message = api_error(&answer.body, 502);
    assert!(
        !message.contains("CANARY") && !message.contains(TOKEN),
        "{message}"
    );
    let (_, log) = proxy.terminate();
    assert!(!log.contains("CANARY"), "{log}");
}
