//! The one Frontend API route a server-rendered app meets: the handshake. Browsers come
//! here when [`crate::authenticate`] hands a page request over; the fake sends them back
//! as Clerk's development Frontend API does, with a signed handshake token of cookie
//! directives in the URL.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::Shared;
use crate::auth::jwt::{self, Clock, SystemClock};

/// `GET /v1/client/handshake?redirect_url=...`: back to `redirect_url` with
/// `__clerk_handshake`, whose cookies carry a fresh session token when `__session` names
/// an active session of the fake, and sign the browser out otherwise.
pub(super) async fn handshake(
    State(shared): State<Shared>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(back) = params
        .get("redirect_url")
        .and_then(|u| url::Url::parse(u).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
    else {
        return (
            StatusCode::BAD_REQUEST,
            "redirect_url must be an http(s) URL",
        )
            .into_response();
    };
    let now = SystemClock.now();
    let session_id = params
        .get("__session")
        .and_then(|token| jwt::decode(token).ok())
        .and_then(|t| t.claims.get("sid")?.as_str().map(str::to_string));
    let active = session_id.and_then(|id| {
        shared
            .with(|store| store.sessions.get(&id).cloned())
            .filter(|s| s["status"] == "active")
            .map(|s| (id, s))
    });
    let directives = match active {
        Some((id, session)) => {
            let token = shared
                .issuer
                .session_token(session["user_id"].as_str().unwrap_or_default())
                .claim("sid", id)
                .sign();
            vec![
                format!("__session={token}; Path=/; SameSite=Lax"),
                format!("__client_uat={now}; Path=/; SameSite=Lax"),
            ]
        }
        None => vec![
            "__session=; Path=/; Max-Age=0; SameSite=Lax".to_string(),
            "__client_uat=0; Path=/; SameSite=Lax".to_string(),
        ],
    };
    let handshake = shared.issuer.sign(
        &json!({"alg": "RS256", "typ": "JWT", "kid": shared.issuer.kid()}),
        &json!({"handshake": directives, "iat": now}),
    );
    let mut back = back;
    back.query_pairs_mut()
        .append_pair("__clerk_handshake", &handshake);
    (
        StatusCode::TEMPORARY_REDIRECT,
        [(header::LOCATION, back.to_string())],
    )
        .into_response()
}
