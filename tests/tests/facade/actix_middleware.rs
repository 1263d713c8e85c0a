//! `clerk::actix`: `ClerkMiddleware` and its extractors on actix-web's test utilities,
//! held to the axum layer's semantics: every case answers the same status and body in
//! both frameworks.

use actix_web::{App, test, web};
use axum::body::Body;
use axum::http::Request;
use clerk::jwt::VerifyParams;
use clerk::testing::{TestClock, TokenIssuer};
use clerk::{Auth, AuthenticateOptions};
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::Value;
use tower::ServiceExt;

use crate::support::{KEY, clerk_errors, config};

/// A request header: name and value.
type Header = (&'static str, String);

fn who(auth: &Auth) -> String {
    match auth {
        Auth::Session(claims) => format!("session {}", claims.subject),
        Auth::M2mToken(token) => format!("m2m {}", token.subject),
        other => format!("{other:?}"),
    }
}

mod on_actix {
    use clerk::actix::{Authenticated, OptionalSession, Session};

    pub async fn session(Session(claims): Session) -> String {
        claims.subject
    }
    pub async fn optional(OptionalSession(claims): OptionalSession) -> String {
        claims.map_or("stranger".into(), |c| c.subject)
    }
    pub async fn any(Authenticated(auth): Authenticated) -> String {
        super::who(&auth)
    }
}

mod on_axum {
    use clerk::axum::{Authenticated, OptionalSession, Session};

    pub async fn session(Session(claims): Session) -> String {
        claims.subject
    }
    pub async fn optional(OptionalSession(claims): OptionalSession) -> String {
        claims.map_or("stranger".into(), |c| c.subject)
    }
    pub async fn any(Authenticated(auth): Authenticated) -> String {
        super::who(&auth)
    }
}

/// A body as JSON when it is JSON (key order aside), else as text.
fn parse(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned()))
}

/// `GET path` with `header` on an actix app whose routes the middleware wraps (but
/// `/bare`): the status, the body and the `Retry-After` header.
pub(crate) async fn on_actix(
    options: &AuthenticateOptions,
    path: &str,
    header: Option<(&str, &str)>,
) -> (u16, Value, Option<String>) {
    let app = test::init_service(
        App::new()
            .route("/bare", web::get().to(on_actix::session))
            .service(
                web::scope("")
                    .wrap(clerk::actix::ClerkMiddleware::new(options.clone()))
                    .route("/session", web::get().to(on_actix::session))
                    .route("/optional", web::get().to(on_actix::optional))
                    .route("/any", web::get().to(on_actix::any)),
            ),
    )
    .await;
    let mut request = test::TestRequest::get().uri(path);
    if let Some(header) = header {
        request = request.insert_header(header);
    }
    let response = test::call_service(&app, request.to_request()).await;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (status, parse(&test::read_body(response).await), retry_after)
}

/// [`on_actix`] on the axum layer.
pub(crate) async fn on_axum(
    options: &AuthenticateOptions,
    path: &str,
    header: Option<(&str, &str)>,
) -> (u16, Value, Option<String>) {
    use axum::routing::get;
    let app = axum::Router::new()
        .route("/session", get(on_axum::session))
        .route("/optional", get(on_axum::optional))
        .route("/any", get(on_axum::any))
        .layer(clerk::axum::ClerkLayer::new(options.clone()))
        .merge(axum::Router::new().route("/bare", get(on_axum::session)));
    let mut request = Request::builder().uri(path);
    if let Some((name, value)) = header {
        request = request.header(name, value);
    }
    let response = app
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, parse(&bytes), retry_after)
}

#[actix_web::test]
async fn actix_answers_every_case_as_the_axum_layer_does() {
    let server = MockServer::start_async().await;
    // The API refuses this server's key when asked about an API key: a 500, not a 401.
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/api_keys/verify");
            then.status(401)
                .json_body(clerk_errors("authentication_invalid", "secret key invalid"));
        })
        .await;
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()))
        .accepts_any_token()
        .machine_config(config(&server));
    let bearer = |token: &str| format!("Bearer {token}");
    let session = issuer.session_token("user_1").sign();
    let expired = issuer.session_token("user_1").claim("exp", 1_000).sign();
    let pending = issuer
        .session_token("user_1")
        .claim("sts", "pending")
        .sign();
    let m2m = issuer
        .m2m_token_at("mch_1", TestClock::now().as_ref())
        .sign();
    let cookie = format!("__session={session}; __client_uat=1");
    // (header, [/session, /optional, /any] statuses)
    let cases: Vec<(Option<Header>, [u16; 3])> = vec![
        (None, [401, 200, 401]),
        (Some(("authorization", bearer(&session))), [200, 200, 200]),
        (Some(("cookie", cookie)), [200, 200, 200]),
        (Some(("authorization", bearer(&expired))), [401, 200, 401]),
        (Some(("authorization", bearer(&pending))), [401, 200, 401]),
        (Some(("authorization", bearer(&m2m))), [401, 200, 200]),
        (
            Some(("authorization", bearer("ak_0123456789abcdef"))),
            [500, 200, 500],
        ),
        (
            Some(("authorization", "Bearer not.a.jwt".into())),
            [401, 200, 401],
        ),
    ];
    for (header, statuses) in &cases {
        let header = header.as_ref().map(|(n, v)| (*n, v.as_str()));
        for (path, want) in ["/session", "/optional", "/any"].into_iter().zip(statuses) {
            let actix = on_actix(&options, path, header).await;
            let axum = on_axum(&options, path, header).await;
            assert_eq!(actix, axum, "{path} with {header:?}");
            assert_eq!(actix.0, *want, "{path} with {header:?}: {:?}", actix.1);
            if actix.0 >= 400 {
                let code = actix.1["errors"][0]["code"].as_str().unwrap_or_default();
                let want_code = if actix.0 == 500 {
                    "clerk_configuration_error"
                } else {
                    "signed_out"
                };
                assert_eq!(code, want_code, "{path} with {header:?}");
                let text = actix.1.to_string();
                assert!(!text.contains(KEY) && !text.contains("ak_0123"), "{text}");
            }
        }
    }
    // Where the middleware (or layer) is missing: 500 naming it, in both frameworks.
    let (status, body, _) = on_actix(
        &options,
        "/bare",
        Some(("authorization", &bearer(&session))),
    )
    .await;
    assert_eq!(status, 500);
    assert_eq!(body["errors"][0]["code"], "clerk_layer_missing");
    assert!(
        body.to_string().contains("clerk::actix::ClerkMiddleware"),
        "{body}"
    );
    let (status, body, _) = on_axum(
        &options,
        "/bare",
        Some(("authorization", &bearer(&session))),
    )
    .await;
    assert_eq!(
        (status, &body["errors"][0]["code"]),
        (500, &Value::from("clerk_layer_missing"))
    );
}

#[actix_web::test]
async fn the_middleware_stores_the_state_for_handlers_of_their_own() {
    use std::sync::Arc;

    use actix_web::{HttpMessage, HttpRequest};
    use clerk::RequestState;

    async fn state(request: HttpRequest) -> String {
        match request
            .extensions()
            .get::<Arc<RequestState>>()
            .map(|s| &**s)
        {
            Some(RequestState::SignedIn(auth)) => who(auth),
            Some(RequestState::SignedOut(reason)) => reason.code().to_string(),
            Some(RequestState::Handshake(reason)) => format!("handshake {reason}"),
            Some(_) | None => "none".into(),
        }
    }
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()));
    let app = test::init_service(
        App::new()
            .wrap(clerk::actix::ClerkMiddleware::new(options))
            .route("/", web::get().to(state)),
    )
    .await;
    let token = issuer.session_token("user_3").sign();
    let request = test::TestRequest::get()
        .uri("/")
        .insert_header(("authorization", format!("Bearer {token}")))
        .to_request();
    assert_eq!(
        test::call_and_read_body(&app, request).await,
        "session user_3"
    );
    let request = test::TestRequest::get().uri("/").to_request();
    assert_eq!(
        test::call_and_read_body(&app, request).await,
        "session-token-and-uat-missing"
    );
}
