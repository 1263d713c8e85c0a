//! Page requests on the cookie path, through the framework layers: a handshake is
//! answered with the redirect and its cookies, a resolved one sets the cookies it brings
//! (and nothing else), requirements answer 401/403, and no redirect ever leaves the
//! request's own origin or the instance's Frontend API.

use axum::body::Body;
use axum::http::{HeaderMap, Request};
use base64::Engine;
use clerk::jwt::{Requirement, VerifyParams};
use clerk::testing::TokenIssuer;
use clerk::{AuthenticateOptions, PageOptions, RequestState};
use serde_json::json;
use tower::ServiceExt;

/// A development instance whose Frontend API is `foo-bar-13.clerk.accounts.dev`.
const PK: &str = "pk_test_Zm9vLWJhci0xMy5jbGVyay5hY2NvdW50cy5kZXYk";
const FAPI: &str = "https://foo-bar-13.clerk.accounts.dev";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn options(issuer: &TokenIssuer) -> AuthenticateOptions {
    AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()))
        .pages(PageOptions::new(PK).unwrap())
}

fn session(issuer: &TokenIssuer, exp: i64) -> String {
    issuer
        .session_token("user_1")
        .claim("iss", FAPI)
        .claim("iat", exp - 60)
        .claim("nbf", exp - 70)
        .claim("exp", exp)
        .organization("org_1", "acme", "member", &["org:invoices:read"])
        .sign()
}

/// A browser's navigation: a GET for a document on `host`, with `cookie`.
fn page(host: &str, path: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .uri(path)
        .header("host", host)
        .header("x-forwarded-proto", "https")
        .header("sec-fetch-dest", "document")
        .header("accept", "text/html")
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap()
}

fn app(options: AuthenticateOptions) -> axum::Router {
    use axum::routing::get;
    let billing = axum::Router::new()
        .route("/billing", get(|| async { "billing" }))
        .route_layer(clerk::axum::RequireLayer::new(
            Requirement::new().permission("org:invoices:read"),
        ));
    let admin = axum::Router::new()
        .route("/admin", get(|| async { "admin" }))
        .route_layer(clerk::axum::RequireLayer::new(
            Requirement::new().role("admin"),
        ));
    axum::Router::new()
        .route(
            "/",
            get(
                |clerk::axum::OptionalSession(c): clerk::axum::OptionalSession| async move {
                    c.map_or("signed out".to_string(), |c| c.subject)
                },
            ),
        )
        .merge(billing)
        .merge(admin)
        .layer(clerk::axum::ClerkLayer::new(options))
}

async fn send(app: &axum::Router, request: Request<Body>) -> (u16, HeaderMap, String) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn set_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn db() -> String {
    "__clerk_db_jwt=db_1".to_string()
}

#[tokio::test]
async fn an_expired_cookie_on_a_page_is_a_handshake_redirect_with_its_cookies() {
    let issuer = TokenIssuer::new();
    let app = app(options(&issuer));
    let expired = session(&issuer, now() - 30);
    let cookie = format!("{}; __session={expired}; __client_uat=1", db());
    let (status, headers, body) = send(&app, page("app.example.org", "/?a=1", &cookie)).await;
    assert_eq!(status, 307, "{body}");
    let location = url::Url::parse(headers["location"].to_str().unwrap()).unwrap();
    assert_eq!(
        &location[..url::Position::AfterPath],
        format!("{FAPI}/v1/client/handshake")
    );
    let query: std::collections::HashMap<_, _> = location.query_pairs().into_owned().collect();
    assert_eq!(query["redirect_url"], "https://app.example.org/?a=1");
    assert_eq!(
        query["__clerk_hs_reason"],
        "session-token-expired-refresh-non-eligible-no-refresh-cookie"
    );
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["x-clerk-auth-status"], "handshake");
    assert_eq!(
        set_cookies(&headers),
        ["__clerk_redirect_count=1; SameSite=Lax; HttpOnly; Max-Age=2"]
    );
    // The same request as an API call (not a document) is signed out, no redirect.
    let api = Request::builder()
        .uri("/")
        .header("host", "app.example.org")
        .header("cookie", &cookie)
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = send(&app, api).await;
    assert_eq!((status, body.as_str()), (200, "signed out"));
    assert_eq!(headers["x-clerk-auth-status"], "signed-out");
    assert!(headers.get("location").is_none());
    // A fresh cookie renders, with the debug header.
    let fresh = session(&issuer, now() + 60);
    let cookie = format!("{}; __session={fresh}; __client_uat=1", db());
    let (status, headers, body) = send(&app, page("app.example.org", "/", &cookie)).await;
    assert_eq!((status, body.as_str()), (200, "user_1"));
    assert_eq!(headers["x-clerk-auth-status"], "signed-in");
}

#[tokio::test]
async fn requirements_answer_401_when_signed_out_and_403_when_unmet() {
    let issuer = TokenIssuer::new();
    let app = app(options(&issuer));
    let fresh = session(&issuer, now() + 60);
    let signed_in = format!("{}; __session={fresh}; __client_uat=1", db());
    let api = |path: &str, cookie: &str| {
        Request::builder()
            .uri(path)
            .header("host", "app.example.org")
            .header("cookie", cookie)
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, body) = send(&app, api("/billing", &signed_in)).await;
    assert_eq!((status, body.as_str()), (200, "billing"));
    let (status, headers, body) = send(&app, api("/admin", &signed_in)).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(headers["content-type"], "application/json");
    let error: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        error,
        json!({"errors": [{"code": "forbidden", "message": "Forbidden", "long_message": "requirement-not-met"}]})
    );
    let (status, _, body) = send(&app, api("/admin", &db())).await;
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("session-token-and-uat-missing"), "{body}");
}

/// A handshake token as the Frontend API signs it (or a forger does).
fn handshake_token(signer: &TokenIssuer, kid: &str, claims: serde_json::Value) -> String {
    signer.sign(&json!({"alg": "RS256", "typ": "JWT", "kid": kid}), &claims)
}

#[tokio::test]
async fn only_a_genuine_recent_handshake_sets_cookies() {
    let issuer = TokenIssuer::new();
    let app = app(options(&issuer));
    let fresh = session(&issuer, now() + 60);
    let directives = json!([
        format!("__session={fresh}; Path=/; SameSite=Lax"),
        format!("__client_uat={}; Path=/", now()),
    ]);
    let url = |token: &str| format!("/?x=1&__clerk_handshake={token}");

    // Genuine: the cookies are set, and the browser goes back to the clean URL.
    let genuine = handshake_token(
        &issuer,
        issuer.kid(),
        json!({"handshake": directives, "iat": now()}),
    );
    let (status, headers, _) = send(&app, page("app.example.org", &url(&genuine), &db())).await;
    assert_eq!(status, 307);
    assert_eq!(headers["location"], "https://app.example.org/?x=1");
    let cookies = set_cookies(&headers);
    assert!(
        cookies.iter().any(|c| c.starts_with("__session=ey")),
        "{cookies:?}"
    );

    for (what, token) in [
        (
            "signed by another key",
            handshake_token(
                &TokenIssuer::new(),
                issuer.kid(),
                json!({"handshake": directives, "iat": now()}),
            ),
        ),
        (
            "replayed: issued an hour ago",
            handshake_token(
                &issuer,
                issuer.kid(),
                json!({"handshake": directives, "iat": now() - 3600}),
            ),
        ),
        (
            "expired",
            handshake_token(
                &issuer,
                issuer.kid(),
                json!({"handshake": directives, "iat": now() - 10, "exp": now() - 5}),
            ),
        ),
        (
            "carrying an expired session",
            handshake_token(
                &issuer,
                issuer.kid(),
                json!({"handshake": [format!("__session={}; Path=/", session(&issuer, now() - 30))], "iat": now()}),
            ),
        ),
        (
            "with a critical header",
            issuer.sign(
                &json!({"alg": "RS256", "kid": issuer.kid(), "crit": ["exp"]}),
                &json!({"handshake": directives, "iat": now()}),
            ),
        ),
        (
            "another issuer's",
            handshake_token(
                &issuer,
                issuer.kid(),
                json!({"handshake": directives, "iat": now(), "iss": "https://evil.example"}),
            ),
        ),
        ("not a JWT", "garbage".to_string()),
    ] {
        let (status, headers, body) =
            send(&app, page("app.example.org", &url(&token), &db())).await;
        let cookies = set_cookies(&headers);
        assert!(
            !cookies
                .iter()
                .any(|c| c.starts_with("__session") || c.starts_with("__client_uat")),
            "{what}: {cookies:?}"
        );
        assert_eq!((status, body.as_str()), (200, "signed out"), "{what}");
    }
}

#[tokio::test]
async fn redirects_stay_on_the_requests_origin_or_the_frontend_api() {
    let issuer = TokenIssuer::new();
    let app = app(options(&issuer));
    let expired = session(&issuer, now() - 30);
    let cookie = format!("{}; __session={expired}; __client_uat=1", db());
    // A path that looks like another host is a path of this one.
    let (status, headers, _) =
        send(&app, page("app.example.org", "//evil.example/x", &cookie)).await;
    assert_eq!(status, 307);
    let location = url::Url::parse(headers["location"].to_str().unwrap()).unwrap();
    assert_eq!(location.host_str(), Some("foo-bar-13.clerk.accounts.dev"));
    let back = location
        .query_pairs()
        .find(|(k, _)| k == "redirect_url")
        .unwrap()
        .1
        .into_owned();
    assert_eq!(back, "https://app.example.org//evil.example/x");
    // A Host that is not a plain host: no URL of its own, so no redirect at all.
    for host in ["evil.example/x", "user@evil.example", "a b", ""] {
        let (status, headers, _) = send(&app, page(host, "/", &cookie)).await;
        assert_eq!(status, 200, "{host:?}");
        assert!(headers.get("location").is_none(), "{host:?}");
    }
    // A resolved handshake goes back to the request's own URL, whatever else it carries.
    let fresh = session(&issuer, now() + 60);
    let genuine = handshake_token(
        &issuer,
        issuer.kid(),
        json!({"handshake": [format!("__session={fresh}; Path=/")], "iat": now()}),
    );
    let path = format!("//evil.example/?__clerk_handshake={genuine}&next=https://evil.example");
    let (status, headers, _) = send(&app, page("app.example.org", &path, &db())).await;
    assert_eq!(status, 307);
    let location = url::Url::parse(headers["location"].to_str().unwrap()).unwrap();
    assert_eq!(
        location.origin().ascii_serialization(),
        "https://app.example.org"
    );
    // A development primary does not send the browser to an unknown satellite.
    let signed_in = format!("{}; __session={fresh}; __client_uat=1", db());
    let escape = "/?__clerk_redirect_url=https%3A%2F%2Fevil.example%2F";
    let (status, headers, body) = send(&app, page("app.example.org", escape, &signed_in)).await;
    assert_eq!((status, body.as_str()), (200, "user_1"));
    assert!(headers.get("location").is_none());
}

#[tokio::test]
async fn the_publishable_key_is_checked_and_never_a_secret() {
    for bad in ["", "sk_test_abc", "pk_test_!!", "pk_live_bm9kb3Qk"] {
        let error = PageOptions::new(bad).unwrap_err();
        assert!(matches!(error, clerk::Error::Config(_)), "{bad}: {error:?}");
    }
    let key = PageOptions::new(PK).unwrap();
    assert_eq!(
        key.publishable_key().frontend_api(),
        "foo-bar-13.clerk.accounts.dev"
    );
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(PK.trim_start_matches("pk_test_"))
            .unwrap(),
        b"foo-bar-13.clerk.accounts.dev$"
    );
    // Without pages, a stale cookie is simply signed out: no handshake anywhere.
    let issuer = TokenIssuer::new();
    let plain = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()));
    let expired = session(&issuer, now() - 30);
    let cookie = format!("__session={expired}; __client_uat=1");
    let (head, _) = page("app.example.org", "/", &cookie).into_parts();
    let authentication = clerk::authenticate(&head, &plain).await;
    assert!(authentication.redirect().is_none());
    assert!(matches!(
        authentication.state,
        RequestState::SignedOut(clerk::SignedOutReason::Cookie(
            clerk::CookieReason::SessionTokenExpired
        ))
    ));
}
