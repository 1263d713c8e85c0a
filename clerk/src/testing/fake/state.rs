//! The fake's memory: records as the JSON the API returns, and the helpers every
//! resource shares (ids, time, paging, ordering, filters).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::ApiError;
use super::collections::Record;
use crate::auth::jwt::Clock;

/// Everything the fake knows. Records are kept as API JSON objects, keyed by id, in
/// creation order.
#[derive(Debug, Default)]
pub(super) struct Store {
    pub users: BTreeMap<String, Value>,
    pub organizations: BTreeMap<String, Value>,
    /// `(organization id, user id)` -> membership record (role, metadata, times).
    pub memberships: BTreeMap<(String, String), Value>,
    pub invitations: BTreeMap<String, Value>,
    pub sessions: BTreeMap<String, Value>,
    /// The resources the generic engine keeps, by the path of their collection
    /// (`/allowlist_identifiers`), in creation order.
    pub collections: BTreeMap<&'static str, Vec<Record>>,
    pub hits: HashMap<String, usize>,
    /// Ids and other drawn values: seeded for answers that repeat.
    pub rng: fastrand::Rng,
    /// Where timestamps come from; the system clock when none.
    pub clock: Option<Arc<dyn Clock>>,
    last_ms: i64,
}

impl Store {
    /// Milliseconds since the epoch, strictly increasing so that creation order is total.
    pub fn now_ms(&mut self) -> i64 {
        let now = match &self.clock {
            Some(clock) => clock.now_millis(),
            None => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64),
        };
        self.last_ms = now.max(self.last_ms + 1);
        self.last_ms
    }

    /// A Clerk-style id: prefix, underscore, `2` and 26 base62 characters.
    pub fn new_id(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let tail: String = (0..26)
            .map(|_| ALPHABET[self.rng.usize(..ALPHABET.len())] as char)
            .collect();
        format!("{prefix}_2{tail}")
    }

    /// An id of the machine-token kind: prefix, underscore, 32 hex digits (`ak_...`).
    pub fn new_hex_id(&mut self, prefix: &str) -> String {
        let tail: String = (0..32)
            .map(|_| char::from_digit(self.rng.u32(..16), 16).unwrap_or('0'))
            .collect();
        format!("{prefix}_{tail}")
    }
}

/// Query parameters, with repeated keys (`email_address=a&email_address=b`).
#[derive(Debug, Default)]
pub(super) struct Query(pub Vec<(String, String)>);

impl Query {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
    pub fn flag(&self, key: &str) -> Result<Option<bool>, ApiError> {
        match self.get(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(ApiError::invalid(
                "form_param_value_invalid",
                key,
                format!("{key} must be true or false"),
            )),
        }
    }
    pub fn int(&self, key: &str) -> Result<Option<i64>, ApiError> {
        self.get(key)
            .map(|v| {
                v.parse().map_err(|_| {
                    ApiError::invalid(
                        "form_param_format_invalid",
                        key,
                        format!("{key} must be an integer"),
                    )
                })
            })
            .transpose()
    }
    /// `limit` (1..=500, default 10) and `offset` (>= 0, default 0), validated as the API does.
    pub fn page(&self) -> Result<(usize, usize), ApiError> {
        let limit = self.int("limit")?.unwrap_or(10);
        if !(1..=500).contains(&limit) {
            return Err(ApiError::invalid(
                "form_param_value_invalid",
                "limit",
                "limit must be between 1 and 500",
            ));
        }
        let offset = self.int("offset")?.unwrap_or(0);
        if offset < 0 {
            return Err(ApiError::invalid(
                "form_param_value_invalid",
                "offset",
                "offset must be 0 or more",
            ));
        }
        Ok((limit as usize, offset as usize))
    }
}

/// Sorts by `order_by` (`field`, `+field` ascending, `-field` descending), ties by id.
pub(super) fn order(
    items: &mut [Value],
    order_by: Option<&str>,
    allowed: &[&str],
    default: &str,
) -> Result<(), ApiError> {
    let spec = order_by.unwrap_or(default);
    let (descending, field) = match spec.as_bytes().first() {
        Some(b'-') => (true, &spec[1..]),
        Some(b'+') => (false, &spec[1..]),
        _ => (false, spec),
    };
    if !allowed.contains(&field) {
        return Err(ApiError::invalid(
            "form_param_value_invalid",
            "order_by",
            format!("order_by must be one of {}", allowed.join(", ")),
        ));
    }
    items.sort_by(|a, b| {
        let ord = compare(sort_key(a, field), sort_key(b, field))
            .then_with(|| a["id"].as_str().cmp(&b["id"].as_str()));
        if descending { ord.reverse() } else { ord }
    });
    Ok(())
}

fn sort_key<'a>(item: &'a Value, field: &str) -> &'a Value {
    match field {
        // Users sort by their primary identifiers.
        "email_address" => &item["email_addresses"][0]["email_address"],
        "phone_number" => &item["phone_numbers"][0]["phone_number"],
        other => item.get(other).unwrap_or(&Value::Null),
    }
}

fn compare(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

/// One page of `items` and the total before paging.
pub(super) fn paginate(items: Vec<Value>, (limit, offset): (usize, usize)) -> (Vec<Value>, usize) {
    let total = items.len();
    (items.into_iter().skip(offset).take(limit).collect(), total)
}

/// A page as `{data, total_count}`.
pub(super) fn page_json(data: Vec<Value>, total: usize) -> Value {
    serde_json::json!({"data": data, "total_count": total})
}

/// Merges `patch` into `target` as the API's metadata endpoints do: objects merge
/// recursively, a `null` removes the key, anything else replaces.
pub(super) fn deep_merge(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (key, value) in patch {
        match value {
            Value::Null => {
                target.remove(key);
            }
            Value::Object(inner) => match target.get_mut(key) {
                Some(Value::Object(existing)) => deep_merge(existing, inner),
                _ => {
                    let mut fresh = Map::new();
                    deep_merge(&mut fresh, inner);
                    target.insert(key.clone(), Value::Object(fresh));
                }
            },
            other => {
                target.insert(key.clone(), other.clone());
            }
        }
    }
}

/// A metadata field of a request body: absent, or a JSON object (anything else is a 422).
pub(super) fn metadata(body: &Value, key: &str) -> Result<Option<Map<String, Value>>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map.clone())),
        Some(_) => Err(ApiError::invalid(
            "form_param_format_invalid",
            key,
            format!("{key} must be an object"),
        )),
    }
}

/// A string field of a request body (`null` counts as absent unless `nullable`).
pub(super) fn string(body: &Value, key: &str) -> Result<Option<String>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::invalid(
            "form_param_format_invalid",
            key,
            format!("{key} must be a string"),
        )),
    }
}

/// A list of strings in a request body.
pub(super) fn strings(body: &Value, key: &str) -> Result<Vec<String>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| {
                v.as_str().map(str::to_string).ok_or_else(|| {
                    ApiError::invalid(
                        "form_param_format_invalid",
                        key,
                        format!("{key} must be a list of strings"),
                    )
                })
            })
            .collect(),
        Some(_) => Err(ApiError::invalid(
            "form_param_format_invalid",
            key,
            format!("{key} must be a list"),
        )),
    }
}

/// Case-insensitive substring test over some string fields.
pub(super) fn contains_any(haystacks: &[Option<&str>], needle: &str) -> bool {
    let needle = needle.to_lowercase();
    haystacks
        .iter()
        .flatten()
        .any(|h| h.to_lowercase().contains(&needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deep_merge_merges_objects_and_null_removes() {
        let mut target = json!({"plan": "pro", "limits": {"seats": 5, "sso": true}, "trial": true});
        let patch = json!({"limits": {"seats": 10, "sso": null}, "trial": null, "region": "eu"});
        deep_merge(target.as_object_mut().unwrap(), patch.as_object().unwrap());
        assert_eq!(
            target,
            json!({"plan": "pro", "limits": {"seats": 10}, "region": "eu"})
        );
    }

    #[test]
    fn order_by_sorts_both_ways_and_refuses_unknown_fields() {
        let mut items = vec![
            json!({"id": "a", "n": 2}),
            json!({"id": "b", "n": 1}),
            json!({"id": "c", "n": null}),
        ];
        order(&mut items, Some("+n"), &["n"], "n").unwrap();
        assert_eq!(
            items
                .iter()
                .map(|i| i["id"].as_str().unwrap())
                .collect::<String>(),
            "bac"
        );
        order(&mut items, Some("-n"), &["n"], "n").unwrap();
        assert_eq!(
            items
                .iter()
                .map(|i| i["id"].as_str().unwrap())
                .collect::<String>(),
            "cab"
        );
        assert!(order(&mut items, Some("-x"), &["n"], "n").is_err());
    }

    #[test]
    fn ids_look_like_clerks_and_follow_the_seed() {
        let mut store = Store {
            rng: fastrand::Rng::with_seed(7),
            ..Store::default()
        };
        let id = store.new_id("user");
        assert!(
            id.starts_with("user_2") && id.len() == "user_".len() + 27,
            "{id}"
        );
        let hex = store.new_hex_id("ak");
        assert!(
            hex.len() == 35 && hex[3..].bytes().all(|b| b.is_ascii_hexdigit()),
            "{hex}"
        );
        let mut again = Store {
            rng: fastrand::Rng::with_seed(7),
            ..Store::default()
        };
        assert_eq!(again.new_id("user"), id);
    }
}
