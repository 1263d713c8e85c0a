//! `clerk::role_set` against the mock.

use clerk::role_set;
use httpmock::Method::{GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_roles_defaults_and_type() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/role_sets")
                .header("content-type", "application/json")
                .json_body(json!({
                    "name": "Default",
                    "key": "role_set:default",
                    "roles": ["org:admin", "org:member"],
                    "default_role_key": "org:member",
                    "creator_role_key": "org:admin",
                    "type": "initial"
                }));
            then.status(200).json_body(fixture("role_set"));
        })
        .await;
    let set = role_set::Client::new(&config(&server))
        .create(&role_set::CreateParams {
            name: clerk::string("Default"),
            key: clerk::string("role_set:default"),
            roles: Some(vec!["org:admin".into(), "org:member".into()]),
            default_role_key: clerk::string("org:member"),
            creator_role_key: clerk::string("org:admin"),
            type_: clerk::string("initial"),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(set.key, "role_set:default");
    assert_eq!(set.type_.to_string(), "initial");
    assert_eq!(set.roles.len(), 2);
    assert_eq!(set.default_role.unwrap().key, "org:member");
    assert_eq!(set.creator_role.unwrap().members_count, Some(4));
}

#[tokio::test]
async fn bad_params_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let sets = role_set::Client::new(&config(&server));
    let err = sets
        .replace(
            "role_set:old",
            &role_set::ReplaceParams {
                dest_role_set_key: clerk::string("role_set:new"),
                reassignment_mappings: clerk::json(json!({"org:viewer": 3})),
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn get_and_update_take_a_key_or_id() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                // `:` is outside RFC 3986 "unreserved", so it is sent encoded (the
                // server decodes it back): every path parameter is exactly one segment.
                .path("/v1/role_sets/role_set%3Adefault")
                .header_missing("content-type");
            then.status(200).json_body(fixture("role_set"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/role_sets/rs_1")
                .json_body(json!({"description": "For new orgs", "type": "initial"}));
            then.status(200).json_body(fixture_with(
                "role_set",
                json!({"description": "For new orgs"}),
            ));
        })
        .await;
    let sets = role_set::Client::new(&config(&server));
    let set = sets.get("role_set:default").await.unwrap();
    assert!(set.role_set_migration.is_none());
    let set = sets
        .update(
            "rs_1",
            &role_set::UpdateParams {
                description: clerk::string("For new orgs"),
                type_: clerk::string("initial"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(set.description.as_deref(), Some("For new orgs"));
    get.assert_async().await;
    update.assert_async().await;
}

#[tokio::test]
async fn replace_sends_the_destination_and_mappings() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/role_sets/rs_old/replace")
                .json_body(json!({
                    "dest_role_set_key": "role_set:new",
                    "reassignment_mappings": {"org:viewer": "org:member"}
                }));
            then.status(200)
                .json_body(json!({"object": "role_set", "id": "rs_old", "deleted": true}));
        })
        .await;
    let deleted = role_set::Client::new(&config(&server))
        .replace(
            "rs_old",
            &role_set::ReplaceParams {
                dest_role_set_key: clerk::string("role_set:new"),
                reassignment_mappings: clerk::json(json!({"org:viewer": "org:member"})),
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some("rs_old"));
}

#[tokio::test]
async fn roles_are_added_and_replaced() {
    let server = MockServer::start_async().await;
    let add = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/role_sets/rs_1/roles")
                .json_body(
                    json!({"role_keys": ["org:billing"], "default_role_key": "org:billing"}),
                );
            then.status(200).json_body(fixture("role_set"));
        })
        .await;
    let replace = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/role_sets/rs_1/roles/replace")
                .json_body(json!({"role_key": "org:viewer", "to_role_key": "org:member"}));
            then.status(200).json_body(fixture("role_set"));
        })
        .await;
    let sets = role_set::Client::new(&config(&server));
    sets.add_roles(
        "rs_1",
        &role_set::AddRolesParams {
            role_keys: Some(vec!["org:billing".into()]),
            default_role_key: clerk::string("org:billing"),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let set = sets
        .replace_role("rs_1", "org:viewer", "org:member")
        .await
        .unwrap();
    assert_eq!(set.id, "rs_2abcROLESET0123456789xyz");
    add.assert_async().await;
    replace.assert_async().await;
}

#[tokio::test]
async fn list_sends_query_and_returns_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/role_sets")
                .query_param("query", "default")
                .query_param("limit", "3")
                .query_param("offset", "3");
            then.status(200).json_body(json!({
                "data": [fixture("role_set")],
                "total_count": 4
            }));
        })
        .await;
    let page = role_set::Client::new(&config(&server))
        .list(&role_set::ListParams {
            query: clerk::string("default"),
            limit: clerk::int64(3),
            offset: clerk::int64(3),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 4);
    assert_eq!(page.data[0].name, "Default");
}
