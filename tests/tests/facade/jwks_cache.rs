//! `clerk::jwt::JwksCache` against a local JWKS endpoint: single flight for successes and
//! failures, key rotation, kid floods, outages (error statuses and stalls), and key sets
//! with entries the SDK cannot use. The cache runs on a `TestClock`, moved by hand, so
//! no assertion depends on how fast the machine is.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clerk::ClientConfig;
use clerk::jwt::{self, Clock, JwksCache, Reason, VerifyError, VerifyParams};
use clerk::testing::{TestClock, TokenIssuer};
use httpmock::Method::GET;
use httpmock::{Mock, MockServer};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::config;

const NOW: i64 = 1_780_000_000;

/// A JWKS mock answering `body` after `delay_ms`.
async fn jwks_mock(server: &MockServer, body: Value, delay_ms: u64) -> Mock<'_> {
    server
        .mock_async(move |when, then| {
            when.method(GET).path("/v1/jwks");
            then.status(200)
                .json_body(body)
                .delay(Duration::from_millis(delay_ms));
        })
        .await
}

async fn failing_mock(server: &MockServer, status: u16, delay_ms: u64) -> Mock<'_> {
    server
        .mock_async(move |when, then| {
            when.method(GET).path("/v1/jwks");
            then.status(status)
                .json_body(crate::support::clerk_errors("unavailable", "down"))
                .delay(Duration::from_millis(delay_ms));
        })
        .await
}

/// The key sets of several issuers in one document.
fn key_set(issuers: &[&TokenIssuer]) -> Value {
    let keys: Vec<Value> = issuers
        .iter()
        .map(|i| i.jwks()["keys"][0].clone())
        .collect();
    json!({ "keys": keys })
}

/// Verification through `cache`, timed by `clock`, with tokens valid for a day.
fn params(cache: JwksCache, clock: &Arc<TestClock>) -> VerifyParams {
    VerifyParams::with_jwks(cache.with_clock(clock.clone())).clock(clock.clone())
}

fn token(issuer: &TokenIssuer, clock: &Arc<TestClock>) -> String {
    issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("exp", Clock::now(clock.as_ref()) + 86_400)
        .sign()
}

/// Runs `n` verifications of `token` at once.
async fn concurrently(
    n: usize,
    token: &str,
    params: &Arc<VerifyParams>,
) -> Vec<Result<jwt::SessionClaims, VerifyError>> {
    let token: Arc<str> = token.into();
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let (params, token) = (params.clone(), token.clone());
            tokio::spawn(async move { jwt::verify(&token, &params).await })
        })
        .collect();
    let mut out = Vec::with_capacity(n);
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_verifications_on_a_cold_cache_fetch_the_jwks_once() {
    let server = MockServer::start_async().await;
    let issuer = TokenIssuer::new();
    let mock = jwks_mock(&server, issuer.jwks(), 50).await;
    let clock = TestClock::at(NOW);
    let params = Arc::new(params(JwksCache::new(&config(&server)), &clock));
    for result in concurrently(1000, &token(&issuer, &clock), &params).await {
        result.expect("verifies");
    }
    mock.assert_calls_async(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_verifications_on_a_cold_cache_against_a_503_fetch_once_per_attempt() {
    let server = MockServer::start_async().await;
    let mock = failing_mock(&server, 503, 100).await;
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(NOW);
    let params = Arc::new(params(JwksCache::new(&config(&server)), &clock));
    let token = token(&issuer, &clock);
    for (attempt, advance_ms) in [(1, 0), (1, 500), (2, 1_500), (3, 2_000)] {
        clock.advance_millis(advance_ms);
        for result in concurrently(1000, &token, &params).await {
            let error = result.expect_err("the endpoint fails");
            assert_eq!(error.reason(), Reason::KeyFetchFailed);
            let cause = std::error::Error::source(&error).expect("the fetch's error");
            assert!(cause.to_string().contains("503"), "{cause}");
        }
        // One fetch per attempt, however many callers; none during the 2 s backoff.
        mock.assert_calls_async(attempt).await;
    }
}

#[tokio::test]
async fn a_rotated_in_key_verifies_on_first_sight() {
    let server = MockServer::start_async().await;
    let (old, new) = (TokenIssuer::new(), TokenIssuer::new());
    let before = jwks_mock(&server, key_set(&[&old]), 0).await;
    let clock = TestClock::at(NOW);
    let params = params(JwksCache::new(&config(&server)), &clock);
    jwt::verify(&token(&old, &clock), &params).await.unwrap();
    before.assert_calls_async(1).await;
    before.delete_async().await;

    // The instance publishes a new key; a token signed with it arrives at once.
    let after = jwks_mock(&server, key_set(&[&old, &new]), 0).await;
    jwt::verify(&token(&new, &clock), &params)
        .await
        .expect("the new kid triggers a refetch");
    jwt::verify(&token(&new, &clock), &params).await.unwrap();
    jwt::verify(&token(&old, &clock), &params).await.unwrap();
    after.assert_calls_async(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_unknown_kids_costs_one_fetch_per_cooldown() {
    let server = MockServer::start_async().await;
    let issuer = TokenIssuer::new();
    let mock = jwks_mock(&server, issuer.jwks(), 0).await;
    let clock = TestClock::at(NOW);
    let params = Arc::new(params(JwksCache::new(&config(&server)), &clock));
    let good = token(&issuer, &clock);
    jwt::verify(&good, &params).await.unwrap();
    mock.assert_calls_async(1).await;
    let forged = |window: usize, i: usize| {
        issuer
            .session_token_at("user_1", clock.as_ref())
            .header("kid", format!("ins_forged_{window}_{i}"))
            .sign()
    };
    // The first window also had the fetch that warmed the cache.
    for (window, calls) in [(0, 2), (1, 3), (2, 4)] {
        let tokens: Vec<String> = (0..300).map(|i| forged(window, i)).collect();
        let tasks: Vec<_> = tokens
            .into_iter()
            .map(|t| {
                let params = params.clone();
                tokio::spawn(async move { jwt::verify(&t, &params).await })
            })
            .collect();
        for task in tasks {
            assert_eq!(
                task.await.unwrap().unwrap_err().reason(),
                Reason::UnknownKey
            );
        }
        jwt::verify(&good, &params)
            .await
            .expect("the real key keeps working");
        mock.assert_calls_async(calls).await;
        // The default cooldown is 5 s.
        clock.advance(5);
    }
}

#[tokio::test]
async fn cached_keys_keep_verifying_through_an_outage_up_to_the_max_staleness() {
    let server = MockServer::start_async().await;
    let issuer = TokenIssuer::new();
    let up = jwks_mock(&server, issuer.jwks(), 0).await;
    let clock = TestClock::at(NOW);
    let params = params(JwksCache::new(&config(&server)), &clock);
    let token = token(&issuer, &clock);
    jwt::verify(&token, &params).await.unwrap();
    up.delete_async().await;
    let down = failing_mock(&server, 503, 0).await;

    // Past the 5 min TTL: the refresh fails, the cached key serves (with a warning).
    clock.advance(301);
    jwt::verify(&token, &params)
        .await
        .expect("stale but cached");
    down.assert_calls_async(1).await;
    jwt::verify(&token, &params)
        .await
        .expect("within the backoff");
    down.assert_calls_async(1).await;
    // Up to an hour after the last successful fetch.
    clock.advance(3600 - 301);
    jwt::verify(&token, &params).await.expect("an hour old");
    down.assert_calls_async(2).await;
    // Then no more (once the 2 s backoff after the last failure is over, a new attempt).
    clock.advance(2);
    let error = jwt::verify(&token, &params).await.unwrap_err();
    assert_eq!(error.reason(), Reason::KeyFetchFailed);
    down.assert_calls_async(3).await;

    // The endpoint recovers: the next attempt after the backoff fetches again.
    down.delete_async().await;
    let back = jwks_mock(&server, issuer.jwks(), 0).await;
    clock.advance(2);
    jwt::verify(&token, &params).await.unwrap();
    back.assert_calls_async(1).await;
}

#[tokio::test]
async fn the_max_staleness_is_configurable() {
    let server = MockServer::start_async().await;
    let issuer = TokenIssuer::new();
    let up = jwks_mock(&server, issuer.jwks(), 0).await;
    let clock = TestClock::at(NOW);
    let cache = JwksCache::new(&config(&server))
        .with_ttl(Duration::from_secs(60))
        .with_max_staleness(Duration::from_secs(120));
    let params = params(cache, &clock);
    let token = token(&issuer, &clock);
    jwt::verify(&token, &params).await.unwrap();
    up.delete_async().await;
    failing_mock(&server, 500, 0).await;
    clock.advance(120);
    jwt::verify(&token, &params).await.unwrap();
    clock.advance(3);
    assert_eq!(
        jwt::verify(&token, &params).await.unwrap_err().reason(),
        Reason::KeyFetchFailed
    );
}

/// A JWKS endpoint that serves `body` (if any) on its first connection and never answers
/// the others; counts connections.
async fn stalling_server(body: Option<Value>) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let connections = Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            if let (0, Some(body)) = (count.fetch_add(1, Ordering::SeqCst), &body) {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request).await;
                let body = body.to_string();
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            } else {
                held.push(stream); // read nothing, answer nothing
            }
        }
    });
    (url, connections)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stalled_endpoint_holds_up_one_fetch_while_cached_keys_serve() {
    let issuer = TokenIssuer::new();
    let (url, connections) = stalling_server(Some(issuer.jwks())).await;
    let clock = TestClock::at(NOW);
    let config = ClientConfig::new("sk_test_stall").with_api_url(url);
    let cache = JwksCache::new(&config).with_fetch_timeout(Duration::from_millis(300));
    let params = Arc::new(params(cache, &clock));
    let token = token(&issuer, &clock);
    jwt::verify(&token, &params).await.unwrap();
    assert_eq!(connections.load(Ordering::SeqCst), 1);

    // Keys past their TTL, endpoint stalled: every caller is served from the cache,
    // and one refresh is attempted for all of them.
    clock.advance(301);
    for result in concurrently(200, &token, &params).await {
        result.expect("served from the cache");
    }
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stalled_endpoint_on_a_cold_cache_times_out_once_for_all_callers() {
    let issuer = TokenIssuer::new();
    let (url, connections) = stalling_server(None).await;
    let clock = TestClock::at(NOW);
    let config = ClientConfig::new("sk_test_stall").with_api_url(url);
    let cache = JwksCache::new(&config).with_fetch_timeout(Duration::from_millis(300));
    let params = Arc::new(params(cache, &clock));
    for result in concurrently(100, &token(&issuer, &clock), &params).await {
        let error = result.unwrap_err();
        assert_eq!(error.reason(), Reason::KeyFetchFailed);
        assert!(error.to_string().contains("timed out"), "{error}");
    }
    // (The server counts a connection when it accepts it, on its own task.)
    for _ in 0..200 {
        if connections.load(Ordering::SeqCst) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        connections.load(Ordering::SeqCst),
        1,
        "one fetch for 100 callers"
    );
}

#[tokio::test]
async fn entries_the_sdk_cannot_use_are_skipped() {
    let server = MockServer::start_async().await;
    let issuer = TokenIssuer::new();
    let good = issuer.jwks()["keys"][0].clone();
    let mut no_use = TokenIssuer::new().jwks()["keys"][0].clone();
    no_use.as_object_mut().unwrap().remove("use");
    let mut no_alg = TokenIssuer::new().jwks()["keys"][0].clone();
    no_alg.as_object_mut().unwrap().remove("alg");
    let ec = json!({"kty": "EC", "kid": "ins_ec", "crv": "P-256", "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "use": "sig", "alg": "ES256"});
    let oct =
        json!({"kty": "oct", "kid": "ins_oct", "k": "c2VjcmV0", "alg": "HS256", "use": "sig"});
    let mock = jwks_mock(&server, json!({"keys": [no_use, no_alg, ec, oct, good]}), 0).await;
    let clock = TestClock::at(NOW);
    let params = params(JwksCache::new(&config(&server)), &clock);
    jwt::verify(&token(&issuer, &clock), &params)
        .await
        .expect("the usable key loads despite the others");
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_key_set_with_no_usable_key_is_a_failed_fetch() {
    let server = MockServer::start_async().await;
    let issuer = TokenIssuer::new();
    let mut unusable = issuer.jwks()["keys"][0].clone();
    unusable["use"] = json!("enc");
    jwks_mock(&server, json!({"keys": [unusable]}), 0).await;
    let clock = TestClock::at(NOW);
    let params = params(JwksCache::new(&config(&server)), &clock);
    let error = jwt::verify(&token(&issuer, &clock), &params)
        .await
        .unwrap_err();
    assert_eq!(error.reason(), Reason::KeyFetchFailed);
    assert!(error.to_string().contains("no usable key"), "{error}");
}

#[tokio::test]
async fn keys_are_refetched_after_the_ttl() {
    let server = MockServer::start_async().await;
    let issuer = TokenIssuer::new();
    let mock = jwks_mock(&server, issuer.jwks(), 0).await;
    let clock = TestClock::at(NOW);
    let params = params(JwksCache::new(&config(&server)), &clock);
    let token = token(&issuer, &clock);
    jwt::verify(&token, &params).await.unwrap();
    clock.advance(299);
    jwt::verify(&token, &params).await.unwrap();
    mock.assert_calls_async(1).await;
    clock.advance(1);
    jwt::verify(&token, &params).await.unwrap();
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_failed_jwks_fetch_is_a_verify_error_with_its_cause() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/jwks");
            then.status(500)
                .json_body(crate::support::clerk_errors("internal_error", "bad day"));
        })
        .await;
    let params = VerifyParams::with_jwks(JwksCache::new(&config(&server)));
    let err = jwt::verify(&TokenIssuer::new().session_token("user_1").sign(), &params)
        .await
        .unwrap_err();
    assert_eq!(err.reason(), Reason::KeyFetchFailed);
    assert!(!err.reason().is_configuration_error());
    let cause = std::error::Error::source(&err).expect("the API error is the source");
    assert!(cause.to_string().contains("500"), "{cause}");
    assert!(!format!("{err:?}").contains("facadeTestKey"), "{err:?}");
}

#[tokio::test]
async fn this_servers_key_refused_is_a_configuration_error_not_a_failed_load() {
    let server = MockServer::start_async().await;
    let refused = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/jwks");
            then.status(401).json_body(crate::support::clerk_errors(
                "authentication_invalid",
                "bad key",
            ));
        })
        .await;
    let params = VerifyParams::with_jwks(JwksCache::new(&config(&server)));
    let token = TokenIssuer::new().session_token("user_1").sign();
    let err = jwt::verify(&token, &params).await.unwrap_err();
    assert_eq!(err.reason(), Reason::SecretKeyInvalid);
    assert_eq!(err.reason().code(), "secret-key-invalid");
    assert!(err.reason().is_configuration_error());
    let cause = std::error::Error::source(&err).expect("the API error is the source");
    assert!(cause.to_string().contains("401"), "{cause}");
    // During the backoff, waiting callers get the same verdict without a fetch.
    assert_eq!(
        jwt::verify(&token, &params).await.unwrap_err().reason(),
        Reason::SecretKeyInvalid
    );
    refused.assert_calls_async(1).await;
    // No key at all (a blank one): the same kind of error, and nothing is sent.
    let blank = clerk::ClientConfig::new(" ").with_api_url(server.url("/v1"));
    let params = VerifyParams::with_jwks(JwksCache::new(&blank));
    let err = jwt::verify(&token, &params).await.unwrap_err();
    assert_eq!(err.reason(), Reason::Misconfigured);
    assert!(err.reason().is_configuration_error());
    refused.assert_calls_async(1).await;
}

#[tokio::test]
async fn settings_changed_on_a_clone_take_effect() {
    let server = MockServer::start_async().await;
    let issuer = TokenIssuer::new();
    let up = jwks_mock(&server, issuer.jwks(), 0).await;
    let clock = TestClock::at(NOW);
    let base = JwksCache::new(&config(&server)).with_clock(clock.clone());
    // Shared before being configured: the clone keeps its settings, the change holds.
    let untouched = base.clone();
    let short = base
        .with_ttl(Duration::from_secs(10))
        .with_max_staleness(Duration::ZERO);
    let params = VerifyParams::with_jwks(short).clock(clock.clone());
    let token = token(&issuer, &clock);
    jwt::verify(&token, &params).await.unwrap();
    up.assert_calls_async(1).await;
    // The 10 s TTL applies: a new fetch after it.
    clock.advance(11);
    jwt::verify(&token, &params).await.unwrap();
    up.assert_calls_async(2).await;
    // No staleness allowed: once the TTL is over and the endpoint fails, no key serves.
    up.delete_async().await;
    failing_mock(&server, 503, 0).await;
    clock.advance(11);
    assert_eq!(
        jwt::verify(&token, &params).await.unwrap_err().reason(),
        Reason::KeyFetchFailed
    );
    // The clone has the defaults, and keys of its own.
    let untouched = VerifyParams::with_jwks(untouched).clock(clock.clone());
    assert_eq!(
        jwt::verify(&token, &untouched).await.unwrap_err().reason(),
        Reason::KeyFetchFailed,
        "it never fetched, and the endpoint is down"
    );
}
