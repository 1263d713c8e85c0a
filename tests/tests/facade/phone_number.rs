//! `clerk::phone_number` against the mock.

use clerk::phone_number;
use httpmock::Method::{DELETE, GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_only_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/phone_numbers")
                .header("content-type", "application/json")
                .json_body(json!({
                    "user_id": "user_1",
                    "phone_number": "+15555550100",
                    "verified": true,
                    "reserved_for_second_factor": true
                }));
            then.status(200).json_body(fixture_with(
                "phone_number",
                json!({"reserved_for_second_factor": true, "default_second_factor": true}),
            ));
        })
        .await;
    let p = phone_number::Client::new(&config(&server))
        .create(&phone_number::CreateParams {
            user_id: clerk::string("user_1"),
            phone_number: clerk::string("+15555550100"),
            verified: clerk::bool(true),
            reserved_for_second_factor: clerk::bool(true),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(p.phone_number, "+15555550100");
    assert_eq!(p.default_second_factor, Some(true));
}

#[tokio::test]
async fn get_update_and_delete() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/phone_numbers/idn_1");
            then.status(200).json_body(fixture("phone_number"));
        })
        .await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/phone_numbers/idn_1")
                .json_body(json!({"verified": false, "primary": true}));
            then.status(200).json_body(fixture("phone_number"));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/phone_numbers/idn_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": "idn_1", "object": "phone_number", "deleted": true}));
        })
        .await;
    let phones = phone_number::Client::new(&config(&server));
    let p = phones.get("idn_1").await.unwrap();
    assert_eq!(p.id.as_deref(), Some("idn_2abcPHONE0123456789xyzAB"));
    phones
        .update(
            "idn_1",
            &phone_number::UpdateParams {
                verified: clerk::bool(false),
                primary: clerk::bool(true),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(phones.delete("idn_1").await.unwrap().deleted);
    get.assert_async().await;
    update.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn verification_is_prepared_without_a_body_and_attempted_with_the_code() {
    let server = MockServer::start_async().await;
    let sent = fixture_with(
        "verification",
        json!({"strategy": "phone_code", "channel": "sms"}),
    );
    let prepare = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/phone_numbers/idn_1/prepare_verification")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(sent);
        })
        .await;
    let attempt = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/phone_numbers/idn_1/attempt_verification")
                .json_body(json!({"verification_id": "vrf_1", "code": "000000"}));
            then.status(200).json_body(fixture_with(
                "verification",
                json!({"strategy": "phone_code", "status": "failed", "attempts": 1}),
            ));
        })
        .await;
    let phones = phone_number::Client::new(&config(&server));
    let v = phones.prepare_verification("idn_1").await.unwrap();
    assert_eq!(v.channel.as_deref(), Some("sms"));
    let v = phones
        .attempt_verification("idn_1", "vrf_1", "000000")
        .await
        .unwrap();
    assert_eq!(
        v.status.as_deref(),
        Some("failed"),
        "a wrong code is a status, not an error"
    );
    prepare.assert_async().await;
    attempt.assert_async().await;
}

#[tokio::test]
async fn replace_puts_the_single_number() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/users/user_1/phone_number")
                .json_body(json!({"phone_number": "+15555550111"}));
            then.status(200).json_body(fixture_with(
                "phone_number",
                json!({"phone_number": "+15555550111"}),
            ));
        })
        .await;
    let p = phone_number::Client::new(&config(&server))
        .replace(
            "user_1",
            &phone_number::ReplaceParams {
                phone_number: clerk::string("+15555550111"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(p.phone_number, "+15555550111");
}

#[tokio::test]
async fn an_identification_status_newer_than_the_crate_is_sent_as_given() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/users/user_1/phone_number")
                .json_body_includes(r#"{"identification_status": "Verified"}"#);
            then.status(200).json_body(fixture("phone_number"));
        })
        .await;
    phone_number::Client::new(&config(&server))
        .replace(
            "user_1",
            &phone_number::ReplaceParams {
                phone_number: clerk::string("+15555550111"),
                identification_status: clerk::string("Verified"),
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
}
