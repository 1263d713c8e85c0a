//! `clerk::organization_invitation` against the mock.

use clerk::organization_invitation as invitation;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_the_invitation_and_decodes_it() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations/org_1/invitations")
                .header("content-type", "application/json")
                .json_body(json!({
                    "email_address": "grace@example.com",
                    "role": "org:member",
                    "inviter_user_id": "user_1",
                    "redirect_url": "https://app.example.com/join",
                    "private_metadata": {"source": "import"},
                    "expires_in_days": 7,
                    "notify": false
                }));
            then.status(200)
                .json_body(fixture("organization_invitation"));
        })
        .await;
    let params = invitation::CreateParams {
        email_address: clerk::string("grace@example.com"),
        role: clerk::string("org:member"),
        inviter_user_id: clerk::string("user_1"),
        redirect_url: clerk::string("https://app.example.com/join"),
        private_metadata: clerk::json(json!({"source": "import"})),
        expires_in_days: clerk::int64(7),
        notify: clerk::bool(false),
        ..Default::default()
    };
    let inv = invitation::Client::new(&config(&server))
        .create("org_1", &params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(inv.id, "orginv_2abcINVITE0123456789xyz");
    assert_eq!(inv.status.as_deref(), Some("pending"));
    assert_eq!(inv.expires_at, Some(1718792000000));
    let inviter = inv.public_inviter_data.unwrap().0.unwrap();
    assert_eq!(inviter.identifier, "ada@example.com");
}

#[tokio::test]
async fn create_sends_notify_true_when_left_unset() {
    // The generated body defaults `notify` to the spec's default, so it is always sent.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations/org_1/invitations")
                .json_body(json!({"email_address": "grace@example.com", "role": "org:member", "notify": true}));
            then.status(200).json_body(fixture("organization_invitation"));
        })
        .await;
    invitation::Client::new(&config(&server))
        .create(
            "org_1",
            &invitation::CreateParams {
                email_address: clerk::string("grace@example.com"),
                role: clerk::string("org:member"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn bad_params_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let invitations = invitation::Client::new(&config(&server));
    let err = invitations
        .create(
            "org_1",
            &invitation::CreateParams {
                email_address: clerk::string("grace@example.com"),
                role: clerk::string("org:member"),
                expires_in_days: clerk::int64(0),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = invitations
        .create_bulk(
            "org_1",
            &[invitation::CreateParams {
                email_address: clerk::string("grace@example.com"),
                ..Default::default()
            }],
        )
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn create_bulk_sends_a_json_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations/org_1/invitations/bulk")
                .json_body(json!([
                    {"email_address": "grace@example.com", "role": "org:member", "notify": true},
                    {"email_address": "alan@example.com", "role": "org:admin", "notify": false,
                     "public_metadata": {"team": "crypto"}}
                ]));
            then.status(200).json_body(json!({
                "data": [
                    fixture("organization_invitation"),
                    fixture_with("organization_invitation", json!({"email_address": "alan@example.com", "role": "org:admin"}))
                ],
                "total_count": 2
            }));
        })
        .await;
    let invitations = [
        invitation::CreateParams {
            email_address: clerk::string("grace@example.com"),
            role: clerk::string("org:member"),
            ..Default::default()
        },
        invitation::CreateParams {
            email_address: clerk::string("alan@example.com"),
            role: clerk::string("org:admin"),
            notify: clerk::bool(false),
            public_metadata: clerk::json(json!({"team": "crypto"})),
            ..Default::default()
        },
    ];
    let created = invitation::Client::new(&config(&server))
        .create_bulk("org_1", &invitations)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.total_count, 2);
    assert_eq!(created.data[1].email_address, "alan@example.com");
}

#[tokio::test]
async fn list_filters_by_status_and_email() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organizations/org_1/invitations")
                .query_param("status", "pending")
                .query_param("email_address", "grace@example.com")
                .query_param("order_by", "+email_address")
                .query_param("limit", "10");
            then.status(200).json_body(json!({
                "data": [fixture("organization_invitation")],
                "total_count": 1
            }));
        })
        .await;
    let page = invitation::Client::new(&config(&server))
        .list(
            "org_1",
            &invitation::ListParams {
                status: clerk::string("pending"),
                email_address: clerk::string("grace@example.com"),
                order_by: clerk::string("+email_address"),
                limit: clerk::int64(10),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].role, "org:member");
}

#[tokio::test]
async fn list_pending_uses_the_deprecated_path() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organizations/org_1/invitations/pending")
                .query_param("offset", "10");
            then.status(200)
                .json_body(json!({"data": [], "total_count": 10}));
        })
        .await;
    let page = invitation::Client::new(&config(&server))
        .list_pending(
            "org_1",
            &invitation::PageParams {
                offset: clerk::int64(10),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(page.data.is_empty());
    assert_eq!(page.total_count, 10);
}

#[tokio::test]
async fn get_and_revoke_address_one_invitation() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organizations/org_1/invitations/orginv_1")
                .header_missing("content-type");
            then.status(200)
                .json_body(fixture("organization_invitation"));
        })
        .await;
    let revoke = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations/org_1/invitations/orginv_1/revoke")
                .json_body(json!({"requesting_user_id": "user_1"}));
            then.status(200).json_body(fixture_with(
                "organization_invitation",
                json!({"status": "revoked"}),
            ));
        })
        .await;
    let invitations = invitation::Client::new(&config(&server));
    let inv = invitations.get("org_1", "orginv_1").await.unwrap();
    assert_eq!(
        inv.organization_id.as_deref(),
        Some("org_2abcACMEinc0123456789xyz")
    );
    let revoked = invitations
        .revoke(
            "org_1",
            "orginv_1",
            &invitation::RevokeParams {
                requesting_user_id: clerk::string("user_1"),
            },
        )
        .await
        .unwrap();
    assert_eq!(revoked.status.as_deref(), Some("revoked"));
    get.assert_async().await;
    revoke.assert_async().await;
}

#[tokio::test]
async fn list_from_instance_returns_public_organization_data() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organization_invitations")
                .query_param("status", "accepted")
                .query_param("query", "example.com")
                .query_param("limit", "25");
            then.status(200).json_body(json!({
                "data": [fixture_with("organization_invitation", json!({
                    "status": "accepted",
                    "public_organization_data": {
                        "id": "org_2abcACMEinc0123456789xyz", "name": "Acme Inc", "slug": "acme-inc",
                        "image_url": "https://img.clerk.com/eyJ0eXBlIjoiZGVmYXVsdCJ9", "has_image": false
                    }
                }))],
                "total_count": 1
            }));
        })
        .await;
    let page = invitation::Client::new(&config(&server))
        .list_from_instance(&invitation::ListFromInstanceParams {
            status: clerk::string("accepted"),
            query: clerk::string("example.com"),
            limit: clerk::int64(25),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    let org = page.data[0].public_organization_data.as_ref().unwrap();
    assert_eq!(org.slug, "acme-inc");
}
