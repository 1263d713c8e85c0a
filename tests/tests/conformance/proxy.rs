//! A recording proxy between the facade and Prism: every request as it went over the wire,
//! and Prism's answer with the violations it found (its `sl-violations` header).

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

pub struct Proxy {
    pub url: String,
    seen: Arc<Mutex<Vec<Exchange>>>,
    dynamic: Arc<Mutex<bool>>,
}

impl Proxy {
    /// Forwards to `upstream` (Prism).
    pub async fn start(upstream: String) -> Proxy {
        let seen: Arc<Mutex<Vec<Exchange>>> = Arc::default();
        let dynamic: Arc<Mutex<bool>> = Arc::default();
        let (sink, mode) = (seen.clone(), dynamic.clone());
        let client = reqwest::Client::new();
        let app = axum::Router::new().fallback(move |request: Request| {
            let (sink, mode, client, upstream) =
                (sink.clone(), mode.clone(), client.clone(), upstream.clone());
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
                let mut forward = client.request(parts.method.clone(), url).body(body);
                for name in ["content-type", "authorization", "accept"] {
                    if let Some(value) = header(name) {
                        forward = forward.header(name, value);
                    }
                }
                let answer = forward.send().await.expect("Prism answers");
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
        Proxy { url, seen, dynamic }
    }

    /// Asks Prism for answers generated from the schemas (`true`) or its static examples.
    pub fn set_dynamic(&self, dynamic: bool) {
        *self.dynamic.lock().unwrap() = dynamic;
    }

    /// What went through since the last call.
    pub fn take(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}
