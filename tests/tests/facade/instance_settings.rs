//! `clerk::instance_settings` against the mock.

use clerk::instance_settings;
use httpmock::Method::{GET, PATCH};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn get_fetches_the_instance() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/instance")
                .header_missing("content-type");
            then.status(200).json_body(fixture("instance"));
        })
        .await;
    let instance = instance_settings::Client::new(&config(&server))
        .get()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(instance.id, "ins_2abcDEFghiJKLmnoPQRstuVWxyz");
    assert_eq!(instance.environment_type, "production");
    assert_eq!(
        instance.allowed_origins.as_deref().unwrap()[1],
        "capacitor://localhost"
    );
}

#[tokio::test]
async fn update_sends_the_fields_set_and_accepts_no_content() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH).path("/v1/instance").json_body(json!({
                "test_mode": false,
                "support_email": "support@example.com",
                "allowed_origins": ["capacitor://localhost"],
                "preferred_sign_in_strategy_when_password_required": ""
            }));
            then.status(204);
        })
        .await;
    let params = instance_settings::UpdateParams {
        test_mode: clerk::bool(false),
        support_email: clerk::string("support@example.com"),
        allowed_origins: Some(vec!["capacitor://localhost".into()]),
        preferred_sign_in_strategy_when_password_required: clerk::string(""),
        ..Default::default()
    };
    instance_settings::Client::new(&config(&server))
        .update(&params)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn newer_values_are_sent_and_bad_ones_fail_before_sending() {
    let server = MockServer::start_async().await;
    // A strategy newer than this crate goes as given.
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/instance")
                .json_body(json!({"preferred_sign_in_strategy_when_password_required": "passkey"}));
            then.status(204);
        })
        .await;
    let settings = instance_settings::Client::new(&config(&server));
    settings
        .update(&instance_settings::UpdateParams {
            preferred_sign_in_strategy_when_password_required: clerk::string("passkey"),
            ..Default::default()
        })
        .await
        .unwrap();
    update.assert_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    // Country codes are two capitals.
    let err = settings
        .update_communication(Some(&["cu".into()]))
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn update_restrictions_decodes_the_restrictions() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/instance/restrictions")
                .json_body(json!({"allowlist": true, "block_disposable_email_domains": true}));
            then.status(200).json_body(json!({
                "object": "instance_restrictions",
                "allowlist": true,
                "blocklist": false,
                "allowlist_blocklist_disabled_on_sign_in": false,
                "block_email_subaddresses": false,
                "block_disposable_email_domains": true
            }));
        })
        .await;
    let params = instance_settings::UpdateRestrictionsParams {
        allowlist: clerk::bool(true),
        block_disposable_email_domains: clerk::bool(true),
        ..Default::default()
    };
    let r = instance_settings::Client::new(&config(&server))
        .update_restrictions(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(r.allowlist && r.block_disposable_email_domains && !r.blocklist);
}

#[tokio::test]
async fn protect_get_and_update() {
    let server = MockServer::start_async().await;
    let protect = json!({
        "object": "instance_protect",
        "rules_enabled": true,
        "specter_enabled": false,
        "checks_bypassed": false
    });
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/instance/protect");
            then.status(200).json_body(protect.clone());
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/instance/protect")
                .json_body(json!({"specter_enabled": true}));
            then.status(200).json_body(json!({
                "object": "instance_protect",
                "rules_enabled": true,
                "specter_enabled": true,
                "checks_bypassed": false
            }));
        })
        .await;
    let settings = instance_settings::Client::new(&config(&server));
    assert!(!settings.get_protect().await.unwrap().specter_enabled);
    let updated = settings
        .update_protect(&instance_settings::UpdateProtectParams {
            specter_enabled: clerk::bool(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(updated.specter_enabled);
    get.assert_async().await;
    update.assert_async().await;
}

#[tokio::test]
async fn communication_replaces_the_whole_blocklist() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/instance/communication");
            then.status(200).json_body(
                json!({"object": "instance_communication", "blocked_country_codes": ["CU"]}),
            );
        })
        .await;
    let set = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/instance/communication")
                .json_body(json!({"blocked_country_codes": ["CU", "IR"]}));
            then.status(200).json_body(
                json!({"object": "instance_communication", "blocked_country_codes": ["CU", "IR"]}),
            );
        })
        .await;
    let clear = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/instance/communication")
                .json_body(json!({"blocked_country_codes": []}));
            then.status(200).json_body(
                json!({"object": "instance_communication", "blocked_country_codes": []}),
            );
        })
        .await;
    let settings = instance_settings::Client::new(&config(&server));
    assert_eq!(
        settings
            .get_communication()
            .await
            .unwrap()
            .blocked_country_codes,
        ["CU"]
    );
    let updated = settings
        .update_communication(Some(&["CU".into(), "IR".into()]))
        .await
        .unwrap();
    assert_eq!(updated.blocked_country_codes, ["CU", "IR"]);
    let cleared = settings.update_communication(Some(&[])).await.unwrap();
    assert!(cleared.blocked_country_codes.is_empty());
    get.assert_async().await;
    set.assert_async().await;
    clear.assert_async().await;
}

#[tokio::test]
async fn oauth_application_settings_can_reset_default_scopes_with_null() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/instance/oauth_application_settings");
            then.status(200)
                .json_body(fixture("oauth_application_settings"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/instance/oauth_application_settings")
                .json_body(
                    json!({"default_scopes": null, "dynamic_oauth_client_registration": true}),
                );
            then.status(200).json_body(fixture_with(
                "oauth_application_settings",
                json!({"default_scopes": null, "dynamic_oauth_client_registration": true}),
            ));
        })
        .await;
    let settings = instance_settings::Client::new(&config(&server));
    let current = settings.get_oauth_application_settings().await.unwrap();
    assert_eq!(
        current.default_scopes.as_deref().unwrap(),
        ["openid", "profile", "email"]
    );
    assert!(current.oauth_jwt_access_tokens);
    let updated = settings
        .update_oauth_application_settings(
            &instance_settings::UpdateOAuthApplicationSettingsParams {
                default_scopes: clerk::null(),
                dynamic_oauth_client_registration: clerk::bool(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(updated.default_scopes.is_none());
    assert!(updated.dynamic_oauth_client_registration);
    get.assert_async().await;
    update.assert_async().await;
}

#[tokio::test]
async fn organization_settings_get_and_update() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/instance/organization_settings")
                .header_missing("content-type");
            then.status(200).json_body(fixture("organization_settings"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/instance/organization_settings")
                .json_body(json!({
                    "max_allowed_memberships": 0,
                    "domains_enrollment_modes": ["automatic_invitation"],
                    "creator_role_id": "role_2xhNa1bC2dE3fG4hI5jK6lM7nO8"
                }));
            then.status(200).json_body(fixture_with(
                "organization_settings",
                json!({"max_allowed_memberships": 0, "domains_enrollment_modes": ["automatic_invitation"]}),
            ));
        })
        .await;
    let settings = instance_settings::Client::new(&config(&server));
    let current = settings.get_organization_settings().await.unwrap();
    assert_eq!(current.max_allowed_memberships, 5);
    assert_eq!(current.creator_role, "org:admin");
    assert_eq!(current.domains_enrollment_modes.len(), 3);
    let updated = settings
        .update_organization_settings(&instance_settings::UpdateOrganizationSettingsParams {
            max_allowed_memberships: clerk::int64(0),
            domains_enrollment_modes: Some(vec!["automatic_invitation".into()]),
            creator_role_id: clerk::string("role_2xhNa1bC2dE3fG4hI5jK6lM7nO8"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(updated.max_allowed_memberships, 0);
    get.assert_async().await;
    update.assert_async().await;
}
