//! Organizations and their memberships.

use axum::Json;
use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::state::{
    Query, Store, contains_any, deep_merge, metadata, order, page_json, paginate, string,
};
use super::users;
use super::{ApiError, Reply, Shared, ok};

const ADMIN_PERMISSIONS: &[&str] = &[
    "org:sys_profile:manage",
    "org:sys_profile:delete",
    "org:sys_memberships:read",
    "org:sys_memberships:manage",
    "org:sys_domains:read",
    "org:sys_domains:manage",
];
const MEMBER_PERMISSIONS: &[&str] = &["org:sys_memberships:read"];

fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn check_slug(store: &Store, except: Option<&str>, slug: &str) -> Result<(), ApiError> {
    let valid = !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !valid {
        return Err(ApiError::invalid(
            "form_param_format_invalid",
            "slug",
            "slug may contain only lowercase letters, digits, dashes and underscores",
        ));
    }
    if store
        .organizations
        .values()
        .any(|o| o["slug"] == slug && o["id"].as_str() != except)
    {
        return Err(ApiError::invalid(
            "form_identifier_exists",
            "slug",
            "That slug is taken. Please try another.",
        ));
    }
    Ok(())
}

/// An organization by id or slug.
fn find(store: &Store, id_or_slug: &str) -> Result<Value, ApiError> {
    store
        .organizations
        .get(id_or_slug)
        .or_else(|| {
            store
                .organizations
                .values()
                .find(|o| o["slug"] == id_or_slug)
        })
        .cloned()
        .ok_or_else(|| ApiError::not_found("organization"))
}

fn members_count(store: &Store, org_id: &str) -> usize {
    store
        .memberships
        .keys()
        .filter(|(org, _)| org == org_id)
        .count()
}

fn with_count(store: &Store, mut org: Value, q: &Query) -> Result<Value, ApiError> {
    if q.flag("include_members_count")?.unwrap_or(false) {
        org["members_count"] = json!(members_count(store, org["id"].as_str().unwrap_or_default()));
    }
    Ok(org)
}

pub(super) async fn create(State(shared): State<Shared>, Json(body): Json<Value>) -> Reply {
    shared.with(|store| {
        let name = string(&body, "name")?.filter(|n| !n.trim().is_empty()).ok_or_else(|| ApiError::missing("name"))?;
        let slug = string(&body, "slug")?.unwrap_or_else(|| slugify(&name));
        check_slug(store, None, &slug)?;
        let created_by = string(&body, "created_by")?;
        if let Some(user) = &created_by
            && !store.users.contains_key(user) {
                return Err(ApiError::invalid("form_param_value_invalid", "created_by", "created_by must be the id of an existing user"));
            }
        let now = store.now_ms();
        let mut org = json!({
            "object": "organization",
            "id": store.new_id("org"),
            "name": name,
            "slug": slug,
            "image_url": "https://img.clerk.com/fake-organization-logo",
            "has_image": false,
            "max_allowed_memberships": body.get("max_allowed_memberships").and_then(Value::as_i64).unwrap_or(5),
            "admin_delete_enabled": true,
            "public_metadata": metadata(&body, "public_metadata")?.unwrap_or_default(),
            "private_metadata": metadata(&body, "private_metadata")?.unwrap_or_default(),
            "created_at": now,
            "updated_at": now,
            "role_set_key": null,
        });
        let id = org["id"].as_str().unwrap_or_default().to_string();
        if let Some(user) = created_by {
            org["created_by"] = json!(user);
            let record = membership_record(store, "org:admin", now);
            store.memberships.insert((id.clone(), user), record);
        }
        store.organizations.insert(id, org.clone());
        ok(org)
    })
}

pub(super) async fn get(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| {
        let org = find(store, &id)?;
        ok(with_count(store, org, &q)?)
    })
}

pub(super) async fn list(
    State(shared): State<Shared>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| {
        let page = q.page()?;
        let user_ids = q.all("user_id");
        let org_ids = q.all("organization_id");
        let mut orgs: Vec<Value> = store
            .organizations
            .values()
            .filter(|o| {
                org_ids.is_empty() || org_ids.iter().any(|id| o["id"] == *id || o["slug"] == *id)
            })
            .filter(|o| {
                user_ids.is_empty()
                    || store.memberships.keys().any(|(org, user)| {
                        o["id"] == org.as_str() && user_ids.contains(&user.as_str())
                    })
            })
            .filter(|o| {
                q.get("query").is_none_or(|n| {
                    contains_any(
                        &[o["id"].as_str(), o["name"].as_str(), o["slug"].as_str()],
                        n,
                    )
                })
            })
            .map(|o| {
                let mut o = o.clone();
                o["members_count"] =
                    json!(members_count(store, o["id"].as_str().unwrap_or_default()));
                o
            })
            .collect();
        order(
            &mut orgs,
            q.get("order_by"),
            &["name", "created_at", "members_count"],
            "-created_at",
        )?;
        let include_count = q.flag("include_members_count")?.unwrap_or(false);
        let orgs = orgs
            .into_iter()
            .map(|mut o| {
                if !include_count {
                    o.as_object_mut().map(|m| m.remove("members_count"));
                }
                o
            })
            .collect();
        let (data, total) = paginate(orgs, page);
        ok(page_json(data, total))
    })
}

pub(super) async fn update(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| {
        let mut org = find(store, &id)?;
        let id = org["id"].as_str().unwrap_or_default().to_string();
        if let Some(name) = string(&body, "name")? {
            if name.trim().is_empty() {
                return Err(ApiError::invalid(
                    "form_param_value_invalid",
                    "name",
                    "name must not be empty",
                ));
            }
            org["name"] = json!(name);
        }
        if let Some(slug) = string(&body, "slug")? {
            check_slug(store, Some(&id), &slug)?;
            org["slug"] = json!(slug);
        }
        if let Some(max) = body.get("max_allowed_memberships") {
            org["max_allowed_memberships"] = if max.is_null() { json!(0) } else { max.clone() };
        }
        if let Some(flag) = body.get("admin_delete_enabled").and_then(Value::as_bool) {
            org["admin_delete_enabled"] = json!(flag);
        }
        for field in ["public_metadata", "private_metadata"] {
            if let Some(map) = metadata(&body, field)? {
                org[field] = Value::Object(map);
            }
        }
        org["updated_at"] = json!(store.now_ms());
        store.organizations.insert(id, org.clone());
        ok(org)
    })
}

pub(super) async fn update_metadata(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| {
        let mut org = find(store, &id)?;
        for field in ["public_metadata", "private_metadata"] {
            if let Some(patch) = metadata(&body, field)? {
                deep_merge(
                    org[field].as_object_mut().expect("metadata is an object"),
                    &patch,
                );
            }
        }
        org["updated_at"] = json!(store.now_ms());
        store.organizations.insert(
            org["id"].as_str().unwrap_or_default().to_string(),
            org.clone(),
        );
        ok(org)
    })
}

pub(super) async fn delete(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    shared.with(|store| {
        let org = find(store, &id)?;
        let id = org["id"].as_str().unwrap_or_default().to_string();
        store.organizations.remove(&id);
        store.memberships.retain(|(o, _), _| *o != id);
        ok(json!({"id": id, "object": "organization", "slug": org["slug"], "deleted": true}))
    })
}

// ---- Memberships ----

/// What is stored per membership; the response adds the organization and the user.
fn membership_record(store: &mut Store, role: &str, now: i64) -> Value {
    json!({
        "id": store.new_id("orgmem"),
        "role": role,
        "public_metadata": {},
        "private_metadata": {},
        "created_at": now,
        "updated_at": now,
    })
}

fn permissions(role: &str) -> &'static [&'static str] {
    if role == "org:admin" {
        ADMIN_PERMISSIONS
    } else {
        MEMBER_PERMISSIONS
    }
}

fn membership_json(store: &Store, org_id: &str, user_id: &str, record: &Value) -> Value {
    let org = store
        .organizations
        .get(org_id)
        .cloned()
        .unwrap_or(Value::Null);
    let user = store.users.get(user_id).cloned().unwrap_or(Value::Null);
    let role = record["role"].as_str().unwrap_or("org:member");
    let identifier = user["email_addresses"][0]["email_address"]
        .as_str()
        .or(user["phone_numbers"][0]["phone_number"].as_str())
        .or(user["username"].as_str());
    json!({
        "id": record["id"],
        "object": "organization_membership",
        "role": role,
        "role_name": if role == "org:admin" { "Admin" } else { "Member" },
        "permissions": permissions(role),
        "public_metadata": record["public_metadata"],
        "private_metadata": record["private_metadata"],
        "organization": org,
        "public_user_data": {
            "user_id": user_id,
            "first_name": user["first_name"],
            "last_name": user["last_name"],
            "profile_image_url": user["profile_image_url"],
            "image_url": user["image_url"],
            "has_image": user["has_image"].as_bool().unwrap_or(false),
            "identifier": identifier,
            "username": user["username"],
            "banned": user["banned"].as_bool().unwrap_or(false),
        },
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
    })
}

fn check_role(role: &str) -> Result<(), ApiError> {
    if role.starts_with("org:") && role.len() > 4 {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "form_param_value_invalid",
            "role",
            "role must be a role key such as org:admin or org:member",
        ))
    }
}

pub(super) async fn create_membership(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| {
        let org = find(store, &id)?;
        let org_id = org["id"].as_str().unwrap_or_default().to_string();
        let user_id = string(&body, "user_id")?.ok_or_else(|| ApiError::missing("user_id"))?;
        let role = string(&body, "role")?.ok_or_else(|| ApiError::missing("role"))?;
        check_role(&role)?;
        users::find(store, &user_id)?;
        if store
            .memberships
            .contains_key(&(org_id.clone(), user_id.clone()))
        {
            return Err(ApiError::invalid(
                "already_a_member_in_organization",
                "user_id",
                "The user is already a member of the organization.",
            ));
        }
        let max = org["max_allowed_memberships"].as_i64().unwrap_or(0);
        if max > 0 && members_count(store, &org_id) as i64 >= max {
            return Err(ApiError {
                status: StatusCode::FORBIDDEN,
                code: "organization_membership_quota_exceeded",
                message: format!("The organization has reached its limit of {max} members."),
                param: None,
            });
        }
        let now = store.now_ms();
        let mut record = membership_record(store, &role, now);
        for field in ["public_metadata", "private_metadata"] {
            if let Some(map) = metadata(&body, field)? {
                record[field] = Value::Object(map);
            }
        }
        store
            .memberships
            .insert((org_id.clone(), user_id.clone()), record.clone());
        ok(membership_json(store, &org_id, &user_id, &record))
    })
}

pub(super) async fn list_memberships(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| {
        let org = find(store, &id)?;
        let org_id = org["id"].as_str().unwrap_or_default();
        let page = q.page()?;
        let roles = q.all("role");
        let users = q.all("user_id");
        let emails = q.all("email_address");
        let mut items: Vec<Value> = store
            .memberships
            .iter()
            .filter(|((o, _), _)| o == org_id)
            .map(|((_, u), record)| membership_json(store, org_id, u, record))
            .filter(|m| roles.is_empty() || roles.iter().any(|r| m["role"] == *r))
            .filter(|m| {
                users.is_empty() || users.iter().any(|u| m["public_user_data"]["user_id"] == *u)
            })
            .filter(|m| {
                emails.is_empty()
                    || emails
                        .iter()
                        .any(|e| m["public_user_data"]["identifier"] == *e)
            })
            .filter(|m| {
                let d = &m["public_user_data"];
                q.get("query").is_none_or(|n| {
                    contains_any(
                        &[
                            d["user_id"].as_str(),
                            d["identifier"].as_str(),
                            d["first_name"].as_str(),
                            d["last_name"].as_str(),
                            d["username"].as_str(),
                        ],
                        n,
                    )
                })
            })
            .collect();
        // Sort keys live on the user; lift them for `order`.
        for m in &mut items {
            let d = m["public_user_data"].clone();
            for k in ["first_name", "last_name", "username"] {
                m[format!("__{k}")] = d[k].clone();
            }
            m["__email_address"] = d["identifier"].clone();
        }
        let order_by = q.get("order_by").map(|o| {
            let (sign, field) = o.split_at(if o.starts_with(['+', '-']) { 1 } else { 0 });
            if field == "created_at" {
                o.to_string()
            } else {
                format!("{sign}__{field}")
            }
        });
        order(
            &mut items,
            order_by.as_deref(),
            &[
                "created_at",
                "__first_name",
                "__last_name",
                "__email_address",
                "__username",
            ],
            "-created_at",
        )?;
        for m in &mut items {
            if let Some(map) = m.as_object_mut() {
                map.retain(|k, _| !k.starts_with("__"));
            }
        }
        let (data, total) = paginate(items, page);
        ok(page_json(data, total))
    })
}

pub(super) async fn update_membership(
    State(shared): State<Shared>,
    Path((id, user_id)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| {
        let org = find(store, &id)?;
        let org_id = org["id"].as_str().unwrap_or_default().to_string();
        let role = string(&body, "role")?.ok_or_else(|| ApiError::missing("role"))?;
        check_role(&role)?;
        let now = store.now_ms();
        let record = store
            .memberships
            .get_mut(&(org_id.clone(), user_id.clone()))
            .ok_or_else(|| ApiError::not_found("membership"))?;
        record["role"] = json!(role);
        record["updated_at"] = json!(now);
        let record = record.clone();
        ok(membership_json(store, &org_id, &user_id, &record))
    })
}

pub(super) async fn delete_membership(
    State(shared): State<Shared>,
    Path((id, user_id)): Path<(String, String)>,
) -> Reply {
    shared.with(|store| {
        let org = find(store, &id)?;
        let org_id = org["id"].as_str().unwrap_or_default().to_string();
        let record = store
            .memberships
            .get(&(org_id.clone(), user_id.clone()))
            .cloned()
            .ok_or_else(|| ApiError::not_found("membership"))?;
        let reply = membership_json(store, &org_id, &user_id, &record);
        store.memberships.remove(&(org_id, user_id));
        ok(reply)
    })
}

pub(super) async fn update_membership_metadata(
    State(shared): State<Shared>,
    Path((id, user_id)): Path<(String, String)>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| {
        let org = find(store, &id)?;
        let org_id = org["id"].as_str().unwrap_or_default().to_string();
        let now = store.now_ms();
        let record = store
            .memberships
            .get_mut(&(org_id.clone(), user_id.clone()))
            .ok_or_else(|| ApiError::not_found("membership"))?;
        for field in ["public_metadata", "private_metadata"] {
            if let Some(patch) = metadata(&body, field)? {
                if !record[field].is_object() {
                    record[field] = json!({});
                }
                deep_merge(
                    record[field]
                        .as_object_mut()
                        .expect("metadata is an object"),
                    &patch,
                );
            }
        }
        record["updated_at"] = json!(now);
        let record = record.clone();
        ok(membership_json(store, &org_id, &user_id, &record))
    })
}

/// The memberships matching `keep`, newest first, as a page of `q`.
fn membership_page(store: &Store, q: &Query, keep: impl Fn(&str, &str) -> bool) -> Reply {
    let page = q.page()?;
    let mut items: Vec<Value> = store
        .memberships
        .iter()
        .filter(|((org, user), _)| keep(org, user))
        .map(|((org, user), record)| membership_json(store, org, user, record))
        .collect();
    order(
        &mut items,
        q.get("order_by"),
        &["created_at"],
        "-created_at",
    )?;
    let (data, total) = paginate(items, page);
    ok(page_json(data, total))
}

/// `GET /users/{user_id}/organization_memberships`: the user's memberships.
pub(super) async fn list_user_memberships(
    State(shared): State<Shared>,
    Path(user_id): Path<String>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| {
        users::find(store, &user_id)?;
        membership_page(store, &q, |_, user| user == user_id)
    })
}

/// `GET /organization_memberships`: every membership of the instance.
pub(super) async fn list_all_memberships(
    State(shared): State<Shared>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| membership_page(store, &q, |_, _| true))
}
