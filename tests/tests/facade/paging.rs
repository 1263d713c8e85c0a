//! Walking every page: the same limits as `list`, and no endless walk.

use clerk::{Error, organization};
use futures::{StreamExt, TryStreamExt};
use httpmock::Method::GET;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture};

#[tokio::test]
async fn list_all_refuses_the_limits_list_refuses() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let orgs = organization::Client::new(&config(&server));
    for limit in [0, -5] {
        let params = organization::ListParams {
            limit: clerk::int64(limit),
            ..Default::default()
        };
        let listed = orgs.list(&params).await.unwrap_err();
        let walked = orgs
            .list_all(&params)
            .next()
            .await
            .expect("an item")
            .unwrap_err();
        assert!(matches!(listed, Error::InvalidRequest(_)), "{listed:?}");
        assert_eq!(walked.to_string(), listed.to_string());
    }
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn a_server_ignoring_offset_ends_the_walk_with_an_error() {
    let server = MockServer::start_async().await;
    // Every offset gets the first page back.
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/organizations");
            then.status(200).json_body(json!({
                "data": [fixture("organization"), fixture("organization")],
                "total_count": 1000
            }));
        })
        .await;
    let walk = organization::Client::new(&config(&server)).list_all(&organization::ListParams {
        limit: clerk::int64(2),
        ..Default::default()
    });
    let err = walk.try_collect::<Vec<_>>().await.unwrap_err();
    assert!(
        matches!(&err, Error::InvalidRequest(m) if m.contains("offset")),
        "{err:?}"
    );
    mock.assert_calls_async(2).await;
}
