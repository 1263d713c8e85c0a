//! A seeded fake answers the same requests with the same bytes, run after run (ids,
//! secrets, timestamps, generated answers alike); another seed gives other ids.

use clerk::testing::{FAKE_SECRET_KEY, FakeClerk};
use serde_json::json;

/// A few requests of each kind: a kept resource, a listed one, answers from the table.
async fn session(seed: u64) -> Vec<String> {
    let fake = FakeClerk::start_with_seed(seed).await;
    let http = reqwest::Client::new();
    let requests = [
        (
            "POST",
            "/users",
            Some(json!({"email_address": ["ada@example.com"]})),
        ),
        ("POST", "/machines", Some(json!({"name": "worker"}))),
        ("GET", "/machines", None),
        ("GET", "/instance", None),
        ("GET", "/billing/plans", None),
        ("GET", "/clients/client_123", None),
    ];
    let mut answers = Vec::new();
    for (method, path, body) in requests {
        let mut request = http
            .request(method.parse().unwrap(), format!("{}{path}", fake.url()))
            .bearer_auth(FAKE_SECRET_KEY);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        assert!(response.status().is_success(), "{method} {path}");
        answers.push(response.text().await.unwrap());
    }
    answers
}

#[tokio::test]
async fn the_same_seed_gives_the_same_answers() {
    let first = session(42).await;
    assert_eq!(first, session(42).await);
    let other = session(43).await;
    assert_ne!(first[0], other[0], "another seed, another user id");
    assert!(first[0].contains("\"id\":\"user_"), "{}", first[0]);
}
