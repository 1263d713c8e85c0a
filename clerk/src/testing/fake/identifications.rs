//! Email addresses and phone numbers, kept in their user's record (`email_addresses`,
//! `phone_numbers`): created for a user, read, verified or made primary, deleted.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use super::state::{Store, string};
use super::users::identification;
use super::{ApiError, Reply, Shared, ok};

/// Email addresses or phone numbers.
#[derive(Clone, Copy)]
struct Kind {
    /// The field of the value: `email_address`.
    field: &'static str,
    /// The user's list of them: `email_addresses`.
    list: &'static str,
    /// The user's primary one: `primary_email_address_id`.
    primary: &'static str,
    /// How it is called in a 404.
    noun: &'static str,
}

const EMAIL: Kind = Kind {
    field: "email_address",
    list: "email_addresses",
    primary: "primary_email_address_id",
    noun: "email address",
};

const PHONE: Kind = Kind {
    field: "phone_number",
    list: "phone_numbers",
    primary: "primary_phone_number_id",
    noun: "phone number",
};

impl Kind {
    fn valid(self, value: &str) -> bool {
        match self.field {
            "email_address" => value
                .split_once('@')
                .is_some_and(|(l, d)| !l.is_empty() && d.contains('.')),
            _ => value.starts_with('+') && value.len() >= 8,
        }
    }

    /// The user holding identification `id`, and where in their list.
    fn owner(self, store: &Store, id: &str) -> Result<(String, usize), ApiError> {
        store
            .users
            .iter()
            .find_map(|(user, u)| {
                let at = u[self.list]
                    .as_array()?
                    .iter()
                    .position(|i| i["id"] == id)?;
                Some((user.clone(), at))
            })
            .ok_or_else(|| ApiError::not_found(self.noun))
    }

    /// `verified` and `primary` of a create or update body, applied.
    fn apply(self, store: &mut Store, user: &str, at: usize, body: &Value) {
        let now = store.now_ms();
        let Some(u) = store.users.get_mut(user) else {
            return;
        };
        let item = &mut u[self.list][at];
        match body.get("verified").and_then(Value::as_bool) {
            Some(true) => {
                item["verification"] = json!({"object": "verification_admin", "status": "verified", "strategy": "admin", "attempts": null, "expire_at": null});
            }
            Some(false) => item["verification"] = Value::Null,
            None => {}
        }
        if self.field == "phone_number"
            && let Some(flag) = body
                .get("reserved_for_second_factor")
                .and_then(Value::as_bool)
        {
            item["reserved_for_second_factor"] = json!(flag);
        }
        item["updated_at"] = json!(now);
        let id = item["id"].clone();
        if body.get("primary").and_then(Value::as_bool) == Some(true) || u[self.primary].is_null() {
            u[self.primary] = id;
        }
        u["updated_at"] = json!(now);
    }

    fn create(self, store: &mut Store, body: &Value) -> Result<Value, ApiError> {
        let user = string(body, "user_id")?.ok_or_else(|| ApiError::missing("user_id"))?;
        let value = string(body, self.field)?.ok_or_else(|| ApiError::missing(self.field))?;
        if !store.users.contains_key(&user) {
            return Err(ApiError::not_found("user"));
        }
        if !self.valid(&value) {
            return Err(ApiError::invalid(
                "form_param_format_invalid",
                self.field,
                format!("{} is not a valid {}.", self.field, self.noun),
            ));
        }
        let taken = store.users.values().any(|u| {
            u[self.list].as_array().is_some_and(|items| {
                items.iter().any(|i| {
                    i[self.field]
                        .as_str()
                        .is_some_and(|v| v.eq_ignore_ascii_case(&value))
                })
            })
        });
        if taken {
            return Err(ApiError::invalid(
                "form_identifier_exists",
                self.field,
                format!("That {} is taken. Please try another.", self.noun),
            ));
        }
        let now = store.now_ms();
        let mut item = identification(store, self.field, &value, now);
        // Admin-created identifications are unverified unless the request says so.
        item["verification"] = Value::Null;
        let Some(u) = store.users.get_mut(&user) else {
            return Err(ApiError::not_found("user"));
        };
        let list = u[self.list]
            .as_array_mut()
            .ok_or_else(|| ApiError::not_found("user"))?;
        list.push(item);
        let at = list.len() - 1;
        self.apply(store, &user, at, body);
        Ok(store.users[&user][self.list][at].clone())
    }

    fn get(self, store: &Store, id: &str) -> Result<Value, ApiError> {
        let (user, at) = self.owner(store, id)?;
        Ok(store.users[&user][self.list][at].clone())
    }

    fn update(self, store: &mut Store, id: &str, body: &Value) -> Result<Value, ApiError> {
        let (user, at) = self.owner(store, id)?;
        self.apply(store, &user, at, body);
        Ok(store.users[&user][self.list][at].clone())
    }

    fn delete(self, store: &mut Store, id: &str) -> Result<Value, ApiError> {
        let (user, at) = self.owner(store, id)?;
        let now = store.now_ms();
        let Some(u) = store.users.get_mut(&user) else {
            return Err(ApiError::not_found(self.noun));
        };
        if let Some(list) = u[self.list].as_array_mut() {
            list.remove(at);
        }
        if u[self.primary] == id {
            u[self.primary] = u[self.list][0]["id"].clone();
        }
        u["updated_at"] = json!(now);
        Ok(json!({"object": self.field, "id": id, "deleted": true}))
    }
}

pub(super) async fn create_email_address(
    State(shared): State<Shared>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| ok(EMAIL.create(store, &body)?))
}

pub(super) async fn get_email_address(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> Reply {
    shared.with(|store| ok(EMAIL.get(store, &id)?))
}

pub(super) async fn update_email_address(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    body: Option<Json<Value>>,
) -> Reply {
    let body = body.map(|Json(b)| b).unwrap_or(Value::Null);
    shared.with(|store| ok(EMAIL.update(store, &id, &body)?))
}

pub(super) async fn delete_email_address(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> Reply {
    shared.with(|store| ok(EMAIL.delete(store, &id)?))
}

pub(super) async fn create_phone_number(
    State(shared): State<Shared>,
    Json(body): Json<Value>,
) -> Reply {
    shared.with(|store| ok(PHONE.create(store, &body)?))
}

pub(super) async fn get_phone_number(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> Reply {
    shared.with(|store| ok(PHONE.get(store, &id)?))
}

pub(super) async fn update_phone_number(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    body: Option<Json<Value>>,
) -> Reply {
    let body = body.map(|Json(b)| b).unwrap_or(Value::Null);
    shared.with(|store| ok(PHONE.update(store, &id, &body)?))
}

pub(super) async fn delete_phone_number(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> Reply {
    shared.with(|store| ok(PHONE.delete(store, &id)?))
}
