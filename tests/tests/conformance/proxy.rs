//! A recording proxy between the facade and a server (Prism, or FakeClerk for the
//! `fake_api` tests): every request as it went over the wire, and the answer with the
//! violations Prism found (its `sl-violations` header; none from another server).

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use clerk_tests::wire;
use serde::Deserialize;

/// One request and Prism's answer.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub request: wire::Request,
    pub status: u16,
    /// The answer's body.
    pub answer: Bytes,
    pub violations: Vec<Violation>,
}

/// A violation Prism reports: where (`request`/`response`, then the path in it), how bad
/// (`Error`, or `Warning` for a deprecated parameter) and what.
#[derive(Clone, Debug, Deserialize)]
pub struct Violation {
    pub location: Vec<String>,
    pub severity: String,
    pub message: String,
}

impl Violation {
    pub fn is_error(&self) -> bool {
        self.severity == "Error"
    }

    pub fn in_request(&self) -> bool {
        self.location.first().is_some_and(|l| l == "request")
    }
}

/// Prism's `sl-violations` header: a JSON list; when long, prefixed `Too many
/// violations! ` and cut at about 8 KiB, so it is read one complete entry at a time.
fn violations(header: &str) -> Vec<Violation> {
    let Some(start) = header.find('[') else {
        return Vec::new();
    };
    let mut rest = &header[start + 1..];
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
        if rest.is_empty() || rest.starts_with(']') {
            return out;
        }
        let mut entries = serde_json::Deserializer::from_str(rest).into_iter::<Violation>();
        match entries.next() {
            Some(Ok(v)) => {
                out.push(v);
                rest = &rest[entries.byte_offset()..];
            }
            // The cut entry: the ones before it are what there is.
            _ => return out,
        }
    }
}

/// `(path prefix, key, value)`: in a JSON body sent to a path starting with the prefix,
/// the value of `key` (in the object, or in each object of the array) is replaced.
type Substitutions = Arc<Mutex<Vec<(String, String, serde_json::Value)>>>;

pub struct Proxy {
    pub url: String,
    seen: Arc<Mutex<Vec<Exchange>>>,
    dynamic: Arc<Mutex<bool>>,
    // Set by the `fake_api` tests only.
    #[allow(dead_code)]
    substitutions: Substitutions,
}

fn substitute(substitutions: &Substitutions, path: &str, body: &[u8]) -> Option<Vec<u8>> {
    use serde_json::Value;
    let substitutions = substitutions.lock().unwrap();
    if substitutions.is_empty() {
        return None;
    }
    let mut json: Value = serde_json::from_slice(body).ok()?;
    let objects: Vec<&mut serde_json::Map<String, Value>> = match &mut json {
        Value::Object(map) => vec![map],
        Value::Array(items) => items.iter_mut().filter_map(Value::as_object_mut).collect(),
        _ => return None,
    };
    for object in objects {
        for (key, slot) in object.iter_mut() {
            if let Some((_, _, value)) = substitutions
                .iter()
                .find(|(prefix, k, _)| k == key && path.starts_with(prefix.as_str()))
            {
                *slot = value.clone();
            }
        }
    }
    serde_json::to_vec(&json).ok()
}

impl Proxy {
    /// Forwards to `upstream` (Prism).
    pub async fn start(upstream: String) -> Proxy {
        let seen: Arc<Mutex<Vec<Exchange>>> = Arc::default();
        let dynamic: Arc<Mutex<bool>> = Arc::default();
        let substitutions: Substitutions = Arc::default();
        let (sink, mode, values) = (seen.clone(), dynamic.clone(), substitutions.clone());
        let client = reqwest::Client::new();
        let app = axum::Router::new().fallback(move |request: Request| {
            let (sink, mode, client, upstream, values) = (
                sink.clone(),
                mode.clone(),
                client.clone(),
                upstream.clone(),
                values.clone(),
            );
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, 16 << 20)
                    .await
                    .unwrap_or_default();
                let header = |name: &str| {
                    parts
                        .headers
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string)
                };
                let recorded = wire::Request {
                    method: parts.method.to_string(),
                    path: parts.uri.path().to_string(),
                    query: parts.uri.query().map(str::to_string),
                    content_type: header("content-type"),
                    body: body.to_vec(),
                };
                // Prism's own switch (not part of what the facade sent): a generated answer.
                let dynamic = *mode.lock().unwrap();
                let mut query = recorded.query.clone().unwrap_or_default();
                if dynamic {
                    query.push_str(if query.is_empty() { "" } else { "&" });
                    query.push_str("__dynamic=true");
                }
                let url = format!("{upstream}{}?{query}", recorded.path);
                let body = substitute(&values, &recorded.path, &body)
                    .map(Bytes::from)
                    .unwrap_or(body);
                let mut forward = client.request(parts.method.clone(), url).body(body);
                for name in ["content-type", "authorization", "accept"] {
                    if let Some(value) = header(name) {
                        forward = forward.header(name, value);
                    }
                }
                let answer = forward.send().await.expect("the server answers");
                let status = answer.status().as_u16();
                let content_type = answer.headers().get("content-type").cloned();
                let violations: Vec<Violation> = answer
                    .headers()
                    .get("sl-violations")
                    .and_then(|v| v.to_str().ok())
                    .map(violations)
                    .unwrap_or_default();
                let body: Bytes = answer.bytes().await.unwrap_or_default();
                sink.lock().unwrap().push(Exchange {
                    request: recorded,
                    status,
                    answer: body.clone(),
                    violations,
                });
                let mut response: Response = (
                    StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
                    body,
                )
                    .into_response();
                if let Some(ct) = content_type {
                    response.headers_mut().insert("content-type", ct);
                } else {
                    response
                        .headers_mut()
                        .insert("content-type", HeaderValue::from_static("application/json"));
                }
                response
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Proxy {
            url,
            seen,
            dynamic,
            substitutions,
        }
    }

    /// Asks Prism for answers generated from the schemas (`true`) or its static examples.
    pub fn set_dynamic(&self, dynamic: bool) {
        *self.dynamic.lock().unwrap() = dynamic;
    }

    /// Values to put in the JSON bodies forwarded from now on (see [`Substitutions`]):
    /// the ids of records that exist upstream where the caller sent made-up ones.
    #[allow(dead_code)]
    pub fn substitute(&self, values: Vec<(String, String, serde_json::Value)>) {
        *self.substitutions.lock().unwrap() = values;
    }

    /// What went through since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}
