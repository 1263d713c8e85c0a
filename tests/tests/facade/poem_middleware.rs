//! `clerk::poem`: the middleware and its extractors on Poem's test client, held to the
//! axum layer's semantics: every case answers the same status and body, the handshake
//! the same headers. (Refusals are errors, which pass the middleware without Clerk's
//! `x-clerk-auth-*` headers; the handlers' answers carry them.)

use clerk::AuthenticateOptions;
use clerk::poem::{Authenticated, ClerkMiddleware, OptionalSession, Rejection, Require, Session};
use poem::http::{self, StatusCode, uri::Scheme};
use poem::test::TestClient;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Endpoint, EndpointExt, RequestParts, Route, get, handler};
use serde_json::Value;

use crate::framework_parity::{
    Reply, all, assert_handshake, cases, on_axum, one, pages, requirement, values, who,
};
use crate::support::KEY;

#[handler]
fn session(Session(claims): Session) -> String {
    claims.subject
}

#[handler]
fn optional(OptionalSession(claims): OptionalSession) -> String {
    claims.map_or("stranger".into(), |c| c.subject)
}

#[handler]
fn any(Authenticated(auth): Authenticated) -> String {
    who(&auth)
}

/// The routes of the axum reference app, behind the middleware.
fn routes() -> Route {
    Route::new()
        .at("/session", get(session))
        .at("/optional", get(optional))
        .at("/dashboard", get(optional))
        .at("/any", get(any))
        .at("/admin", get(session).with(Require::new(requirement())))
}

fn app(options: &AuthenticateOptions) -> impl Endpoint + use<> {
    routes().with(ClerkMiddleware::new(options.clone()))
}

/// `GET path` with `headers` on `endpoint`.
async fn on_poem(endpoint: impl Endpoint, path: &str, headers: &[(&str, &str)]) -> Reply {
    let client = TestClient::new(endpoint);
    let mut request = client.get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.0;
    let status = response.status().as_u16();
    let head = response.headers().clone();
    let bytes = response.into_body().into_bytes().await.unwrap();
    Reply::new(status, &bytes, |name| values(&head, name))
}

/// The axum answer, without Clerk's headers where Poem's is an error.
async fn reference(options: &AuthenticateOptions, path: &str, headers: &[(&str, &str)]) -> Reply {
    let axum = on_axum(options, path, headers).await;
    if axum.status >= 400 {
        axum.without_auth_headers()
    } else {
        axum
    }
}

#[tokio::test]
async fn poem_answers_every_case_as_the_axum_layer_does() {
    let cases = cases().await;
    for (header, statuses) in &cases.cases {
        let header = one(header);
        for (path, want) in ["/session", "/optional", "/any"].into_iter().zip(statuses) {
            let poem = on_poem(app(&cases.options), path, &header).await;
            assert_eq!(
                poem,
                reference(&cases.options, path, &header).await,
                "{path} with {header:?}"
            );
            assert_eq!(poem.status, *want, "{path} with {header:?}: {poem:?}");
            if poem.status >= 400 {
                let code = poem.body["errors"][0]["code"].as_str().unwrap_or_default();
                let want_code = if poem.status == 500 {
                    "clerk_configuration_error"
                } else {
                    "signed_out"
                };
                assert_eq!(code, want_code, "{path} with {header:?}");
                let text = poem.body.to_string();
                assert!(!text.contains(KEY) && !text.contains("ak_0123"), "{text}");
            }
        }
    }
    for (header, want) in &cases.require {
        let header = one(header);
        let poem = on_poem(app(&cases.options), "/admin", &header).await;
        assert_eq!(poem, reference(&cases.options, "/admin", &header).await);
        assert_eq!(poem.status, *want, "/admin with {header:?}: {poem:?}");
    }
}

#[tokio::test]
async fn poem_answers_a_handshake_as_the_axum_layer_does() {
    let pages = pages();
    let poem = on_poem(
        app(&pages.options),
        "/dashboard?tab=1",
        &all(&pages.expired),
    )
    .await;
    assert_handshake(&poem);
    assert_eq!(
        poem,
        on_axum(&pages.options, "/dashboard?tab=1", &all(&pages.expired)).await
    );
    let poem = on_poem(app(&pages.options), "/dashboard", &all(&pages.fresh)).await;
    assert_eq!((poem.status, &poem.body), (200, &Value::from("user_1")));
    assert_eq!(poem.header("x-clerk-auth-status"), Some("signed-in"));
    assert_eq!(
        poem,
        on_axum(&pages.options, "/dashboard", &all(&pages.fresh)).await
    );
    // Nested under a prefix, the return URL is still the one the browser asked for: the
    // request as Poem's server makes it, with its original URI (the test client's
    // requests have none).
    let nested = Route::new().nest("/app", app(&pages.options));
    let mut request = http::Request::builder().uri("/app/dashboard?tab=1");
    for (name, value) in &pages.expired {
        request = request.header(*name, value);
    }
    let (head, ()) = request.body(()).unwrap().into_parts();
    let parts = RequestParts::from((
        head,
        LocalAddr::default(),
        RemoteAddr::default(),
        Scheme::HTTP,
    ));
    let response = nested
        .get_response(poem::Request::from_parts(parts, poem::Body::empty()))
        .await;
    let location = values(response.headers(), "location").join("");
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(
        location.contains("redirect_url=https%3A%2F%2Fapp.example.org%2Fapp%2Fdashboard%3Ftab%3D1"),
        "{location}"
    );
}

#[tokio::test]
async fn without_the_middleware_the_extractors_answer_500_naming_it() {
    let reply = on_poem(routes(), "/session", &[]).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body["errors"][0]["code"], "clerk_layer_missing");
    assert!(
        reply
            .body
            .to_string()
            .contains("clerk::poem::ClerkMiddleware"),
        "{reply:?}"
    );
    let reply = on_poem(routes(), "/admin", &[]).await;
    assert_eq!(reply.status, 500);
    let reply = on_poem(routes(), "/optional", &[]).await;
    assert_eq!((reply.status, reply.body), (200, Value::from("stranger")));
}

#[tokio::test]
async fn refusals_are_errors_that_error_handlers_can_downcast() {
    let cases = cases().await;
    let app = app(&cases.options).catch_error(|rejection: Rejection| async move {
        poem::Response::builder()
            .status(StatusCode::UNAUTHORIZED)
            .body(format!("handled: {rejection}"))
    });
    let reply = on_poem(app, "/session", &[]).await;
    assert_eq!(
        (reply.status, reply.body),
        (
            401,
            Value::from("handled: signed_out: session-token-and-uat-missing")
        )
    );
}
