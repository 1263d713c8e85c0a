#![allow(dead_code)] // each bench uses part of it
//! Shared by the facade benchmarks: a local server answering `GET /v1/users/{id}` with a
//! realistic user, and the bare reqwest + serde call the facade is measured against.

use std::hint::black_box;

use axum::Router;
use axum::routing::get;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

const USER: &str = include_str!("../../../tests/fixtures/user.json");

/// Starts the server on `rt`; returns the API URL (`http://127.0.0.1:port/v1`).
pub fn server(rt: &tokio::runtime::Runtime) -> String {
    rt.block_on(async {
        let app = Router::new().route(
            "/v1/users/{id}",
            get(|| async { ([("content-type", "application/json")], USER) }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/v1")
    })
}

/// The headers the facade sends, built once, as a careful hand-written client would.
pub fn headers(key: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        "authorization",
        HeaderValue::try_from(format!("Bearer {key}")).unwrap(),
    );
    h.insert(
        HeaderName::from_static("clerk-api-version"),
        HeaderValue::from_static(clerk::API_VERSION),
    );
    h.insert("user-agent", HeaderValue::from_static("bench/1"));
    h.insert(
        HeaderName::from_static("x-clerk-sdk"),
        HeaderValue::from_static("bench/1"),
    );
    h.insert("accept", HeaderValue::from_static("application/json"));
    h
}

/// One bare call: GET with the same headers, read the body, decode the user.
pub async fn bare(http: &reqwest::Client, url: &str, headers: &HeaderMap) {
    let body = http
        .get(url)
        .headers(headers.clone())
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    black_box(serde_json::from_slice::<clerk::types::User>(&body).unwrap());
}
