//! The generated table of every operation (`generated/api.rs`, written by
//! `cargo xtask generate` from the spec), read once, and matching a request to its
//! operation.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

#[path = "generated/api.rs"]
mod generated;

/// The whole table.
#[derive(Debug, Deserialize)]
pub(super) struct Table {
    pub operations: Vec<Op>,
    /// Answer templates, by index (see `xtask/src/fake.rs` for their markers).
    pub templates: Vec<Value>,
    /// Components the request schemas name.
    pub schemas: BTreeMap<String, Value>,
}

/// One operation: where it lives, what it takes and how it answers.
#[derive(Debug, Deserialize)]
pub(super) struct Op {
    pub id: String,
    pub method: String,
    /// The template below `/v1`: `/users/{user_id}`.
    pub path: String,
    #[serde(default)]
    pub query: Vec<QueryParam>,
    #[serde(default)]
    pub path_params: Vec<PathParam>,
    pub body: Option<BodySpec>,
    pub status: u16,
    /// A success answer other than JSON (`text/html`); none for JSON or no body.
    pub media: Option<String>,
    /// The index of its answer template.
    pub answer: Option<usize>,
    /// Whether it answers a bare list (of its template).
    #[serde(default)]
    pub list: bool,
    /// The list of a page answer: `data` of `{data, total_count}`, or `m2m_tokens`.
    pub page: Option<String>,
    /// Whether it takes `paginated` (turning a bare list into a page).
    #[serde(default)]
    pub paginated: bool,
    /// Body fields the answer repeats: `[name]` or `[name, true]` when it may be `null`.
    #[serde(default)]
    pub echo: Vec<Vec<Value>>,
    /// Answer fields taken from path parameters: `[field, parameter]`.
    #[serde(default)]
    pub echo_path: Vec<(String, String)>,
}

#[derive(Debug, Deserialize)]
pub(super) struct QueryParam {
    pub name: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default = "yes")]
    pub explode: bool,
    pub schema: Value,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
pub(super) struct PathParam {
    pub name: String,
    pub schema: Value,
}

#[derive(Debug, Deserialize)]
pub(super) struct BodySpec {
    /// The JSON schema; none for a multipart upload.
    pub schema: Option<Value>,
    #[serde(default)]
    pub required: bool,
}

impl Op {
    /// The body fields its answer repeats, and whether `null` may be repeated.
    pub fn echoes(&self) -> impl Iterator<Item = (&str, bool)> {
        self.echo.iter().filter_map(|e| {
            let name = e.first()?.as_str()?;
            Some((name, e.get(1).and_then(Value::as_bool).unwrap_or(false)))
        })
    }

    /// Its answer template.
    pub fn template(&self) -> Option<&'static Value> {
        self.answer.and_then(|i| table().templates.get(i))
    }
}

/// The table, parsed on first use.
pub(super) fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| serde_json::from_str(generated::API).expect("the generated table is JSON"))
}

/// The operation `method` and `path` (below `/v1`, still percent-encoded) are for, with
/// the path parameters decoded. A literal segment beats a parameter (`/users/count`
/// is not a user).
pub(super) fn route(method: &str, path: &str) -> Option<(&'static Op, Vec<(String, String)>)> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut best: Option<(usize, &Op)> = None;
    for op in &table().operations {
        if !op.method.eq_ignore_ascii_case(method) {
            continue;
        }
        let template: Vec<&str> = op.path.trim_matches('/').split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut literals = 0;
        let fits = template.iter().zip(&segments).all(|(t, s)| {
            if t.starts_with('{') {
                !s.is_empty()
            } else {
                literals += 1;
                t == s
            }
        });
        if fits && best.is_none_or(|(l, _)| literals > l) {
            best = Some((literals, op));
        }
    }
    let (_, op) = best?;
    let params = op
        .path
        .trim_matches('/')
        .split('/')
        .zip(&segments)
        .filter_map(|(t, s)| {
            let name = t.strip_prefix('{')?.strip_suffix('}')?;
            let value = percent_decode(s);
            Some((name.to_string(), value))
        })
        .collect();
    Some((op, params))
}

/// Whether some operation lives at `path`, whatever its method.
pub(super) fn known_path(path: &str) -> bool {
    ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .iter()
        .any(|m| route(m, path).is_some())
}

fn percent_decode(segment: &str) -> String {
    let bytes: Vec<u8> = segment.bytes().collect();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_in_the_table_and_literals_win() {
        assert!(table().operations.len() >= 249);
        let (op, params) = route("GET", "/users/count").unwrap();
        assert_eq!((op.id.as_str(), params.len()), ("GetUsersCount", 0));
        let (op, params) = route("get", "/users/user_1%2Fx").unwrap();
        assert_eq!(op.id, "GetUser");
        assert_eq!(params, [("user_id".to_string(), "user_1/x".to_string())]);
        assert!(route("GET", "/nowhere").is_none());
        assert!(route("TRACE", "/users").is_none());
        assert!(known_path("/users/user_1/metadata"));
    }
}
