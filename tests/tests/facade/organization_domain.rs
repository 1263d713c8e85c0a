//! `clerk::organization_domain` against the mock.

use clerk::organization_domain as domain;
use clerk::types;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_only_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations/org_1/domains")
                .header("content-type", "application/json")
                .json_body(json!({"name": "acme.com", "enrollment_mode": "automatic_invitation"}));
            then.status(200).json_body(fixture("organization_domain"));
        })
        .await;
    let d = domain::Client::new(&config(&server))
        .create(
            "org_1",
            &domain::CreateParams {
                name: clerk::string("acme.com"),
                enrollment_mode: clerk::string("automatic_invitation"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(d.name, "acme.com");
    assert_eq!(d.total_pending_invitations, 2);
    assert_eq!(d.affiliation_verification.unwrap().status, "verified");
    assert!(d.ownership_verification.is_none());
}

#[tokio::test]
async fn list_sends_verified_as_a_string() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organizations/org_1/domains")
                .query_param("verified", "false")
                .query_param("enrollment_mode", "-enterprise_sso")
                .query_param("limit", "5");
            then.status(200).json_body(json!({
                "data": [fixture("organization_domain")],
                "total_count": 1
            }));
        })
        .await;
    let page = domain::Client::new(&config(&server))
        .list(
            "org_1",
            &domain::ListParams {
                verified: clerk::string("false"),
                enrollment_mode: clerk::string("-enterprise_sso"),
                limit: clerk::int64(5),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].organization_id, "org_2abcACMEinc0123456789xyz");
}

#[tokio::test]
async fn update_and_delete_address_one_domain() {
    let server = MockServer::start_async().await;
    let updated = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/organizations/org_1/domains/orgdmn_1")
                .json_body(json!({"enrollment_mode": "manual_invitation", "verified": false}));
            then.status(200).json_body(fixture_with(
                "organization_domain",
                json!({"enrollment_mode": "manual_invitation"}),
            ));
        })
        .await;
    let deleted = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/organizations/org_1/domains/orgdmn_1")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(
                json!({"object": "organization_domain", "id": "orgdmn_1", "deleted": true}),
            );
        })
        .await;
    let domains = domain::Client::new(&config(&server));
    let d = domains
        .update(
            "org_1",
            "orgdmn_1",
            &domain::UpdateParams {
                enrollment_mode: clerk::string("manual_invitation"),
                verified: clerk::bool(false),
            },
        )
        .await
        .unwrap();
    assert_eq!(d.enrollment_mode.to_string(), "manual_invitation");
    assert!(domains.delete("org_1", "orgdmn_1").await.unwrap().deleted);
    updated.assert_async().await;
    deleted.assert_async().await;
}

#[tokio::test]
async fn verify_ownership_is_a_post_without_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations/org_1/domains/orgdmn_1/verify_ownership")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "organization_domain",
                json!({"ownership_verification": {
                    "status": "verified", "strategy": "manual_override",
                    "attempts": null, "expire_at": null, "verified_at": 1716300000000_i64
                }}),
            ));
        })
        .await;
    let d = domain::Client::new(&config(&server))
        .verify_ownership("org_1", "orgdmn_1")
        .await
        .unwrap();
    mock.assert_async().await;
    let v = d.ownership_verification.unwrap();
    assert_eq!(v.strategy, "manual_override");
    assert_eq!(v.verified_at, Some(1716300000000));
}

#[tokio::test]
async fn list_from_instance_repeats_enrollment_modes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_domains")
                .query_param("enrollment_mode", "automatic_invitation")
                .query_param("enrollment_mode", "-enterprise_sso")
                .query_param("verified", "true")
                .query_param("domains", "acme.com")
                .query_param("domains", "acme.org")
                .query_param("organization_id", "org_1")
                .query_param("order_by", "+name");
            then.status(200).json_body(json!({
                "data": [fixture("organization_domain"), fixture_with("organization_domain", json!({"name": "acme.org"}))],
                "total_count": 2
            }));
        })
        .await;
    let page = domain::Client::new(&config(&server))
        .list_from_instance(&domain::ListFromInstanceParams {
            enrollment_mode: Some(vec![
                "automatic_invitation".into(),
                "-enterprise_sso".into(),
            ]),
            verified: clerk::bool(true),
            domains: Some(vec!["acme.com".into(), "acme.org".into()]),
            organization_id: clerk::string("org_1"),
            order_by: clerk::string("+name"),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.data[1].name, "acme.org");
}

#[tokio::test]
async fn enrollment_modes_go_as_repeated_values_newer_ones_too() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_domains")
                .query_param("enrollment_mode", "automatic_invitation")
                .query_param("enrollment_mode", "by_magic");
            then.status(200)
                .json_body(json!({"data": [], "total_count": 0}));
        })
        .await;
    domain::Client::new(&config(&server))
        .list_from_instance(&domain::ListFromInstanceParams {
            enrollment_mode: Some(vec![
                types::ListAllOrganizationDomainsEnrollmentModeItem::AutomaticInvitation,
                "by_magic".into(),
            ]),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
}
