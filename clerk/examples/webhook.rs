//! A Clerk webhook receiver on axum that logs `user.created` and `user.deleted`.
//!
//! ```sh
//! cargo run -p clerk-backend --example webhook --features axum
//! ```
//!
//! It runs offline, without a Clerk account: it serves on a free port of 127.0.0.1, signs
//! a `user.created` and a `user.deleted` webhook itself the way Svix does, with the demo
//! secret `whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw` (the example secret of Svix's docs),
//! posts them, posts a `user.created` whose data lacks a field the spec requires (still
//! handled, from its JSON), posts a tampered copy (answered 400, the handler never runs),
//! prints what the handler logged and exits.
//!
//! In a real app, take the endpoint's secret from the Clerk Dashboard (Webhooks, Signing
//! Secret) through `CLERK_WEBHOOK_SIGNING_SECRET` with `Verifier::from_env()`, and point
//! the endpoint at `https://<your host>/webhooks/clerk`.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::post;
use clerk::webhook::axum::VerifiedEvent;
use clerk::webhook::{Decoded, EventData, Verifier, WebhookSecret};
use serde_json::json;

/// The demo secret: never use it for a real endpoint.
const DEMO_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// The app's state: the verifier the extractor takes (through `FromRef`), and a log.
#[derive(Clone)]
struct AppState {
    verifier: Verifier,
    log: Arc<Mutex<Vec<String>>>,
}

impl FromRef<AppState> for Verifier {
    fn from_ref(state: &AppState) -> Verifier {
        state.verifier.clone()
    }
}

/// Runs for every webhook that verified, whatever the shape of its data; answers 2xx
/// so Svix does not retry.
async fn clerk_webhook(
    State(state): State<AppState>,
    VerifiedEvent(delivery): VerifiedEvent,
) -> StatusCode {
    let line = match delivery.into_decoded() {
        Decoded::Typed(EventData::UserCreated(user)) => {
            let email = user
                .email_addresses
                .iter()
                .find(|e| e.id.is_some() && e.id == user.primary_email_address_id)
                .map_or("no email", |e| e.email_address.as_str());
            format!("user.created: {} <{email}>", user.id)
        }
        Decoded::Typed(EventData::UserDeleted(deleted)) => {
            format!("user.deleted: {}", deleted.id.as_deref().unwrap_or("?"))
        }
        // Data that does not fit the generated type (a newer or older payload shape):
        // still a genuine event, handled from the JSON.
        Decoded::Raw {
            r#type,
            data,
            error,
        } => {
            format!("{type}: {} (as JSON: {error})", data["id"])
        }
        other => format!("{}: ignored", other.event_type()),
    };
    println!("handler: {line}");
    state.log.lock().unwrap().push(line);
    StatusCode::NO_CONTENT
}

/// A `user.created` event as Clerk sends it.
const USER_CREATED: &str = r#"{
    "type": "user.created",
    "object": "event",
    "timestamp": 1716883200,
    "instance_id": "ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
    "event_attributes": {"http_request": {"client_ip": "192.0.2.1", "user_agent": "Mozilla/5.0"}},
    "data": {
        "object": "user",
        "id": "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
        "external_id": null,
        "primary_email_address_id": "idn_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
        "primary_phone_number_id": null,
        "primary_web3_wallet_id": null,
        "username": null,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "image_url": "https://img.clerk.com/xxxxxx",
        "has_image": false,
        "public_metadata": {},
        "private_metadata": {},
        "unsafe_metadata": {},
        "email_addresses": [{
            "object": "email_address",
            "id": "idn_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
            "email_address": "ada@example.com",
            "reserved": false,
            "verification": {"object": "verification_otp", "status": "verified", "strategy": "email_code", "attempts": 1, "expire_at": 1716883800000},
            "linked_to": [],
            "matches_sso_connection": false,
            "created_at": 1716883200000,
            "updated_at": 1716883200000
        }],
        "phone_numbers": [],
        "web3_wallets": [],
        "passkeys": [],
        "password_enabled": true,
        "two_factor_enabled": false,
        "totp_enabled": false,
        "backup_code_enabled": false,
        "mfa_enabled_at": null,
        "mfa_disabled_at": null,
        "external_accounts": [],
        "saml_accounts": [],
        "enterprise_accounts": [],
        "last_sign_in_at": null,
        "banned": false,
        "locked": false,
        "lockout_expires_in_seconds": null,
        "verification_attempts_remaining": 100,
        "updated_at": 1716883200000,
        "created_at": 1716883200000,
        "delete_self_enabled": true,
        "create_organization_enabled": true,
        "create_organizations_limit": null,
        "last_active_at": null,
        "legal_accepted_at": null,
        "bypass_client_trust": false
    }
}"#;

/// A `user.deleted` event as Clerk sends it.
fn user_deleted() -> serde_json::Value {
    json!({
        "type": "user.deleted",
        "object": "event",
        "timestamp": 1716883260,
        "instance_id": "ins_2g7np7Hrk0SN6kj5EDMLDaKNL0S",
        "data": {"object": "user", "id": "user_2g7np7Hrk0SN6kj5EDMLDaKNL0S", "deleted": true}
    })
}

/// Posts `body` with Svix's headers, signed over `signed_body` (the same bytes, unless
/// the example is tampering), and returns the status and the response body.
async fn deliver(
    http: &reqwest::Client,
    url: &str,
    secret: &WebhookSecret,
    id: &str,
    signed_body: &[u8],
    body: Vec<u8>,
) -> Result<(u16, String), reqwest::Error> {
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let response = http
        .post(url)
        .header("content-type", "application/json")
        .header("svix-id", id)
        .header("svix-timestamp", timestamp.to_string())
        .header("svix-signature", secret.sign(id, timestamp, signed_body))
        .body(body)
        .send()
        .await?;
    Ok((response.status().as_u16(), response.text().await?))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = WebhookSecret::new(DEMO_SECRET)?;
    let state = AppState {
        verifier: Verifier::new(secret.clone()),
        log: Arc::default(),
    };
    let app = Router::new()
        .route("/webhooks/clerk", post(clerk_webhook))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/webhooks/clerk", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!("receiving webhooks at {url}");

    let http = reqwest::Client::new();
    let user_created: serde_json::Value = serde_json::from_str(USER_CREATED)?;
    for (id, event) in [("msg_1", user_created), ("msg_2", user_deleted())] {
        let body = serde_json::to_vec(&event)?;
        let (status, _) = deliver(&http, &url, &secret, id, &body, body.clone()).await?;
        println!("{} -> {status}", event["type"].as_str().unwrap_or("?"));
        if status != 204 {
            return Err(format!("{} was refused with {status}", event["type"]).into());
        }
    }

    // A user.created whose data lacks a field the spec marks required: verified, so the
    // handler gets it (as JSON) and answers 2xx; a sender would otherwise retry, then drop it.
    let mut lacking: serde_json::Value = serde_json::from_str(USER_CREATED)?;
    lacking["data"]
        .as_object_mut()
        .ok_or("data is an object")?
        .remove("backup_code_enabled");
    let body = serde_json::to_vec(&lacking)?;
    let (status, _) = deliver(&http, &url, &secret, "msg_4", &body, body.clone()).await?;
    println!("user.created without backup_code_enabled -> {status}");
    if status != 204 {
        return Err(format!("the verified user.created was refused with {status}").into());
    }

    // The same user.deleted with another user id, under the original signature.
    let genuine = serde_json::to_vec(&user_deleted())?;
    let mut forged = user_deleted();
    forged["data"]["id"] = json!("user_someone_else");
    let (status, error) = deliver(
        &http,
        &url,
        &secret,
        "msg_3",
        &genuine,
        serde_json::to_vec(&forged)?,
    )
    .await?;
    println!("tampered user.deleted -> {status} {error}");
    if status != 400 {
        return Err(format!("the tampered webhook got {status}, not 400").into());
    }

    let log = state.log.lock().unwrap().clone();
    println!("the handler logged {} event(s):", log.len());
    for line in &log {
        println!("  {line}");
    }
    if log.len() != 3 {
        return Err("expected three logged events".into());
    }
    Ok(())
}
