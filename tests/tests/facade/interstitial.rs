//! `clerk::interstitial` against the mock.

use clerk::interstitial;
use httpmock::Method::GET;
use httpmock::MockServer;

use crate::support::{KEY, config};

const PAGE: &str = r#"<!DOCTYPE html><html><head><meta charset="UTF-8" /><script data-clerk-publishable-key="pk_test_Y2xlcmsuZXhhbXBsZS5jb20k" src="https://clerk.example.com/npm/@clerk/clerk-js@5/dist/clerk.browser.js" crossorigin="anonymous" async></script></head><body></body></html>"#;

#[tokio::test]
async fn get_sends_the_query_and_returns_the_html() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/public/interstitial")
                .query_param("publishable_key", "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")
                .query_param("sign_in_url", "https://example.com/sign-in?x=1&y=2")
                .query_param("use_domain_for_script", "false")
                .query_param_missing("frontend_api")
                .query_param_missing("domain")
                .header("accept", "text/html")
                .header("authorization", format!("Bearer {KEY}"))
                .header("clerk-api-version", clerk::raw::API_VERSION)
                .header_missing("content-type");
            then.status(200)
                .header("content-type", "text/html; charset=utf-8")
                .body(PAGE);
        })
        .await;
    let html = interstitial::Client::new(&config(&server))
        .get(&interstitial::GetParams {
            publishable_key: clerk::string("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k"),
            sign_in_url: clerk::string("https://example.com/sign-in?x=1&y=2"),
            use_domain_for_script: clerk::bool(false),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(html, PAGE);
}

#[tokio::test]
async fn without_params_no_query_is_sent_and_a_400_is_an_api_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/public/interstitial")
                .is_true(|req| req.uri().query().is_none());
            then.status(400).body("");
        })
        .await;
    let err = interstitial::Client::new(&config(&server))
        .get(&Default::default())
        .await
        .unwrap_err();
    mock.assert_async().await;
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(matches!(err, clerk::Error::Api(_)), "{err:?}");
}
