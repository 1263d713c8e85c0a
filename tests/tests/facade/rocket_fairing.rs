//! `clerk::rocket`: the fairing and its guards on Rocket's local client, held to the axum
//! layer's semantics: every case answers the same status, body and Clerk headers, the
//! handshake included.

use clerk::AuthenticateOptions;
use clerk::jwt::Requirement;
use clerk::rocket::{
    Authenticated, ClerkFairing, OptionalSession, Policy, Rejection, Require, Session,
};
use rocket::config::LogLevel;
use rocket::http::Status;
use rocket::local::asynchronous::Client;
use rocket::{Build, Request, Rocket, catch, catchers, get, routes};
use serde_json::Value;

use crate::framework_parity::{Reply, all, assert_handshake, cases, on_axum, one, pages, who};
use crate::support::KEY;

#[get("/session")]
fn session(session: Session) -> String {
    session.0.subject
}

#[get("/optional")]
fn optional(session: OptionalSession) -> String {
    session.0.map_or("stranger".into(), |c| c.subject)
}

#[get("/dashboard")]
fn dashboard(session: OptionalSession) -> String {
    session.0.map_or("stranger".into(), |c| c.subject)
}

#[get("/any")]
fn any(auth: Authenticated) -> String {
    who(&auth.0)
}

struct ReadInvoices;

impl Policy for ReadInvoices {
    fn requirement() -> Requirement {
        crate::framework_parity::requirement()
    }
}

#[get("/admin")]
fn admin(access: Require<ReadInvoices>) -> String {
    access.claims.subject
}

/// A handler's own refusal, not a guard's.
#[get("/forbidden")]
fn forbidden() -> Status {
    Status::Forbidden
}

/// Rocket without its log lines.
fn quiet() -> Rocket<Build> {
    rocket::custom(rocket::Config {
        log_level: LogLevel::Off,
        ..rocket::Config::debug_default()
    })
}

fn app(options: &AuthenticateOptions) -> Rocket<Build> {
    quiet().attach(ClerkFairing::new(options.clone())).mount(
        "/",
        routes![session, optional, dashboard, any, admin, forbidden],
    )
}

/// `GET path` with `headers` on `client`.
async fn on_rocket(client: &Client, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = client.get(path.to_string());
    for (name, value) in headers {
        request = request.header(rocket::http::Header::new(
            name.to_string(),
            value.to_string(),
        ));
    }
    let response = request.dispatch().await;
    let status = response.status().code;
    let head: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|h| {
            (
                h.name().as_str().to_ascii_lowercase(),
                h.value().to_string(),
            )
        })
        .collect();
    let bytes = response.into_bytes().await.unwrap_or_default();
    Reply::new(status, &bytes, |name| {
        head.iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    })
}

#[tokio::test]
async fn rocket_answers_every_case_as_the_axum_layer_does() {
    let cases = cases().await;
    let client = Client::untracked(app(&cases.options)).await.unwrap();
    for (header, statuses) in &cases.cases {
        let header = one(header);
        for (path, want) in ["/session", "/optional", "/any"].into_iter().zip(statuses) {
            let rocket = on_rocket(&client, path, &header).await;
            let axum = on_axum(&cases.options, path, &header).await;
            assert_eq!(rocket, axum, "{path} with {header:?}");
            assert_eq!(rocket.status, *want, "{path} with {header:?}: {rocket:?}");
            if rocket.status >= 400 {
                let code = rocket.body["errors"][0]["code"]
                    .as_str()
                    .unwrap_or_default();
                let want_code = if rocket.status == 500 {
                    "clerk_configuration_error"
                } else {
                    "signed_out"
                };
                assert_eq!(code, want_code, "{path} with {header:?}");
                let text = rocket.body.to_string();
                assert!(!text.contains(KEY) && !text.contains("ak_0123"), "{text}");
            }
        }
    }
    for (header, want) in &cases.require {
        let header = one(header);
        let rocket = on_rocket(&client, "/admin", &header).await;
        assert_eq!(rocket, on_axum(&cases.options, "/admin", &header).await);
        assert_eq!(rocket.status, *want, "/admin with {header:?}: {rocket:?}");
        if *want == 403 {
            assert_eq!(rocket.body["errors"][0]["code"], "forbidden");
        }
    }
}

#[tokio::test]
async fn rocket_answers_a_handshake_as_the_axum_layer_does() {
    let pages = pages();
    let client = Client::untracked(app(&pages.options)).await.unwrap();
    // An expired cookie on a page: a 307 to the Frontend API; the page does not run.
    let rocket = on_rocket(&client, "/dashboard?tab=1", &all(&pages.expired)).await;
    assert_handshake(&rocket);
    assert_eq!(
        rocket,
        on_axum(&pages.options, "/dashboard?tab=1", &all(&pages.expired)).await
    );
    assert!(
        rocket
            .header("location")
            .unwrap()
            .contains("%2Fdashboard%3Ftab%3D1"),
        "the return URL is the page's own: {rocket:?}"
    );
    // A fresh one renders the page, with Clerk's headers.
    let rocket = on_rocket(&client, "/dashboard", &all(&pages.fresh)).await;
    assert_eq!((rocket.status, &rocket.body), (200, &Value::from("user_1")));
    assert_eq!(rocket.header("x-clerk-auth-status"), Some("signed-in"));
    assert_eq!(
        rocket,
        on_axum(&pages.options, "/dashboard", &all(&pages.fresh)).await
    );
    // The handshake route answers only the requests the fairing sends there.
    let rocket = on_rocket(&client, "/__clerk/handshake", &all(&pages.fresh)).await;
    assert_eq!(rocket.status, 404);
}

#[tokio::test]
async fn without_the_fairing_the_guards_answer_500_naming_it() {
    let bare = quiet()
        .register("/", clerk::rocket::catchers())
        .mount("/", routes![session, optional]);
    let client = Client::untracked(bare).await.unwrap();
    let reply = on_rocket(&client, "/session", &[]).await;
    assert_eq!(reply.status, 500);
    assert_eq!(reply.body["errors"][0]["code"], "clerk_layer_missing");
    assert!(
        reply
            .body
            .to_string()
            .contains("clerk::rocket::ClerkFairing"),
        "{reply:?}"
    );
    let reply = on_rocket(&client, "/optional", &[]).await;
    assert_eq!((reply.status, reply.body), (200, Value::from("stranger")));
}

#[catch(401)]
fn own_unauthorized(request: &Request<'_>) -> String {
    match Rejection::of(request) {
        Some(rejection) => format!("ours: {rejection}"),
        None => "ours".into(),
    }
}

#[catch(default)]
fn own_default(status: Status, _: &Request<'_>) -> String {
    format!("app default {}", status.code)
}

#[tokio::test]
async fn the_apps_own_catchers_keep_their_statuses_and_the_rest_of_theirs() {
    let cases = cases().await;
    // A 401 catcher of the app's own: the fairing registers none for 401 (Rocket would
    // refuse to launch on the collision), and it can tell a Clerk refusal.
    let app = app(&cases.options).register("/", catchers![own_unauthorized, own_default]);
    let client = Client::untracked(app).await.unwrap();
    let reply = on_rocket(&client, "/session", &[]).await;
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.body,
        Value::from("ours: signed_out: session-token-and-uat-missing")
    );
    assert_eq!(reply.header("x-clerk-auth-status"), Some("signed-out"));
    // A guard's 403 is Clerk's JSON; a handler's own 403 goes to the app's default catcher.
    let reply = on_rocket(&client, "/admin", &[]).await;
    assert_eq!(reply.status, 401);
    let session = one(&cases.require[1].0);
    let reply = on_rocket(&client, "/admin", &session).await;
    assert_eq!(
        (reply.status, &reply.body["errors"][0]["code"]),
        (403, &Value::from("forbidden"))
    );
    let reply = on_rocket(&client, "/forbidden", &session).await;
    assert_eq!(
        (reply.status, reply.body),
        (403, Value::from("app default 403"))
    );
}
