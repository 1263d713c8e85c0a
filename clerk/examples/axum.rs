//! An axum API protected by [`clerk::axum::ClerkLayer`]: a required session, an optional
//! one, and a route with a path parameter (`/orgs/{org_id}/invoices`, axum 0.8 syntax).
//!
//! ```sh
//! cargo run -p clerk-backend --example axum
//! ```
//!
//! Without `CLERK_SECRET_KEY` it runs offline: it starts [`clerk::testing::FakeClerk`],
//! creates a user, two organizations (the user administers one) and a session there, gets
//! a session token, serves the app on a free port of 127.0.0.1, calls it with and without
//! the token, prints what it got, cleans up and exits. With `CLERK_SECRET_KEY` (of a
//! development instance: production instances refuse to create sessions) the same flow
//! runs against the real API, and tokens are verified with the instance's JWKS through
//! [`JwksCache::global`]. Both modes use that cache: offline, the process-wide config
//! points at the fake.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use clerk::axum::{ClerkLayer, OptionalSession, Session};
use clerk::jwt::{JwksCache, VerifyParams};
use clerk::{AuthenticateOptions, organization, organization_membership, session, user};
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Anyone; says hello by user id when signed in.
async fn home(OptionalSession(claims): OptionalSession) -> String {
    claims.map_or("hello stranger".into(), |c| format!("hello {}", c.subject))
}

/// Signed-in users only: who they are, from the verified token.
async fn me(Session(claims): Session) -> Json<Value> {
    Json(json!({"user_id": claims.subject, "session_id": claims.session_id}))
}

/// Members of the organization in the path only. The membership is checked with the API:
/// the token carries the *active* organization only.
async fn invoices(
    Session(claims): Session,
    Path(org_id): Path<String>,
) -> Result<Json<Value>, (StatusCode, String)> {
    let members = organization_membership::list(
        &org_id,
        &organization_membership::ListParams {
            user_id: Some(vec![claims.subject.clone()]),
            ..Default::default()
        },
    )
    .await;
    match members {
        Ok(page) if page.total_count > 0 => Ok(Json(json!({
            "organization_id": org_id,
            "role": page.data[0].role,
            "invoices": [{"number": "INV-001", "amount": 4200}],
        }))),
        Ok(_) => Err((
            StatusCode::FORBIDDEN,
            format!("{} is not a member of {org_id}", claims.subject),
        )),
        Err(e) if e.is_not_found() => {
            Err((StatusCode::NOT_FOUND, format!("no organization {org_id}")))
        }
        Err(e) => Err((StatusCode::BAD_GATEWAY, e.to_string())),
    }
}

fn app() -> Router {
    // The layer verifies session tokens with the instance's key set, fetched once through
    // the process-wide config and cached.
    let options = AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()));
    Router::new()
        .route("/", get(home))
        .route("/me", get(me))
        .route("/orgs/{org_id}/invoices", get(invoices))
        .layer(ClerkLayer::new(options))
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    // Keep the fake alive for the whole run; it stops when dropped.
    let _fake = match clerk::ClientConfig::from_env() {
        Some(config) => {
            println!("using the Clerk API at {}", config.api_url());
            clerk::set_config(config);
            None
        }
        None => {
            let fake = clerk::testing::FakeClerk::start().await;
            println!(
                "CLERK_SECRET_KEY is not set: using FakeClerk at {}",
                fake.url()
            );
            clerk::set_config(fake.config());
            Some(fake)
        }
    };

    // A user, an organization they administer, a session and its token.
    let suffix = format!("{:06}", std::process::id() % 1_000_000);
    let ada = user::create(&user::CreateParams {
        email_address: Some(vec![format!("ada.axum.{suffix}@example.com")]),
        first_name: clerk::string("Ada"),
        ..Default::default()
    })
    .await?;
    let org = organization::create(&organization::CreateParams {
        name: clerk::string(format!("Analytical Engines {suffix}")),
        created_by: clerk::string(&ada.id),
        ..Default::default()
    })
    .await?;
    // An organization Ada is not a member of.
    let other = organization::create(&organization::CreateParams {
        name: clerk::string(format!("Difference Engines {suffix}")),
        ..Default::default()
    })
    .await?;
    let sess = session::create(&session::CreateParams {
        user_id: clerk::string(&ada.id),
        ..Default::default()
    })
    .await?;
    let token = session::create_token(&sess.id, &session::TokenParams::default())
        .await?
        .jwt
        .ok_or("the session token response has no jwt")?;
    println!(
        "user {}, organization {}, session {}",
        ada.id, org.id, sess.id
    );

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let server = tokio::spawn(async move { axum::serve(listener, app()).await });
    println!("serving on {base}");

    let http = reqwest::Client::new();
    let checks: [(&str, String, bool, u16); 7] = [
        ("GET /", "/".into(), false, 200),
        ("GET /", "/".into(), true, 200),
        ("GET /me", "/me".into(), false, 401),
        ("GET /me", "/me".into(), true, 200),
        (
            "GET /orgs/{org_id}/invoices",
            format!("/orgs/{}/invoices", org.id),
            true,
            200,
        ),
        (
            "GET /orgs/{org_id}/invoices",
            format!("/orgs/{}/invoices", other.id),
            true,
            403,
        ),
        (
            "GET /orgs/{org_id}/invoices",
            "/orgs/org_unknown/invoices".into(),
            true,
            404,
        ),
    ];
    let mut unexpected = Vec::new();
    for (route, path, with_token, want) in checks {
        let mut request = http.get(format!("{base}{path}"));
        if with_token {
            request = request.bearer_auth(&token);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let body = response.text().await?;
        let how = if with_token {
            "with the token"
        } else {
            "without a token"
        };
        println!("{route} {how}: {status} {body}");
        if status != want {
            unexpected.push(format!("{path} {how}: expected {want}, got {status}"));
        }
    }
    server.abort();

    // Clean up (deleting the user ends the session).
    organization::delete(&org.id).await?;
    organization::delete(&other.id).await?;
    user::delete(&ada.id).await?;
    println!(
        "deleted organizations {} and {}, and user {}",
        org.id, other.id, ada.id
    );
    if unexpected.is_empty() {
        Ok(())
    } else {
        Err(unexpected.join("; ").into())
    }
}
