//! Every operation the hand-written handlers do not serve: the resources the fake keeps
//! (see [`super::collections`]) with their state, answers about a kept user or
//! organization built from it, and the rest from the generated templates.

use axum::extract::{Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::answer::{self, Answer};
use super::collections;
use super::spec::Op;
use super::state::{Query, Store};
use super::{ApiError, Matched, Shared};

/// One request, as the engine sees it.
#[derive(Debug)]
pub(super) struct Ctx {
    pub op: &'static Op,
    /// Path parameters by name, decoded.
    pub params: Vec<(String, String)>,
    pub query: Query,
    /// The JSON body (`null` when there is none).
    pub body: Value,
    /// The key the request was sent with.
    pub bearer: String,
}

impl Ctx {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A string field of the body.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.body.get(name).and_then(Value::as_str)
    }
}

/// The fallback route: every operation without a hand-written handler.
pub(super) async fn serve(State(shared): State<Shared>, request: Request) -> Response {
    let Some(matched) = request.extensions().get::<Matched>().cloned() else {
        return ApiError::not_found("route").into_response();
    };
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string();
    let query = Query(
        request
            .uri()
            .query()
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default(),
    );
    let bytes = axum::body::to_bytes(request.into_body(), usize::MAX)
        .await
        .unwrap_or_default();
    let ctx = Ctx {
        op: matched.op,
        params: matched.params,
        query,
        body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        bearer,
    };
    let issuer = shared.issuer.clone();
    match shared.with(|store| handle(store, &ctx, &issuer)) {
        Ok(answer) => answer.into_response(),
        Err(e) => e.into_response(),
    }
}

fn handle(
    store: &mut Store,
    ctx: &Ctx,
    issuer: &crate::testing::TokenIssuer,
) -> Result<Answer, ApiError> {
    parents_exist(store, ctx)?;
    if let Some((collection, role)) = collections::of_op(ctx.op) {
        return collections::handle(store, collection, role, ctx, issuer);
    }
    if let Some(answer) = kept(store, ctx)? {
        return Ok(answer);
    }
    Ok(answer::synthesized(store, ctx))
}

/// 404 for a path naming a user, organization or session the fake does not have.
fn parents_exist(store: &Store, ctx: &Ctx) -> Result<(), ApiError> {
    for (name, value) in &ctx.params {
        let (exists, what) = match name.as_str() {
            "user_id" => (store.users.contains_key(value), "user"),
            "organization_id" => (
                store.organizations.contains_key(value)
                    || store.organizations.values().any(|o| o["slug"] == *value),
                "organization",
            ),
            "session_id" => (store.sessions.contains_key(value), "session"),
            _ => continue,
        };
        if !exists {
            return Err(ApiError::not_found(what));
        }
    }
    Ok(())
}

/// An answer about a user, organization or session the fake keeps (by the path's id):
/// the kept record in the answer's shape, with what the request sets saved first
/// (`PUT /users/{user_id}/metadata`, `DELETE .../profile_image`, ...).
fn kept(store: &mut Store, ctx: &Ctx) -> Result<Option<Answer>, ApiError> {
    let op = ctx.op;
    let Some(template) = op.template() else {
        return Ok(None);
    };
    if op.list || op.page.is_some() {
        return Ok(None);
    }
    let Some(object) = template.get("object").and_then(Value::as_str) else {
        return Ok(None);
    };
    let Some(id) = op
        .echo_path
        .iter()
        .find(|(field, _)| field == "id")
        .and_then(|(_, param)| ctx.param(param))
    else {
        return Ok(None);
    };
    let id = id.to_string();
    let now = store.now_ms();
    let shape = answer::materialize(store, template, &Map::new());
    let map = match object {
        "user" => &mut store.users,
        "organization" => &mut store.organizations,
        "session" => &mut store.sessions,
        _ => return Ok(None),
    };
    let Some(record) = map.get_mut(&id) else {
        return Err(ApiError::not_found(object));
    };
    if op.method != "GET" {
        for (name, nullable) in op.echoes() {
            match ctx.body.get(name) {
                Some(Value::Null) if !nullable => {}
                Some(value) => record[name] = value.clone(),
                None => {}
            }
        }
        if record.get("updated_at").is_some_and(Value::is_number) {
            record["updated_at"] = json!(now);
        }
    }
    Ok(Some(Answer::of(op, answer::project(record, shape))))
}
