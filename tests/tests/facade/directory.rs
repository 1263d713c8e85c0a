//! `clerk::directory` against the mock.

use clerk::{directory, types};
use httpmock::Method::{DELETE, GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

const DIR: &str = "dir_2JN834FCHAVDdMwsUMbjbdCBhL1";
const ROLE: &str = "role_2LqZhSH7uoxpiC9DkYMDPjOuSAU";

#[tokio::test]
async fn create_sends_directory_group_mappings() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/directories").json_body(json!({
                "enterprise_connection_id": "entconn_2WtM7KfKQtYmhEx1ygJxTKp5VWq",
                "provider": "azure",
                "group_role_mappings": [
                    {"directory_group_id": "5f1c2b3a-9d8e-4f7a-b6c5-0d1e2f3a4b5c", "role_id": ROLE,
                     "directory_group_display_name": "Finance"}
                ]
            }));
            then.status(200).json_body(fixture_with(
                "directory",
                json!({"provider": "azure", "api_key": "dir_key_2Hk9Lq4Xz7Vb1Nc8Mw3Rt6Jd0Fs5Yp"}),
            ));
        })
        .await;
    let dir = directory::Client::new(&config(&server))
        .create(&directory::CreateParams {
            enterprise_connection_id: clerk::string("entconn_2WtM7KfKQtYmhEx1ygJxTKp5VWq"),
            provider: clerk::string("azure"),
            group_role_mappings: Some(vec![types::CreateDirectoryBodyGroupRoleMappingsItem {
                directory_group_id: clerk::string("5f1c2b3a-9d8e-4f7a-b6c5-0d1e2f3a4b5c"),
                role_id: ROLE.into(),
                directory_group_display_name: Some("Finance".parse().unwrap()),
                precedence: None,
                scim_group_display_name: None,
                scim_group_id: None,
            }]),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(dir.id, DIR);
    assert_eq!(
        dir.api_key.as_deref(),
        Some("dir_key_2Hk9Lq4Xz7Vb1Nc8Mw3Rt6Jd0Fs5Yp")
    );
    assert_eq!(
        dir.enterprise_connection_id.as_deref(),
        Some("entconn_2WtM7KfKQtYmhEx1ygJxTKp5VWq")
    );
}

#[tokio::test]
async fn list_get_update_delete_and_rotate() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/directories")
                .query_param("limit", "10")
                .query_param("offset", "20");
            then.status(200)
                .json_body(json!({"data": [fixture("directory")], "total_count": 21}));
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/v1/directories/{DIR}"));
            then.status(200).json_body(fixture("directory"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/v1/directories/{DIR}"))
                .json_body(json!({"name": "Acme Entra ID", "group_role_mapping_enabled": false}));
            then.status(200).json_body(fixture_with(
                "directory",
                json!({"name": "Acme Entra ID", "group_role_mapping_enabled": false}),
            ));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/v1/directories/{DIR}"))
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": DIR, "object": "directory", "deleted": true}));
        })
        .await;
    let rotate = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/directories/{DIR}/rotate_api_key"))
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "directory",
                json!({"api_key": "dir_key_8Vb3Nc6Md0Sj5Yp4Fh8Kq2Lz9Xw1Rt"}),
            ));
        })
        .await;
    let dirs = directory::Client::new(&config(&server));
    let page = dirs
        .list(&directory::ListParams {
            limit: clerk::int64(10),
            offset: clerk::int64(20),
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 21);
    assert_eq!(dirs.get(DIR).await.unwrap().name, "Acme Okta");
    let updated = dirs
        .update(
            DIR,
            &directory::UpdateParams {
                name: clerk::string("Acme Entra ID"),
                group_role_mapping_enabled: clerk::bool(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!updated.group_role_mapping_enabled);
    assert!(dirs.delete(DIR).await.unwrap().deleted);
    assert!(dirs.rotate_api_key(DIR).await.unwrap().api_key.is_some());
    for mock in [list, get, update, delete, rotate] {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn group_role_mappings_use_directory_group_ids() {
    let server = MockServer::start_async().await;
    let path = format!("/v1/directories/{DIR}/group_role_mappings");
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path(&path);
            then.status(200).json_body(
                json!({"data": [fixture("directory_group_role_mapping")], "total_count": 1}),
            );
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(&path)
                .json_body(json!({"directory_group_id": "00g1a2b3c4d5e6f7g8h9", "role_id": ROLE}));
            then.status(200)
                .json_body(fixture("directory_group_role_mapping"));
        })
        .await;
    let replace = server
        .mock_async(|when, then| {
            when.method(PUT).path(&path).json_body(json!({"mappings": [
                {"directory_group_id": "00g1a2b3c4d5e6f7g8h9", "role_id": ROLE}
            ]}));
            then.status(200).json_body(
                json!({"data": [fixture("directory_group_role_mapping")], "total_count": 1}),
            );
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("{path}/dgrm_2wdLViV1bFeAwsaWXiuqYxGPSXB"))
                .body("");
            then.status(200).json_body(json!({
                "id": "dgrm_2wdLViV1bFeAwsaWXiuqYxGPSXB", "object": "directory_group_role_mapping", "deleted": true
            }));
        })
        .await;
    let dirs = directory::Client::new(&config(&server));
    let listed = dirs.list_group_role_mappings(DIR).await.unwrap();
    assert_eq!(listed.data[0].directory_group_display_name, "Finance");
    assert_eq!(listed.data[0].directory_id, DIR);
    let created = dirs
        .create_group_role_mapping(
            DIR,
            &directory::GroupRoleMappingParams {
                directory_group_id: clerk::string("00g1a2b3c4d5e6f7g8h9"),
                role_id: clerk::string(ROLE),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(created.precedence, 1);
    let replaced = dirs
        .replace_group_role_mappings(
            DIR,
            &[types::ReplaceDirectoryGroupRoleMappingsBodyMappingsItem {
                directory_group_id: clerk::string("00g1a2b3c4d5e6f7g8h9"),
                role_id: ROLE.into(),
                scim_group_id: None,
            }],
        )
        .await
        .unwrap();
    assert_eq!(replaced.total_count, 1);
    assert!(
        dirs.delete_group_role_mapping(DIR, "dgrm_2wdLViV1bFeAwsaWXiuqYxGPSXB")
            .await
            .unwrap()
            .deleted
    );
    for mock in [list, create, replace, delete] {
        mock.assert_async().await;
    }
}
