//! A local server that records every request as it arrives (raw path, query, headers,
//! body) and answers 404, so that calls end quickly and nothing is retried.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::StatusCode;
use clerk::{ClientConfig, RetryPolicy};

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// The path as sent, percent-encoding included.
    pub path: String,
    pub query: Option<String>,
    pub content_type: Option<String>,
    pub body: Bytes,
}

pub struct Recorder {
    url: String,
    seen: Arc<Mutex<Vec<Recorded>>>,
}

impl Recorder {
    pub async fn start() -> Recorder {
        let seen: Arc<Mutex<Vec<Recorded>>> = Arc::default();
        let sink = seen.clone();
        let app = axum::Router::new().fallback(move |request: Request| {
            let sink = sink.clone();
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, 1 << 20)
                    .await
                    .unwrap_or_default();
                sink.lock().unwrap().push(Recorded {
                    method: parts.method.to_string(),
                    path: parts.uri.path().to_string(),
                    query: parts.uri.query().map(str::to_string),
                    content_type: parts
                        .headers
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string),
                    body,
                });
                (
                    StatusCode::NOT_FOUND,
                    [("content-type", "application/json")],
                    r#"{"errors":[{"code":"resource_not_found","message":"recorded"}]}"#,
                )
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v1", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        Recorder { url, seen }
    }

    /// A config for this server, without retries.
    pub fn config(&self) -> ClientConfig {
        ClientConfig::new("sk_test_recorder")
            .with_api_url(&self.url)
            .with_retry(RetryPolicy::none())
    }

    /// What arrived since the last call.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}
