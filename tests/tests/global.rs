//! The process-wide config (`clerk::set_key`, `CLERK_SECRET_KEY`, `CLERK_API_URL`).
//! Its own test binary (process), and one test, because it changes global state.

use clerk::user;
use httpmock::Method::GET;
use httpmock::MockServer;

#[tokio::test]
async fn the_global_key_comes_from_set_key_or_the_environment_and_later_keys_win() {
    let server = MockServer::start_async().await;
    let user_json: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/user.json")).unwrap();
    let answer = |key: &'static str| {
        let body = user_json.clone();
        server.mock_async(move |when, then| {
            when.method(GET)
                .path("/v1/users/user_1")
                .header("authorization", format!("Bearer {key}"));
            then.status(200).json_body(body);
        })
    };
    let from_env = answer("sk_test_fromEnv").await;
    let first = answer("sk_test_first").await;
    let second = answer("sk_test_second").await;

    // SAFETY: this binary's only test; nothing else reads the environment concurrently.
    unsafe {
        std::env::remove_var("CLERK_SECRET_KEY");
        std::env::set_var("CLERK_API_URL", server.url("/v1"));
    }
    // No key anywhere: an error, and nothing is sent.
    let err = user::get("user_1").await.unwrap_err();
    assert!(matches!(err, clerk::Error::MissingSecretKey), "{err:?}");

    // The key is read from the environment at first use; CLERK_API_URL points the default config.
    unsafe { std::env::set_var("CLERK_SECRET_KEY", "sk_test_fromEnv") };
    user::get("user_1").await.unwrap();
    from_env.assert_calls_async(1).await;

    // set_key replaces it, and a later set_key takes effect too (unlike the Go SDK).
    clerk::set_key("sk_test_first");
    user::get("user_1").await.unwrap();
    clerk::set_key("sk_test_second");
    user::get("user_1").await.unwrap();
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    from_env.assert_calls_async(1).await;

    // set_config replaces everything, including the URL.
    let elsewhere = MockServer::start_async().await;
    let moved = elsewhere
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/users/user_1")
                .header("authorization", "Bearer sk_test_moved");
            then.status(200).json_body(user_json.clone());
        })
        .await;
    clerk::set_config(clerk::ClientConfig::new("sk_test_moved").with_api_url(elsewhere.url("/v1")));
    user::get("user_1").await.unwrap();
    moved.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
}
