//! Users: create, read, list, count, update, metadata merge, delete, ban, lock.

use axum::Json;
use axum::extract::{Path, Query as AxumQuery, State};
use serde_json::{Value, json};

use super::state::{
    Query, Store, contains_any, deep_merge, metadata, order, paginate, string, strings,
};
use super::{ApiError, Reply, Shared, ok};

const ORDER_FIELDS: &[&str] = &[
    "created_at",
    "updated_at",
    "email_address",
    "web3wallet",
    "first_name",
    "last_name",
    "phone_number",
    "username",
    "last_active_at",
    "last_sign_in_at",
];

/// An email address or phone number (`kind`) of a user, verified by the admin.
pub(super) fn identification(store: &mut Store, kind: &str, value: &str, now: i64) -> Value {
    let (prefix_field, object) = match kind {
        "email_address" => ("email_address", "email_address"),
        _ => ("phone_number", "phone_number"),
    };
    let mut v = json!({
        "id": store.new_id("idn"),
        "object": object,
        prefix_field: value,
        "reserved": false,
        "verification": {"object": "verification_admin", "status": "verified", "strategy": "admin", "attempts": null, "expire_at": null},
        "linked_to": [],
        "created_at": now,
        "updated_at": now,
    });
    if kind == "email_address" {
        v["matches_sso_connection"] = json!(false);
    } else {
        v["reserved_for_second_factor"] = json!(false);
        v["default_second_factor"] = json!(false);
        v["backup_codes"] = Value::Null;
    }
    v
}

/// The user field listing identifications of a kind: `email_addresses`, `phone_numbers`.
fn list_of(kind: &str) -> &'static str {
    match kind {
        "email_address" => "email_addresses",
        _ => "phone_numbers",
    }
}

/// Refuses identifiers another user already has.
fn check_unique(
    store: &Store,
    except: Option<&str>,
    field: &str,
    value: &str,
) -> Result<(), ApiError> {
    let taken = store
        .users
        .values()
        .filter(|u| Some(u["id"].as_str().unwrap_or("")) != except)
        .any(|u| match field {
            "email_address" | "phone_number" => u[list_of(field)].as_array().is_some_and(|items| {
                items.iter().any(|i| {
                    i[field]
                        .as_str()
                        .is_some_and(|v| v.eq_ignore_ascii_case(value))
                })
            }),
            _ => u[field]
                .as_str()
                .is_some_and(|v| v.eq_ignore_ascii_case(value)),
        });
    if taken {
        Err(ApiError::invalid(
            "form_identifier_exists",
            field,
            format!(
                "That {} is taken. Please try another.",
                field.replace('_', " ")
            ),
        ))
    } else {
        Ok(())
    }
}

pub(super) async fn create(State(shared): State<Shared>, Json(body): Json<Value>) -> Reply {
    shared.with(|store| {
        let emails = strings(&body, "email_address")?;
        let phones = strings(&body, "phone_number")?;
        let username = string(&body, "username")?;
        for email in &emails {
            let valid = email.split_once('@').is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
            if !valid {
                return Err(ApiError::invalid("form_param_format_invalid", "email_address", "email_address must be a valid email address."));
            }
            check_unique(store, None, "email_address", email)?;
        }
        for phone in &phones {
            if !phone.starts_with('+') || phone.len() < 8 {
                return Err(ApiError::invalid("form_param_format_invalid", "phone_number", "phone_number must be a valid phone number in E.164 format."));
            }
            check_unique(store, None, "phone_number", phone)?;
        }
        if let Some(name) = &username {
            check_unique(store, None, "username", name)?;
        }
        if emails.is_empty() && phones.is_empty() && username.is_none() && body.get("external_id").is_none() {
            return Err(ApiError::invalid(
                "form_data_missing",
                "email_address",
                "at least one identifier (email_address, phone_number, username or external_id) is required",
            ));
        }
        let now = store.now_ms();
        let email_addresses: Vec<Value> = emails.iter().map(|e| identification(store, "email_address", e, now)).collect();
        let phone_numbers: Vec<Value> = phones.iter().map(|p| identification(store, "phone_number", p, now)).collect();
        let has_password = body.get("password").is_some_and(Value::is_string) || body.get("password_digest").is_some_and(Value::is_string);
        let user = json!({
            "id": store.new_id("user"),
            "object": "user",
            "external_id": string(&body, "external_id")?,
            "primary_email_address_id": email_addresses.first().map(|e| e["id"].clone()),
            "primary_phone_number_id": phone_numbers.first().map(|p| p["id"].clone()),
            "primary_web3_wallet_id": null,
            "username": username,
            "first_name": string(&body, "first_name")?,
            "last_name": string(&body, "last_name")?,
            "locale": string(&body, "locale")?,
            "profile_image_url": "https://www.gravatar.com/avatar?d=mp",
            "image_url": "https://img.clerk.com/fake-default-avatar",
            "has_image": false,
            "public_metadata": metadata(&body, "public_metadata")?.unwrap_or_default(),
            "private_metadata": metadata(&body, "private_metadata")?.unwrap_or_default(),
            "unsafe_metadata": metadata(&body, "unsafe_metadata")?.unwrap_or_default(),
            "email_addresses": email_addresses,
            "phone_numbers": phone_numbers,
            "web3_wallets": [],
            "passkeys": [],
            "password_enabled": has_password,
            "two_factor_enabled": false,
            "totp_enabled": false,
            "backup_code_enabled": false,
            "mfa_enabled_at": null,
            "mfa_disabled_at": null,
            "password_last_updated_at": if has_password { json!(now) } else { Value::Null },
            "external_accounts": [],
            "saml_accounts": [],
            "enterprise_accounts": [],
            "last_sign_in_at": null,
            "banned": body.get("banned").and_then(Value::as_bool).unwrap_or(false),
            "locked": body.get("locked").and_then(Value::as_bool).unwrap_or(false),
            "lockout_expires_in_seconds": null,
            "verification_attempts_remaining": 100,
            "updated_at": now,
            "created_at": now,
            "delete_self_enabled": body.get("delete_self_enabled").and_then(Value::as_bool).unwrap_or(true),
            "create_organization_enabled": body.get("create_organization_enabled").and_then(Value::as_bool).unwrap_or(true),
            "create_organizations_limit": body.get("create_organizations_limit").cloned().unwrap_or(Value::Null),
            "last_active_at": null,
            "legal_accepted_at": null,
            "bypass_client_trust": false,
        });
        store.users.insert(user["id"].as_str().unwrap_or_default().to_string(), user.clone());
        ok(user)
    })
}

pub(super) fn find(store: &Store, id: &str) -> Result<Value, ApiError> {
    store
        .users
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::not_found("user"))
}

pub(super) async fn get(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    shared.with(|store| ok(find(store, &id)?))
}

/// Users matching the list/count filters of the spec.
fn matching(store: &Store, q: &Query) -> Result<Vec<Value>, ApiError> {
    let any_of = |user: &Value, key: &str, get: &dyn Fn(&Value) -> Vec<String>| {
        let wanted = q.all(key);
        wanted.is_empty()
            || get(user)
                .iter()
                .any(|have| wanted.iter().any(|w| w.eq_ignore_ascii_case(have)))
    };
    let idents = |field: &'static str| {
        move |u: &Value| -> Vec<String> {
            u[list_of(field)]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|i| i[field].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        }
    };
    let scalar = |field: &'static str| {
        move |u: &Value| -> Vec<String> {
            u[field].as_str().map(str::to_string).into_iter().collect()
        }
    };
    let banned = q.flag("banned")?;
    let bounds = [
        (
            "created_at",
            q.int("created_at_after")?,
            q.int("created_at_before")?,
        ),
        (
            "last_active_at",
            q.int("last_active_at_after")?
                .or(q.int("last_active_at_since")?),
            q.int("last_active_at_before")?,
        ),
        (
            "last_sign_in_at",
            q.int("last_sign_in_at_after")?,
            q.int("last_sign_in_at_before")?,
        ),
    ];
    let members_of: Vec<&str> = q.all("organization_id");
    Ok(store
        .users
        .values()
        .filter(|u| any_of(u, "email_address", &idents("email_address")))
        .filter(|u| any_of(u, "phone_number", &idents("phone_number")))
        .filter(|u| any_of(u, "username", &scalar("username")))
        .filter(|u| any_of(u, "external_id", &scalar("external_id")))
        .filter(|u| any_of(u, "user_id", &scalar("id")))
        .filter(|u| {
            members_of.is_empty()
                || store.memberships.keys().any(|(org, user)| {
                    Some(user.as_str()) == u["id"].as_str() && members_of.contains(&org.as_str())
                })
        })
        .filter(|u| banned.is_none_or(|b| u["banned"].as_bool() == Some(b)))
        .filter(|u| {
            bounds.iter().all(|(field, after, before)| {
                let at = u[*field].as_i64();
                after.is_none_or(|a| at.is_some_and(|t| t > a))
                    && before.is_none_or(|b| at.is_some_and(|t| t < b))
            })
        })
        .filter(|u| {
            let emails = idents("email_address")(u);
            let phones = idents("phone_number")(u);
            let field = |k: &str| u[k].as_str();
            let email_refs: Vec<Option<&str>> = emails.iter().map(|e| Some(e.as_str())).collect();
            let phone_refs: Vec<Option<&str>> = phones.iter().map(|p| Some(p.as_str())).collect();
            let mut everything = vec![
                field("id"),
                field("username"),
                field("first_name"),
                field("last_name"),
                field("external_id"),
            ];
            everything.extend(email_refs.iter().copied());
            everything.extend(phone_refs.iter().copied());
            q.get("query")
                .is_none_or(|needle| contains_any(&everything, needle))
                && q.get("email_address_query")
                    .is_none_or(|n| contains_any(&email_refs, n))
                && q.get("phone_number_query")
                    .is_none_or(|n| contains_any(&phone_refs, n))
                && q.get("username_query")
                    .is_none_or(|n| contains_any(&[field("username")], n))
                && q.get("name_query")
                    .is_none_or(|n| contains_any(&[field("first_name"), field("last_name")], n))
        })
        .cloned()
        .collect())
}

pub(super) async fn list(
    State(shared): State<Shared>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| {
        let page = q.page()?;
        let mut users = matching(store, &q)?;
        order(&mut users, q.get("order_by"), ORDER_FIELDS, "-created_at")?;
        // GET /users answers with a bare array; the count is a separate endpoint.
        ok(Value::Array(paginate(users, page).0))
    })
}

pub(super) async fn count(
    State(shared): State<Shared>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| {
        ok(json!({"object": "total_count", "total_count": matching(store, &q)?.len()}))
    })
}

pub(super) async fn update(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| {
        let mut user = find(store, &id)?;
        // Fields the API clears with null, and plain ones.
        for field in [
            "first_name",
            "last_name",
            "username",
            "external_id",
            "locale",
        ] {
            if let Some(value) = body.get(field) {
                if !(value.is_null() || value.is_string()) {
                    return Err(ApiError::invalid(
                        "form_param_format_invalid",
                        field,
                        format!("{field} must be a string"),
                    ));
                }
                if field == "username"
                    && let Some(name) = value.as_str()
                {
                    check_unique(store, Some(&id), "username", name)?;
                }
                user[field] = value.clone();
            }
        }
        if let Some(primary) = string(&body, "primary_email_address_id")? {
            let owned = user["email_addresses"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["id"] == primary));
            if !owned {
                return Err(ApiError::invalid(
                    "form_param_value_invalid",
                    "primary_email_address_id",
                    "not an email address of this user",
                ));
            }
            user["primary_email_address_id"] = json!(primary);
        }
        for field in ["public_metadata", "private_metadata", "unsafe_metadata"] {
            if let Some(map) = metadata(&body, field)? {
                user[field] = Value::Object(map);
            }
        }
        for field in ["delete_self_enabled", "create_organization_enabled"] {
            if let Some(flag) = body.get(field).and_then(Value::as_bool) {
                user[field] = json!(flag);
            }
        }
        if let Some(limit) = body.get("create_organizations_limit") {
            user["create_organizations_limit"] = limit.clone();
        }
        let now = store.now_ms();
        if body.get("password").is_some_and(Value::is_string) {
            user["password_enabled"] = json!(true);
            user["password_last_updated_at"] = json!(now);
        }
        user["updated_at"] = json!(now);
        store.users.insert(id, user.clone());
        ok(user)
    })
}

pub(super) async fn update_metadata(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| {
        let mut user = find(store, &id)?;
        for field in ["public_metadata", "private_metadata", "unsafe_metadata"] {
            if let Some(patch) = metadata(&body, field)? {
                let target = user[field].as_object_mut().expect("metadata is an object");
                deep_merge(target, &patch);
            }
        }
        user["updated_at"] = json!(store.now_ms());
        store.users.insert(id, user.clone());
        ok(user)
    })
}

pub(super) async fn delete(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    shared.with(|store| {
        find(store, &id)?;
        store.users.remove(&id);
        store.memberships.retain(|(_, user), _| *user != id);
        store.sessions.retain(|_, s| s["user_id"] != id.as_str());
        ok(json!({"id": id, "object": "user", "deleted": true}))
    })
}

fn set_flag(shared: &Shared, id: &str, field: &str, value: bool) -> Reply {
    shared.with(|store| {
        let mut user = find(store, id)?;
        user[field] = json!(value);
        if field == "banned" && value {
            // A ban ends every session of the user.
            for session in store.sessions.values_mut().filter(|s| s["user_id"] == id) {
                session["status"] = json!("revoked");
            }
        }
        user["updated_at"] = json!(store.now_ms());
        store.users.insert(id.to_string(), user.clone());
        ok(user)
    })
}

pub(super) async fn ban(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    set_flag(&shared, &id, "banned", true)
}

pub(super) async fn unban(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    set_flag(&shared, &id, "banned", false)
}

pub(super) async fn lock(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    set_flag(&shared, &id, "locked", true)
}

pub(super) async fn unlock(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    set_flag(&shared, &id, "locked", false)
}
