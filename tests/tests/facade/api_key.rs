//! `clerk::api_key` against the mock.

use clerk::api_key;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{clerk_errors, config, fixture, fixture_with};

const KEY_ID: &str = "ak_f0175eff8002b9851c088e7d38da2266";
const SUBJECT: &str = "user_2jGUMTHVh0u5IUdp9BTh2fGbSTP";

#[tokio::test]
async fn create_sends_the_fields_set_and_returns_the_secret() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/api_keys")
                .header("content-type", "application/json")
                .json_body(json!({
                    "name": "invoice-exporter",
                    "subject": SUBJECT,
                    "type": "api_key",
                    "claims": {"tenant": "acme"},
                    "scopes": ["invoices:read"],
                    "seconds_until_expiration": 3600
                }));
            then.status(200).json_body(fixture_with(
                "api_key",
                json!({"secret": "ak_live_7Hq2Lw9XzP4rT1vB8nM3cK6dF0sJ5yG2"}),
            ));
        })
        .await;
    let params = api_key::CreateParams {
        name: clerk::string("invoice-exporter"),
        subject: clerk::string(SUBJECT),
        claims: clerk::json(json!({"tenant": "acme"})),
        scopes: Some(vec!["invoices:read".into()]),
        seconds_until_expiration: clerk::int64(3600),
        ..Default::default()
    };
    let key = api_key::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(key.secret, "ak_live_7Hq2Lw9XzP4rT1vB8nM3cK6dF0sJ5yG2");
    assert_eq!(key.id, KEY_ID);
    assert_eq!(key.scopes, ["invoices:read", "customers:read"]);
}

#[tokio::test]
async fn list_sends_subject_and_filters_and_keeps_total_count() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/api_keys")
                .query_param("subject", SUBJECT)
                .query_param("type", "api_key")
                .query_param("include_invalid", "true")
                .query_param("query", "export")
                .query_param("limit", "5")
                .query_param("offset", "10");
            then.status(200)
                .json_body(json!({"data": [fixture("api_key")], "total_count": 11}));
        })
        .await;
    let params = api_key::ListParams {
        subject: clerk::string(SUBJECT),
        type_: clerk::string("api_key"),
        include_invalid: clerk::bool(true),
        query: clerk::string("export"),
        limit: clerk::int64(5),
        offset: clerk::int64(10),
    };
    let page = api_key::Client::new(&config(&server))
        .list(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 11);
    assert_eq!(page.data[0].name, "invoice-exporter");
    assert_eq!(page.data[0].claims.as_ref().unwrap()["tenant"], "acme");
}

/// The spec types this `total_count` as a JSON `number`: a fractional one is valid.
#[tokio::test]
async fn list_decodes_a_total_count_that_is_not_an_integer() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/api_keys");
            then.status(200)
                .json_body(json!({"data": [fixture("api_key")], "total_count": 14547884.57}));
        })
        .await;
    let params = api_key::ListParams {
        subject: clerk::string(SUBJECT),
        ..Default::default()
    };
    let page = api_key::Client::new(&config(&server))
        .list(&params)
        .await
        .unwrap();
    assert_eq!(page.total_count, 14547884);
}

#[tokio::test]
async fn list_all_stops_at_total_count() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for offset in [0, 2] {
        let keys: Vec<_> = (0..2)
            .map(|i| fixture_with("api_key", json!({"name": format!("key-{}", offset + i)})))
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/api_keys")
                        .query_param("subject", SUBJECT)
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": keys, "total_count": 4}));
                })
                .await,
        );
    }
    let names: Vec<String> = api_key::Client::new(&config(&server))
        .list_all(&api_key::ListParams {
            subject: clerk::string(SUBJECT),
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|k| k.name)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(names, ["key-0", "key-1", "key-2", "key-3"]);
    for page in pages {
        page.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn get_update_and_delete() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/api_keys/{KEY_ID}"))
                .header_missing("content-type");
            then.status(200).json_body(fixture("api_key"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/v1/api_keys/{KEY_ID}"))
                .json_body(json!({"description": "Read-only export", "scopes": ["invoices:read"]}));
            then.status(200).json_body(fixture_with(
                "api_key",
                json!({"description": "Read-only export", "scopes": ["invoices:read"]}),
            ));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/v1/api_keys/{KEY_ID}"))
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": KEY_ID, "object": "api_key", "deleted": true}));
        })
        .await;
    let keys = api_key::Client::new(&config(&server));
    let key = keys.get(KEY_ID).await.unwrap();
    assert_eq!(key.subject, SUBJECT);
    assert_eq!(key.last_used_at, Some(1716969600000.0));
    let updated = keys
        .update(
            KEY_ID,
            &api_key::UpdateParams {
                description: clerk::string("Read-only export"),
                scopes: Some(vec!["invoices:read".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.scopes, ["invoices:read"]);
    assert!(keys.delete(KEY_ID).await.unwrap().deleted);
    get.assert_async().await;
    update.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn revoke_sends_the_reason_or_an_empty_object() {
    let server = MockServer::start_async().await;
    let with_reason = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/api_keys/{KEY_ID}/revoke"))
                .json_body(json!({"revocation_reason": "leaked in a log"}));
            then.status(200).json_body(fixture_with(
                "api_key",
                json!({"revoked": true, "revocation_reason": "leaked in a log"}),
            ));
        })
        .await;
    let keys = api_key::Client::new(&config(&server));
    let revoked = keys.revoke(KEY_ID, Some("leaked in a log")).await.unwrap();
    assert!(revoked.revoked);
    assert_eq!(
        revoked.revocation_reason.as_deref(),
        Some("leaked in a log")
    );
    with_reason.assert_async().await;

    let without = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/api_keys/{KEY_ID}/revoke"))
                .json_body(json!({}));
            then.status(200)
                .json_body(fixture_with("api_key", json!({"revoked": true})));
        })
        .await;
    keys.revoke(KEY_ID, None).await.unwrap();
    without.assert_async().await;
}

#[tokio::test]
async fn get_secret_returns_the_secret() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/api_keys/{KEY_ID}/secret"));
            then.status(200)
                .json_body(json!({"secret": "ak_live_7Hq2Lw9XzP4rT1vB8nM3cK6dF0sJ5yG2"}));
        })
        .await;
    let secret = api_key::Client::new(&config(&server))
        .get_secret(KEY_ID)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(secret.secret, "ak_live_7Hq2Lw9XzP4rT1vB8nM3cK6dF0sJ5yG2");
}

#[tokio::test]
async fn verify_posts_the_secret_and_an_unknown_one_is_a_404() {
    let server = MockServer::start_async().await;
    let valid = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/api_keys/verify")
                .json_body(json!({"secret": "ak_live_7Hq2Lw9XzP4rT1vB8nM3cK6dF0sJ5yG2"}));
            then.status(200).json_body(fixture("api_key"));
        })
        .await;
    let unknown = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/api_keys/verify")
                .json_body(json!({"secret": "ak_bogus"}));
            then.status(404)
                .json_body(clerk_errors("resource_not_found", "API key not found"));
        })
        .await;
    let keys = api_key::Client::new(&config(&server));
    let key = keys
        .verify("ak_live_7Hq2Lw9XzP4rT1vB8nM3cK6dF0sJ5yG2")
        .await
        .unwrap();
    assert_eq!(key.subject, SUBJECT);
    assert_eq!(key.scopes, ["invoices:read", "customers:read"]);
    let err = keys.verify("ak_bogus").await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.api().and_then(|a| a.code()), Some("resource_not_found"));
    valid.assert_async().await;
    unknown.assert_calls_async(1).await;
}

#[tokio::test]
async fn malformed_ids_and_fields_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let keys = api_key::Client::new(&config(&server));
    let err = keys.get("ak_123").await.unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = keys
        .create(&api_key::CreateParams {
            name: clerk::string("ok name"),
            subject: clerk::string("team_123"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = keys
        .list(&api_key::ListParams::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, clerk::Error::InvalidRequest(_)),
        "subject is required: {err:?}"
    );
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn update_can_clear_scopes_description_and_expiry() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/v1/api_keys/{KEY_ID}"))
                .json_body(
                    json!({"scopes": [], "description": null, "seconds_until_expiration": null}),
                );
            then.status(200).json_body(fixture("api_key"));
        })
        .await;
    let params = api_key::UpdateParams {
        scopes: Some(vec![]),
        description: clerk::null(),
        seconds_until_expiration: clerk::null(),
        ..Default::default()
    };
    api_key::Client::new(&config(&server))
        .update(KEY_ID, &params)
        .await
        .unwrap();
    mock.assert_async().await;
}
