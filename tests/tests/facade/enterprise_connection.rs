//! `clerk::enterprise_connection` against the mock.

use clerk::{enterprise_connection, types};
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_saml_settings_and_custom_attributes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/enterprise_connections").json_body(json!({
                "name": "Acme Okta",
                "provider": "saml_okta",
                "domains": ["acme.com"],
                "organization_id": "org_2xhHdTc2K8d0zYt6Jm3mQpVf1aB",
                "active": true,
                "saml": {
                    "idp_metadata_url": "https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata",
                    "attribute_mapping": {"email_address": "mail"},
                    "login_hint": {"mode": "email_address"}
                },
                "custom_attributes": [
                    {"name": "Department", "key": "department", "sso_path": "department"}
                ]
            }));
            then.status(201).json_body(fixture("enterprise_connection"));
        })
        .await;
    let params = enterprise_connection::CreateParams {
        name: clerk::string("Acme Okta"),
        provider: Some(types::CreateEnterpriseConnectionBodyProvider::SamlOkta),
        domains: Some(vec!["acme.com".into()]),
        organization_id: clerk::string("org_2xhHdTc2K8d0zYt6Jm3mQpVf1aB"),
        active: clerk::bool(true),
        saml: Some(types::CreateEnterpriseConnectionBodySaml {
            idp_metadata_url: clerk::string(
                "https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata",
            ),
            attribute_mapping: Some(types::CreateEnterpriseConnectionBodySamlAttributeMapping {
                email_address: clerk::string("mail"),
                ..Default::default()
            }),
            login_hint: Some(types::CreateEnterpriseConnectionBodySamlLoginHint {
                mode: types::CreateEnterpriseConnectionBodySamlLoginHintMode::EmailAddress,
                source: None,
            }),
            ..Default::default()
        }),
        custom_attributes: Some(vec![
            types::CreateEnterpriseConnectionBodyCustomAttributesItem {
                name: "Department".parse().unwrap(),
                key: "department".parse().unwrap(),
                sso_path: clerk::string("department"),
                directory_path: None,
                multi_valued: None,
                scim_path: None,
            },
        ]),
        ..Default::default()
    };
    let c = enterprise_connection::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(c.id, "entconn_2xhJq0LrYxq7bN4kCz1mWv9dTsE");
    assert_eq!(c.domains, ["acme.com"]);
    assert_eq!(c.custom_attributes[0].key, "department");
    let saml = c.saml_connection.unwrap();
    assert_eq!(
        saml.idp_sso_url.as_deref(),
        Some("https://acme.okta.com/app/acme_clerk/exk1a2b3c4d5e6f7g8h9/sso/saml")
    );
    assert!(c.oauth_config.is_none());
    assert_eq!(c.authenticatable, json!(true));
}

#[tokio::test]
async fn update_sends_oidc_settings_and_explicit_null() {
    let server = MockServer::start_async().await;
    let oidc = fixture_with(
        "enterprise_connection",
        json!({
            "provider": "oidc_custom",
            "saml_connection": null,
            "organization_id": null,
            "oauth_config": {
                "id": "oac_2xhJr5TuVw7XyZ9aBc1dEf3gHi",
                "name": "Acme SSO",
                "provider_key": "oidc_custom_acme",
                "client_id": "0oa1b2c3d4e5f6g7h8i9",
                "discovery_url": "https://sso.acme.com/.well-known/openid-configuration",
                "auth_url": "https://sso.acme.com/authorize",
                "token_url": "https://sso.acme.com/token",
                "user_info_url": "https://sso.acme.com/userinfo",
                "requires_pkce": true,
                "logo_public_url": null,
                "created_at": 1716200000000_i64,
                "updated_at": 1716210000000_i64
            }
        }),
    );
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/enterprise_connections/entconn_1")
                .json_body(json!({
                    "organization_id": null,
                    "oidc": {"client_secret": "s3cr3t", "requires_pkce": true}
                }));
            then.status(200).json_body(oidc);
        })
        .await;
    let params = enterprise_connection::UpdateParams {
        organization_id: clerk::null(),
        oidc: Some(types::UpdateEnterpriseConnectionBodyOidc {
            client_secret: clerk::string("s3cr3t"),
            requires_pkce: clerk::bool(true),
            ..Default::default()
        }),
        ..Default::default()
    };
    let c = enterprise_connection::Client::new(&config(&server))
        .update("entconn_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(c.organization_id, None);
    assert_eq!(c.oauth_config.unwrap().requires_pkce, Some(true));
}

#[tokio::test]
async fn bad_values_fail_before_sending_and_newer_ones_are_sent() {
    let server = MockServer::start_async().await;
    // A provider newer than this crate goes as given.
    let newer = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/enterprise_connections")
                .json_body_includes(r#"{"provider": "oidc_okta"}"#);
            then.status(201).json_body(fixture("enterprise_connection"));
        })
        .await;
    let connections = enterprise_connection::Client::new(&config(&server));
    let base = enterprise_connection::CreateParams {
        name: clerk::string("Acme"),
        provider: Some(types::CreateEnterpriseConnectionBodyProvider::OidcCustom),
        domains: Some(vec!["acme.com".into()]),
        ..Default::default()
    };
    connections
        .create(&enterprise_connection::CreateParams {
            provider: Some("oidc_okta".into()),
            ..base.clone()
        })
        .await
        .unwrap();
    newer.assert_async().await;
    // Custom attribute keys may not start with `_`: refused as the value is built.
    assert!(
        "_dept"
            .parse::<types::CreateEnterpriseConnectionBodyCustomAttributesItemKey>()
            .is_err()
    );
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let err = connections
        .create(&enterprise_connection::CreateParams {
            name: None,
            ..base.clone()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn list_filters_by_organization_and_active() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/enterprise_connections")
                .query_param("organization_id", "org_1")
                .query_param("active", "false")
                .query_param("limit", "1")
                .query_param("offset", "1");
            then.status(200)
                .json_body(json!({"data": [fixture("enterprise_connection")], "total_count": 2}));
        })
        .await;
    let ids: Vec<String> = enterprise_connection::Client::new(&config(&server))
        .list_all(&enterprise_connection::ListParams {
            organization_id: clerk::string("org_1"),
            active: clerk::bool(false),
            limit: clerk::int64(1),
            offset: clerk::int64(1),
        })
        .map_ok(|c| c.id)
        .try_collect()
        .await
        .unwrap();
    // Offset 1 plus one item reaches the total of 2: no further page is requested.
    assert_eq!(ids, ["entconn_2xhJq0LrYxq7bN4kCz1mWv9dTsE"]);
    mock.assert_calls_async(1).await;
}

#[tokio::test]
async fn get_and_delete_send_no_body() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/enterprise_connections/entconn_1")
                .header_missing("content-type");
            then.status(200).json_body(fixture("enterprise_connection"));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/enterprise_connections/entconn_1")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(
                json!({"object": "enterprise_connection", "id": "entconn_1", "deleted": true}),
            );
        })
        .await;
    let connections = enterprise_connection::Client::new(&config(&server));
    assert_eq!(
        connections.get("entconn_1").await.unwrap().name,
        "Acme Okta"
    );
    assert!(connections.delete("entconn_1").await.unwrap().deleted);
    get.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn test_runs_are_listed_by_status_and_started_without_a_body() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/enterprise_connections/entconn_1/test_runs")
                .query_param("status", "success")
                .query_param("status", "failed")
                .query_param("limit", "5");
            then.status(200).json_body(
                json!({"data": [fixture("enterprise_connection_test_run")], "total_count": 7}),
            );
        })
        .await;
    let start = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/enterprise_connections/entconn_1/test_runs")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(
                json!({"url": "https://clerk.example.com/v1/enterprise_connections/test_runs/start?token=abc"}),
            );
        })
        .await;
    let connections = enterprise_connection::Client::new(&config(&server));
    let runs = connections
        .list_test_runs(
            "entconn_1",
            &enterprise_connection::TestRunsParams {
                status: Some(vec!["success".into(), "failed".into()]),
                limit: clerk::int64(5),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(runs.total_count, 7);
    let run = &runs.data[0];
    assert_eq!(run.logs.len(), 2);
    assert_eq!(
        run.parsed_user_info
            .as_ref()
            .unwrap()
            .email_address
            .as_deref(),
        Some("ada@acme.com")
    );
    let started = connections.create_test_run("entconn_1").await.unwrap();
    assert!(started.url.contains("token=abc"));
    list.assert_async().await;
    start.assert_async().await;
}
