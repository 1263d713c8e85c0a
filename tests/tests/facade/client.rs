//! `clerk::client` against the mock.

use clerk::client;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture};

#[tokio::test]
async fn list_asks_for_a_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/clients")
                .query_param("paginated", "true")
                .query_param("limit", "1")
                .query_param_missing("offset");
            then.status(200)
                .json_body(json!({"data": [fixture("client")], "total_count": 12}));
        })
        .await;
    let page = client::Client::new(&config(&server))
        .list(&client::ListParams {
            limit: clerk::int64(1),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 12);
    let c = &page.data[0];
    assert_eq!(c.id, "client_2abcCLIENT0123456789xyz");
    assert_eq!(c.sessions[0].id, c.session_ids[0]);
    assert_eq!(
        c.last_authentication_strategy.as_deref(),
        Some("oauth_google")
    );
}

#[tokio::test]
async fn verify_sends_the_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/clients/verify")
                .header("content-type", "application/json")
                .json_body(json!({"token": "eyJclient.jwt.sig"}));
            then.status(200).json_body(fixture("client"));
        })
        .await;
    let c = client::Client::new(&config(&server))
        .verify("eyJclient.jwt.sig")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(
        c.last_active_session_id.as_deref(),
        Some("sess_2abcSESSION0123456789xyz")
    );
}

#[tokio::test]
async fn get_decodes_the_client_with_its_sessions() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/clients/client_1")
                .header_missing("content-type");
            then.status(200).json_body(fixture("client"));
        })
        .await;
    let c = client::Client::new(&config(&server))
        .get("client_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(c.sessions.len(), 1);
    assert_eq!(c.sessions[0].status.to_string(), "active");
    assert!(c.sign_in_id.is_none());
}
