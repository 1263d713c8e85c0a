//! What machines authenticate with, kept so that the verify endpoints verify what the
//! fake issued: API keys (`ak_...` secrets), machines (with their secret keys and
//! scopes), M2M tokens (`mt_...`, or JWTs signed with the fake's key), OAuth
//! applications and the OAuth access tokens (`oat_...`) a test issues with
//! [`FakeClerk::oauth_access_token`](super::FakeClerk::oauth_access_token).

use serde_json::{Map, Value, json};

use super::ApiError;
use super::answer::{self, Answer};
use super::collections::{self, Collection, Hooks, PLAIN};
use super::engine::Ctx;
use super::state::Store;
use crate::testing::TokenIssuer;

pub(super) const API_KEYS: Collection = Collection {
    base: "/api_keys",
    noun: "API key",
    prefix: "ak",
    hex: true,
    lists: &[],
    hooks: Hooks {
        create: api_key,
        act: api_key_act,
        collection: api_key_verify,
        listed: valid_unless_asked,
        ..PLAIN
    },
};

pub(super) const M2M_TOKENS: Collection = Collection {
    base: "/m2m_tokens",
    noun: "M2M token",
    prefix: "mt",
    hex: true,
    lists: &[],
    hooks: Hooks {
        create: m2m_token,
        act: revoke,
        collection: m2m_verify,
        ..PLAIN
    },
};

pub(super) const MACHINES: Collection = Collection {
    base: "/machines",
    noun: "machine",
    prefix: "mch",
    hex: false,
    lists: &[],
    hooks: Hooks {
        create: machine,
        act: machine_act,
        ..PLAIN
    },
};

pub(super) const OAUTH_APPLICATIONS: Collection = Collection {
    base: "/oauth_applications",
    noun: "OAuth application",
    prefix: "oa",
    hex: false,
    lists: &[],
    hooks: Hooks {
        create: oauth_application,
        act: oauth_application_act,
        ..PLAIN
    },
};

pub(super) const OAUTH_ACCESS_TOKENS: Collection = Collection {
    base: "/oauth_applications/access_tokens",
    noun: "OAuth access token",
    prefix: "oat",
    hex: true,
    lists: &[],
    hooks: Hooks {
        collection: oauth_verify,
        ..PLAIN
    },
};

/// Whether `id` is a Clerk id of one of `prefixes`: `prefix_` and 27 word characters.
fn has_prefix(id: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| {
        id.strip_prefix(p)
            .and_then(|r| r.strip_prefix('_'))
            .is_some_and(|r| {
                r.len() == 27 && r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            })
    })
}

/// Whether the user, organization or machine `id` exists.
fn subject_exists(store: &Store, id: &str) -> bool {
    store.users.contains_key(id)
        || store.organizations.contains_key(id)
        || collections::records(store, MACHINES.base)
            .iter()
            .any(|r| r.id == id)
}

/// Milliseconds from now, from a body field of seconds; `None` when absent or `null`.
fn expiration(ctx: &Ctx, field: &str, now: i64) -> Option<i64> {
    ctx.body
        .get(field)
        .and_then(Value::as_f64)
        .map(|s| now + (s * 1000.0) as i64)
}

/// Revoked and expired, as of `now`.
fn refresh_expired(record: &mut Value, now: i64) {
    if let Some(at) = record["expiration"].as_i64() {
        record["expired"] = json!(at <= now);
    }
}

// ---- API keys ----

fn api_key(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    let subject = ctx
        .field("subject")
        .ok_or_else(|| ApiError::missing("subject"))?;
    if !has_prefix(subject, &["user", "org", "mch"]) || !subject_exists(store, subject) {
        return Err(ApiError::invalid(
            "form_param_value_invalid",
            "subject",
            "subject must be the id of an existing user, organization or machine",
        ));
    }
    let now = store.now_ms();
    record["subject"] = json!(subject);
    record["type"] = json!(ctx.field("type").unwrap_or("api_key"));
    record["secret"] = json!(store.new_hex_id("ak"));
    record["revoked"] = json!(false);
    record["revocation_reason"] = Value::Null;
    record["expired"] = json!(false);
    record["expiration"] = json!(expiration(ctx, "seconds_until_expiration", now));
    record["last_used_at"] = Value::Null;
    for (field, default) in [
        ("description", Value::Null),
        ("claims", Value::Null),
        ("created_by", Value::Null),
        ("scopes", json!([])),
    ] {
        if ctx.body.get(field).is_none() {
            record[field] = default;
        }
    }
    Ok(())
}

fn api_key_act(
    store: &mut Store,
    ctx: &Ctx,
    verb: &str,
    record: &mut Value,
) -> Result<Option<Value>, ApiError> {
    match verb {
        "secret" => Ok(Some(json!({"secret": record["secret"]}))),
        _ => revoke(store, ctx, verb, record),
    }
}

/// `revoke`: revoked, with the reason given.
fn revoke(
    _: &mut Store,
    ctx: &Ctx,
    verb: &str,
    record: &mut Value,
) -> Result<Option<Value>, ApiError> {
    if verb == "revoke" {
        record["revoked"] = json!(true);
        record["revocation_reason"] = ctx
            .body
            .get("revocation_reason")
            .cloned()
            .unwrap_or(Value::Null);
    }
    Ok(None)
}

/// `POST /api_keys/verify`: the key whose secret was given, as of now.
fn api_key_verify(store: &mut Store, ctx: &Ctx, verb: &str) -> Result<Option<Answer>, ApiError> {
    if verb != "verify" {
        return Ok(None);
    }
    let secret = ctx.field("secret").unwrap_or_default();
    verify(store, ctx, API_KEYS.base, "secret", secret, "API key")
}

/// The record of `base` whose `field` is `value`, marked used now, in the verify
/// operation's shape; 404 when none is.
fn verify(
    store: &mut Store,
    ctx: &Ctx,
    base: &str,
    field: &str,
    value: &str,
    noun: &str,
) -> Result<Option<Answer>, ApiError> {
    let now = store.now_ms();
    let record = store
        .collections
        .get_mut(base)
        .and_then(|rs| {
            rs.iter_mut()
                .find(|r| !value.is_empty() && r.value[field] == value)
        })
        .map(|r| &mut r.value)
        .ok_or_else(|| ApiError::not_found(noun))?;
    refresh_expired(record, now);
    if record.get("last_used_at").is_some() {
        record["last_used_at"] = json!(now);
    }
    let record = record.clone();
    Ok(Some(Answer::of(
        ctx.op,
        collections::shaped(store, ctx.op, &record),
    )))
}

/// Lists leave out revoked and expired keys unless `include_invalid=true`.
fn valid_unless_asked(_: &Store, ctx: &Ctx, record: &Value) -> bool {
    ctx.query.get("include_invalid") == Some("true")
        || (record["revoked"] != true && record["expired"] != true)
}

// ---- Machines ----

fn machine_public(record: &Value) -> Value {
    let mut public = record.clone();
    if let Some(map) = public.as_object_mut() {
        map.remove("secret_key");
        map.remove("scoped_machines");
    }
    public
}

fn machine(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    let mut scoped = Vec::new();
    for (i, id) in ctx.body["scoped_machines"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let id = id.as_str().unwrap_or_default();
        let other = collections::records(store, MACHINES.base)
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| {
                ApiError::invalid(
                    "form_param_value_invalid",
                    &format!("scoped_machines[{i}]"),
                    format!("{id} is not a machine"),
                )
            })?;
        scoped.push(machine_public(&other.value));
    }
    record["scoped_machines"] = Value::Array(scoped);
    record["secret_key"] = json!(store.new_hex_id("ak"));
    if ctx.body.get("default_token_ttl").is_none() {
        record["default_token_ttl"] = json!(3600);
    }
    Ok(())
}

fn machine_act(
    store: &mut Store,
    ctx: &Ctx,
    verb: &str,
    record: &mut Value,
) -> Result<Option<Value>, ApiError> {
    let id = record["id"].as_str().unwrap_or_default().to_string();
    match verb {
        "secret_key" => Ok(Some(
            json!({"object": "machine_secret_key", "secret": record["secret_key"]}),
        )),
        "secret_key/rotate" => {
            record["secret_key"] = json!(store.new_hex_id("ak"));
            Ok(Some(
                json!({"object": "machine_secret_key", "secret": record["secret_key"]}),
            ))
        }
        "scopes" => {
            let to = ctx.field("to_machine_id").unwrap_or_default().to_string();
            let other = collections::records(store, MACHINES.base)
                .iter()
                .find(|r| r.id == to)
                .map(|r| machine_public(&r.value))
                .ok_or_else(|| ApiError::not_found("machine"))?;
            let scoped = record["scoped_machines"]
                .as_array_mut()
                .ok_or_else(|| ApiError::not_found("machine"))?;
            if !scoped.iter().any(|m| m["id"] == to.as_str()) {
                scoped.push(other);
            }
            let now = store.now_ms();
            Ok(Some(
                json!({"object": "machine_scope", "from_machine_id": id, "to_machine_id": to, "created_at": now}),
            ))
        }
        "scopes/{other_machine_id}" => {
            let to = ctx
                .param("other_machine_id")
                .unwrap_or_default()
                .to_string();
            let scoped = record["scoped_machines"]
                .as_array_mut()
                .ok_or_else(|| ApiError::not_found("machine scope"))?;
            let before = scoped.len();
            scoped.retain(|m| m["id"] != to.as_str());
            if scoped.len() == before {
                return Err(ApiError::not_found("machine scope"));
            }
            Ok(Some(
                json!({"object": "machine_scope", "from_machine_id": id, "to_machine_id": to, "deleted": true}),
            ))
        }
        _ => Ok(None),
    }
}

/// The machine a request was sent for: the one whose secret key it carries.
fn machine_of(store: &Store, ctx: &Ctx) -> Option<Value> {
    collections::records(store, MACHINES.base)
        .iter()
        .find(|r| r.value["secret_key"] == ctx.bearer.as_str())
        .map(|r| r.value.clone())
}

/// Whether `key` is the secret key of a machine the fake keeps.
pub(super) fn is_machine_key(store: &Store, key: &str) -> bool {
    collections::records(store, MACHINES.base)
        .iter()
        .any(|r| r.value["secret_key"] == key)
}

// ---- M2M tokens ----

/// A token for the machine whose secret key the request carries (sent with an
/// instance key, for a machine id made up on the spot), opaque or a JWT the fake signs.
fn m2m_token(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    issuer: &TokenIssuer,
) -> Result<(), ApiError> {
    let now = store.now_ms();
    let (subject, scopes, ttl) = match machine_of(store, ctx) {
        Some(m) => (
            m["id"].as_str().unwrap_or_default().to_string(),
            m["scoped_machines"]
                .as_array()
                .map(|s| s.iter().map(|m| m["id"].clone()).collect())
                .unwrap_or_default(),
            m["default_token_ttl"].as_i64().unwrap_or(3600),
        ),
        None => (store.new_id("mch"), Vec::new(), 3600),
    };
    let expires = expiration(ctx, "seconds_until_expiration", now).unwrap_or(now + ttl * 1000);
    record["subject"] = json!(subject);
    record["scopes"] = Value::Array(scopes);
    record["revoked"] = json!(false);
    record["revocation_reason"] = Value::Null;
    record["expired"] = json!(false);
    record["expiration"] = json!(expires);
    record["last_used_at"] = Value::Null;
    if ctx.body.get("claims").is_none() {
        record["claims"] = Value::Null;
    }
    record["token"] = if ctx.field("token_format") == Some("jwt") {
        // JWTs are timed by the real clock, which their verifiers use.
        let clock = crate::auth::jwt::SystemClock;
        let lifetime = (expires - now) / 1000;
        let mut token = issuer
            .m2m_token_at(&subject, &clock)
            .claim("jti", record["id"].clone())
            .claim("exp", crate::auth::jwt::Clock::now(&clock) + lifetime);
        if let Some(Value::Object(claims)) = ctx.body.get("claims") {
            for (k, v) in claims {
                token = token.claim(k, v.clone());
            }
        }
        json!(token.sign())
    } else {
        json!(store.new_hex_id("mt"))
    };
    Ok(())
}

fn m2m_verify(store: &mut Store, ctx: &Ctx, verb: &str) -> Result<Option<Answer>, ApiError> {
    if verb != "verify" {
        return Ok(None);
    }
    let token = ctx.field("token").unwrap_or_default();
    verify(store, ctx, M2M_TOKENS.base, "token", token, "M2M token")
}

// ---- OAuth applications and their access tokens ----

fn client_secret(store: &mut Store) -> String {
    let id = store.new_hex_id("x");
    id[2..].to_string()
}

fn oauth_application(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    let public = ctx
        .body
        .get("public")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let client_id = store.new_id("x")[2..].to_string();
    record["client_id"] = json!(client_id);
    record["client_secret"] = json!(if public {
        String::new()
    } else {
        client_secret(store)
    });
    record["public"] = json!(public);
    record["dynamically_registered"] = json!(false);
    for (field, default) in [
        ("pkce_required", json!(public)),
        ("consent_screen_enabled", json!(true)),
        ("scopes", json!("profile email")),
        ("redirect_uris", json!([])),
    ] {
        if ctx.body.get(field).is_none_or(Value::is_null) {
            record[field] = default;
        }
    }
    Ok(())
}

fn oauth_application_act(
    store: &mut Store,
    ctx: &Ctx,
    verb: &str,
    record: &mut Value,
) -> Result<Option<Value>, ApiError> {
    match verb {
        "rotate_secret" => {
            record["client_secret"] = json!(client_secret(store));
            Ok(None)
        }
        "revoke_token" => {
            let token = ctx.field("token").unwrap_or_default();
            let client = record["client_id"].clone();
            let found = store
                .collections
                .get_mut(OAUTH_ACCESS_TOKENS.base)
                .and_then(|rs| {
                    rs.iter_mut()
                        .find(|r| r.value["token"] == token && r.value["client_id"] == client)
                })
                .ok_or_else(|| ApiError::not_found("OAuth access token"))?;
            found.value["revoked"] = json!(true);
            Ok(None)
        }
        _ => Ok(None),
    }
}

fn oauth_verify(store: &mut Store, ctx: &Ctx, verb: &str) -> Result<Option<Answer>, ApiError> {
    if verb != "verify" {
        return Ok(None);
    }
    let token = ctx
        .field("access_token")
        .or(ctx.field("secret"))
        .unwrap_or_default();
    verify(
        store,
        ctx,
        OAUTH_ACCESS_TOKENS.base,
        "token",
        token,
        "OAuth access token",
    )
}

/// Keeps a new opaque OAuth access token of `client_id` for `user_id`, valid for an
/// hour, and returns it. The record has the verify operation's answer shape.
pub(super) fn issue_oauth_access_token(
    store: &mut Store,
    client_id: &str,
    user_id: &str,
    scopes: &[&str],
) -> String {
    let template = super::spec::table()
        .operations
        .iter()
        .find(|o| o.id == "verifyOAuthAccessToken")
        .and_then(|o| o.template())
        .cloned()
        .unwrap_or_else(|| json!({}));
    let now = store.now_ms();
    let mut record = answer::materialize(store, &template, &Map::new());
    let token = store.new_hex_id("oat");
    record["id"] = json!(store.new_hex_id("oat"));
    record["client_id"] = json!(client_id);
    record["subject"] = json!(user_id);
    record["scopes"] = json!(scopes);
    record["revoked"] = json!(false);
    record["revocation_reason"] = Value::Null;
    record["expired"] = json!(false);
    record["expiration"] = json!(now + 3_600_000);
    record["token"] = json!(token);
    collections::insert(store, &OAUTH_ACCESS_TOKENS, Vec::new(), record);
    token
}
