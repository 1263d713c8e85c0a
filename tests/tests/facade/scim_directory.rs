//! `clerk::scim_directory` against the mock.

use clerk::{scim_directory, types};
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

const DIR: &str = "scim_2qTTJiCHC3oj4KexnFKQ8n2ETRT";
const ROLE: &str = "role_2LqZhSH7uoxpiC9DkYMDPjOuSAU";

#[tokio::test]
async fn create_sends_mappings_and_returns_the_api_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/scim_directories").json_body(json!({
                "enterprise_connection_id": "entconn_2WtM7KfKQtYmhEx1ygJxTKp5VWq",
                "provider": "okta",
                "name": "Acme Okta",
                "group_role_mappings": [
                    {"scim_group_id": "00g1a2b3c4d5e6f7g8h9", "role_id": ROLE, "scim_group_display_name": "Finance"},
                    {"scim_group_id": "00g9h8g7f6e5d4c3b2a1", "role_id": "role_2MmbrDEFghiJKLmnoPQRstuVWx", "precedence": 5}
                ]
            }));
            then.status(200).json_body(fixture_with(
                "scim_directory",
                json!({"api_key": "scim_key_4Fh8Kq2Lz9Xw1Rt7Vb3Nc6Md0Sj5Yp"}),
            ));
        })
        .await;
    let dir = scim_directory::Client::new(&config(&server))
        .create(&scim_directory::CreateParams {
            enterprise_connection_id: clerk::string("entconn_2WtM7KfKQtYmhEx1ygJxTKp5VWq"),
            provider: clerk::string("okta"),
            name: clerk::string("Acme Okta"),
            group_role_mappings: Some(vec![
                types::CreateScimDirectoryBodyGroupRoleMappingsItem {
                    scim_group_id: "00g1a2b3c4d5e6f7g8h9".into(),
                    role_id: ROLE.into(),
                    scim_group_display_name: Some("Finance".parse().unwrap()),
                    precedence: None,
                },
                types::CreateScimDirectoryBodyGroupRoleMappingsItem {
                    scim_group_id: "00g9h8g7f6e5d4c3b2a1".into(),
                    role_id: "role_2MmbrDEFghiJKLmnoPQRstuVWx".into(),
                    scim_group_display_name: None,
                    precedence: std::num::NonZeroU64::new(5),
                },
            ]),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(dir.id, DIR);
    assert_eq!(
        dir.api_key.as_deref(),
        Some("scim_key_4Fh8Kq2Lz9Xw1Rt7Vb3Nc6Md0Sj5Yp")
    );
    assert_eq!(dir.attribute_mapping["first_name"], "name.givenName");
    assert_eq!(dir.custom_attributes[0].key.as_deref(), Some("department"));
}

#[tokio::test]
async fn mappings_that_do_not_fit_the_schema_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    // (A mapping without its group cannot be written: `scim_group_id` is not optional.)
    let dirs = scim_directory::Client::new(&config(&server));
    let err = dirs
        .create(&scim_directory::CreateParams {
            provider: clerk::string("okta"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, clerk::Error::InvalidRequest(_)),
        "without its enterprise connection: {err:?}"
    );
    assert!(
        "x".repeat(1000)
            .parse::<types::CreateScimDirectoryBodyGroupRoleMappingsItemScimGroupDisplayName>()
            .is_err(),
        "display names are bounded"
    );
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn list_and_list_all_page_with_limit_and_offset() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/scim_directories")
                .query_param("limit", "1")
                .query_param("offset", "0");
            then.status(200)
                .json_body(json!({"data": [fixture("scim_directory")], "total_count": 2}));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/scim_directories")
                .query_param("limit", "1")
                .query_param("offset", "1");
            then.status(200).json_body(json!({
                "data": [fixture_with("scim_directory", json!({"id": "scim_2zZ9yY8xX7wW6vV5uU4tT3sS2rR", "enabled": false}))],
                "total_count": 2
            }));
        })
        .await;
    let dirs = scim_directory::Client::new(&config(&server));
    let page = dirs
        .list(&scim_directory::ListParams {
            limit: clerk::int64(1),
            offset: clerk::int64(0),
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 2);
    assert_eq!(page.data[0].provider, "okta");
    let all: Vec<_> = dirs
        .list_all(&scim_directory::ListParams {
            limit: clerk::int64(1),
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert!(!all[1].enabled);
    first.assert_calls_async(2).await;
    second.assert_calls_async(1).await;
}

#[tokio::test]
async fn get_update_delete_and_rotate() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/v1/scim_directories/{DIR}"));
            then.status(200).json_body(fixture("scim_directory"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(format!("/v1/scim_directories/{DIR}"))
                .json_body(json!({
                    "enabled": false,
                    "attribute_mapping": {"username": null, "phone_number": "phoneNumbers.0.value"}
                }));
            then.status(200)
                .json_body(fixture_with("scim_directory", json!({"enabled": false})));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("/v1/scim_directories/{DIR}"))
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": DIR, "object": "scim_directory", "deleted": true}));
        })
        .await;
    let rotate = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/scim_directories/{DIR}/rotate_api_key"))
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "scim_directory",
                json!({"api_key": "scim_key_9Rw2Tz5Lq8Xv1Nb4Mc7Kd0Fs3Hj6Gp"}),
            ));
        })
        .await;
    let dirs = scim_directory::Client::new(&config(&server));
    assert!(dirs.get(DIR).await.unwrap().group_role_mapping_enabled);
    let updated = dirs
        .update(
            DIR,
            &scim_directory::UpdateParams {
                enabled: clerk::bool(false),
                attribute_mapping: clerk::json(
                    json!({"username": null, "phone_number": "phoneNumbers.0.value"}),
                ),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(!updated.enabled);
    assert!(dirs.delete(DIR).await.unwrap().deleted);
    let rotated = dirs.rotate_api_key(DIR).await.unwrap();
    assert_eq!(
        rotated.api_key.as_deref(),
        Some("scim_key_9Rw2Tz5Lq8Xv1Nb4Mc7Kd0Fs3Hj6Gp")
    );
    get.assert_async().await;
    update.assert_async().await;
    delete.assert_async().await;
    rotate.assert_async().await;
}

#[tokio::test]
async fn group_role_mappings_list_create_replace_and_delete() {
    let server = MockServer::start_async().await;
    let path = format!("/v1/scim_directories/{DIR}/group_role_mappings");
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path(&path);
            then.status(200)
                .json_body(json!({"data": [fixture("scim_group_role_mapping")], "total_count": 1}));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST).path(&path).json_body(
                json!({"scim_group_id": "00g1a2b3c4d5e6f7g8h9", "role_id": ROLE, "precedence": 2}),
            );
            then.status(200).json_body(fixture_with(
                "scim_group_role_mapping",
                json!({"precedence": 2}),
            ));
        })
        .await;
    let replace = server
        .mock_async(|when, then| {
            when.method(PUT).path(&path).json_body(json!({"mappings": [
                {"scim_group_id": "00g9h8g7f6e5d4c3b2a1", "role_id": ROLE},
                {"scim_group_id": "00g1a2b3c4d5e6f7g8h9", "role_id": ROLE}
            ]}));
            then.status(200).json_body(json!({
                "data": [
                    fixture_with("scim_group_role_mapping", json!({"scim_group_id": "00g9h8g7f6e5d4c3b2a1", "precedence": 1})),
                    fixture_with("scim_group_role_mapping", json!({"precedence": 2}))
                ],
                "total_count": 2
            }));
        })
        .await;
    let clear = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(&path)
                .json_body(json!({"mappings": []}));
            then.status(200)
                .json_body(json!({"data": [], "total_count": 0}));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(format!("{path}/sgrm_2awAdqAyxNbTrAyWA041rEXqKyH"))
                .body("");
            then.status(200).json_body(json!({
                "id": "sgrm_2awAdqAyxNbTrAyWA041rEXqKyH", "object": "scim_group_role_mapping", "deleted": true
            }));
        })
        .await;
    let dirs = scim_directory::Client::new(&config(&server));
    let mappings = dirs.list_group_role_mappings(DIR).await.unwrap();
    assert_eq!(mappings.total_count, 1);
    assert_eq!(
        mappings.data[0].role.as_ref().unwrap().key,
        "org:billing_manager"
    );
    let created = dirs
        .create_group_role_mapping(
            DIR,
            &scim_directory::GroupRoleMappingParams {
                scim_group_id: clerk::string("00g1a2b3c4d5e6f7g8h9"),
                role_id: clerk::string(ROLE),
                precedence: clerk::int64(2),
            },
        )
        .await
        .unwrap();
    assert_eq!(created.precedence, 2);
    let replaced = dirs
        .replace_group_role_mappings(
            DIR,
            &[
                types::ReplaceScimGroupRoleMappingsBodyMappingsItem {
                    scim_group_id: "00g9h8g7f6e5d4c3b2a1".into(),
                    role_id: ROLE.into(),
                },
                types::ReplaceScimGroupRoleMappingsBodyMappingsItem {
                    scim_group_id: "00g1a2b3c4d5e6f7g8h9".into(),
                    role_id: ROLE.into(),
                },
            ],
        )
        .await
        .unwrap();
    assert_eq!(replaced.data[0].scim_group_id, "00g9h8g7f6e5d4c3b2a1");
    let cleared = dirs.replace_group_role_mappings(DIR, &[]).await.unwrap();
    assert_eq!(cleared.total_count, 0);
    let deleted = dirs
        .delete_group_role_mapping(DIR, "sgrm_2awAdqAyxNbTrAyWA041rEXqKyH")
        .await
        .unwrap();
    assert!(deleted.deleted);
    list.assert_async().await;
    create.assert_async().await;
    replace.assert_async().await;
    clear.assert_async().await;
    delete.assert_async().await;
}
