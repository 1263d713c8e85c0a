//! `clerk::m2m_token` against the mock.

use clerk::{m2m_token, types};
use futures::TryStreamExt;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{clerk_errors, config, fixture, fixture_with};

const TOKEN_ID: &str = "mt_36762790bac950893a7936018ba8a3ec";
const MACHINE: &str = "mch_2lLoNcz3KbqXKrAy5US8wtiCSbV";
const SECRET: &str = "mt_secret_Qk8vN2pLx7Rz4Tb1Wc9Yh3Jd6Fs0Gm5A";

#[tokio::test]
async fn create_sends_the_fields_set_with_the_default_format() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/m2m_tokens")
                .header("authorization", "Bearer ak_machineSecretKey")
                .json_body(json!({
                    "token_format": "opaque",
                    "seconds_until_expiration": 3600,
                    "claims": {"job": "reindex"},
                    "min_remaining_ttl_seconds": 240
                }));
            then.status(201)
                .json_body(fixture_with("m2m_token", json!({"token": SECRET})));
        })
        .await;
    // Creating a token is authenticated with the machine's secret key.
    let machine = clerk::ClientConfig::new("ak_machineSecretKey").with_api_url(server.url("/v1"));
    let token = m2m_token::Client::new(&machine)
        .create(&m2m_token::CreateParams {
            seconds_until_expiration: clerk::int64(3600),
            claims: clerk::json(json!({"job": "reindex"})),
            min_remaining_ttl_seconds: clerk::int64(240),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(token.token, SECRET);
    assert_eq!(token.subject, MACHINE);
    assert_eq!(token.expiration, Some(1716886800000.0));
}

#[tokio::test]
async fn create_sends_a_format_newer_than_the_crate_as_given() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/m2m_tokens")
                .json_body_includes(r#"{"token_format": "paseto"}"#);
            then.status(201)
                .json_body(fixture_with("m2m_token", json!({"token": SECRET})));
        })
        .await;
    let format = types::CreateM2mTokenBodyTokenFormat::from("paseto");
    assert_eq!(
        format,
        types::CreateM2mTokenBodyTokenFormat::Unknown("paseto".into())
    );
    m2m_token::Client::new(&config(&server))
        .create(&m2m_token::CreateParams {
            token_format: Some(format),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn list_sends_filters_and_reads_m2m_tokens() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/m2m_tokens")
                .query_param("subject", MACHINE)
                .query_param("revoked", "true")
                .query_param("expired", "false")
                .query_param("limit", "20")
                .query_param_missing("offset");
            then.status(200).json_body(json!({
                "m2m_tokens": [fixture("m2m_token"), fixture_with("m2m_token", json!({"revoked": true}))],
                "total_count": 2
            }));
        })
        .await;
    let page = m2m_token::Client::new(&config(&server))
        .list(&m2m_token::ListParams {
            subject: clerk::string(MACHINE),
            revoked: clerk::bool(true),
            expired: clerk::bool(false),
            limit: clerk::int64(20),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 2);
    assert_eq!(page.data[0].id, TOKEN_ID);
    assert!(page.data[1].revoked);
}

#[tokio::test]
async fn list_all_walks_offsets() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (offset, n) in [(0, 2), (2, 1)] {
        let tokens: Vec<_> = (0..n)
            .map(|i| {
                fixture_with(
                    "m2m_token",
                    json!({"id": format!("mt_{:032x}", offset + i)}),
                )
            })
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/m2m_tokens")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"m2m_tokens": tokens, "total_count": 3}));
                })
                .await,
        );
    }
    let n = m2m_token::Client::new(&config(&server))
        .list_all(&m2m_token::ListParams {
            subject: clerk::string(MACHINE),
            limit: clerk::int64(2),
            ..Default::default()
        })
        .try_collect::<Vec<_>>()
        .await
        .unwrap()
        .len();
    assert_eq!(n, 3);
    for page in pages {
        page.assert_async().await;
    }
}

#[tokio::test]
async fn revoke_sends_the_reason() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/m2m_tokens/{TOKEN_ID}/revoke"))
                .json_body(json!({"revocation_reason": "job finished"}));
            then.status(200).json_body(fixture_with(
                "m2m_token",
                json!({"revoked": true, "revocation_reason": "job finished"}),
            ));
        })
        .await;
    let token = m2m_token::Client::new(&config(&server))
        .revoke(TOKEN_ID, Some("job finished"))
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(token.revoked);
}

#[tokio::test]
async fn verify_posts_the_token_and_an_invalid_one_is_an_api_error() {
    let server = MockServer::start_async().await;
    let valid = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/m2m_tokens/verify")
                .json_body(json!({"token": SECRET}));
            then.status(200).json_body(fixture("m2m_token"));
        })
        .await;
    let malformed = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/m2m_tokens/verify")
                .json_body(json!({"token": "not-a-token"}));
            then.status(400).json_body(clerk_errors(
                "form_param_format_invalid",
                "token is invalid",
            ));
        })
        .await;
    let tokens = m2m_token::Client::new(&config(&server));
    let token = tokens.verify(SECRET).await.unwrap();
    assert_eq!(token.subject, MACHINE);
    assert_eq!(token.claims.as_ref().unwrap()["job"], "reindex");
    let err = tokens.verify("not-a-token").await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
    valid.assert_async().await;
    malformed.assert_calls_async(1).await;
}
