//! `clerk::allowlist_identifier` against the mock.

use clerk::allowlist_identifier as allowlist;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_identifier_and_notify() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/allowlist_identifiers")
                .header("content-type", "application/json")
                .json_body(json!({"identifier": "grace@example.com", "notify": true}));
            then.status(200).json_body(fixture("allowlist_identifier"));
        })
        .await;
    let a = allowlist::Client::new(&config(&server))
        .create(&allowlist::CreateParams {
            identifier: clerk::string("grace@example.com"),
            notify: clerk::bool(true),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(a.identifier.as_deref(), Some("grace@example.com"));
    assert_eq!(a.identifier_type.unwrap().to_string(), "email_address");
    assert_eq!(
        a.invitation_id.as_deref(),
        Some("inv_2abcINVITE0123456789xyzAB")
    );
}

#[tokio::test]
async fn list_asks_for_a_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/allowlist_identifiers")
                .query_param("paginated", "true")
                .query_param("limit", "50")
                .query_param("offset", "50");
            then.status(200)
                .json_body(json!({"data": [fixture("allowlist_identifier")], "total_count": 51}));
        })
        .await;
    let page = allowlist::Client::new(&config(&server))
        .list(&allowlist::ListParams {
            limit: clerk::int64(50),
            offset: clerk::int64(50),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 51);
    assert_eq!(page.data.len(), 1);
}

#[tokio::test]
async fn list_all_walks_the_pages() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (offset, n) in [(0, 2), (2, 1)] {
        let items: Vec<_> = (0..n)
            .map(|i| {
                fixture_with(
                    "allowlist_identifier",
                    json!({"id": format!("alid_{}", offset + i)}),
                )
            })
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/allowlist_identifiers")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": items, "total_count": 3}));
                })
                .await,
        );
    }
    let ids: Vec<Option<String>> = allowlist::Client::new(&config(&server))
        .list_all(&allowlist::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|a| a.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[2].as_deref(), Some("alid_2"));
    for page in pages {
        page.assert_async().await;
    }
}

#[tokio::test]
async fn delete_sends_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/allowlist_identifiers/alid_1")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(
                json!({"id": "alid_1", "object": "allowlist_identifier", "deleted": true}),
            );
        })
        .await;
    let d = allowlist::Client::new(&config(&server))
        .delete("alid_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(d.id.as_deref(), Some("alid_1"));
    assert!(d.deleted);
}
