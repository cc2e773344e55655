//! `Client::visits`: `list_visits` page after page as one stream, until a short page.

use std::num::NonZeroU64;

use futures_util::TryStreamExt;
use httpmock::prelude::*;
use serde_json::json;
use vsee_client::{Client, Credentials, Environment};

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
    let visits: Vec<_> = client
        .visits(NonZeroU64::new(2).unwrap())
        .try_collect()
        .await
        .expect("three pages");
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
    let result: Result<Vec<_>, _> = client.visits(NonZeroU64::MIN).try_collect().await;
    let error = result.expect_err("a 500 ends the stream");
    assert_eq!(error.operation(), "list_visits");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
}
