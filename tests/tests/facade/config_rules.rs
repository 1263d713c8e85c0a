//! What a config may point at: the key travels only over TLS (or to loopback), the URL is
//! normalised, and a bad URL is a configuration error, not a retryable failure.

use clerk::{Error, user};
use httpmock::Method::GET;
use httpmock::MockServer;

use crate::support::{KEY, config, fixture};

#[tokio::test]
async fn http_to_a_remote_host_is_refused_before_anything_is_sent() {
    let insecure = clerk::ClientConfig::new(KEY).with_api_url("http://api.clerk.com/v1");
    let err = user::Client::new(&insecure)
        .get("user_1")
        .await
        .unwrap_err();
    let Error::Config(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("unencrypted"), "{message}");
    assert!(!err.is_retryable());
    assert!(insecure.validate().is_err());
    // The explicit opt-in lets it through to the transport (no such host here).
    let opted = insecure.clone().allow_insecure_http();
    assert!(opted.validate().is_ok());
}

#[tokio::test]
async fn urls_with_a_query_fragment_or_other_scheme_are_config_errors() {
    for url in [
        "https://api.clerk.com/v1?tenant=a",
        "https://api.clerk.com/v1#x",
        "ftp://api.clerk.com/v1",
        "api.clerk.com/v1",
    ] {
        let config = clerk::ClientConfig::new(KEY).with_api_url(url);
        let err = user::Client::new(&config).get("user_1").await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url}: {err:?}");
        assert!(!err.is_retryable(), "{url}");
    }
}

#[tokio::test]
async fn a_trailing_slash_in_the_api_url_is_normalised() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/user_1");
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let slashed = config(&server).with_api_url(server.url("/v1/"));
    user::Client::new(&slashed).get("user_1").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn a_blank_key_is_a_missing_key() {
    let err = user::Client::new(&clerk::ClientConfig::new("  \t"))
        .get("user_1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::MissingSecretKey), "{err:?}");
}
