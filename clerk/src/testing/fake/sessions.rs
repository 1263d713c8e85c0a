//! Sessions, and the session tokens the fake signs for them.

use axum::Json;
use axum::extract::{Path, Query as AxumQuery, State};
use serde_json::{Value, json};

use super::state::{Query, order, page_json, paginate, string};
use super::users;
use super::{ApiError, Reply, Shared, ok};

pub(super) async fn create(State(shared): State<Shared>, Json(body): Json<Value>) -> Reply {
    shared.with(|store| {
        let user_id = string(&body, "user_id")?.ok_or_else(|| ApiError::missing("user_id"))?;
        let mut user = users::find(store, &user_id)?;
        let now = store.now_ms();
        let session = json!({
            "object": "session",
            "id": store.new_id("sess"),
            "user_id": user_id,
            "client_id": store.new_id("client"),
            "actor": null,
            "status": "active",
            "last_active_organization_id": null,
            "last_active_at": now,
            "expire_at": now + 7 * 86_400_000,
            "abandon_at": now + 30 * 86_400_000,
            "updated_at": now,
            "created_at": now,
        });
        // Creating a session is a sign-in.
        user["last_sign_in_at"] = json!(now);
        user["last_active_at"] = json!(now);
        store.users.insert(user_id, user);
        store.sessions.insert(
            session["id"].as_str().unwrap_or_default().to_string(),
            session.clone(),
        );
        ok(session)
    })
}

pub(super) async fn list(
    State(shared): State<Shared>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| {
        let page = q.page()?;
        let mut items: Vec<Value> = store
            .sessions
            .values()
            .filter(|s| q.get("user_id").is_none_or(|u| s["user_id"] == u))
            .filter(|s| q.get("client_id").is_none_or(|c| s["client_id"] == c))
            .filter(|s| q.get("status").is_none_or(|st| s["status"] == st))
            .cloned()
            .collect();
        order(&mut items, None, &["created_at"], "-created_at")?;
        let (data, total) = paginate(items, page);
        if q.flag("paginated")?.unwrap_or(false) {
            ok(page_json(data, total))
        } else {
            ok(Value::Array(data))
        }
    })
}

pub(super) async fn get(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    shared.with(|store| {
        store
            .sessions
            .get(&id)
            .cloned()
            .map(ok)
            .unwrap_or_else(|| Err(ApiError::not_found("session")))
    })
}

pub(super) async fn revoke(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    shared.with(|store| {
        let now = store.now_ms();
        let session = store
            .sessions
            .get_mut(&id)
            .ok_or_else(|| ApiError::not_found("session"))?;
        session["status"] = json!("revoked");
        session["updated_at"] = json!(now);
        ok(session.clone())
    })
}

/// A session token (JWT) for an active session, signed with the fake's key.
pub(super) async fn token(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    body: Option<Json<Value>>,
) -> Reply {
    let session = shared
        .with(|store| store.sessions.get(&id).cloned())
        .filter(|s| s["status"] == "active")
        .ok_or_else(|| ApiError::not_found("active session"))?;
    let lifetime = body
        .and_then(|Json(b)| b.get("expires_in_seconds").and_then(Value::as_i64))
        .unwrap_or(60);
    let now = crate::auth::jwt::Clock::now(&crate::auth::jwt::SystemClock);
    let jwt = shared
        .issuer
        .session_token(session["user_id"].as_str().unwrap_or_default())
        .claim("sid", id)
        .claim("exp", now + lifetime)
        .sign();
    ok(json!({"object": "token", "jwt": jwt}))
}
