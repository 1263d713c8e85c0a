//! `clerk::template` against the mock.

use clerk::template;
use httpmock::Method::{GET, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn list_asks_for_a_page_of_a_type() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/templates/sms")
                .query_param("paginated", "true")
                .query_param("limit", "25");
            let sms = fixture_with(
                "template",
                json!({"template_type": "sms", "slug": "verification_code", "subject": null,
                       "from_email_name": null, "reply_to_email_name": null,
                       "markup": "", "body": "{{otp_code}} is your verification code for {{app.name}}."}),
            );
            then.status(200).json_body(json!({"data": [sms], "total_count": 1}));
        })
        .await;
    let page = template::Client::new(&config(&server))
        .list(
            "sms",
            &template::ListParams {
                limit: clerk::int64(25),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].template_type.as_deref(), Some("sms"));
    assert!(page.data[0].subject.is_none());
}

#[tokio::test]
async fn get_and_revert() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/templates/email/verification_code");
            then.status(200).json_body(fixture("template"));
        })
        .await;
    let revert = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/templates/email/verification_code/revert")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(fixture_with("template", json!({"can_revert": false})));
        })
        .await;
    let templates = template::Client::new(&config(&server));
    let t = templates.get("email", "verification_code").await.unwrap();
    assert_eq!(t.required_variables, ["otp_code"]);
    assert_eq!(t.can_revert, Some(true));
    let t = templates
        .revert("email", "verification_code")
        .await
        .unwrap();
    assert_eq!(t.can_revert, Some(false));
    get.assert_async().await;
    revert.assert_async().await;
}

#[tokio::test]
async fn update_puts_only_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/templates/email/verification_code")
                .json_body(json!({
                    "subject": "Your {{app.name}} code: {{otp_code}}",
                    "body": "<p>{{otp_code}}</p>",
                    "from_email_name": "codes"
                }));
            then.status(200).json_body(fixture_with(
                "template",
                json!({"subject": "Your {{app.name}} code: {{otp_code}}", "from_email_name": "codes"}),
            ));
        })
        .await;
    let t = template::Client::new(&config(&server))
        .update(
            "email",
            "verification_code",
            &template::UpdateParams {
                subject: clerk::string("Your {{app.name}} code: {{otp_code}}"),
                body: clerk::string("<p>{{otp_code}}</p>"),
                from_email_name: clerk::string("codes"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(t.from_email_name.as_deref(), Some("codes"));
}

#[tokio::test]
async fn preview_returns_free_form_json_and_toggle_sends_the_flag() {
    let server = MockServer::start_async().await;
    let preview = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/templates/email/verification_code/preview")
                .json_body(json!({"subject": "Code {{otp_code}}", "body": "<p>{{otp_code}}</p>"}));
            then.status(200).json_body(json!({
                "subject": "Code 123456",
                "body": "<p>123456</p>",
                "from_email_address": "verify@example.com",
                "reply_to_email_address": "support@example.com"
            }));
        })
        .await;
    let toggle = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/templates/email/verification_code/toggle_delivery")
                .json_body(json!({"delivered_by_clerk": false}));
            then.status(200).json_body(fixture_with(
                "template",
                json!({"delivered_by_clerk": false}),
            ));
        })
        .await;
    let templates = template::Client::new(&config(&server));
    let rendered = templates
        .preview(
            "email",
            "verification_code",
            &template::PreviewParams {
                subject: clerk::string("Code {{otp_code}}"),
                body: clerk::string("<p>{{otp_code}}</p>"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(rendered["subject"], "Code 123456");
    let t = templates
        .toggle_delivery("email", "verification_code", Some(false))
        .await
        .unwrap();
    assert_eq!(t.delivered_by_clerk, Some(false));
    preview.assert_async().await;
    toggle.assert_async().await;
}

#[tokio::test]
async fn a_template_type_newer_than_the_crate_is_sent_as_given() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/templates/push/verification_code");
            then.status(200).json_body(fixture("template"));
        })
        .await;
    template::Client::new(&config(&server))
        .get("push", "verification_code")
        .await
        .unwrap();
    mock.assert_async().await;
}
