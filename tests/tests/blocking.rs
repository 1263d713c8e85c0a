//! `clerk::blocking` (feature `blocking`): the facade from plain synchronous code, with no
//! async runtime in the caller, and a clear error (not a deadlock) inside one.

use std::time::Duration;

use clerk::{ClientConfig, Error, RetryPolicy, blocking};
use httpmock::Method::GET;
use httpmock::MockServer;
use serde_json::json;

fn fixture(name: &str) -> serde_json::Value {
    let path = format!("{}/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn config(server: &MockServer) -> ClientConfig {
    ClientConfig::new("sk_test_blocking")
        .with_api_url(server.url("/v1"))
        .with_retry(RetryPolicy::none())
}

/// A plain `fn`, as in a CLI's `main`: no runtime anywhere on this thread.
#[test]
fn calls_and_walks_work_without_a_runtime() {
    let server = MockServer::start();
    let get = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/users/user_1")
            .header("authorization", "Bearer sk_test_blocking");
        then.status(200).json_body(fixture("user"));
    });
    let page1 = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/organizations")
            .query_param("offset", "0");
        then.status(200).json_body(json!({
            "data": [fixture("organization"), fixture("organization")],
            "total_count": 3
        }));
    });
    let page2 = server.mock(|when, then| {
        when.method(GET)
            .path("/v1/organizations")
            .query_param("offset", "2");
        then.status(200).json_body(json!({
            "data": [fixture("organization")],
            "total_count": 3
        }));
    });
    let users = blocking::user::Client::new(&config(&server));
    let user = users.get("user_1").unwrap();
    assert_eq!(user.first_name.as_deref(), Some("Ada"));
    get.assert();
    let orgs: Vec<_> = blocking::organization::Client::new(&config(&server))
        .list_all(&blocking::organization::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .collect::<clerk::Result<_>>()
        .unwrap();
    assert_eq!(orgs.len(), 3);
    page1.assert();
    page2.assert();
    // Errors are the same typed errors as the async facade's.
    let err = users.get("user_missing").unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}

/// From several threads at once, each blocking on its own call.
#[test]
fn many_threads_can_block_at_once() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/v1/users/user_1");
        then.status(200)
            .delay(Duration::from_millis(50))
            .json_body(fixture("user"));
    });
    let users = blocking::user::Client::new(&config(&server));
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..8).map(|_| s.spawn(|| users.get("user_1"))).collect();
        for h in handles {
            h.join().unwrap().unwrap();
        }
    });
}

#[tokio::test]
async fn inside_an_async_runtime_it_refuses_with_a_clear_error() {
    let users = blocking::user::Client::new(&ClientConfig::new("sk_test_blocking"));
    let started = std::time::Instant::now();
    let err = users.get("user_1").unwrap_err();
    let Error::Config(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("async runtime"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "refused at once"
    );
    // The iterator gives the error once, then ends.
    let mut walk = blocking::organization::list_all(&Default::default());
    assert!(matches!(walk.next(), Some(Err(Error::Config(_)))));
    assert!(walk.next().is_none());
}
