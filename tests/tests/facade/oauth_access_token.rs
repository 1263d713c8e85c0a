//! `clerk::oauth_access_token` against the mock.

use clerk::oauth_access_token;
use clerk::types::VerifyOAuthAccessTokenResponse;
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{clerk_errors, config, fixture};

#[tokio::test]
async fn verify_sends_access_token_and_decodes_a_valid_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/oauth_applications/access_tokens/verify")
                .json_body(json!({"access_token": "oat_9fK2xQ7vLm3Rz8Tb4Wc1Yh6Jd0Fs5GpA"}));
            then.status(200).json_body(fixture("oauth_access_token"));
        })
        .await;
    let token = oauth_access_token::Client::new(&config(&server))
        .verify(Some("oat_9fK2xQ7vLm3Rz8Tb4Wc1Yh6Jd0Fs5GpA"))
        .await
        .unwrap();
    mock.assert_async().await;
    match token {
        VerifyOAuthAccessTokenResponse::Variant0(active) => {
            assert_eq!(active.subject, "user_2jGUMTHVh0u5IUdp9BTh2fGbSTP");
            assert_eq!(active.client_id, "client_26DS2E949Mm8JpWxubYsmN05nvY");
            assert_eq!(active.scopes, ["profile", "email"]);
            assert!(!active.expired);
        }
        other => panic!("expected an active token, got {other:?}"),
    }
}

#[tokio::test]
async fn an_expired_jwt_is_inactive_and_an_unknown_token_is_a_404() {
    let server = MockServer::start_async().await;
    let inactive = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/oauth_applications/access_tokens/verify")
                .json_body(json!({"access_token": "eyJhbGciOiJSUzI1NiJ9.expired.sig"}));
            then.status(200).json_body(json!({"active": false}));
        })
        .await;
    let unknown = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/oauth_applications/access_tokens/verify")
                .json_body(json!({"access_token": "oat_unknown"}));
            then.status(404)
                .json_body(clerk_errors("resource_not_found", "token not found"));
        })
        .await;
    let tokens = oauth_access_token::Client::new(&config(&server));
    let token = tokens
        .verify(Some("eyJhbGciOiJSUzI1NiJ9.expired.sig"))
        .await
        .unwrap();
    assert!(
        matches!(
            token,
            VerifyOAuthAccessTokenResponse::Variant1(ref inactive) if !inactive.active
        ),
        "{token:?}"
    );
    let err = tokens.verify(Some("oat_unknown")).await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    inactive.assert_async().await;
    unknown.assert_async().await;
}
