//! A Rocket app protected by [`clerk::rocket::ClerkFairing`]: an optional session, a
//! required one, a route that requires a permission ([`clerk::rocket::Require`]), and a
//! webhook receiver.
//!
//! ```sh
//! cargo run -p clerk-backend --example rocket --features rocket
//! ```
//!
//! It runs offline: it starts [`clerk::testing::FakeClerk`], creates a user and a session
//! there and gets the session's token, serves the app on a free port of 127.0.0.1, calls
//! each route with and without credentials, prints the answers and exits. Tokens are
//! verified with the fake's key set; in a real app, with the instance's
//! (`VerifyParams::with_jwks(JwksCache::global())` with `CLERK_SECRET_KEY` set), and the
//! webhook secret comes from `CLERK_WEBHOOK_SIGNING_SECRET` (`Verifier::from_env()`).

use std::net::Ipv4Addr;

use clerk::jwt::Requirement;
use clerk::rocket::{ClerkFairing, OptionalSession, Policy, Require, Session};
use clerk::testing::FakeClerk;
use clerk::webhook::rocket::VerifiedEvent;
use clerk::webhook::{Decoded, EventData, Verifier, WebhookSecret};
use clerk::{AuthenticateOptions, session, user};
use rocket::config::LogLevel;
use rocket::fairing::AdHoc;
use rocket::http::{ContentType, Status};
use rocket::{Build, Rocket, get, post, routes};
use serde_json::json;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The demo secret of Svix's docs; a real one comes from the Clerk Dashboard.
const WEBHOOK_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Anyone; says hello by user id when signed in.
#[get("/")]
fn home(session: OptionalSession) -> String {
    session
        .0
        .map_or("hello stranger".into(), |c| format!("hello {}", c.subject))
}

/// Signed-in users only: who they are, from the verified token.
#[get("/me")]
fn me(session: Session) -> (ContentType, String) {
    let claims = session.0;
    let body = json!({"user_id": claims.subject, "session_id": claims.session_id});
    (ContentType::JSON, body.to_string())
}

/// What `/billing` requires: reading the active organization's invoices.
struct ReadInvoices;

impl Policy for ReadInvoices {
    fn requirement() -> Requirement {
        Requirement::new().permission("org:invoices:read")
    }
}

/// Members of an organization who may read its invoices.
#[get("/billing")]
fn billing(access: Require<ReadInvoices>) -> (ContentType, String) {
    let organization = access.claims.organization().map(|o| o.id.clone());
    let body = json!({"organization_id": organization, "invoices": ["INV-001"]});
    (ContentType::JSON, body.to_string())
}

/// Clerk's webhooks: only verified deliveries get here.
#[post("/webhooks/clerk", data = "<event>")]
fn clerk_webhook(event: VerifiedEvent) -> Status {
    match event.0.into_decoded() {
        Decoded::Typed(EventData::UserDeleted(deleted)) => {
            println!("  handler: user {:?} deleted", deleted.id)
        }
        other => println!("  handler: {} (not handled)", other.event_type()),
    }
    Status::NoContent
}

fn app(options: AuthenticateOptions, verifier: Verifier) -> Rocket<Build> {
    let config = rocket::Config {
        address: Ipv4Addr::LOCALHOST.into(),
        port: 0,
        log_level: LogLevel::Critical,
        ..rocket::Config::default()
    };
    rocket::custom(config)
        .attach(ClerkFairing::new(options))
        .manage(verifier)
        .mount("/", routes![home, me, billing, clerk_webhook])
}

fn main() -> Result<(), BoxError> {
    // Rocket runs on the Tokio runtime it builds.
    rocket::execute(run())
}

async fn run() -> Result<(), BoxError> {
    // Keep the fake alive for the whole run; it stops when dropped.
    let fake = FakeClerk::start().await;
    println!("using FakeClerk at {}", fake.url());
    let ada = user::Client::new(&fake.config())
        .create(&user::CreateParams {
            email_address: Some(vec!["ada.rocket@example.com".into()]),
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
    let (port_tx, port_rx) = tokio::sync::oneshot::channel();
    let rocket = app(options, Verifier::new(secret.clone()))
        .attach(AdHoc::on_liftoff("port", |rocket| {
            let port = rocket.config().port;
            Box::pin(async move {
                let _ = port_tx.send(port);
            })
        }))
        .ignite()
        .await?;
    let shutdown = rocket.shutdown();
    let server = tokio::spawn(rocket.launch());
    let base = format!("http://127.0.0.1:{}", port_rx.await?);
    println!("serving on {base}");

    let http = reqwest::Client::new();
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
        let mut request = http.get(format!("{base}{path}"));
        if let Some(token) = credential {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let how = match credential {
            None => "without a token",
            Some(t) if t == token => "with the session's token",
            Some(_) => "as an organization member",
        };
        println!("GET {path} {how}: {status} {}", response.text().await?);
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
        let response = http
            .post(format!("{base}/webhooks/clerk"))
            .header("svix-id", "msg_1")
            .header("svix-timestamp", at.to_string())
            .header("svix-signature", secret.sign("msg_1", at, body.as_bytes()))
            .body(sent)
            .send()
            .await?;
        let status = response.status().as_u16();
        println!(
            "POST /webhooks/clerk, {what}: {status} {}",
            response.text().await?
        );
        if status != want {
            unexpected.push(format!("{what}: expected {want}, got {status}"));
        }
    }
    shutdown.notify();
    server.await?.map_err(|e| e.to_string())?;

    if unexpected.is_empty() {
        Ok(())
    } else {
        Err(unexpected.join("; ").into())
    }
}
