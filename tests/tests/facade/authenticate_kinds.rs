//! `clerk::authenticate_request` telling kinds of tokens apart as Clerk's JS SDK does:
//! pending sessions, machine tokens in JWT form (M2M, OAuth), and a verify endpoint that
//! refuses this server's own secret key.

use axum::http::HeaderMap;
use clerk::jwt::{self, Reason, VerifyParams};
use clerk::testing::TokenIssuer;
use clerk::{
    Auth, AuthenticateOptions, RequestState, SignedOutReason, TokenKind, authenticate_request,
};
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{clerk_errors, config};

fn bearer(token: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("authorization", format!("Bearer {token}").parse().unwrap());
    h
}

fn cookie(token: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        "cookie",
        format!("__session={token}; __client_uat=1")
            .parse()
            .unwrap(),
    );
    h
}

fn options(issuer: &TokenIssuer) -> AuthenticateOptions {
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

/// A mock that must see no request: machine JWTs are verified locally.
async fn no_calls(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|_, then| {
            then.status(500);
        })
        .await
}

#[tokio::test]
async fn pending_sessions_are_signed_out_unless_accepted() {
    let issuer = TokenIssuer::new();
    let pending = issuer
        .session_token("user_1")
        .claim("sts", "pending")
        .sign();
    match signed_out(authenticate_request(&bearer(&pending), &options(&issuer)).await) {
        SignedOutReason::PendingSession(claims) => {
            assert_eq!(claims.subject, "user_1");
            assert!(claims.is_pending());
        }
        other => panic!("{other:?}"),
    }
    // The token itself is genuine: `jwt::verify` returns it, like JS `verifyToken`.
    let claims = jwt::verify(&pending, options(&issuer).verify_params())
        .await
        .unwrap();
    assert!(claims.is_pending());
    // Routes that guide users through their task accept them.
    let accepting = options(&issuer).accept_pending_sessions(true);
    let auth = signed_in(authenticate_request(&bearer(&pending), &accepting).await);
    assert!(auth.session().unwrap().is_pending());
    let active = issuer.session_token("user_1").claim("sts", "active").sign();
    signed_in(authenticate_request(&bearer(&active), &options(&issuer)).await);
    signed_in(authenticate_request(&cookie(&active), &options(&issuer)).await);
}

#[tokio::test]
async fn an_m2m_jwt_is_a_machine_token_signed_out_of_session_routes() {
    let server = MockServer::start_async().await;
    let none = no_calls(&server).await;
    let issuer = TokenIssuer::new();
    let clock = clerk::testing::TestClock::now();
    let m2m = issuer
        .m2m_token_at("mch_2lLoNcz3Kb", clock.as_ref())
        .claim("scopes", "invoices:read reports:write")
        .claim("job", "reindex")
        .sign();
    assert_eq!(TokenKind::of(&m2m), TokenKind::M2mToken);
    let session_only = options(&issuer).machine_config(config(&server));
    let reason = signed_out(authenticate_request(&bearer(&m2m), &session_only).await);
    assert!(
        matches!(
            reason,
            SignedOutReason::TokenTypeNotAccepted(TokenKind::M2mToken)
        ),
        "{reason:?}"
    );
    let reason = signed_out(authenticate_request(&cookie(&m2m), &session_only).await);
    assert!(
        matches!(reason, SignedOutReason::MachineTokenInCookie),
        "{reason:?}"
    );

    // Where M2M tokens are accepted, it is verified with the instance key, locally.
    let machines = options(&issuer)
        .accepts_token([TokenKind::M2mToken])
        .machine_config(config(&server));
    match signed_in(authenticate_request(&bearer(&m2m), &machines).await) {
        Auth::M2mToken(token) => {
            assert_eq!(token.subject, "mch_2lLoNcz3Kb");
            assert!(token.id.starts_with("mt_"), "{}", token.id);
            assert_eq!(token.scopes, ["invoices:read", "reports:write"]);
            assert_eq!(token.claims.as_ref().unwrap()["job"], "reindex");
            assert!(!token.revoked && !token.expired);
        }
        other => panic!("{other:?}"),
    }
    // With the machine category too; not with a session one, a foreign key, or expired.
    let categorised = issuer
        .m2m_token_at("mch_2lLoNcz3Kb", clock.as_ref())
        .header("cat", jwt::MACHINE_TOKEN_CATEGORY)
        .sign();
    signed_in(authenticate_request(&bearer(&categorised), &machines).await);
    let session_cat = issuer
        .m2m_token_at("mch_2lLoNcz3Kb", clock.as_ref())
        .header("cat", jwt::SESSION_TOKEN_CATEGORY)
        .sign();
    let forged = TokenIssuer::new()
        .m2m_token_at("mch_2lLoNcz3Kb", clock.as_ref())
        .header("kid", issuer.kid())
        .sign();
    let expired = issuer
        .m2m_token_at("mch_2lLoNcz3Kb", clock.as_ref())
        .claim("exp", 1_000)
        .sign();
    for (token, want) in [
        (session_cat, Reason::WrongTokenType),
        (forged, Reason::InvalidSignature),
        (expired, Reason::Expired),
    ] {
        match signed_out(authenticate_request(&bearer(&token), &machines).await) {
            SignedOutReason::InvalidMachineJwt(TokenKind::M2mToken, e) => {
                assert_eq!(e.reason(), want, "{e}")
            }
            other => panic!("{want:?}: {other:?}"),
        }
    }
    none.assert_calls_async(0).await;
}

#[tokio::test]
async fn an_oauth_jwt_is_a_machine_token() {
    let server = MockServer::start_async().await;
    let none = no_calls(&server).await;
    let issuer = TokenIssuer::new();
    let access = issuer
        .session_token("user_2jGU")
        .header("typ", "at+jwt")
        .header("cat", serde_json::Value::Null)
        .claim("client_id", "client_abc")
        .claim("scp", json!(["profile", "email"]))
        .claim("jti", "oat_123")
        .claim("aud", "https://api.example.com")
        .sign();
    assert_eq!(TokenKind::of(&access), TokenKind::OAuthToken);
    let reason = signed_out(authenticate_request(&bearer(&access), &options(&issuer)).await);
    assert!(
        matches!(
            reason,
            SignedOutReason::TokenTypeNotAccepted(TokenKind::OAuthToken)
        ),
        "{reason:?}"
    );
    let oauth = options(&issuer)
        .accepts_token([TokenKind::OAuthToken])
        .machine_config(config(&server));
    match signed_in(authenticate_request(&bearer(&access), &oauth).await) {
        Auth::OAuthToken(token) => {
            assert_eq!(
                (
                    token.subject.as_str(),
                    token.client_id.as_str(),
                    token.id.as_str()
                ),
                ("user_2jGU", "client_abc", "oat_123")
            );
            assert_eq!(token.scopes, ["profile", "email"]);
            assert_eq!(token.aud, ["https://api.example.com"]);
            assert!(!token.revoked && !token.expired);
            // Times in milliseconds, as the API reports them for opaque tokens.
            assert_eq!(token.created_at % 1000, 0);
            assert!(token.expiration.unwrap() > token.created_at);
        }
        other => panic!("{other:?}"),
    }
    // An audience, when configured, is required and must match (OAuth's rule).
    let audience = |aud: &str| {
        AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()).audience([aud]))
            .accepts_token([TokenKind::OAuthToken])
    };
    signed_in(authenticate_request(&bearer(&access), &audience("https://api.example.com")).await);
    match signed_out(
        authenticate_request(&bearer(&access), &audience("https://other.example")).await,
    ) {
        SignedOutReason::InvalidMachineJwt(TokenKind::OAuthToken, e) => {
            assert_eq!(e.reason(), Reason::InvalidAudience)
        }
        other => panic!("{other:?}"),
    }
    none.assert_calls_async(0).await;
}

fn path_of(operation_id: &str) -> String {
    let (_, _, template) = clerk::raw::OPERATIONS
        .iter()
        .find(|(id, _, _)| *id == operation_id)
        .unwrap_or_else(|| panic!("{operation_id} is not an operation"));
    format!("/v1{template}")
}

#[tokio::test]
async fn a_401_or_403_from_a_verify_endpoint_is_this_servers_configuration_error() {
    let server = MockServer::start_async().await;
    let cases = [
        (
            "verifyApiKey",
            "ak_live_7Hq2Lw9XzP4rT1vB8nM3cK6dF0sJ5yG2",
            401,
        ),
        ("verifyM2MToken", "mt_2xKa9bq8XrTnP5vW3cL7mD4fJ6hZ1sYe", 403),
        (
            "verifyOAuthAccessToken",
            "oat_9fK2xQ7vLm3Rz8Tb4Wc1Yh6Jd0Fs5GpA",
            401,
        ),
    ];
    let options = AuthenticateOptions::new(VerifyParams::with_key(TokenIssuer::new().jwt_key()))
        .accepts_any_token()
        .machine_config(config(&server));
    for (operation, token, status) in cases {
        let mock = server
            .mock_async(|when, then| {
                when.method(POST).path(path_of(operation));
                then.status(status)
                    .json_body(clerk_errors("authentication_invalid", "secret key invalid"));
            })
            .await;
        let reason = signed_out(authenticate_request(&bearer(token), &options).await);
        match &reason {
            SignedOutReason::SecretKeyRejected(e) => assert_eq!(e.status(), Some(status)),
            other => panic!("{operation} {status}: {other:?}"),
        }
        assert!(reason.is_configuration_error());
        assert!(reason.to_string().contains("secret key"), "{reason}");
        assert!(!reason.to_string().contains("facadeTestKey"), "{reason}");
        mock.assert_calls_async(1).await;
    }
}
