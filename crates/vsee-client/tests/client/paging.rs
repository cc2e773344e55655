//! `Client::visits`: `list_visits` page after page as one stream, until a short page.

use httpmock::prelude::*;
use serde_json::json;
use vsee_client::{Client, Credentials, Environment, StreamExt, TryStreamExt};

#[tokio::test]
async fn visits_streams_every_page_until_a_short_one() {
    let server = MockServer::start_async().await;
    let visit = |id: &str| json!({"id": id, "status": 30});
    let mut mocks = Vec::new();
    for (page, ids) in [
        ("1", vec!["1", "2"]),
        ("2", vec!["3", "4"]),
        ("3", vec!["5"]),
    ] {
        let data: Vec<_> = ids.iter().map(|id| visit(id)).collect();
        mocks.push(
            server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path("/visits")
                        .query_param("page", page)
                        .query_param("limit", "2");
                    then.status(200)
                        .header("content-type", "application/json")
                        .json_body(json!({"data": data}));
                })
                .await,
        );
    }
    let client = Client::with_credentials(
        Environment::Custom(server.base_url()),
        Credentials::new("t", "vclinic"),
    )
    .unwrap();
    let visits: Vec<_> = client.visits(2).try_collect().await.expect("three pages");
    let ids: Vec<_> = visits
        .iter()
        .map(|v| v.id.as_ref().map(|id| id.as_str().to_owned()))
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"].map(|id| Some(id.to_owned())));
    for mock in mocks {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/visits");
            then.status(500)
                .header("content-type", "application/json")
                .json_body(json!({"code": 500, "message": "down"}));
        })
        .await;
    let client = Client::with_credentials(
        Environment::Custom(server.base_url()),
        Credentials::new("t", "vclinic"),
    )
    .unwrap();
    let result: Result<Vec<_>, _> = client.visits(1).try_collect().await;
    let error = result.expect_err("a 500 ends the stream");
    assert_eq!(error.operation(), "list_visits");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
}

/// The stream is read with `.next()`/`.try_next()` as it is (no `pin!`), from the traits this
/// crate re-exports, and can be sent to another task.
#[tokio::test]
async fn the_stream_is_read_without_pinning_and_is_send() {
    fn send_and_unpin<T: Send + Unpin>(_: &T) {}
    let server = MockServer::start_async().await;
    let page = server
        .mock_async(|when, then| {
            when.method(GET).path("/visits").query_param("limit", "50");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({"data": [{"id": "7", "status": 30}]}));
        })
        .await;
    let client = Client::with_credentials(
        Environment::Custom(server.base_url()),
        Credentials::new("t", "vclinic"),
    )
    .unwrap();
    let mut visits = client.visits(50);
    send_and_unpin(&visits);
    let first = visits.try_next().await.expect("a page").expect("a visit");
    assert_eq!(first.id.as_ref().map(|id| id.as_str()), Some("7"));
    // A short page was the last one.
    assert!(visits.next().await.is_none());
    drop(visits);
    page.assert_calls_async(1).await;

    let client = std::sync::Arc::new(client);
    let task = tokio::spawn(async move { client.visits(50).try_collect::<Vec<_>>().await });
    assert_eq!(
        task.await.expect("the task runs").expect("one page").len(),
        1
    );
}

/// `list_visits` requires `limit >= 1`: `visits(0)` is one `InvalidRequest` that says so, and
/// nothing is sent.
#[tokio::test]
async fn a_page_size_of_zero_is_one_error_and_sends_nothing() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200);
        })
        .await;
    let client = Client::with_credentials(
        Environment::Custom(server.base_url()),
        Credentials::new("t", "vclinic"),
    )
    .unwrap();
    let items: Vec<_> = client.visits(0).collect().await;
    let [Err(error)] = items.as_slice() else {
        panic!("expected one error, got {} items", items.len());
    };
    assert!(
        matches!(error, vsee_client::Error::InvalidRequest { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "list_visits: invalid request, nothing sent: invalid `limit` (`NonZeroU64`): it must be \
         at least 1 (`minimum: 1`)"
    );
    any.assert_calls_async(0).await;
}
