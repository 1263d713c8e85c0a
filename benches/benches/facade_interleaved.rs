//! `user::get` through the facade against a bare reqwest GET + serde decode, timed in
//! turn round after round against the same local server; prints the best time per call
//! of each and their ratio (goal: facade / bare <= 1.10). Background load shifts this
//! ratio far less than the sequential criterion benchmark `facade`.
//!
//! ```sh
//! cargo bench -p clerk-benches --bench facade_interleaved -- 40 200
//! ```

use std::hint::black_box;
use std::time::Instant;

use axum::Router;
use axum::routing::get;

const USER: &str = include_str!("../../tests/fixtures/user.json");

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(40);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let app = Router::new().route(
            "/v1/users/{id}",
            get(|| async { ([("content-type", "application/json")], USER) }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let base = format!("http://{addr}/v1");

        let users = clerk::user::Client::new(
            &clerk::ClientConfig::new("sk_test_bench").with_api_url(&base),
        );
        let http = reqwest::Client::new();
        let url = format!("{base}/users/user_1");
        let (mut facade, mut bare) = (f64::MAX, f64::MAX);
        for _ in 0..rounds {
            let t = Instant::now();
            for _ in 0..count {
                black_box(users.get("user_1").await.unwrap());
            }
            facade = facade.min(t.elapsed().as_nanos() as f64 / count as f64);
            let t = Instant::now();
            for _ in 0..count {
                let body = http
                    .get(&url)
                    .header("authorization", "Bearer sk_test_bench")
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                black_box(serde_json::from_slice::<clerk::types::User>(&body).unwrap());
            }
            bare = bare.min(t.elapsed().as_nanos() as f64 / count as f64);
        }
        println!("facade user::get:          {:>8.1} µs", facade / 1000.0);
        println!("bare reqwest + serde:      {:>8.1} µs", bare / 1000.0);
        println!("facade / bare:             {:>8.3}", facade / bare);
    });
}
