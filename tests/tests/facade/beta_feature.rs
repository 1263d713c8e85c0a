//! `clerk::beta_feature` against the mock.

use clerk::beta_feature;
use httpmock::Method::{PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

use crate::support::config;

#[tokio::test]
async fn update_instance_auth_config_sends_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/beta_features/instance_settings")
                .json_body(json!({"restricted_to_allowlist": true, "from_email_address": "auth"}));
            then.status(200).json_body(json!({
                "object": "instance_settings",
                "id": "ins_2abcDEFghiJKLmnoPQRstuVWxyz",
                "restricted_to_allowlist": true,
                "from_email_address": "auth",
                "progressive_sign_up": true,
                "enhanced_email_deliverability": false
            }));
        })
        .await;
    let params = beta_feature::UpdateInstanceAuthConfigParams {
        restricted_to_allowlist: clerk::bool(true),
        from_email_address: clerk::string("auth"),
        ..Default::default()
    };
    let settings = beta_feature::Client::new(&config(&server))
        .update_instance_auth_config(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(settings.restricted_to_allowlist, Some(true));
    assert_eq!(settings.from_email_address.as_deref(), Some("auth"));
}

#[tokio::test]
async fn change_production_instance_domain_is_accepted_with_202() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/instance/change_domain")
                .json_body(json!({"home_url": "https://www.example.com", "is_secondary": false}));
            then.status(202);
        })
        .await;
    let params = beta_feature::ProductionDomainParams {
        home_url: clerk::string("https://www.example.com"),
        is_secondary: clerk::bool(false),
    };
    beta_feature::Client::new(&config(&server))
        .change_production_instance_domain(&params)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn deprecated_update_production_instance_domain_puts() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/beta_features/domain")
                .json_body(json!({"home_url": "https://app.example.com"}));
            then.status(202);
        })
        .await;
    let params = beta_feature::ProductionDomainParams {
        home_url: clerk::string("https://app.example.com"),
        ..Default::default()
    };
    beta_feature::Client::new(&config(&server))
        .update_production_instance_domain(&params)
        .await
        .unwrap();
    mock.assert_async().await;
}
