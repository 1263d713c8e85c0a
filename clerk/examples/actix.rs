//! An actix-web API protected by [`clerk::actix::ClerkMiddleware`]: an optional session,
//! a required one, a route for users and machines alike, and a webhook receiver.
//!
//! ```sh
//! cargo run -p clerk-backend --example actix --features actix
//! ```
//!
//! It runs offline: tokens are minted with a throwaway key
//! ([`clerk::testing::TokenIssuer`]) and verified with that key, and webhooks are signed
//! with the demo secret of Svix's docs. It serves on a free port of 127.0.0.1, calls each
//! route with and without credentials, prints the answers and exits. In a real app,
//! verify with the instance's keys (`VerifyParams::with_jwks(JwksCache::global())` with
//! `CLERK_SECRET_KEY` set, or `CLERK_JWT_KEY` through `JwtKey::from_pem`) and take the
//! webhook secret from `CLERK_WEBHOOK_SIGNING_SECRET` (`Verifier::from_env()`).

use actix_web::{App, HttpResponse, HttpServer, web};
use clerk::actix::{Authenticated, ClerkMiddleware, OptionalSession, Session};
use clerk::jwt::VerifyParams;
use clerk::testing::{TestClock, TokenIssuer};
use clerk::webhook::actix::VerifiedEvent;
use clerk::webhook::{Decoded, EventData, Verifier, WebhookSecret};
use clerk::{Auth, AuthenticateOptions, TokenKind};
use serde_json::json;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The demo secret of Svix's docs; a real one comes from the Clerk Dashboard.
const WEBHOOK_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// Anyone; says hello by user id when signed in.
async fn home(OptionalSession(claims): OptionalSession) -> String {
    claims.map_or("hello stranger".into(), |c| format!("hello {}", c.subject))
}

/// Signed-in users only: who they are, from the verified token.
async fn me(Session(claims): Session) -> HttpResponse {
    HttpResponse::Ok().json(json!({"user_id": claims.subject, "session_id": claims.session_id}))
}

/// Users and machines (M2M tokens) alike.
async fn reports(Authenticated(auth): Authenticated) -> HttpResponse {
    let caller = match &auth {
        Auth::Session(claims) => format!("user {}", claims.subject),
        Auth::M2mToken(token) => format!("machine {} (scopes {:?})", token.subject, token.scopes),
        other => format!("{other:?}"),
    };
    HttpResponse::Ok().json(json!({"caller": caller, "reports": ["weekly", "monthly"]}))
}

/// Clerk's webhooks: only verified deliveries get here.
async fn clerk_webhook(VerifiedEvent(delivery): VerifiedEvent) -> HttpResponse {
    match delivery.into_decoded() {
        Decoded::Typed(EventData::UserDeleted(deleted)) => {
            println!("  handler: user {:?} deleted", deleted.id)
        }
        other => println!("  handler: {} (not handled)", other.event_type()),
    }
    HttpResponse::NoContent().finish()
}

fn main() -> Result<(), BoxError> {
    // actix-web runs on its own runtime; `System::block_on` gives one to `run`.
    actix_web::rt::System::new().block_on(run())
}

async fn run() -> Result<(), BoxError> {
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()))
        .accepts_token([TokenKind::Session, TokenKind::M2mToken]);
    let secret = WebhookSecret::new(WEBHOOK_SECRET)?;
    let verifier = web::Data::new(Verifier::new(secret.clone()));

    let server = HttpServer::new(move || {
        App::new()
            .app_data(verifier.clone())
            .route("/webhooks/clerk", web::post().to(clerk_webhook))
            .service(
                web::scope("")
                    .wrap(ClerkMiddleware::new(options.clone()))
                    .route("/", web::get().to(home))
                    .route("/me", web::get().to(me))
                    .route("/reports", web::get().to(reports)),
            )
    })
    .workers(1)
    .disable_signals()
    .bind(("127.0.0.1", 0))?;
    let base = format!("http://{}", server.addrs()[0]);
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    println!("serving on {base}");

    let session = issuer
        .session_token("user_2lLoNcz3KbqXKrAy5US8wtiCSbV")
        .sign();
    let an_hour_ago = TestClock::now();
    an_hour_ago.advance(-3600);
    let expired = issuer
        .session_token_at("user_2lLoNcz3KbqXKrAy5US8wtiCSbV", an_hour_ago.as_ref())
        .sign();
    let m2m = issuer
        .m2m_token_at("mch_2zwgWCl3YVvPKw50R1DCjJ5TBOo", TestClock::now().as_ref())
        .claim("scopes", "reports:read")
        .sign();

    let http = reqwest::Client::new();
    let mut unexpected = Vec::new();
    let gets: [(&str, &str, Option<&str>, u16); 6] = [
        ("/", "without a token", None, 200),
        ("/me", "without a token", None, 401),
        ("/me", "with a session token", Some(&session), 200),
        ("/me", "with an expired token", Some(&expired), 401),
        ("/me", "with an M2M token", Some(&m2m), 401),
        ("/reports", "with an M2M token", Some(&m2m), 200),
    ];
    for (path, what, token, want) in gets {
        let mut request = http.get(format!("{base}{path}"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        println!("GET {path} {what}: {status} {}", response.text().await?);
        if status != want {
            unexpected.push(format!("GET {path} {what}: expected {want}, got {status}"));
        }
    }

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs() as i64;
    let body = r#"{"type":"user.deleted","object":"event","timestamp":1716883200000,"instance_id":"ins_1","data":{"object":"user","id":"user_2lLoNcz3KbqXKrAy5US8wtiCSbV","deleted":true}}"#;
    let signature = secret.sign("msg_1", now, body.as_bytes());
    for (what, sent, want) in [
        ("signed", body.to_string(), 204),
        ("tampered", body.replace("user_2l", "user_3l"), 400),
    ] {
        let response = http
            .post(format!("{base}/webhooks/clerk"))
            .header("svix-id", "msg_1")
            .header("svix-timestamp", now.to_string())
            .header("svix-signature", &signature)
            .body(sent)
            .send()
            .await?;
        let status = response.status().as_u16();
        println!(
            "POST /webhooks/clerk {what}: {status} {}",
            response.text().await?
        );
        if status != want {
            unexpected.push(format!("webhook {what}: expected {want}, got {status}"));
        }
    }

    handle.stop(true).await;
    if unexpected.is_empty() {
        Ok(())
    } else {
        Err(unexpected.join("; ").into())
    }
}
