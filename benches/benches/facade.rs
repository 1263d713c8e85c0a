//! `user::get` through the facade against a bare reqwest GET + serde decode of the same
//! body from the same local server, in one run. Goal: facade / bare <= 1.10.
//!
//! The facade's extra work per call (headers, retry bookkeeping, error capture, the
//! transport hook) should vanish next to a loopback round trip.

use std::hint::black_box;

use axum::Router;
use axum::routing::get;

use criterion::{Criterion, criterion_group, criterion_main};

const USER: &str = include_str!("../../tests/fixtures/user.json");

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let base = rt.block_on(async {
        let app = Router::new().route(
            "/v1/users/{id}",
            get(|| async { ([("content-type", "application/json")], USER) }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}/v1")
    });

    let config = clerk::ClientConfig::new("sk_test_bench").with_api_url(&base);
    let users = clerk::user::Client::new(&config);
    let http = reqwest::Client::new();
    let url = format!("{base}/users/user_1");

    let mut group = c.benchmark_group("user_get");
    group.bench_function("facade", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(users.get("user_1").await.unwrap()) })
    });
    group.bench_function("bare_reqwest_serde", |b| {
        b.to_async(&rt).iter(|| async {
            let body = http
                .get(&url)
                .header("authorization", "Bearer sk_test_bench")
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            black_box(serde_json::from_slice::<clerk::types::User>(&body).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
