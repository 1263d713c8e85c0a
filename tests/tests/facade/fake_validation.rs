//! FakeClerk checks every request against the spec as the API does, for every operation
//! (not only the ones it keeps state for): what production would refuse, an app's test
//! sees refused, with a ClerkErrors body naming the parameter.

use clerk::testing::{FAKE_SECRET_KEY, FakeClerk};
use clerk::{Error, invitation, jwt_template};
use serde_json::{Value, json};

/// Sends `body` (JSON unless a string) to the fake; the status and ClerkErrors body.
async fn send(fake: &FakeClerk, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = reqwest::Client::new()
        .request(method.parse().unwrap(), format!("{}{path}", fake.url()))
        .bearer_auth(FAKE_SECRET_KEY);
    match body {
        Some(Value::String(text)) => {
            request = request
                .header("content-type", "application/json")
                .body(text)
        }
        Some(json) => request = request.json(&json),
        None => {}
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `(status, code, meta.param_name)` of an answer.
fn refusal(answer: &(u16, Value)) -> (u16, &str, Option<&str>) {
    let error = &answer.1["errors"][0];
    (
        answer.0,
        error["code"].as_str().unwrap_or("<no ClerkErrors body>"),
        error["meta"]["param_name"].as_str(),
    )
}

#[tokio::test]
async fn bodies_the_spec_forbids_are_422s_naming_the_field() {
    let fake = FakeClerk::start().await;
    // A required field missing.
    let answer = send(&fake, "POST", "/jwt_templates", Some(json!({"name": "t"}))).await;
    assert_eq!(
        refusal(&answer),
        (422, "form_param_missing", Some("claims")),
        "{answer:?}"
    );
    // A value of the wrong type.
    let answer = send(&fake, "POST", "/redirect_urls", Some(json!({"url": 42}))).await;
    assert_eq!(refusal(&answer).0, 422, "{answer:?}");
    assert_eq!(refusal(&answer).2, Some("url"), "{answer:?}");
    // A value its enum does not list.
    let answer = send(
        &fake,
        "POST",
        "/saml_connections",
        Some(json!({"name": "Okta", "provider": "saml_paper", "domain": "example.com"})),
    )
    .await;
    assert_eq!(refusal(&answer).0, 422, "{answer:?}");
    assert_eq!(refusal(&answer).2, Some("provider"), "{answer:?}");
    // A key the operation does not take.
    let answer = send(
        &fake,
        "POST",
        "/allowlist_identifiers",
        Some(json!({"identifier": "a@example.com", "colour": "red"})),
    )
    .await;
    assert_eq!(
        refusal(&answer),
        (422, "form_param_unknown", Some("colour")),
        "{answer:?}"
    );
    // A nested field: the actor of an actor token needs its `sub`.
    let user = send(
        &fake,
        "POST",
        "/users",
        Some(json!({"email_address": ["ada@example.com"]})),
    )
    .await;
    let answer = send(
        &fake,
        "POST",
        "/actor_tokens",
        Some(json!({"user_id": user.1["id"], "actor": {"name": "support"}})),
    )
    .await;
    assert_eq!(refusal(&answer).0, 422, "{answer:?}");
    assert_eq!(refusal(&answer).2, Some("actor.sub"), "{answer:?}");
    // Not JSON at all.
    let answer = send(&fake, "POST", "/redirect_urls", Some(json!("{not json"))).await;
    assert_eq!(refusal(&answer).0, 400, "{answer:?}");
    // Nothing was created by any of them.
    let (_, templates) = send(&fake, "GET", "/jwt_templates", None).await;
    assert_eq!(templates, json!([]));
    let (_, urls) = send(&fake, "GET", "/redirect_urls", None).await;
    assert_eq!(urls, json!([]));
}

#[tokio::test]
async fn queries_and_paths_the_spec_forbids_are_refused() {
    let fake = FakeClerk::start().await;
    // A query value of the wrong type, and one out of its bounds.
    let answer = send(&fake, "GET", "/allowlist_identifiers?paginated=maybe", None).await;
    assert_eq!(
        refusal(&answer),
        (422, "form_param_format_invalid", Some("paginated")),
        "{answer:?}"
    );
    let answer = send(
        &fake,
        "GET",
        "/jwt_templates?paginated=true&limit=501",
        None,
    )
    .await;
    assert_eq!(refusal(&answer).0, 422, "{answer:?}");
    assert_eq!(refusal(&answer).2, Some("limit"), "{answer:?}");
    // A path no operation has, a method a path does not take.
    let answer = send(&fake, "GET", "/no_such_resource", None).await;
    assert_eq!(refusal(&answer).0, 404, "{answer:?}");
    let answer = send(&fake, "DELETE", "/jwks", None).await;
    assert_eq!(refusal(&answer).0, 405, "{answer:?}");
    // The same requests are fine in their valid form.
    let answer = send(&fake, "GET", "/allowlist_identifiers?paginated=true", None).await;
    assert_eq!(answer.0, 200, "{answer:?}");
    assert_eq!(answer.1["total_count"], 0, "{answer:?}");
}

#[tokio::test]
async fn what_an_app_sends_through_the_sdk_is_checked_too() {
    let fake = FakeClerk::start().await;
    let config = fake.config();
    // A value this SDK passes on (an enum value it does not know) that this API refuses.
    let err = invitation::Client::new(&config)
        .create(&invitation::CreateParams {
            email_address: Some("ada@example.com".into()),
            template_slug: Some(clerk::types::CreateInvitationBodyTemplateSlug::Unknown(
                "magic_link".into(),
            )),
            ..Default::default()
        })
        .await
        .unwrap_err();
    let Error::Api(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status, 422);
    assert_eq!(
        e.errors[0]
            .meta
            .as_ref()
            .and_then(|m| m["param_name"].as_str()),
        Some("template_slug"),
        "{e:?}"
    );
    // A number out of the spec's bounds: a JWT lifetime under 30 seconds.
    let err = jwt_template::Client::new(&config)
        .create(&jwt_template::CreateParams {
            name: clerk::string("short"),
            claims: Some(json!({"aud": "x"})),
            lifetime: clerk::int64(5),
            ..Default::default()
        })
        .await
        .unwrap_err();
    let Error::Api(e) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(e.status, 422, "{e:?}");
    // Nothing reached the records: the fake has no invitation and no template.
    let listed = jwt_template::Client::new(&config)
        .list(&jwt_template::ListParams::default())
        .await
        .unwrap();
    assert_eq!(listed.total_count, 0);
}

#[tokio::test]
async fn hostile_ids_and_sizes_are_clean_refusals_and_the_fake_keeps_serving() {
    let fake = FakeClerk::start().await;
    let huge = "a".repeat(30_000);
    for path in [
        "/users/%2e%2e".to_string(),
        "/users/..%5Cx".to_string(),
        "/users/%00".to_string(),
        "/jwt_templates/%2F".to_string(),
        "/organizations/-1/invitations".to_string(),
        "/allowlist_identifiers/%20".to_string(),
        format!("/users/{huge}"),
    ] {
        let (status, body) = send(&fake, "GET", &path, None).await;
        assert!(
            (400..500).contains(&status),
            "{}: {status}",
            &path[..path.len().min(40)]
        );
        if status != 431 && status != 414 {
            assert!(body["errors"][0]["code"].is_string(), "{path:.40}: {body}");
        }
    }
    let (status, _) = send(&fake, "GET", "/users?limit=-1", None).await;
    assert_eq!(status, 422);
    let (status, _) = send(&fake, "GET", "/users?offset=99999999999999999999", None).await;
    assert_eq!(status, 422);
    // Still serving.
    let (status, _) = send(&fake, "GET", "/jwt_templates", None).await;
    assert_eq!(status, 200);
}
