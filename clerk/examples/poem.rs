//! A Poem app protected by [`clerk::poem::ClerkMiddleware`]: an optional session, a
//! required one, a route that requires a permission ([`clerk::poem::Require`]), and a
//! webhook receiver.
//!
//! ```sh
//! cargo run -p clerk-backend --example poem --features poem
//! ```
//!
//! It runs offline: it starts [`clerk::testing::FakeClerk`], creates a user and a session
//! there and gets the session's token, calls each route of the app with and without
//! credentials, prints the answers and exits. Tokens are verified with the fake's key
//! set; in a real app, with the instance's (`VerifyParams::with_jwks(JwksCache::global())`
//! with `CLERK_SECRET_KEY` set), and the webhook secret comes from
//! `CLERK_WEBHOOK_SIGNING_SECRET` (`Verifier::from_env()`).
//!
//! The app is called in-process (a Poem endpoint is an async function of a request):
//! serving it takes Poem's `server` feature, which a real app enables on its own `poem`
//! dependency to run `Server::new(TcpListener::bind("0.0.0.0:3000")).run(app)`.

use clerk::jwt::Requirement;
use clerk::poem::{ClerkMiddleware, OptionalSession, Require, Session};
use clerk::testing::FakeClerk;
use clerk::webhook::poem::VerifiedEvent;
use clerk::webhook::{Decoded, EventData, Verifier, WebhookSecret};
use clerk::{AuthenticateOptions, session, user};
use poem::http::StatusCode;
use poem::web::Json;
use poem::{Endpoint, EndpointExt, Request, Route, get, handler, post};
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The demo secret of Svix's docs; a real one comes from the Clerk Dashboard.
const WEBHOOK_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Anyone; says hello by user id when signed in.
#[handler]
fn home(OptionalSession(claims): OptionalSession) -> String {
    claims.map_or("hello stranger".into(), |c| format!("hello {}", c.subject))
}

/// Signed-in users only: who they are, from the verified token.
#[handler]
fn me(Session(claims): Session) -> Json<Value> {
    Json(json!({"user_id": claims.subject, "session_id": claims.session_id}))
}

/// Members of an organization who may read its invoices (the `Require` middleware on
/// the route checks); the handler reads the session as usual.
#[handler]
fn billing(Session(claims): Session) -> Json<Value> {
    let organization = claims.organization().map(|o| o.id.clone());
    Json(json!({"organization_id": organization, "invoices": ["INV-001"]}))
}

/// Clerk's webhooks: only verified deliveries get here.
#[handler]
fn clerk_webhook(VerifiedEvent(delivery): VerifiedEvent) -> StatusCode {
    match delivery.into_decoded() {
        Decoded::Typed(EventData::UserDeleted(deleted)) => {
            println!("  handler: user {:?} deleted", deleted.id)
        }
        other => println!("  handler: {} (not handled)", other.event_type()),
    }
    StatusCode::NO_CONTENT
}

fn app(options: AuthenticateOptions, verifier: Verifier) -> impl Endpoint {
    let read_invoices = Require::new(Requirement::new().permission("org:invoices:read"));
    let pages = Route::new()
        .at("/", get(home))
        .at("/me", get(me))
        .at("/billing", get(billing).with(read_invoices))
        .with(ClerkMiddleware::new(options));
    Route::new()
        .at("/webhooks/clerk", post(clerk_webhook).data(verifier))
        .nest("/", pages)
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // Keep the fake alive for the whole run; it stops when dropped.
    let fake = FakeClerk::start().await;
    println!("using FakeClerk at {}", fake.url());
    let ada = user::Client::new(&fake.config())
        .create(&user::CreateParams {
            email_address: Some(vec!["ada.poem@example.com".into()]),
            first_name: clerk::string("Ada"),
            ..Default::default()
        })
        .await?;
    let sessions = session::Client::new(&fake.config());
    let sess = sessions
        .create(&session::CreateParams {
            user_id: clerk::string(&ada.id),
            ..Default::default()
        })
        .await?;
    let token = sessions
        .create_token(&sess.id, &session::TokenParams::default())
        .await?
        .jwt
        .ok_or("the session token response has no jwt")?;
    // Clerk puts the active organization in the token; FakeClerk's sessions have none,
    // so this one is minted with the fake's key, as Clerk would for an org member.
    let member = fake
        .token_issuer()
        .session_token(&ada.id)
        .organization("org_1", "engines", "org:member", &["org:invoices:read"])
        .sign();
    println!("user {}, session {}", ada.id, sess.id);

    let secret = WebhookSecret::new(WEBHOOK_SECRET)?;
    let options = AuthenticateOptions::new(fake.verify_params());
    let app = app(options, Verifier::new(secret.clone()));

    let checks: [(&str, Option<&str>, u16); 7] = [
        ("/", None, 200),
        ("/", Some(&token), 200),
        ("/me", None, 401),
        ("/me", Some(&token), 200),
        ("/billing", None, 401),
        ("/billing", Some(&token), 403),
        ("/billing", Some(&member), 200),
    ];
    let mut unexpected = Vec::new();
    for (path, credential, want) in checks {
        let mut request = Request::builder().uri_str(path);
        if let Some(token) = credential {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        let response = app.get_response(request.finish()).await;
        let status = response.status().as_u16();
        let how = match credential {
            None => "without a token",
            Some(t) if t == token => "with the session's token",
            Some(_) => "as an organization member",
        };
        let body = response.into_body().into_string().await?;
        println!("GET {path} {how}: {status} {body}");
        if status != want {
            unexpected.push(format!("GET {path} {how}: expected {want}, got {status}"));
        }
    }

    let body = json!({"type": "user.deleted", "object": "event", "timestamp": 1716883200000_i64,
        "instance_id": "ins_1", "data": {"object": "user", "id": ada.id, "deleted": true}})
    .to_string();
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    for (what, sent, want) in [
        ("a signed delivery", body.clone(), 204),
        ("a tampered one", body.replace("ins_1", "ins_2"), 400),
    ] {
        let request = Request::builder()
            .method(poem::http::Method::POST)
            .uri_str("/webhooks/clerk")
            .header("svix-id", "msg_1")
            .header("svix-timestamp", at.to_string())
            .header("svix-signature", secret.sign("msg_1", at, body.as_bytes()))
            .body(sent);
        let response = app.get_response(request).await;
        let status = response.status().as_u16();
        let text = response.into_body().into_string().await?;
        println!("POST /webhooks/clerk, {what}: {status} {text}");
        if status != want {
            unexpected.push(format!("{what}: expected {want}, got {status}"));
        }
    }

    if unexpected.is_empty() {
        Ok(())
    } else {
        Err(unexpected.join("; ").into())
    }
}
