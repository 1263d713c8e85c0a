//! `clerk::organization_permission` against the mock.

use clerk::organization_permission as permission;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_name_key_and_description() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organization_permissions")
                .header("content-type", "application/json")
                .json_body(json!({
                    "name": "Manage billing",
                    "key": "org:billing:manage",
                    "description": "Change the plan and payment methods"
                }));
            then.status(200)
                .json_body(fixture("organization_permission"));
        })
        .await;
    let p = permission::Client::new(&config(&server))
        .create(&permission::CreateParams {
            name: clerk::string("Manage billing"),
            key: clerk::string("org:billing:manage"),
            description: clerk::string("Change the plan and payment methods"),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(p.id, "perm_2abcBILLINGMANAGE01234");
    assert_eq!(p.type_, "user");
}

#[tokio::test]
async fn create_without_a_key_fails_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let err = permission::Client::new(&config(&server))
        .create(&permission::CreateParams {
            name: clerk::string("Manage billing"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn get_update_and_delete_address_one_permission() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_permissions/perm_1")
                .header_missing("content-type");
            then.status(200)
                .json_body(fixture("organization_permission"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/organization_permissions/perm_1")
                .json_body(json!({"description": "Plans, invoices and cards"}));
            then.status(200).json_body(fixture_with(
                "organization_permission",
                json!({"description": "Plans, invoices and cards"}),
            ));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/organization_permissions/perm_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"object": "permission", "id": "perm_1", "deleted": true}));
        })
        .await;
    let permissions = permission::Client::new(&config(&server));
    assert_eq!(
        permissions.get("perm_1").await.unwrap().key,
        "org:billing:manage"
    );
    let p = permissions
        .update(
            "perm_1",
            &permission::UpdateParams {
                description: clerk::string("Plans, invoices and cards"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(p.description, "Plans, invoices and cards");
    assert!(permissions.delete("perm_1").await.unwrap().deleted);
    get.assert_async().await;
    update.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn list_sends_query_and_order() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_permissions")
                .query_param("query", "billing")
                .query_param("order_by", "-key")
                .query_param("limit", "100");
            then.status(200).json_body(json!({
                "data": [fixture("organization_permission")],
                "total_count": 12
            }));
        })
        .await;
    let page = permission::Client::new(&config(&server))
        .list(&permission::ListParams {
            query: clerk::string("billing"),
            order_by: clerk::string("-key"),
            limit: clerk::int64(100),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 12);
    assert_eq!(page.data[0].name, "Manage billing");
}
