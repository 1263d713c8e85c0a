//! `clerk::organization_membership` against the mock.

use clerk::organization_membership as membership;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_user_role_and_metadata() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations/org_1/memberships")
                .header("content-type", "application/json")
                .json_body(json!({
                    "user_id": "user_1",
                    "role": "org:admin",
                    "public_metadata": {"team": "platform"}
                }));
            then.status(200)
                .json_body(fixture("organization_membership"));
        })
        .await;
    let params = membership::CreateParams {
        user_id: clerk::string("user_1"),
        role: clerk::string("org:admin"),
        public_metadata: clerk::json(json!({"team": "platform"})),
        ..Default::default()
    };
    let m = membership::Client::new(&config(&server))
        .create("org_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(m.role, "org:admin");
    assert_eq!(m.organization.id, "org_2abcACMEinc0123456789xyz");
    let user = m.public_user_data.unwrap();
    assert_eq!(user.identifier.as_deref(), Some("ada@example.com"));
    assert!(
        m.permissions
            .contains(&"org:sys_memberships:manage".to_string())
    );
}

#[tokio::test]
async fn create_without_the_required_role_fails_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let err = membership::Client::new(&config(&server))
        .create(
            "org_1",
            &membership::CreateParams {
                user_id: clerk::string("user_1"),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn list_sends_every_kind_of_filter() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organizations/org_1/memberships")
                .query_param("limit", "20")
                .query_param("order_by", "-created_at")
                .query_param("role", "org:admin")
                .query_param("role", "org:billing")
                .query_param("email_address_query", "acme.com")
                .query_param("created_at_after", "1730160000000")
                .query_param_missing("offset")
                .query_param_missing("user_id");
            then.status(200).json_body(json!({
                "data": [fixture("organization_membership")],
                "total_count": 7
            }));
        })
        .await;
    let params = membership::ListParams {
        limit: clerk::int64(20),
        order_by: clerk::string("-created_at"),
        role: Some(vec!["org:admin".into(), "org:billing".into()]),
        email_address_query: clerk::string("acme.com"),
        created_at_after: clerk::int64(1730160000000),
        ..Default::default()
    };
    let page = membership::Client::new(&config(&server))
        .list("org_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 7);
    assert_eq!(page.data[0].id, "orgmem_2abcMEMBERSHIP0123456789");
}

#[tokio::test]
async fn list_all_walks_the_organization_s_pages() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (offset, n) in [(0, 2), (2, 1)] {
        let members: Vec<_> = (0..n)
            .map(|i| {
                fixture_with(
                    "organization_membership",
                    json!({"id": format!("orgmem_{}", offset + i)}),
                )
            })
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/organizations/org_1/memberships")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": members, "total_count": 3}));
                })
                .await,
        );
    }
    let ids: Vec<String> = membership::Client::new(&config(&server))
        .list_all(
            "org_1",
            &membership::ListParams {
                limit: clerk::int64(2),
                ..Default::default()
            },
        )
        .map_ok(|m| m.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["orgmem_0", "orgmem_1", "orgmem_2"]);
    for page in pages {
        page.assert_async().await;
    }
}

#[tokio::test]
async fn update_changes_the_role() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/organizations/org_1/memberships/user_1")
                .json_body(json!({"role": "org:member"}));
            then.status(200).json_body(fixture_with(
                "organization_membership",
                json!({"role": "org:member", "role_name": "Member"}),
            ));
        })
        .await;
    let m = membership::Client::new(&config(&server))
        .update(
            "org_1",
            "user_1",
            &membership::UpdateParams {
                role: clerk::string("org:member"),
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(m.role_name.as_deref(), Some("Member"));
}

#[tokio::test]
async fn delete_sends_no_body_and_returns_the_membership() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/organizations/org_1/memberships/user_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(fixture("organization_membership"));
        })
        .await;
    let m = membership::Client::new(&config(&server))
        .delete("org_1", "user_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(
        m.public_user_data.unwrap().user_id,
        "user_2abcDEFghiJKLmnoPQRstuVWxyz"
    );
}

#[tokio::test]
async fn update_metadata_merges_with_a_patch() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/organizations/org_1/memberships/user_1/metadata")
                .json_body(json!({
                    "public_metadata": {"team": null},
                    "private_metadata": {"seat": 4}
                }));
            then.status(200)
                .json_body(fixture("organization_membership"));
        })
        .await;
    membership::Client::new(&config(&server))
        .update_metadata(
            "org_1",
            "user_1",
            &membership::MetadataParams {
                public_metadata: clerk::json(json!({"team": null})),
                private_metadata: clerk::json(json!({"seat": 4})),
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn list_from_instance_lists_every_organization_s_members() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_memberships")
                .query_param("limit", "50")
                .query_param("offset", "100")
                .query_param("order_by", "+email_address");
            then.status(200).json_body(json!({
                "data": [fixture("organization_membership")],
                "total_count": 101
            }));
        })
        .await;
    let page = membership::Client::new(&config(&server))
        .list_from_instance(&membership::ListFromInstanceParams {
            limit: clerk::int64(50),
            offset: clerk::int64(100),
            order_by: clerk::string("+email_address"),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 101);
    assert_eq!(page.data.len(), 1);
}
