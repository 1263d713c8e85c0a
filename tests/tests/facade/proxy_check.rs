//! `clerk::proxy_check` against the mock.

use clerk::proxy_check;
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_domain_and_proxy_url() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/proxy_checks")
                .header("content-type", "application/json")
                .json_body(
                    json!({"domain_id": "dmn_1", "proxy_url": "https://example.com/__clerk"}),
                );
            then.status(200).json_body(fixture("proxy_check"));
        })
        .await;
    let check = proxy_check::Client::new(&config(&server))
        .create(&proxy_check::CreateParams {
            domain_id: clerk::string("dmn_1"),
            proxy_url: clerk::string("https://example.com/__clerk"),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(check.successful);
    assert_eq!(check.proxy_url, "https://example.com/__clerk");
    assert_eq!(check.last_run_at, Some(1716200000000));
}

#[tokio::test]
async fn a_failed_check_is_a_result_not_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/proxy_checks");
            then.status(200)
                .json_body(fixture_with("proxy_check", json!({"successful": false})));
        })
        .await;
    let check = proxy_check::Client::new(&config(&server))
        .create(&proxy_check::CreateParams {
            domain_id: clerk::string("dmn_1"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(!check.successful);
}
