//! `clerk::sign_up` against the mock.

use clerk::sign_up;
use httpmock::Method::{GET, PATCH};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn get_decodes_a_sign_up_in_progress() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/sign_ups/sua_1")
                .header_missing("content-type");
            then.status(200).json_body(fixture("sign_up"));
        })
        .await;
    let su = sign_up::Client::new(&config(&server))
        .get("sua_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(su.id, "sua_2abcSIGNUP0123456789xyzAB");
    assert_eq!(su.status.to_string(), "missing_requirements");
    assert_eq!(su.missing_fields, ["password"]);
    assert_eq!(su.external_id.as_deref(), Some("crm-4711"));
    let email = su
        .verifications
        .email_address
        .as_ref()
        .and_then(|v| v.0.as_ref())
        .unwrap();
    assert_eq!(email.supported_strategies, ["email_code"]);
    assert_eq!(
        email.next_action.as_ref().unwrap().to_string(),
        "needs_attempt"
    );
    assert!(su.verifications.phone_number.is_none());
}

#[tokio::test]
async fn update_can_clear_the_external_id_with_null() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/sign_ups/sua_1")
                .json_body(json!({"external_id": null, "custom_action": true}));
            then.status(200).json_body(fixture_with(
                "sign_up",
                json!({"external_id": null, "custom_action": true}),
            ));
        })
        .await;
    let su = sign_up::Client::new(&config(&server))
        .update(
            "sua_1",
            &sign_up::UpdateParams {
                external_id: clerk::null(),
                custom_action: clerk::bool(true),
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(su.external_id.is_none());
    assert!(su.custom_action);
}

#[tokio::test]
async fn update_sends_a_new_external_id_alone() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/sign_ups/sua_1")
                .json_body(json!({"external_id": "crm-4712"}));
            then.status(200)
                .json_body(fixture_with("sign_up", json!({"external_id": "crm-4712"})));
        })
        .await;
    sign_up::Client::new(&config(&server))
        .update(
            "sua_1",
            &sign_up::UpdateParams {
                external_id: clerk::string("crm-4712"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
}
