//! `clerk::svix_webhook` against the mock.

use clerk::svix_webhook;
use httpmock::Method::{DELETE, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::config;

const SVIX_URL: &str = "https://app.svix.com/app-portal/login#key=eyJhcHBJZCI6ImFwcF8yYWJjIn0";

#[tokio::test]
async fn create_and_refresh_url_send_no_body() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/webhooks/svix")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(json!({"svix_url": SVIX_URL}));
        })
        .await;
    let refresh = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/webhooks/svix_url")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"svix_url": format!("{SVIX_URL}2")}));
        })
        .await;
    let svix = svix_webhook::Client::new(&config(&server));
    assert_eq!(svix.create().await.unwrap().svix_url, SVIX_URL);
    assert_eq!(
        svix.refresh_url().await.unwrap().svix_url,
        format!("{SVIX_URL}2")
    );
    create.assert_async().await;
    refresh.assert_async().await;
}

#[tokio::test]
async fn delete_takes_no_content() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/webhooks/svix")
                .body("")
                .header_missing("content-type");
            then.status(204);
        })
        .await;
    svix_webhook::Client::new(&config(&server))
        .delete()
        .await
        .unwrap();
    mock.assert_async().await;
}
