//! `clerk::organization_role` against the mock.

use clerk::organization_role as role;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_the_role_and_decodes_its_permissions() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organization_roles")
                .header("content-type", "application/json")
                .json_body(json!({
                    "name": "Billing manager",
                    "key": "org:billing_manager",
                    "description": "Manages invoices and payment methods",
                    "permissions": ["perm_1", "perm_2"],
                    "include_in_initial_role_set": true
                }));
            then.status(200).json_body(fixture("organization_role"));
        })
        .await;
    let r = role::Client::new(&config(&server))
        .create(&role::CreateParams {
            name: clerk::string("Billing manager"),
            key: clerk::string("org:billing_manager"),
            description: clerk::string("Manages invoices and payment methods"),
            permissions: Some(vec!["perm_1".into(), "perm_2".into()]),
            include_in_initial_role_set: clerk::bool(true),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.key, "org:billing_manager");
    assert!(!r.is_creator_eligible);
    assert_eq!(r.permissions.len(), 2);
    assert_eq!(r.permissions[1].type_, "system");
}

#[tokio::test]
async fn get_update_and_delete_address_one_role() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_roles/role_1")
                .header_missing("content-type");
            then.status(200).json_body(fixture("organization_role"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/organization_roles/role_1")
                .json_body(json!({"name": "Billing", "permissions": []}));
            then.status(200).json_body(fixture_with(
                "organization_role",
                json!({"name": "Billing", "permissions": []}),
            ));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/organization_roles/role_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"object": "role", "id": "role_1", "deleted": true}));
        })
        .await;
    let roles = role::Client::new(&config(&server));
    assert_eq!(roles.get("role_1").await.unwrap().name, "Billing manager");
    let updated = roles
        .update(
            "role_1",
            &role::UpdateParams {
                name: clerk::string("Billing"),
                permissions: Some(vec![]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(updated.permissions.is_empty());
    assert!(roles.delete("role_1").await.unwrap().deleted);
    get.assert_async().await;
    update.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn permissions_are_assigned_and_removed_without_a_body() {
    let server = MockServer::start_async().await;
    let assign = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organization_roles/role_1/permissions/perm_1")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture("organization_role"));
        })
        .await;
    let remove = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/organization_roles/role_1/permissions/perm_1")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "organization_role",
                json!({"permissions": []}),
            ));
        })
        .await;
    let roles = role::Client::new(&config(&server));
    let r = roles.assign_permission("role_1", "perm_1").await.unwrap();
    assert_eq!(r.permissions[0].key, "org:billing:manage");
    let r = roles.remove_permission("role_1", "perm_1").await.unwrap();
    assert!(r.permissions.is_empty());
    assign.assert_async().await;
    remove.assert_async().await;
}

#[tokio::test]
async fn list_and_list_all_page_through_roles() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_roles")
                .query_param("query", "billing")
                .query_param("order_by", "+name")
                .query_param("limit", "1")
                .query_param("offset", "0");
            then.status(200).json_body(json!({
                "data": [fixture_with("organization_role", json!({"id": "role_a"}))],
                "total_count": 2
            }));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_roles")
                .query_param("limit", "1")
                .query_param("offset", "1");
            then.status(200).json_body(json!({
                "data": [fixture_with("organization_role", json!({"id": "role_b"}))],
                "total_count": 2
            }));
        })
        .await;
    let roles = role::Client::new(&config(&server));
    let params = role::ListParams {
        query: clerk::string("billing"),
        order_by: clerk::string("+name"),
        limit: clerk::int64(1),
        offset: clerk::int64(0),
    };
    let page = roles.list(&params).await.unwrap();
    assert_eq!(page.total_count, 2);
    assert_eq!(page.data[0].id, "role_a");
    let ids: Vec<String> = roles
        .list_all(&params)
        .map_ok(|r| r.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["role_a", "role_b"]);
    first.assert_calls_async(2).await;
    second.assert_async().await;
}
