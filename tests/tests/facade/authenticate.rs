//! `clerk::authenticate_request`: where the token comes from, which kinds are accepted,
//! and machine tokens verified through their BAPI endpoints (httpmock).

use std::sync::Arc;

use axum::http::HeaderMap;
use clerk::jwt::{Reason, VerifyParams};
use clerk::testing::{TestClock, TokenIssuer};
use clerk::{
    Auth, AuthenticateOptions, RequestState, SignedOutReason, TokenKind, authenticate_request,
};
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{KEY, clerk_errors, config, fixture, fixture_with};

const API_KEY: &str = "ak_live_7Hq2Lw9XzP4rT1vB8nM3cK6dF0sJ5yG2";
const M2M_TOKEN: &str = "mt_2xKa9bq8XrTnP5vW3cL7mD4fJ6hZ1sYe";
const OAUTH_TOKEN: &str = "oat_9fK2xQ7vLm3Rz8Tb4Wc1Yh6Jd0Fs5GpA";

/// The path of an operation, from the generated client's table (`/v1` + template).
fn path_of(operation_id: &str) -> String {
    let (_, method, template) = clerk::raw::OPERATIONS
        .iter()
        .find(|(id, _, _)| *id == operation_id)
        .unwrap_or_else(|| panic!("{operation_id} is not an operation"));
    assert_eq!(*method, "POST", "{operation_id}");
    format!("/v1{template}")
}

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (name, value) in pairs {
        h.append(
            axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    h
}

fn session_options(issuer: &TokenIssuer) -> AuthenticateOptions {
    AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()))
}

fn signed_out(state: RequestState) -> SignedOutReason {
    match state {
        RequestState::SignedOut(reason) => reason,
        other => panic!("expected signed out, got {other:?}"),
    }
}

fn signed_in(state: RequestState) -> Auth {
    match state {
        RequestState::SignedIn(auth) => auth,
        other => panic!("expected signed in, got {other:?}"),
    }
}

#[tokio::test]
async fn a_session_token_in_the_authorization_header_signs_in() {
    let issuer = TokenIssuer::new();
    let token = issuer
        .session_token("user_1")
        .organization("org_1", "acme", "admin", &["org:invoices:read"])
        .sign();
    let state = authenticate_request(
        &headers(&[("authorization", &format!("Bearer {token}"))]),
        &session_options(&issuer),
    )
    .await;
    assert!(state.is_signed_in());
    assert_eq!(
        state
            .auth()
            .and_then(Auth::session)
            .map(|c| c.subject.as_str()),
        Some("user_1")
    );
    let claims = signed_in(state).session().cloned().expect("a session");
    assert!(claims.has_permission("org:invoices:read"));
    assert_eq!(claims.organization().map(|o| o.id.as_str()), Some("org_1"));
}

#[tokio::test]
async fn a_session_token_in_the_session_cookie_signs_in_and_the_header_wins() {
    let issuer = TokenIssuer::new();
    let options = session_options(&issuer);
    let from_cookie = issuer.session_token("user_cookie").sign();
    let cookie = format!("theme=dark; __session={from_cookie}; other=1; __client_uat=1");
    let auth = signed_in(authenticate_request(&headers(&[("cookie", &cookie)]), &options).await);
    assert_eq!(auth.session().unwrap().subject, "user_cookie");

    let from_header = issuer.session_token("user_header").sign();
    let both = headers(&[
        ("authorization", &format!("Bearer {from_header}")),
        ("cookie", &cookie),
    ]);
    let auth = signed_in(authenticate_request(&both, &options).await);
    assert_eq!(
        auth.session().unwrap().subject,
        "user_header",
        "the Authorization header comes first"
    );
}

#[tokio::test]
async fn no_token_is_signed_out_as_a_signed_out_browser() {
    // Clerk's JS SDK: no bearer token, no session cookie and no `__client_uat`.
    let issuer = TokenIssuer::new();
    let options = session_options(&issuer);
    for h in [
        HeaderMap::new(),
        headers(&[("authorization", "Basic dXNlcjpwYXNz")]),
        headers(&[("cookie", "__session=; __client_uat=0")]),
    ] {
        let reason = signed_out(authenticate_request(&h, &options).await);
        assert!(
            matches!(
                reason,
                SignedOutReason::Cookie(clerk::CookieReason::SessionTokenAndUatMissing)
            ),
            "{h:?}: {reason:?}"
        );
        assert_eq!(reason.code(), "session-token-and-uat-missing");
    }
    // A route that takes machine tokens only: no token.
    let machines = session_options(&issuer).accepts_token([clerk::TokenKind::ApiKey]);
    let reason = signed_out(authenticate_request(&HeaderMap::new(), &machines).await);
    assert!(matches!(reason, SignedOutReason::NoToken), "{reason:?}");
}

#[tokio::test]
async fn an_invalid_session_token_says_why() {
    let issuer = TokenIssuer::new();
    let clock = TestClock::now();
    let options =
        AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()).clock(clock.clone()));
    let expired = issuer.session_token_at("user_1", clock.as_ref()).sign();
    clock.advance(3600);
    let forger = TokenIssuer::new();
    // Another key: under the real key's id its signature fails; under its own id the key is unknown.
    let forged = forger
        .session_token_at("user_1", clock.as_ref())
        .header("kid", issuer.kid())
        .sign();
    let stranger = forger.session_token_at("user_1", clock.as_ref()).sign();
    for (token, want) in [
        (expired.as_str(), Reason::Expired),
        (forged.as_str(), Reason::InvalidSignature),
        (stranger.as_str(), Reason::UnknownKey),
        ("not.a.jwt", Reason::Malformed),
    ] {
        let reason = signed_out(
            authenticate_request(
                &headers(&[("authorization", &format!("Bearer {token}"))]),
                &options,
            )
            .await,
        );
        match &reason {
            SignedOutReason::InvalidSessionToken(e) => assert_eq!(e.reason(), want, "{e}"),
            other => panic!("expected an invalid session token, got {other:?}"),
        }
        assert!(reason.to_string().contains(want.code()), "{reason}");
    }
}

#[tokio::test]
async fn machine_tokens_are_not_accepted_by_default_and_nothing_is_sent() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let issuer = TokenIssuer::new();
    let options = session_options(&issuer).machine_config(config(&server));
    for (token, kind) in [
        (API_KEY, TokenKind::ApiKey),
        (M2M_TOKEN, TokenKind::M2mToken),
        (OAUTH_TOKEN, TokenKind::OAuthToken),
    ] {
        let reason = signed_out(
            authenticate_request(
                &headers(&[("authorization", &format!("Bearer {token}"))]),
                &options,
            )
            .await,
        );
        assert!(
            matches!(reason, SignedOutReason::TokenTypeNotAccepted(k) if k == kind),
            "{token}: {reason:?}"
        );
    }
    // A route for API keys only refuses session tokens.
    let keys_only = session_options(&issuer)
        .accepts_token([TokenKind::ApiKey])
        .machine_config(config(&server));
    let session = issuer.session_token("user_1").sign();
    let reason = signed_out(
        authenticate_request(
            &headers(&[("authorization", &format!("Bearer {session}"))]),
            &keys_only,
        )
        .await,
    );
    assert!(
        matches!(
            reason,
            SignedOutReason::TokenTypeNotAccepted(TokenKind::Session)
        ),
        "{reason:?}"
    );
    any.assert_calls_async(0).await;
}

/// Options accepting every kind, verifying machine tokens with the mock.
fn any_token(server: &MockServer) -> AuthenticateOptions {
    session_options(&TokenIssuer::new())
        .accepts_any_token()
        .machine_config(config(server))
}

#[tokio::test]
async fn an_api_key_is_verified_with_the_api() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path_of("verifyApiKey"))
                .header("authorization", format!("Bearer {KEY}"))
                .json_body(json!({"secret": API_KEY}));
            then.status(200).json_body(fixture("api_key"));
        })
        .await;
    let auth = signed_in(
        authenticate_request(
            &headers(&[("authorization", &format!("Bearer {API_KEY}"))]),
            &any_token(&server),
        )
        .await,
    );
    mock.assert_async().await;
    match auth {
        Auth::ApiKey(key) => {
            assert_eq!(key.subject, "user_2jGUMTHVh0u5IUdp9BTh2fGbSTP");
            assert_eq!(key.scopes, ["invoices:read", "customers:read"]);
            assert_eq!(
                (key.id.as_str(), key.name.as_str()),
                ("ak_f0175eff8002b9851c088e7d38da2266", "invoice-exporter")
            );
            assert_eq!(key.claims.as_ref().unwrap()["tenant"], "acme");
            assert_eq!(key.last_used_at, Some(1_716_969_600_000));
            // The key's secret is not part of what a handler sees.
            assert!(!format!("{key:?}").contains(API_KEY));
        }
        other => panic!("expected an API key, got {other:?}"),
    }
}

#[tokio::test]
async fn an_m2m_token_is_verified_with_the_api() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path_of("verifyM2MToken"))
                .json_body(json!({"token": M2M_TOKEN}));
            then.status(200).json_body(fixture("m2m_token"));
        })
        .await;
    let auth = signed_in(
        authenticate_request(
            &headers(&[("authorization", &format!("Bearer {M2M_TOKEN}"))]),
            &any_token(&server),
        )
        .await,
    );
    mock.assert_async().await;
    match auth {
        Auth::M2mToken(token) => {
            assert_eq!(token.subject, "mch_2lLoNcz3KbqXKrAy5US8wtiCSbV");
            assert_eq!(token.claims.as_ref().unwrap()["job"], "reindex");
        }
        other => panic!("expected an M2M token, got {other:?}"),
    }
    assert!(auth_is_not_a_session(&server, M2M_TOKEN).await);
}

/// `Auth::session` is None for machine tokens.
async fn auth_is_not_a_session(server: &MockServer, token: &str) -> bool {
    let state = authenticate_request(
        &headers(&[("authorization", &format!("Bearer {token}"))]),
        &any_token(server),
    )
    .await;
    state.is_signed_in() && state.auth().unwrap().session().is_none()
}

#[tokio::test]
async fn an_oauth_access_token_is_verified_with_the_api() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path_of("verifyOAuthAccessToken"))
                .json_body(json!({"access_token": OAUTH_TOKEN}));
            then.status(200).json_body(fixture("oauth_access_token"));
        })
        .await;
    let auth = signed_in(
        authenticate_request(
            &headers(&[("authorization", &format!("Bearer {OAUTH_TOKEN}"))]),
            &any_token(&server),
        )
        .await,
    );
    mock.assert_async().await;
    match auth {
        Auth::OAuthToken(token) => {
            assert_eq!(token.subject, "user_2jGUMTHVh0u5IUdp9BTh2fGbSTP");
            assert_eq!(token.scopes, ["profile", "email"]);
            assert_eq!(token.client_id, "client_26DS2E949Mm8JpWxubYsmN05nvY");
            assert_eq!(token.expiration, Some(1_716_890_400_000));
        }
        other => panic!("expected an active OAuth token, got {other:?}"),
    }
}

#[tokio::test]
async fn an_inactive_or_revoked_machine_token_is_signed_out() {
    let server = MockServer::start_async().await;
    // The API may answer 200 {"active": false} for an expired JWT access token.
    server
        .mock_async(|when, then| {
            when.method(POST).path(path_of("verifyOAuthAccessToken"));
            then.status(200).json_body(json!({"active": false}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(path_of("verifyApiKey"));
            then.status(200).json_body(fixture_with(
                "api_key",
                json!({"revoked": true, "revocation_reason": "leaked"}),
            ));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(path_of("verifyM2MToken"));
            then.status(200)
                .json_body(fixture_with("m2m_token", json!({"expired": true})));
        })
        .await;
    for token in [OAUTH_TOKEN, API_KEY, M2M_TOKEN] {
        let state = authenticate_request(
            &headers(&[("authorization", &format!("Bearer {token}"))]),
            &any_token(&server),
        )
        .await;
        let reason = signed_out(state);
        assert!(
            matches!(reason, SignedOutReason::InactiveMachineToken(_)),
            "{token}: {reason:?}"
        );
    }
}

#[tokio::test]
async fn a_404_from_a_verify_endpoint_is_an_invalid_machine_token() {
    let server = MockServer::start_async().await;
    let mocks = [
        server
            .mock_async(|when, then| {
                when.method(POST).path(path_of("verifyApiKey"));
                then.status(404)
                    .json_body(clerk_errors("resource_not_found", "API key not found"));
            })
            .await,
        server
            .mock_async(|when, then| {
                when.method(POST).path(path_of("verifyM2MToken"));
                then.status(404)
                    .json_body(clerk_errors("resource_not_found", "token not found"));
            })
            .await,
        server
            .mock_async(|when, then| {
                when.method(POST).path(path_of("verifyOAuthAccessToken"));
                then.status(404)
                    .json_body(clerk_errors("resource_not_found", "token not found"));
            })
            .await,
    ];
    for token in [API_KEY, M2M_TOKEN, OAUTH_TOKEN] {
        let reason = signed_out(
            authenticate_request(
                &headers(&[("authorization", &format!("Bearer {token}"))]),
                &any_token(&server),
            )
            .await,
        );
        match &reason {
            SignedOutReason::InvalidMachineToken(e) => {
                assert!(e.is_not_found(), "{e:?}");
                assert_eq!(e.api().and_then(|a| a.code()), Some("resource_not_found"));
            }
            other => panic!("{token}: expected an invalid machine token, got {other:?}"),
        }
    }
    for mock in mocks {
        mock.assert_calls_async(1).await; // a 404 is not retried
    }
}

#[tokio::test]
async fn a_machine_token_in_the_cookie_is_refused_without_a_request() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let options = any_token(&server);
    for token in [API_KEY, M2M_TOKEN, OAUTH_TOKEN] {
        let reason = signed_out(
            authenticate_request(
                &headers(&[("cookie", &format!("__session={token}; __client_uat=1"))]),
                &options,
            )
            .await,
        );
        assert!(
            matches!(reason, SignedOutReason::MachineTokenInCookie),
            "{token}: {reason:?}"
        );
    }
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn the_options_are_shareable_across_tasks() {
    let issuer = TokenIssuer::new();
    let options = Arc::new(session_options(&issuer));
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let options = options.clone();
            let token = issuer.session_token(&format!("user_{i}")).sign();
            tokio::spawn(async move {
                let state = authenticate_request(
                    &headers(&[("authorization", &format!("Bearer {token}"))]),
                    &options,
                )
                .await;
                state
                    .auth()
                    .and_then(Auth::session)
                    .map(|c| c.subject.clone())
            })
        })
        .collect();
    for (i, task) in tasks.into_iter().enumerate() {
        assert_eq!(task.await.unwrap(), Some(format!("user_{i}")));
    }
}
