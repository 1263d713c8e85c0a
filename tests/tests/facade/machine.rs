//! `clerk::machine` against the mock.

use clerk::machine;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn list_sends_paging_and_filters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/machines")
                .query_param("limit", "2")
                .query_param("offset", "4")
                .query_param("query", "billing")
                .query_param("order_by", "+name")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"data": [fixture("machine")], "total_count": 5}));
        })
        .await;
    let params = machine::ListParams {
        limit: clerk::int64(2),
        offset: clerk::int64(4),
        query: clerk::string("billing"),
        order_by: clerk::string("+name"),
    };
    let page = machine::Client::new(&config(&server))
        .list(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 5);
    assert_eq!(page.data[0].id, "mch_2xhFjEI5X2qWRvtV13BzSj8H6Dk");
    assert_eq!(page.data[0].scoped_machines[0].name.as_str(), "invoice-api");
}

#[tokio::test]
async fn list_all_stops_at_total_count() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for offset in [0, 2] {
        let machines: Vec<_> = (0..2)
            .map(|i| fixture_with("machine", json!({"id": format!("mch_{}", offset + i)})))
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/machines")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": machines, "total_count": 4}));
                })
                .await,
        );
    }
    let ids: Vec<String> = machine::Client::new(&config(&server))
        .list_all(&machine::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|m| m.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["mch_0", "mch_1", "mch_2", "mch_3"]);
    for page in pages {
        page.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn create_returns_the_secret_key_and_sends_the_default_ttl() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/machines")
                .header("content-type", "application/json")
                .json_body(json!({
                    "name": "billing-worker",
                    "scoped_machines": ["mch_2xhFkLq9RqWmTt4Xz8bCvPq1Ys3"],
                    // The generated body always carries the API's default TTL.
                    "default_token_ttl": 3600
                }));
            then.status(200).json_body(fixture_with(
                "machine",
                json!({"secret_key": "ak_2xhFmQp3V8c1nT6wRz9yLk4JdHs"}),
            ));
        })
        .await;
    let params = machine::CreateParams {
        name: clerk::string("billing-worker"),
        scoped_machines: Some(vec!["mch_2xhFkLq9RqWmTt4Xz8bCvPq1Ys3".into()]),
        ..Default::default()
    };
    let created = machine::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.secret_key, "ak_2xhFmQp3V8c1nT6wRz9yLk4JdHs");
    assert_eq!(created.scoped_machines.len(), 1);
}

#[tokio::test]
async fn invalid_names_and_ttls_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let machines = machine::Client::new(&config(&server));
    let err = machines
        .create(&machine::CreateParams {
            name: clerk::string("x"),
            default_token_ttl: clerk::int64(0),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = machines
        .update(
            "mch_1",
            &machine::UpdateParams {
                name: clerk::string(""),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = machines
        .create(&machine::CreateParams::default())
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn get_update_and_delete() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/machines/mch_1")
                .header_missing("content-type");
            then.status(200).json_body(fixture("machine"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/machines/mch_1")
                .json_body(json!({"default_token_ttl": 900}));
            then.status(200)
                .json_body(fixture_with("machine", json!({"default_token_ttl": 900})));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/machines/mch_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"object": "machine", "id": "mch_1", "deleted": true}));
        })
        .await;
    let machines = machine::Client::new(&config(&server));
    let m = machines.get("mch_1").await.unwrap();
    assert_eq!(m.name.as_str(), "billing-worker");
    assert_eq!(m.default_token_ttl.get(), 3600);
    let m = machines
        .update(
            "mch_1",
            &machine::UpdateParams {
                default_token_ttl: clerk::int64(900),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(m.default_token_ttl.get(), 900);
    assert!(machines.delete("mch_1").await.unwrap().deleted);
    get.assert_async().await;
    update.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn secret_keys_are_read_and_rotated() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/machines/mch_1/secret_key");
            then.status(200)
                .json_body(json!({"object": "machine_secret_key", "secret": "ak_old"}));
        })
        .await;
    let rotate = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/machines/mch_1/secret_key/rotate")
                .json_body(json!({"previous_token_ttl": 0}));
            then.status(200)
                .json_body(json!({"object": "machine_secret_key", "secret": "ak_new"}));
        })
        .await;
    let machines = machine::Client::new(&config(&server));
    assert_eq!(
        machines.get_secret_key("mch_1").await.unwrap().secret,
        "ak_old"
    );
    assert_eq!(
        machines.rotate_secret_key("mch_1", 0).await.unwrap().secret,
        "ak_new"
    );
    get.assert_async().await;
    rotate.assert_async().await;
}

#[tokio::test]
async fn scopes_are_created_and_deleted() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/machines/mch_1/scopes")
                .json_body(json!({"to_machine_id": "mch_2"}));
            then.status(200).json_body(json!({
                "object": "machine_scope",
                "from_machine_id": "mch_1",
                "to_machine_id": "mch_2",
                "created_at": 1716200000000_i64
            }));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/machines/mch_1/scopes/mch_2")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(json!({
                "object": "machine_scope",
                "from_machine_id": "mch_1",
                "to_machine_id": "mch_2",
                "deleted": true
            }));
        })
        .await;
    let machines = machine::Client::new(&config(&server));
    let scope = machines.create_scope("mch_1", "mch_2").await.unwrap();
    assert_eq!(scope.to_machine_id, "mch_2");
    let deleted = machines.delete_scope("mch_1", "mch_2").await.unwrap();
    assert!(deleted.deleted);
    create.assert_async().await;
    delete.assert_async().await;
}
