//! `clerk::admin_portal_link_token` against the mock.

use clerk::admin_portal_link_token;
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

const TOKEN_ID: &str = "aplt_f3b257ca3a221d9311790a852dc0e4df";

#[tokio::test]
async fn create_sends_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/admin_portal_link_tokens")
                .json_body(json!({
                    "organization_id": "org_2dtEZLfvwffWsUdOXktpxYG3JM8",
                    "it_contact_id": "it-contact-4411",
                    "scopes": ["admin_portal:read", "admin_portal:write"],
                    "seconds_until_expiration": 900
                }));
            then.status(201)
                .json_body(fixture("admin_portal_link_token"));
        })
        .await;
    let token = admin_portal_link_token::Client::new(&config(&server))
        .create(&admin_portal_link_token::CreateParams {
            organization_id: clerk::string("org_2dtEZLfvwffWsUdOXktpxYG3JM8"),
            it_contact_id: clerk::string("it-contact-4411"),
            scopes: Some(vec![
                "admin_portal:read".into(),
                "admin_portal:write".into(),
            ]),
            seconds_until_expiration: clerk::int64(900),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(token.id, TOKEN_ID);
    assert_eq!(token.token, "aplt_Hk3v9QpLw2ZtR8mXc4NbY7sJd1FgA6eU");
    assert_eq!(
        token.organization_id.as_deref(),
        Some("org_2dtEZLfvwffWsUdOXktpxYG3JM8")
    );
}

#[tokio::test]
async fn create_without_params_sends_the_default_lifetime() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/admin_portal_link_tokens")
                .json_body(json!({"seconds_until_expiration": 3600}));
            then.status(201).json_body(fixture_with(
                "admin_portal_link_token",
                json!({"organization_id": null, "it_contact_id": null, "scopes": null}),
            ));
        })
        .await;
    let token = admin_portal_link_token::Client::new(&config(&server))
        .create(&Default::default())
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(token.organization_id, None);
    assert_eq!(token.scopes, None);
}

#[tokio::test]
async fn revoke_sends_the_reason() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/admin_portal_link_tokens/{TOKEN_ID}/revoke"))
                .json_body(json!({"revocation_reason": "sent to the wrong contact"}));
            let mut revoked = fixture_with(
                "admin_portal_link_token",
                json!({"revoked": true, "revocation_reason": "sent to the wrong contact"}),
            );
            revoked.as_object_mut().unwrap().remove("token");
            then.status(200).json_body(revoked);
        })
        .await;
    let token = admin_portal_link_token::Client::new(&config(&server))
        .revoke(TOKEN_ID, Some("sent to the wrong contact"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(token.revoked);
    assert_eq!(
        token.revocation_reason.as_deref(),
        Some("sent to the wrong contact")
    );
}

#[tokio::test]
async fn malformed_values_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let tokens = admin_portal_link_token::Client::new(&config(&server));
    let err = tokens
        .create(&admin_portal_link_token::CreateParams {
            organization_id: clerk::string("acme"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = tokens
        .create(&admin_portal_link_token::CreateParams {
            seconds_until_expiration: clerk::int64(0),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = tokens.revoke("aplt_123", None).await.unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}
