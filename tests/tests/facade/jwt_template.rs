//! `clerk::jwt_template` against the mock.

use clerk::jwt_template;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

fn hasura_claims() -> serde_json::Value {
    json!({"https://hasura.io/jwt/claims": {
        "x-hasura-user-id": "{{user.id}}",
        "x-hasura-default-role": "user",
        "x-hasura-allowed-roles": ["user"]
    }})
}

#[tokio::test]
async fn create_sends_name_claims_and_options() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/jwt_templates")
                .header("content-type", "application/json")
                .json_body(json!({
                    "name": "hasura",
                    "claims": hasura_claims(),
                    "lifetime": 60,
                    "allowed_clock_skew": 5
                }));
            then.status(200).json_body(fixture("jwt_template"));
        })
        .await;
    let t = jwt_template::Client::new(&config(&server))
        .create(&jwt_template::CreateParams {
            name: clerk::string("hasura"),
            claims: clerk::json(hasura_claims()),
            lifetime: clerk::int64(60),
            allowed_clock_skew: clerk::int64(5),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(t.id, "jtmp_2abcTEMPLATE0123456789xy");
    assert_eq!(
        t.claims["https://hasura.io/jwt/claims"]["x-hasura-user-id"],
        "{{user.id}}"
    );
    assert_eq!(t.signing_algorithm, "RS256");
}

#[tokio::test]
async fn update_sends_a_custom_signing_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/jwt_templates/jtmp_1")
                .json_body(json!({
                    "name": "supabase",
                    "claims": {"role": "authenticated"},
                    "custom_signing_key": true,
                    "signing_algorithm": "HS256",
                    "signing_key": "super-secret-jwt-key"
                }));
            then.status(200).json_body(fixture_with(
                "jwt_template",
                json!({"name": "supabase", "claims": {"role": "authenticated"},
                       "custom_signing_key": true, "signing_algorithm": "HS256"}),
            ));
        })
        .await;
    let t = jwt_template::Client::new(&config(&server))
        .update(
            "jtmp_1",
            &jwt_template::UpdateParams {
                name: clerk::string("supabase"),
                claims: clerk::json(json!({"role": "authenticated"})),
                custom_signing_key: clerk::bool(true),
                signing_algorithm: clerk::string("HS256"),
                signing_key: clerk::string("super-secret-jwt-key"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(t.custom_signing_key);
}

#[tokio::test]
async fn update_without_name_and_claims_fails_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let templates = jwt_template::Client::new(&config(&server));
    let err = templates
        .update(
            "jtmp_1",
            &jwt_template::UpdateParams {
                lifetime: clerk::int64(120),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = templates
        .create(&jwt_template::CreateParams {
            name: clerk::string("x"),
            claims: clerk::json(json!(["not", "an", "object"])),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn list_get_and_delete() {
    let server = MockServer::start_async().await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/jwt_templates")
                .query_param("paginated", "true")
                .query_param("limit", "10");
            then.status(200)
                .json_body(json!({"data": [fixture("jwt_template")], "total_count": 1}));
        })
        .await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/jwt_templates/jtmp_1");
            then.status(200).json_body(fixture("jwt_template"));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/jwt_templates/jtmp_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": "jtmp_1", "object": "jwt_template", "deleted": true}));
        })
        .await;
    let templates = jwt_template::Client::new(&config(&server));
    let page = templates
        .list(&jwt_template::ListParams {
            limit: clerk::int64(10),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].name, "hasura");
    assert_eq!(templates.get("jtmp_1").await.unwrap().lifetime, 60);
    assert!(templates.delete("jtmp_1").await.unwrap().deleted);
    list.assert_async().await;
    get.assert_async().await;
    delete.assert_async().await;
}
