//! `clerk::authenticate_request` against FakeClerk: the API keys, M2M tokens and OAuth
//! access tokens the fake issued sign in through its verify endpoints, as they would
//! against Clerk, and stop signing in once revoked; tokens it never issued do not.

use axum::http::HeaderMap;
use clerk::testing::{FAKE_SECRET_KEY, FakeClerk};
use clerk::{Auth, AuthenticateOptions, RequestState, TokenKind, authenticate_request};
use serde_json::{Value, json};

async fn post(fake: &FakeClerk, path: &str, body: Value, key: &str) -> Value {
    let response = reqwest::Client::new()
        .post(format!("{}{path}", fake.url()))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body = response.bytes().await.unwrap();
    assert!(
        status.is_success(),
        "{path}: {status} {}",
        String::from_utf8_lossy(&body)
    );
    serde_json::from_slice(&body).unwrap_or(Value::Null)
}

async fn get(fake: &FakeClerk, path: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{}{path}", fake.url()))
        .bearer_auth(FAKE_SECRET_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn bearer(token: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert("authorization", format!("Bearer {token}").parse().unwrap());
    headers
}

fn options(fake: &FakeClerk) -> AuthenticateOptions {
    AuthenticateOptions::new(fake.verify_params())
        .accepts_token([
            TokenKind::ApiKey,
            TokenKind::M2mToken,
            TokenKind::OAuthToken,
        ])
        .machine_config(fake.config())
}

async fn auth(fake: &FakeClerk, token: &str) -> Option<Auth> {
    match authenticate_request(&bearer(token), &options(fake)).await {
        RequestState::SignedIn(auth) => Some(auth),
        _ => None,
    }
}

#[tokio::test]
async fn api_keys_the_fake_issued_sign_in_until_revoked() {
    let fake = FakeClerk::start().await;
    let user = post(
        &fake,
        "/users",
        json!({"email_address": ["ada@example.com"]}),
        FAKE_SECRET_KEY,
    )
    .await;
    let key = post(
        &fake,
        "/api_keys",
        json!({"name": "ci-deploy", "subject": user["id"], "scopes": ["read"]}),
        FAKE_SECRET_KEY,
    )
    .await;
    let secret = get(
        &fake,
        &format!("/api_keys/{}/secret", key["id"].as_str().unwrap()),
    )
    .await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    match auth(&fake, &secret).await {
        Some(Auth::ApiKey(k)) => {
            assert_eq!(k.id, key["id"].as_str().unwrap());
            assert_eq!(k.subject, user["id"].as_str().unwrap());
            assert_eq!(k.name, "ci-deploy");
        }
        other => panic!("{other:?}"),
    }
    // A key of the same shape the fake never issued does not sign in.
    let forged = format!("ak_{}", "0".repeat(32));
    assert!(auth(&fake, &forged).await.is_none());
    post(
        &fake,
        &format!("/api_keys/{}/revoke", key["id"].as_str().unwrap()),
        json!({"revocation_reason": "leaked"}),
        FAKE_SECRET_KEY,
    )
    .await;
    assert!(auth(&fake, &secret).await.is_none(), "revoked");
}

#[tokio::test]
async fn m2m_and_oauth_tokens_the_fake_issued_sign_in_until_revoked() {
    let fake = FakeClerk::start().await;
    // An M2M token, created with its machine's secret key as Clerk requires.
    let machine = post(
        &fake,
        "/machines",
        json!({"name": "worker"}),
        FAKE_SECRET_KEY,
    )
    .await;
    let machine_id = machine["id"].as_str().unwrap().to_string();
    let machine_key = get(&fake, &format!("/machines/{machine_id}/secret_key")).await["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let m2m = post(&fake, "/m2m_tokens", json!({}), &machine_key).await;
    let token = m2m["token"].as_str().unwrap().to_string();
    match auth(&fake, &token).await {
        Some(Auth::M2mToken(t)) => assert_eq!(t.subject, machine_id),
        other => panic!("{other:?}"),
    }
    post(
        &fake,
        &format!("/m2m_tokens/{}/revoke", m2m["id"].as_str().unwrap()),
        json!({}),
        FAKE_SECRET_KEY,
    )
    .await;
    assert!(auth(&fake, &token).await.is_none(), "revoked M2M token");

    // An OAuth access token of an application the fake keeps.
    let user = post(
        &fake,
        "/users",
        json!({"email_address": ["grace@example.com"]}),
        FAKE_SECRET_KEY,
    )
    .await;
    let app = post(
        &fake,
        "/oauth_applications",
        json!({"name": "Partner", "redirect_uris": ["https://partner.example.com/cb"]}),
        FAKE_SECRET_KEY,
    )
    .await;
    let client_id = app["client_id"].as_str().unwrap();
    let user_id = user["id"].as_str().unwrap();
    let access = fake.oauth_access_token(client_id, user_id, &["profile", "email"]);
    match auth(&fake, &access).await {
        Some(Auth::OAuthToken(t)) => {
            assert_eq!(
                (t.subject.as_str(), t.client_id.as_str()),
                (user_id, client_id)
            );
            assert_eq!(t.scopes, ["profile", "email"]);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        auth(&fake, "oat_notissuedbythefake0000000000")
            .await
            .is_none()
    );
    post(
        &fake,
        &format!(
            "/oauth_applications/{}/revoke_token",
            app["id"].as_str().unwrap()
        ),
        json!({"token": access}),
        FAKE_SECRET_KEY,
    )
    .await;
    assert!(auth(&fake, &access).await.is_none(), "revoked OAuth token");
}
