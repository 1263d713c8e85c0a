//! `clerk::user` against the mock: method, path, query, headers and body of each call.

use clerk::user;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{KEY, config, fixture, fixture_with};

#[tokio::test]
async fn get_sends_clerk_headers_and_decodes_a_realistic_user() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/users/user_2abc")
                .header("authorization", format!("Bearer {KEY}"))
                .header("clerk-api-version", clerk::raw::API_VERSION)
                .header(
                    "user-agent",
                    concat!("clerk-rust/", env!("CARGO_PKG_VERSION")),
                )
                .header("x-clerk-sdk", concat!("rust/", env!("CARGO_PKG_VERSION")))
                .header_missing("api-version")
                .header_missing("content-type");
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let users = user::Client::new(&config(&server));
    let u = users.get("user_2abc").await.unwrap();
    mock.assert_async().await;
    assert_eq!(u.id, "user_2abcDEFghiJKLmnoPQRstuVWxyz");
    assert_eq!(u.first_name.as_deref(), Some("Ada"));
    assert_eq!(u.email_addresses[0].email_address, "ada@example.com");
    assert_eq!(u.public_metadata["plan"], "pro");
    assert_eq!(u.external_accounts.len(), 1);
}

#[tokio::test]
async fn path_segments_are_percent_encoded() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/users/a%2Fb%3Fc");
            then.status(200).json_body(fixture("user"));
        })
        .await;
    user::Client::new(&config(&server))
        .get("a/b?c")
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn create_sends_only_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/users")
                .header("content-type", "application/json")
                .json_body(json!({
                    "email_address": ["ada@example.com"],
                    "first_name": "Ada",
                    "public_metadata": {"plan": "pro"},
                    "password_hasher": "bcrypt",
                    "password_digest": "$2a$10$abc",
                    "create_organizations_limit": 3
                }));
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let params = user::CreateParams {
        email_address: Some(vec!["ada@example.com".into()]),
        first_name: clerk::string("Ada"),
        public_metadata: clerk::json(json!({"plan": "pro"})),
        password_hasher: clerk::string("bcrypt"),
        password_digest: clerk::string("$2a$10$abc"),
        create_organizations_limit: clerk::int64(3),
        ..Default::default()
    };
    user::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn update_can_send_explicit_null_and_nothing_else() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH).path("/v1/users/user_1").json_body(
                json!({"username": null, "first_name": "Ada", "create_organizations_limit": null}),
            );
            then.status(200)
                .json_body(fixture_with("user", json!({"username": null})));
        })
        .await;
    let params = user::UpdateParams {
        username: clerk::null(),
        first_name: clerk::string("Ada"),
        create_organizations_limit: clerk::null(),
        ..Default::default()
    };
    user::Client::new(&config(&server))
        .update("user_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn bad_params_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let users = user::Client::new(&config(&server));
    let err = users
        .create(&user::CreateParams {
            public_metadata: clerk::json(json!([1, 2])),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = users
        .list(&user::ListParams {
            limit: clerk::int64(-1),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn list_sends_filters_and_takes_total_count_from_count() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/users")
                .query_param("limit", "2")
                .query_param("offset", "4")
                .query_param("order_by", "-created_at")
                .query_param("email_address", "a@example.com")
                .query_param("email_address", "b@example.com")
                .query_param("banned", "false")
                .query_param("starting_after", "user_1");
            then.status(200)
                .json_body(json!([fixture("user"), fixture("user")]));
        })
        .await;
    let count = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/users/count")
                .query_param("email_address", "a@example.com")
                .query_param("banned", "false")
                .query_param_missing("limit")
                .query_param_missing("offset")
                .query_param_missing("order_by")
                // Not a parameter of GET /users/count.
                .query_param_missing("starting_after");
            then.status(200)
                .json_body(json!({"object": "total_count", "total_count": 42}));
        })
        .await;
    let params = user::ListParams {
        limit: clerk::int64(2),
        offset: clerk::int64(4),
        order_by: clerk::string("-created_at"),
        email_address: Some(vec!["a@example.com".into(), "b@example.com".into()]),
        banned: clerk::bool(false),
        starting_after: clerk::string("user_1"),
        ..Default::default()
    };
    let page = user::Client::new(&config(&server))
        .list(&params)
        .await
        .unwrap();
    list.assert_async().await;
    count.assert_async().await;
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.total_count, 42);
}

#[tokio::test]
async fn list_all_walks_pages_until_a_short_one() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (offset, n) in [(0, 2), (2, 2), (4, 1)] {
        let users: Vec<_> = (0..n)
            .map(|i| fixture_with("user", json!({"id": format!("user_{}", offset + i)})))
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/users")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200).json_body(json!(users));
                })
                .await,
        );
    }
    let ids: Vec<String> = user::Client::new(&config(&server))
        .list_all(&user::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|u| u.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["user_0", "user_1", "user_2", "user_3", "user_4"]);
    for page in pages {
        page.assert_async().await;
    }
}

#[tokio::test]
async fn delete_ban_and_lock_send_no_body() {
    let server = MockServer::start_async().await;
    let deleted = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/users/user_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": "user_1", "object": "user", "deleted": true}));
        })
        .await;
    let banned = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/users/user_1/ban")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(fixture_with("user", json!({"banned": true})));
        })
        .await;
    let locked = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/users/user_1/lock").body("");
            then.status(200)
                .json_body(fixture_with("user", json!({"locked": true})));
        })
        .await;
    let users = user::Client::new(&config(&server));
    let d = users.delete("user_1").await.unwrap();
    assert!(d.deleted);
    assert!(users.ban("user_1").await.unwrap().banned);
    assert!(users.lock("user_1").await.unwrap().locked);
    deleted.assert_async().await;
    banned.assert_async().await;
    locked.assert_async().await;
}

#[tokio::test]
async fn update_metadata_merges_with_a_patch() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/users/user_1/metadata")
                .json_body(json!({"public_metadata": {"plan": "team", "trial": null}}));
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let params = user::MetadataParams {
        public_metadata: clerk::json(json!({"plan": "team", "trial": null})),
        ..Default::default()
    };
    user::Client::new(&config(&server))
        .update_metadata("user_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn profile_image_goes_up_as_multipart() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/users/user_1/profile_image")
                .header("authorization", format!("Bearer {KEY}"))
                .header_includes("content-type", "multipart/form-data; boundary=")
                .body_includes("name=\"file\"; filename=\"ada.png\"")
                .body_includes("Content-Type: image/png")
                .body_includes("PNGDATA");
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let file = clerk::Upload::new(b"PNGDATA".to_vec(), "ada.png", "image/png");
    user::Client::new(&config(&server))
        .update_profile_image("user_1", &file)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn oauth_tokens_ask_for_a_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/users/user_1/oauth_access_tokens/oauth_google")
                .query_param("paginated", "true")
                .query_param("limit", "5");
            then.status(200).json_body(json!({
                "data": [{"object": "oauth_access_token", "external_account_id": "eac_1", "provider_user_id": "123",
                          "token": "ya29.token", "provider": "oauth_google", "public_metadata": {}, "label": null,
                          "scopes": ["email"], "expires_at": 1716200600}],
                "total_count": 1
            }));
        })
        .await;
    let page = user::Client::new(&config(&server))
        .list_oauth_access_tokens(
            "user_1",
            "oauth_google",
            &user::PageParams {
                limit: clerk::int64(5),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].token, "ya29.token");
}

#[tokio::test]
async fn replace_metadata_can_send_an_empty_object_to_clear_it() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(httpmock::Method::PUT)
                .path("/v1/users/user_1/metadata")
                .json_body(json!({"public_metadata": {}, "private_metadata": {"tier": 2}}));
            then.status(200).json_body(fixture("user"));
        })
        .await;
    let params = user::MetadataParams {
        public_metadata: clerk::json(json!({})),
        private_metadata: clerk::json(json!({"tier": 2})),
        ..Default::default()
    };
    user::Client::new(&config(&server))
        .replace_metadata("user_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
}
