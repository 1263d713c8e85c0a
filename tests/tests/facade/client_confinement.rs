//! What the HTTP client will not do, for the facade and for `clerk::raw` alike: take a
//! redirected answer as the API's, read a body past the configured cap, or put the
//! request's URL or the API URL's credentials into an error.

use std::time::Duration;

use clerk::{ClientConfig, Error, RetryPolicy, user};
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{KEY, config, fixture};

/// A client that follows redirects, as `reqwest::Client::new()` does.
fn following_client() -> clerk::raw::reqwest::Client {
    clerk::raw::reqwest::Client::new()
}

#[tokio::test]
async fn a_redirected_answer_is_refused_not_taken_as_the_apis() {
    let api = MockServer::start_async().await;
    let elsewhere = MockServer::start_async().await;
    let moved = elsewhere.url("/collect?token=abc");
    api.mock_async(|when, then| {
        when.method(POST).path("/v1/users");
        then.status(307).header("location", &moved);
    })
    .await;
    let other_user = elsewhere
        .mock_async(|when, then| {
            when.path("/collect");
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let config = config(&api).with_http_client(following_client());
    let params = user::CreateParams {
        email_address: Some(vec!["ada@example.com".into()]),
        ..Default::default()
    };
    match user::Client::new(&config).create(&params).await {
        Err(Error::Redirected { operation_id, to }) => {
            assert_eq!(operation_id, "CreateUser");
            assert_eq!(to, elsewhere.url("/collect"), "no query in the error");
        }
        other => panic!("{other:?}"),
    }
    // The caller's client did follow it (the docs say to turn that off): once.
    other_user.assert_calls_async(1).await;

    // The raw client refuses it the same way.
    api.mock_async(|when, then| {
        when.method(GET).path("/v1/users/user_1");
        then.status(302)
            .header("location", elsewhere.url("/collect"));
    })
    .await;
    let raw = config.raw_client().unwrap();
    let error = raw.get_user("user_1").await.unwrap_err();
    assert!(
        matches!(&error, clerk::raw::progenitor_client::Error::Custom(m) if m.contains("redirected")),
        "{error:?}"
    );

    // The SDK's own client does not follow redirects at all.
    let own = crate::support::config(&api).with_retry(RetryPolicy::none());
    let error = user::Client::new(&own).create(&params).await.unwrap_err();
    assert_eq!(error.status(), Some(307), "{error:?}");
    other_user.assert_calls_async(2).await;
}

#[tokio::test]
async fn the_raw_client_reads_bodies_within_the_cap() {
    let server = MockServer::start_async().await;
    let mut big_user = fixture("user");
    big_user["public_metadata"] = json!({"blob": "x".repeat(100_000)});
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_big");
            then.status(200).json_body(big_user);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_error");
            then.status(500)
                .header("content-type", "application/json")
                .body(format!(
                    "{{\"errors\": [], \"junk\": \"{}\"}}",
                    "y".repeat(1_000_000)
                ));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let config = config(&server)
        .with_retry(RetryPolicy::none())
        .with_max_response_bytes(16 * 1024);
    let raw = config.raw_client().unwrap();

    // Within the cap: as before.
    assert_eq!(
        raw.get_user("user_1").await.unwrap().id,
        fixture("user")["id"]
    );
    // Over it: refused, as the facade refuses it.
    let error = raw.get_user("user_big").await.unwrap_err();
    match &error {
        clerk::raw::progenitor_client::Error::Custom(message) => {
            assert!(message.contains("larger than 16384 bytes"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    let facade = user::Client::new(&config)
        .get("user_big")
        .await
        .unwrap_err();
    assert!(
        matches!(facade, Error::ResponseTooLarge { limit: 16384, .. }),
        "{facade:?}"
    );
    // An error body is kept in part (the first 16 KiB here), never read whole.
    match raw.get_user("user_error").await.unwrap_err() {
        clerk::raw::progenitor_client::Error::InvalidResponsePayload(bytes, _) => {
            assert!(bytes.len() <= 16 * 1024, "{} bytes kept", bytes.len())
        }
        clerk::raw::progenitor_client::Error::ErrorResponse(value) => {
            panic!("a truncated body decoded: {value:?}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn raw_client_errors_do_not_carry_the_url() {
    // Nothing listens on this port: a connection error.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    drop(listener);
    let config = ClientConfig::new(KEY)
        .with_api_url(url)
        .with_retry(RetryPolicy::none())
        .with_timeout(Duration::from_secs(5));
    let error = config
        .raw_client()
        .unwrap()
        .get_user("user_PrivateId42")
        .await
        .unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(
        matches!(
            error,
            clerk::raw::progenitor_client::Error::CommunicationError(_)
        ),
        "{shown}"
    );
    assert!(!shown.contains("user_PrivateId42"), "{shown}");
    assert!(!shown.contains("127.0.0.1"), "{shown}");
}

#[tokio::test]
async fn credentials_in_the_api_url_never_reach_a_message() {
    for url in [
        "http://admin:s3cretPassw0rd@10.0.0.1/v1",
        "https://admin:s3cretPassw0rd@api.example.com/v1",
        "https://admin:s3cretPassw0rd@api.example.com:99999999/v1",
        "https://s3cretPassw0rd@api.example.com/v1?x=1",
        "ftp://admin:s3cretPassw0rd@files.example.com/",
    ] {
        let config = ClientConfig::new(KEY).with_api_url(url);
        let error = config.validate().unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{url}: {error:?}");
        let shown = format!("{error} {error:?} {config:?}");
        assert!(!shown.contains("s3cretPassw0rd"), "{shown}");
        assert!(shown.contains("***@"), "{shown}");
        let error = user::Client::new(&config).get("user_1").await.unwrap_err();
        assert!(!error.to_string().contains("s3cretPassw0rd"), "{error}");
    }
}
