//! The `__session` cookie read as browsers send `Cookie` headers and Clerk's JS SDK reads
//! them: another app's cookie with bytes that are not ASCII does not sign the user out,
//! quoted values are unquoted, the first cookie of a name wins. Axum and actix alike.

use actix_web::{App, test, web};
use axum::body::Body;
use axum::http::{HeaderValue, Request};
use clerk::AuthenticateOptions;
use clerk::jwt::VerifyParams;
use clerk::testing::TokenIssuer;
use tower::ServiceExt;

async fn axum_status(options: &AuthenticateOptions, cookie: &[u8]) -> (u16, String) {
    use axum::routing::get;
    let app = axum::Router::new()
        .route(
            "/",
            get(|clerk::axum::Session(claims): clerk::axum::Session| async move { claims.subject }),
        )
        .layer(clerk::axum::ClerkLayer::new(options.clone()));
    let request = Request::builder()
        .uri("/")
        .header("cookie", HeaderValue::from_bytes(cookie).unwrap())
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

async fn actix_status(options: &AuthenticateOptions, cookie: &[u8]) -> (u16, String) {
    use clerk::actix::Session;
    let app = test::init_service(
        App::new()
            .wrap(clerk::actix::ClerkMiddleware::new(options.clone()))
            .route(
                "/",
                web::get().to(|Session(claims): Session| async move { claims.subject }),
            ),
    )
    .await;
    let value = actix_web::http::header::HeaderValue::from_bytes(cookie).unwrap();
    let request = test::TestRequest::get()
        .uri("/")
        .insert_header(("cookie", value))
        .to_request();
    let response = test::call_service(&app, request).await;
    let status = response.status().as_u16();
    let body = test::read_body(response).await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[actix_web::test]
async fn a_bad_cookie_loses_only_itself() {
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()));
    let token = issuer.session_token("user_1").sign();
    let signed_in = (200, "user_1".to_string());
    for cookie in [
        format!("theme=café; __session={token}; __client_uat=1").into_bytes(),
        format!("__client_uat=1; __session={token}; theme=café").into_bytes(),
        [
            b"a=\xff\xfe; __session=".as_slice(),
            token.as_bytes(),
            b"; z=\x80; __client_uat=1",
        ]
        .concat(),
        format!("__session=\"{token}\"; __client_uat=\"1\"").into_bytes(),
        format!("junk; __session_other=x;__session = {token} ; __session=later;__client_uat=1")
            .into_bytes(),
    ] {
        let shown = String::from_utf8_lossy(&cookie).into_owned();
        assert_eq!(axum_status(&options, &cookie).await, signed_in, "{shown}");
        assert_eq!(actix_status(&options, &cookie).await, signed_in, "{shown}");
    }
    // The first `__session` wins, as in the JS SDK: an empty or bad one is no session.
    for cookie in [
        format!("__session=; __session={token}; __client_uat=1").into_bytes(),
        [
            b"__session=\xc3; __client_uat=1; __session=".as_slice(),
            token.as_bytes(),
        ]
        .concat(),
    ] {
        assert_eq!(axum_status(&options, &cookie).await.0, 401);
        assert_eq!(actix_status(&options, &cookie).await.0, 401);
    }
}
