//! Answers from the generated templates: markers turned into fresh Clerk-shaped ids and
//! timestamps, request fields repeated where the answer has them, lists paged.

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::engine::Ctx;
use super::spec::Op;
use super::state::Store;

/// What an operation answers: its status and body (JSON, or text of another media type).
#[derive(Debug)]
pub(super) struct Answer {
    pub status: u16,
    pub body: Option<Value>,
    pub media: Option<String>,
}

impl Answer {
    /// The operation's success status with `body`.
    pub fn of(op: &Op, body: Value) -> Answer {
        Answer {
            status: op.status,
            body: Some(body),
            media: None,
        }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        match (self.media, self.body) {
            (Some(media), body) => {
                let text = match body {
                    Some(Value::String(s)) => s,
                    _ => "<!DOCTYPE html><html><body>FakeClerk</body></html>".to_string(),
                };
                (status, [(axum::http::header::CONTENT_TYPE, media)], text).into_response()
            }
            (None, Some(body)) => (status, axum::Json(body)).into_response(),
            (None, None) => status.into_response(),
        }
    }
}

const MARK: char = '\u{1}';

/// `template` with its markers replaced: equal id markers get one fresh id, timestamps
/// are now (plus their offset). `overrides` replace top-level fields; an id field
/// whose schema has a shape takes an override only when it has that shape.
pub(super) fn materialize(
    store: &mut Store,
    template: &Value,
    overrides: &Map<String, Value>,
) -> Value {
    let now = store.now_ms();
    let mut ids = HashMap::new();
    let mut value = fill(store, template, now, &mut ids);
    if let (Value::Object(map), Value::Object(marks)) = (&mut value, template) {
        for (key, given) in overrides {
            let Some(slot) = map.get_mut(key) else {
                continue;
            };
            let fits = match marks.get(key).and_then(Value::as_str).and_then(id_marker) {
                Some(marker) => marker.free || given.as_str().is_some_and(|s| marker.fits(s)),
                None => true,
            };
            if fits {
                *slot = given.clone();
            }
        }
    }
    value
}

fn fill(store: &mut Store, template: &Value, now: i64, ids: &mut HashMap<String, String>) -> Value {
    match template {
        Value::String(s) if s.starts_with(MARK) => {
            if let Some(marker) = id_marker(s) {
                let key = format!("{}:{}", marker.prefix, marker.seed);
                if let Some(id) = ids.get(&key) {
                    return json!(id);
                }
                let id = if marker.hex {
                    store.new_hex_id(marker.prefix)
                } else {
                    store.new_id(marker.prefix)
                };
                ids.insert(key, id.clone());
                json!(id)
            } else if let Some(offset) = s.strip_prefix("\u{1}ms:") {
                json!(now + offset.parse::<i64>().unwrap_or(0) * 1000)
            } else {
                template.clone()
            }
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| fill(store, v, now, ids)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(store, v, now, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// An id marker: `\u{1}id:<prefix>:<b62|hex>:<free>:<seed>`.
struct IdMarker<'a> {
    prefix: &'a str,
    hex: bool,
    free: bool,
    seed: &'a str,
}

impl IdMarker<'_> {
    /// Whether `id` has this marker's shape: `prefix_` and 27 word characters, or 32 hex digits.
    fn fits(&self, id: &str) -> bool {
        let Some(rest) = id
            .strip_prefix(self.prefix)
            .and_then(|r| r.strip_prefix('_'))
        else {
            return false;
        };
        if self.hex {
            rest.len() == 32 && rest.bytes().all(|b| b.is_ascii_hexdigit())
        } else {
            rest.len() == 27 && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        }
    }
}

fn id_marker(s: &str) -> Option<IdMarker<'_>> {
    let rest = s.strip_prefix("\u{1}id:")?;
    let mut parts = rest.splitn(4, ':');
    let prefix = parts.next()?;
    let hex = parts.next()? == "hex";
    let free = parts.next()? == "1";
    let seed = parts.next()?;
    Some(IdMarker {
        prefix,
        hex,
        free,
        seed,
    })
}

/// The fields of the answer the request gives: path parameters (`id` from the item's
/// id), and the body fields the answer repeats (`null` only where it may be).
pub(super) fn overrides(ctx: &Ctx) -> Map<String, Value> {
    let mut out = Map::new();
    for (field, param) in &ctx.op.echo_path {
        if let Some(value) = ctx.param(param) {
            out.insert(field.clone(), json!(value));
        }
    }
    for (name, nullable) in ctx.op.echoes() {
        match ctx.body.get(name) {
            Some(Value::Null) if !nullable => {}
            Some(value) => {
                out.insert(name.to_string(), value.clone());
            }
            None => {}
        }
    }
    out
}

/// `record` in the shape of `shape`: the fields `shape` has, with the record's values
/// where it has them (so a read leaves out what only creating answers, like a secret).
pub(super) fn project(record: &Value, shape: Value) -> Value {
    match (record, shape) {
        (Value::Object(record), Value::Object(mut shape)) => {
            for (key, value) in shape.iter_mut() {
                if let Some(kept) = record.get(key) {
                    *value = kept.clone();
                }
            }
            Value::Object(shape)
        }
        (_, shape) => shape,
    }
}

/// An answer of `op` made of `items` (already in their final shape) out of `total`: a
/// bare list, a `paginated=true` page, or the page object of its template.
pub(super) fn page(store: &mut Store, ctx: &Ctx, items: Vec<Value>, total: usize) -> Value {
    let op = ctx.op;
    if op.list {
        return if op.paginated && ctx.query.get("paginated") == Some("true") {
            json!({"data": items, "total_count": total})
        } else {
            Value::Array(items)
        };
    }
    let mut whole = match op.template() {
        Some(template) => materialize(store, template, &Map::new()),
        None => json!({}),
    };
    if let Some(key) = &op.page {
        whole[key.as_str()] = Value::Array(items);
        whole["total_count"] = json!(total);
    }
    whole
}

/// The template an item of a list of `op` has.
pub(super) fn item_template(op: &Op) -> Option<&'static Value> {
    let template = op.template()?;
    match &op.page {
        Some(key) if !op.list => template.get(key.as_str())?.get(0),
        _ => Some(template),
    }
}

/// The answer of an operation no one keeps state for: its template, filled in and
/// repeating what the request gave; a list of one, paged.
pub(super) fn synthesized(store: &mut Store, ctx: &Ctx) -> Answer {
    let op = ctx.op;
    if let Some(media) = &op.media {
        return Answer {
            status: op.status,
            body: None,
            media: Some(media.clone()),
        };
    }
    let Some(template) = op.template() else {
        return Answer {
            status: op.status,
            body: None,
            media: None,
        };
    };
    let overrides = overrides(ctx);
    if op.list || op.page.is_some() {
        let item = item_template(op).map(|t| materialize(store, t, &overrides));
        let (limit, offset) = ctx.query.page().unwrap_or((10, 0));
        let items: Vec<Value> = item.into_iter().skip(offset).take(limit).collect();
        let body = page(store, ctx, items, 1);
        return Answer::of(op, body);
    }
    Answer::of(op, materialize(store, template, &overrides))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_become_fresh_ids_and_timestamps() {
        let mut store = Store::default();
        store.rng = fastrand::Rng::with_seed(1);
        let template = json!({
            "id": "\u{1}id:user:b62:1:/id",
            "primary": "\u{1}id:idn:b62:1:/emails/id",
            "emails": [{"id": "\u{1}id:idn:b62:1:/emails/id"}],
            "key": "\u{1}id:ak:hex:0:x",
            "created_at": "\u{1}ms:0",
            "expire_at": "\u{1}ms:60",
            "name": "Ada",
        });
        let overrides: Map<String, Value> = [
            ("name".to_string(), json!("Grace")),
            ("key".to_string(), json!("not-a-key")),
            ("id".to_string(), json!("anything")),
        ]
        .into_iter()
        .collect();
        let v = materialize(&mut store, &template, &overrides);
        assert_eq!(v["name"], "Grace");
        assert_eq!(v["id"], "anything", "a free id takes any value");
        let key = v["key"].as_str().unwrap();
        assert!(
            key.starts_with("ak_") && key.len() == 35,
            "a shaped id keeps its shape: {key}"
        );
        assert_eq!(v["primary"], v["emails"][0]["id"], "one seed, one id");
        assert!(v["primary"].as_str().unwrap().starts_with("idn_2"));
        let created = v["created_at"].as_i64().unwrap();
        assert_eq!(v["expire_at"].as_i64().unwrap(), created + 60_000);
        let again = materialize(&mut store, &template, &Map::new());
        assert_ne!(again["primary"], v["primary"], "fresh ids every answer");
    }
}
