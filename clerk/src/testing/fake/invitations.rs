//! Invitations to sign up.

use axum::Json;
use axum::extract::{Path, Query as AxumQuery, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::state::{Query, contains_any, metadata, order, page_json, paginate, string};
use super::{ApiError, Reply, Shared, ok};

pub(super) async fn create(State(shared): State<Shared>, Json(body): Json<Value>) -> Reply {
    shared.with(|store| {
        let email =
            string(&body, "email_address")?.ok_or_else(|| ApiError::missing("email_address"))?;
        if !email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
        {
            return Err(ApiError::invalid(
                "form_param_format_invalid",
                "email_address",
                "email_address must be a valid email address.",
            ));
        }
        let ignore_existing = body
            .get("ignore_existing")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if !ignore_existing {
            let pending = store
                .invitations
                .values()
                .any(|i| i["status"] == "pending" && i["email_address"] == email.as_str());
            if pending {
                return Err(ApiError::invalid(
                    "duplicate_record",
                    "email_address",
                    "There is already a pending invitation for this email address.",
                ));
            }
            let user_exists = store.users.values().any(|u| {
                u["email_addresses"]
                    .as_array()
                    .is_some_and(|e| e.iter().any(|e| e["email_address"] == email.as_str()))
            });
            if user_exists {
                return Err(ApiError::invalid(
                    "form_identifier_exists",
                    "email_address",
                    "A user with this email address already exists.",
                ));
            }
        }
        let now = store.now_ms();
        let expires_at = match body.get("expires_in_days").and_then(Value::as_i64) {
            Some(days) if days > 0 => json!(now + days * 86_400_000),
            Some(_) => {
                return Err(ApiError::invalid(
                    "form_param_value_invalid",
                    "expires_in_days",
                    "expires_in_days must be positive",
                ));
            }
            None => json!(now + 30 * 86_400_000),
        };
        let id = store.new_id("inv");
        let invitation = json!({
            "object": "invitation",
            "id": id,
            "email_address": email,
            "public_metadata": metadata(&body, "public_metadata")?.unwrap_or_default(),
            "revoked": false,
            "status": "pending",
            "url": format!("https://accounts.example.test/sign-up?__clerk_ticket={id}"),
            "expires_at": expires_at,
            "created_at": now,
            "updated_at": now,
        });
        store.invitations.insert(id, invitation.clone());
        ok(invitation)
    })
}

pub(super) async fn list(
    State(shared): State<Shared>,
    AxumQuery(q): AxumQuery<Vec<(String, String)>>,
) -> Reply {
    let q = Query(q);
    shared.with(|store| {
        let page = q.page()?;
        let statuses = q.all("status");
        let mut items: Vec<Value> = store
            .invitations
            .values()
            .filter(|i| statuses.is_empty() || statuses.iter().any(|s| i["status"] == *s))
            .filter(|i| {
                q.get("query")
                    .is_none_or(|n| contains_any(&[i["email_address"].as_str()], n))
            })
            .cloned()
            .collect();
        order(
            &mut items,
            q.get("order_by"),
            &["created_at", "email_address", "expires_at"],
            "-created_at",
        )?;
        let (data, total) = paginate(items, page);
        if q.flag("paginated")?.unwrap_or(false) {
            ok(page_json(data, total))
        } else {
            ok(Value::Array(data))
        }
    })
}

pub(super) async fn revoke(State(shared): State<Shared>, Path(id): Path<String>) -> Reply {
    shared.with(|store| {
        let now = store.now_ms();
        let invitation = store
            .invitations
            .get_mut(&id)
            .ok_or_else(|| ApiError::not_found("invitation"))?;
        if invitation["status"] != "pending" {
            return Err(ApiError {
                status: StatusCode::BAD_REQUEST,
                code: "invitation_not_pending",
                message: "Only pending invitations can be revoked.".into(),
                param: None,
            });
        }
        invitation["status"] = json!("revoked");
        invitation["revoked"] = json!(true);
        invitation["updated_at"] = json!(now);
        ok(invitation.clone())
    })
}
