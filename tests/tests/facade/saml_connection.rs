//! `clerk::saml_connection` against the mock.

use clerk::{saml_connection, types};
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_nested_objects_and_decodes_a_realistic_connection() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/saml_connections").json_body(json!({
                "name": "Acme Okta",
                "domains": ["acme.com", "acme.io"],
                "provider": "saml_okta",
                "idp_metadata_url": "https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata",
                "organization_id": "org_2xhHdTc2K8d0zYt6Jm3mQpVf1aB",
                "attribute_mapping": {"email_address": "mail", "first_name": "givenName"},
                "login_hint": {"mode": "custom_attribute", "source": "upn"}
            }));
            then.status(200).json_body(fixture("saml_connection"));
        })
        .await;
    let params = saml_connection::CreateParams {
        name: clerk::string("Acme Okta"),
        domains: Some(vec!["acme.com".into(), "acme.io".into()]),
        provider: clerk::string("saml_okta"),
        idp_metadata_url: clerk::string(
            "https://acme.okta.com/app/exk1a2b3c4d5e6f7g8h9/sso/saml/metadata",
        ),
        organization_id: clerk::string("org_2xhHdTc2K8d0zYt6Jm3mQpVf1aB"),
        attribute_mapping: Some(types::CreateSamlConnectionBodyAttributeMapping {
            email_address: clerk::string("mail"),
            first_name: clerk::string("givenName"),
            ..Default::default()
        }),
        login_hint: Some(types::CreateSamlConnectionBodyLoginHint {
            mode: types::CreateSamlConnectionBodyLoginHintMode::CustomAttribute,
            source: clerk::string("upn"),
        }),
        ..Default::default()
    };
    let c = saml_connection::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(c.id, "samlc_2xhHc3ODsZq1sDHkqkQ2kDqE8pB");
    assert_eq!(c.domains, ["acme.com", "acme.io"]);
    assert_eq!(c.provider, "saml_okta");
    assert_eq!(c.user_count, 42);
    assert_eq!(c.attribute_mapping.unwrap().email_address, "mail");
    assert_eq!(c.idp_certificate_expires_at, Some(2029881600000));
    assert_eq!(
        c.enterprise_connection_id.as_deref(),
        Some("entconn_2xhHc3ODsZq1sDHkqkQ2kDqE8pB")
    );
}

#[tokio::test]
async fn update_can_unlink_the_organization_with_null() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/saml_connections/samlc_1")
                .json_body(json!({"organization_id": null, "active": false, "login_hint": {"mode": "off"}}));
            then.status(200).json_body(fixture_with(
                "saml_connection",
                json!({"organization_id": null, "active": false, "login_hint": {"mode": "off"}}),
            ));
        })
        .await;
    let params = saml_connection::UpdateParams {
        organization_id: clerk::null(),
        active: clerk::bool(false),
        login_hint: Some(types::UpdateSamlConnectionBodyLoginHint {
            mode: types::UpdateSamlConnectionBodyLoginHintMode::Off,
            source: None,
        }),
        ..Default::default()
    };
    let c = saml_connection::Client::new(&config(&server))
        .update("samlc_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(c.organization_id, None);
    assert!(!c.active);
}

#[tokio::test]
async fn a_provider_newer_than_the_crate_is_sent_as_given() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/saml_connections")
                .json_body_includes(r#"{"provider": "saml_auth0"}"#);
            then.status(200).json_body(fixture("saml_connection"));
        })
        .await;
    // (A `login_hint` without its `mode` cannot be written: the field is not optional.)
    saml_connection::Client::new(&config(&server))
        .create(&saml_connection::CreateParams {
            name: clerk::string("Acme"),
            domains: Some(vec!["acme.com".into()]),
            provider: Some(types::CreateSamlConnectionBodyProvider::Unknown(
                "saml_auth0".into(),
            )),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn list_repeats_organization_ids() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/saml_connections")
                .query_param("organization_id", "org_1")
                .query_param("organization_id", "-org_2")
                .query_param("query", "okta")
                .query_param("limit", "20");
            then.status(200)
                .json_body(json!({"data": [fixture("saml_connection")], "total_count": 1}));
        })
        .await;
    let page = saml_connection::Client::new(&config(&server))
        .list(&saml_connection::ListParams {
            organization_id: Some(vec!["org_1".into(), "-org_2".into()]),
            query: clerk::string("okta"),
            limit: clerk::int64(20),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].name, "Acme Okta");
}

#[tokio::test]
async fn get_and_delete_send_no_body() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/saml_connections/samlc_1")
                .header_missing("content-type");
            then.status(200).json_body(fixture("saml_connection"));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/saml_connections/samlc_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"object": "saml_connection", "id": "samlc_1", "deleted": true}));
        })
        .await;
    let connections = saml_connection::Client::new(&config(&server));
    assert!(
        connections
            .get("samlc_1")
            .await
            .unwrap()
            .allow_idp_initiated
    );
    assert!(connections.delete("samlc_1").await.unwrap().deleted);
    get.assert_async().await;
    delete.assert_async().await;
}
