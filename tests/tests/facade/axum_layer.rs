//! `clerk::axum`: `ClerkLayer` on an axum 0.8 router, its extractors, path parameters,
//! and the JSON errors it answers with.

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::get;
use clerk::axum::{Authenticated, ClerkLayer, OptionalSession, Session};
use clerk::jwt::VerifyParams;
use clerk::testing::TokenIssuer;
use clerk::{Auth, AuthenticateOptions};
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::support::{config, fixture};

async fn invoices(Session(claims): Session, Path(org_id): Path<String>) -> axum::Json<Value> {
    axum::Json(json!({
        "user": claims.subject,
        "org": org_id,
        "active_org": claims.organization().map(|o| o.id.clone()),
        "admin": claims.has_role("org:admin"),
    }))
}

async fn invoice(
    Session(claims): Session,
    Path((org_id, invoice_id)): Path<(String, u32)>,
) -> String {
    format!("{} reads invoice {invoice_id} of {org_id}", claims.subject)
}

async fn home(OptionalSession(claims): OptionalSession) -> String {
    claims.map_or("hello stranger".into(), |c| format!("hello {}", c.subject))
}

async fn whoami(Authenticated(auth): Authenticated) -> String {
    match auth {
        Auth::Session(claims) => format!("session {}", claims.subject),
        Auth::ApiKey(key) => format!("api key of {}", key.subject),
        other => format!("{other:?}"),
    }
}

fn app(options: AuthenticateOptions) -> Router {
    let protected = Router::new()
        .route("/orgs/{org_id}/invoices", get(invoices))
        .route("/orgs/{org_id}/invoices/{invoice_id}", get(invoice))
        .route("/", get(home))
        .route("/whoami", get(whoami))
        .layer(ClerkLayer::new(options));
    // Routes merged after `layer` are not wrapped by it.
    protected.merge(Router::new().route("/forgot-the-layer", get(home_required)))
}

async fn home_required(Session(claims): Session) -> String {
    claims.subject
}

async fn call(
    app: &Router,
    uri: &str,
    token: Option<&str>,
) -> (StatusCode, String, Option<String>) {
    let mut request = Request::builder().uri(uri);
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response: Response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (
        status,
        String::from_utf8(bytes.to_vec()).unwrap(),
        content_type,
    )
}

fn setup() -> (TokenIssuer, Router) {
    let issuer = TokenIssuer::new();
    let app = app(AuthenticateOptions::new(VerifyParams::with_key(
        issuer.jwt_key(),
    )));
    (issuer, app)
}

#[tokio::test]
async fn a_valid_session_reaches_a_handler_with_path_parameters() {
    let (issuer, app) = setup();
    let token = issuer
        .session_token("user_1")
        .organization("org_7", "acme", "admin", &["org:invoices:read"])
        .sign();
    let (status, body, content_type) = call(&app, "/orgs/org_7/invoices", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body,
        json!({"user": "user_1", "org": "org_7", "active_org": "org_7", "admin": true})
    );

    // Two parameters, one typed; percent-encoding is decoded.
    let (status, body, _) = call(&app, "/orgs/org%5F9/invoices/42", Some(&token)).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "user_1 reads invoice 42 of org_9")
    );
    // A parameter that does not parse is axum's 400, after authentication.
    let (status, _, _) = call(&app, "/orgs/org_9/invoices/abc", Some(&token)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_layer_works_inside_a_nested_router() {
    let (issuer, inner) = setup();
    let app = Router::new().nest("/api", inner);
    let token = issuer.session_token("user_1").sign();
    let (status, body, _) = call(&app, "/api/orgs/org_1/invoices", Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["org"],
        "org_1"
    );
}

/// The Clerk-style error body of a rejection.
fn error_body(body: &str) -> Value {
    let body: Value =
        serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"));
    assert!(body["errors"].is_array(), "{body}");
    body["errors"][0].clone()
}

#[tokio::test]
async fn no_token_or_a_bad_token_is_a_401_with_a_clerk_error() {
    let (issuer, app) = setup();
    let (status, body, content_type) = call(&app, "/orgs/org_1/invoices", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let error = error_body(&body);
    assert_eq!(error["code"], "signed_out");
    assert_eq!(error["message"], "Unauthorized");
    // The reason code, and nothing else.
    assert_eq!(error["long_message"], "session-token-and-uat-missing");

    // Signed by another key under the right key id.
    let forged = TokenIssuer::new()
        .session_token("user_1")
        .header("kid", issuer.kid())
        .sign();
    let (status, body, _) = call(&app, "/orgs/org_1/invoices", Some(&forged)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let error = error_body(&body);
    assert_eq!(error["code"], "signed_out");
    assert_eq!(error["long_message"], "token-invalid-signature");

    // Expired.
    let clock = clerk::testing::TestClock::now();
    clock.advance(-3600);
    let expired = issuer.session_token_at("user_1", clock.as_ref()).sign();
    let (status, body, _) = call(&app, "/whoami", Some(&expired)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_body(&body)["long_message"], "token-expired");

    // Garbage.
    let (status, _, _) = call(&app, "/orgs/org_1/invoices", Some("garbage")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn optional_session_is_none_or_some() {
    let (issuer, app) = setup();
    let (status, body, _) = call(&app, "/", None).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "hello stranger"));
    let forged = TokenIssuer::new().session_token("user_1").sign();
    let (status, body, _) = call(&app, "/", Some(&forged)).await;
    assert_eq!(
        (status, body.as_str()),
        (StatusCode::OK, "hello stranger"),
        "an invalid token is no session, not an error"
    );
    let token = issuer.session_token("user_2").sign();
    let (status, body, _) = call(&app, "/", Some(&token)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "hello user_2"));
}

#[tokio::test]
async fn authenticated_takes_sessions_and_accepted_machine_tokens() {
    let server = MockServer::start_async().await;
    let verify = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/api_keys/verify")
                .json_body(json!({"secret": "ak_test_123"}));
            then.status(200).json_body(fixture("api_key"));
        })
        .await;
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()))
        .accepts_any_token()
        .machine_config(config(&server));
    let app = app(options);

    let token = issuer.session_token("user_3").sign();
    let (status, body, _) = call(&app, "/whoami", Some(&token)).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "session user_3"));

    let (status, body, _) = call(&app, "/whoami", Some("ak_test_123")).await;
    assert_eq!(
        (status, body.as_str()),
        (
            StatusCode::OK,
            "api key of user_2jGUMTHVh0u5IUdp9BTh2fGbSTP"
        )
    );
    // An API key is not a session: `Session` refuses it, `OptionalSession` sees none.
    let (status, body, _) = call(&app, "/orgs/org_1/invoices", Some("ak_test_123")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_body(&body)["long_message"], "token-type-mismatch");
    let (_, body, _) = call(&app, "/", Some("ak_test_123")).await;
    assert_eq!(body, "hello stranger");
    verify.assert_calls_async(3).await;

    let (status, body, _) = call(&app, "/whoami", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_body(&body)["code"], "signed_out");
}

#[tokio::test]
async fn a_refused_server_secret_key_is_a_500_not_the_callers_401() {
    let server = MockServer::start_async().await;
    let verify = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/api_keys/verify");
            then.status(401).json_body(crate::support::clerk_errors(
                "authentication_invalid",
                "secret key invalid",
            ));
        })
        .await;
    let options = AuthenticateOptions::new(VerifyParams::with_key(TokenIssuer::new().jwt_key()))
        .accepts_any_token()
        .machine_config(config(&server));
    let (status, body, _) = call(&app(options), "/whoami", Some("ak_test_123")).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let error = error_body(&body);
    assert_eq!(error["code"], "clerk_configuration_error");
    // The details are for the server's log only.
    assert!(!body.contains("secret key invalid"), "{body}");
    verify.assert_calls_async(1).await;
}

#[tokio::test]
async fn session_without_the_layer_is_a_500_saying_so() {
    let (issuer, app) = setup();
    let token = issuer.session_token("user_1").sign();
    let (status, body, _) = call(&app, "/forgot-the-layer", Some(&token)).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    let error = error_body(&body);
    assert_eq!(error["code"], "clerk_layer_missing");
    assert!(
        error["long_message"]
            .as_str()
            .unwrap()
            .contains("ClerkLayer"),
        "{error}"
    );
}

#[tokio::test]
async fn the_layer_serves_a_real_server() {
    let (issuer, app) = setup();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let http = clerk::raw::reqwest::Client::new();
    let url = format!("http://{addr}/orgs/org_5/invoices");
    let token = issuer.session_token("user_9").sign();
    let ok = http.get(&url).bearer_auth(&token).send().await.unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(ok.json::<Value>().await.unwrap()["user"], "user_9");
    let cookie = http
        .get(&url)
        .header("cookie", format!("__session={token}; __client_uat=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        cookie.status().as_u16(),
        200,
        "the __session cookie works too"
    );
    let refused = http.get(&url).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 401);
    server.abort();
}
