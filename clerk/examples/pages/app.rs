//! The app of the `pages` example: server-rendered pages on Clerk's cookie session.
//! Kept apart from `main.rs` so that the workspace tests drive this very app.

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use clerk::AuthenticateOptions;
use clerk::axum::{ClerkLayer, OptionalSession, RequireLayer};
use clerk::jwt::Requirement;

/// The app: `/` for everyone, `/admin` for organization admins. [`ClerkLayer`] reads
/// the session cookie, answers page requests whose cookie needs Clerk's Frontend API
/// (expired, signed out elsewhere, ...) with a handshake redirect, and sets the cookies
/// a handshake brings back.
pub fn app(options: AuthenticateOptions) -> Router {
    let admin = Router::new()
        .route(
            "/admin",
            get(|| async { Html("<h1>Admin</h1>".to_string()) }),
        )
        .route_layer(RequireLayer::new(Requirement::new().role("org:admin")));
    Router::new()
        .route("/", get(home))
        .merge(admin)
        .layer(ClerkLayer::new(options))
}

async fn home(OptionalSession(claims): OptionalSession) -> Html<String> {
    let who = match claims {
        Some(claims) => format!("Signed in as {}", claims.subject),
        None => "Signed out".to_string(),
    };
    Html(format!("<!doctype html><title>Home</title><h1>{who}</h1>"))
}
