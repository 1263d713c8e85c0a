//! `clerk::oauth_application` against the mock.

use clerk::oauth_application;
use httpmock::Method::{DELETE, GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{KEY, config, fixture, fixture_with};

#[tokio::test]
async fn list_sends_paging_and_name_query() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/oauth_applications")
                .query_param("limit", "10")
                .query_param("name_query", "kN3qVx7Lw9pYzR2a")
                .query_param_missing("offset")
                .query_param_missing("order_by");
            then.status(200)
                .json_body(json!({"data": [fixture("oauth_application")], "total_count": 1}));
        })
        .await;
    let page = oauth_application::Client::new(&config(&server))
        .list(&oauth_application::ListParams {
            limit: clerk::int64(10),
            name_query: clerk::string("kN3qVx7Lw9pYzR2a"),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].client_id, "kN3qVx7Lw9pYzR2a");
    assert_eq!(page.data[0].client_image_url, None);
}

#[tokio::test]
async fn create_sends_the_generated_defaults_and_returns_the_secret() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/oauth_applications")
                .json_body(json!({
                    "name": "Acme Analytics",
                    "redirect_uris": ["https://analytics.acme.com/oauth/callback"],
                    // Not set by the caller: the generated body sends the spec's defaults.
                    "scopes": "profile email",
                    "consent_screen_enabled": true,
                    "pkce_required": false
                }));
            then.status(200).json_body(fixture_with(
                "oauth_application",
                json!({"client_secret": "Zq8vR3nT6wLk1JdHs9yPm4Xc"}),
            ));
        })
        .await;
    let params = oauth_application::CreateParams {
        name: clerk::string("Acme Analytics"),
        redirect_uris: Some(vec!["https://analytics.acme.com/oauth/callback".into()]),
        ..Default::default()
    };
    let app = oauth_application::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(
        app.client_secret.as_deref(),
        Some("Zq8vR3nT6wLk1JdHs9yPm4Xc")
    );
    assert_eq!(
        app.redirect_uris,
        ["https://analytics.acme.com/oauth/callback"]
    );
}

#[tokio::test]
async fn update_sends_only_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/oauth_applications/oa_1")
                .json_body(json!({"scopes": "profile email public_metadata", "public": true}));
            then.status(200).json_body(fixture_with(
                "oauth_application",
                json!({"scopes": "profile email public_metadata", "public": true}),
            ));
        })
        .await;
    let params = oauth_application::UpdateParams {
        scopes: clerk::string("profile email public_metadata"),
        public: clerk::bool(true),
        ..Default::default()
    };
    let app = oauth_application::Client::new(&config(&server))
        .update("oa_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(app.public);
}

#[tokio::test]
async fn get_delete_and_rotate_secret_send_no_body() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/oauth_applications/oa_1")
                .header_missing("content-type");
            then.status(200).json_body(fixture("oauth_application"));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/oauth_applications/oa_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"object": "oauth_application", "id": "oa_1", "deleted": true}));
        })
        .await;
    let rotate = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/oauth_applications/oa_1/rotate_secret")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "oauth_application",
                json!({"client_secret": "new_secret"}),
            ));
        })
        .await;
    let apps = oauth_application::Client::new(&config(&server));
    let app = apps.get("oa_1").await.unwrap();
    assert_eq!(app.name, "Acme Analytics");
    assert_eq!(
        app.discovery_url,
        "https://clerk.example.com/.well-known/openid-configuration"
    );
    assert!(apps.delete("oa_1").await.unwrap().deleted);
    assert_eq!(
        apps.rotate_secret("oa_1")
            .await
            .unwrap()
            .client_secret
            .as_deref(),
        Some("new_secret")
    );
    get.assert_async().await;
    delete.assert_async().await;
    rotate.assert_async().await;
}

#[tokio::test]
async fn revoke_token_posts_the_token_and_accepts_no_content() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/oauth_applications/oa_1/revoke_token")
                .json_body(json!({"token": "oat_opaque_token"}));
            then.status(204);
        })
        .await;
    oauth_application::Client::new(&config(&server))
        .revoke_token("oa_1", "oat_opaque_token")
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn logo_goes_up_as_multipart_put() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/oauth_applications/oa_1/logo")
                .header("authorization", format!("Bearer {KEY}"))
                .header_includes("content-type", "multipart/form-data; boundary=")
                .body_includes("name=\"file\"; filename=\"logo.png\"")
                .body_includes("Content-Type: image/png")
                .body_includes("PNGDATA")
                .body_includes("name=\"uploader_user_id\"\r\n\r\nuser_1");
            then.status(200).json_body(fixture_with(
                "oauth_application",
                json!({"client_image_url": "https://img.clerk.com/oauth_app_logo.png"}),
            ));
        })
        .await;
    let without_uploader = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/oauth_applications/oa_2/logo")
                .body_includes("PNGDATA")
                .body_excludes("uploader_user_id");
            then.status(200).json_body(fixture("oauth_application"));
        })
        .await;
    let file = clerk::Upload::new(b"PNGDATA".to_vec(), "logo.png", "image/png");
    let apps = oauth_application::Client::new(&config(&server));
    let app = apps
        .update_logo("oa_1", &file, Some("user_1"))
        .await
        .unwrap();
    assert_eq!(
        app.client_image_url.as_deref(),
        Some("https://img.clerk.com/oauth_app_logo.png")
    );
    apps.update_logo("oa_2", &file, None).await.unwrap();
    mock.assert_async().await;
    without_uploader.assert_async().await;
}

#[tokio::test]
async fn over_long_scopes_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let err = oauth_application::Client::new(&config(&server))
        .update(
            "oa_1",
            &oauth_application::UpdateParams {
                scopes: Some("profile ".repeat(200)),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}
