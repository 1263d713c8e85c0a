//! `clerk::tower::ClerkLayer` outside axum: a plain `tower::ServiceBuilder` over request
//! bodies of any type, and the layer's contract (state in the extensions, body and
//! everything else passed through untouched, the inner service's readiness respected).

use std::convert::Infallible;
use std::sync::Arc;

use axum::http::{Request, Response};
use clerk::jwt::VerifyParams;
use clerk::testing::TokenIssuer;
use clerk::tower::ClerkLayer;
use clerk::{AuthenticateOptions, RequestState};
use tower::{Service, ServiceBuilder, ServiceExt, service_fn};

/// A body type no framework knows: the layer must not care.
#[derive(Debug, PartialEq)]
struct Payload(Vec<u8>);

/// What the inner service saw: who, why not, and the body it got.
async fn inner(request: Request<Payload>) -> Result<Response<String>, Infallible> {
    let seen = match request.extensions().get::<Arc<RequestState>>() {
        Some(state) => match &**state {
            RequestState::SignedIn(auth) => {
                format!("in {}", auth.session().map_or("?", |c| c.subject.as_str()))
            }
            RequestState::SignedOut(reason) => format!("out {}", reason.code()),
            other => format!("{other:?}"),
        },
        None => "no state".to_string(),
    };
    let body = String::from_utf8_lossy(&request.body().0).into_owned();
    Ok(Response::new(format!("{seen} | {body}")))
}

/// The inner service's text, or "" for an answer of the layer's own.
fn text(body: clerk::tower::ClerkBody<String>) -> String {
    match body {
        http_body_util::Either::Left(text) => text,
        http_body_util::Either::Right(_) => String::new(),
    }
}

fn request(header: Option<(&str, String)>) -> Request<Payload> {
    let mut builder = Request::builder().uri("/rpc");
    if let Some((name, value)) = header {
        builder = builder.header(name, value);
    }
    builder.body(Payload(b"payload".to_vec())).unwrap()
}

#[tokio::test]
async fn the_layer_works_in_a_plain_service_builder_over_any_body() {
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()));
    let service = ServiceBuilder::new()
        .layer(ClerkLayer::new(options))
        .service(service_fn(inner));
    let token = issuer.session_token("user_1").sign();
    let expired = issuer.session_token("user_1").claim("exp", 1_000).sign();
    let cases = [
        (None, "out session-token-and-uat-missing | payload"),
        (
            Some(("authorization", format!("Bearer {token}"))),
            "in user_1 | payload",
        ),
        (
            Some((
                "cookie",
                format!("theme=dark; __session={token}; __client_uat=1"),
            )),
            "in user_1 | payload",
        ),
        (
            Some(("authorization", format!("Bearer {expired}"))),
            "out token-expired | payload",
        ),
    ];
    for (header, want) in cases {
        let response = service.clone().oneshot(request(header)).await.unwrap();
        assert_eq!(text(response.into_body()), want);
    }
}

#[tokio::test]
async fn axum_and_tower_name_one_layer() {
    // `clerk::axum::ClerkLayer` is the tower layer: existing axum code keeps compiling.
    let issuer = TokenIssuer::new();
    let layer: clerk::tower::ClerkLayer = clerk::axum::ClerkLayer::new(AuthenticateOptions::new(
        VerifyParams::with_key(issuer.jwt_key()),
    ));
    let service = ServiceBuilder::new()
        .layer(layer)
        .service(service_fn(inner));
    let response = service.oneshot(request(None)).await.unwrap();
    assert_eq!(
        text(response.into_body()),
        "out session-token-and-uat-missing | payload"
    );
}

#[tokio::test]
async fn the_inner_services_readiness_and_errors_pass_through() {
    // A concurrency limit of one below the layer: the layer must call the service it
    // polled ready, or the permit would be lost and the second call would hang.
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()));
    let failing =
        service_fn(|_: Request<Payload>| async { Err::<Response<String>, _>("inner failed") });
    let mut service = ServiceBuilder::new()
        .layer(ClerkLayer::new(options))
        .concurrency_limit(1)
        .service(failing);
    for _ in 0..3 {
        let result = tokio::time::timeout(
            std::time::Duration::from_secs(5),
            service.ready().await.unwrap().call(request(None)),
        )
        .await
        .expect("the call completes");
        assert_eq!(result.unwrap_err().to_string(), "inner failed");
    }
}
