//! `clerk::invitation` against the mock.

use clerk::invitation;
use futures::TryStreamExt;
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
                .path("/v1/invitations")
                .header("content-type", "application/json")
                .json_body(json!({
                    "email_address": "grace@example.com",
                    "public_metadata": {"team": "compilers"},
                    "redirect_url": "https://app.example.com/accept",
                    "notify": false,
                    "ignore_existing": true,
                    "expires_in_days": 7,
                    "template_slug": "waitlist_invitation"
                }));
            then.status(200).json_body(fixture("invitation"));
        })
        .await;
    let inv = invitation::Client::new(&config(&server))
        .create(&invitation::CreateParams {
            email_address: clerk::string("grace@example.com"),
            public_metadata: clerk::json(json!({"team": "compilers"})),
            redirect_url: clerk::string("https://app.example.com/accept"),
            notify: clerk::bool(false),
            ignore_existing: clerk::bool(true),
            expires_in_days: clerk::int64(7),
            template_slug: clerk::string("waitlist_invitation"),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(inv.id, "inv_2abcINVITE0123456789xyzAB");
    assert_eq!(inv.status.to_string(), "pending");
    assert_eq!(inv.public_metadata["team"], "compilers");
    assert_eq!(inv.expires_at, Some(1718792000000));
}

#[tokio::test]
async fn create_sends_the_api_defaults_when_left_unset() {
    // The generated body always carries `notify` and `ignore_existing` (the spec's defaults).
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/invitations").json_body(json!({
                "email_address": "grace@example.com",
                "notify": true,
                "ignore_existing": false
            }));
            then.status(200).json_body(fixture("invitation"));
        })
        .await;
    invitation::Client::new(&config(&server))
        .create(&invitation::CreateParams {
            email_address: clerk::string("grace@example.com"),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn create_bulk_sends_an_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/invitations/bulk").json_body(json!([
                {
                    "email_address": "grace@example.com",
                    "public_metadata": {"team": "compilers"},
                    "notify": false,
                    "ignore_existing": false,
                    "template_slug": "invitation"
                },
                {
                    "email_address": "alan@example.com",
                    "expires_in_days": 3,
                    "notify": true,
                    "ignore_existing": true,
                    "template_slug": "waitlist_invitation"
                }
            ]));
            then.status(200).json_body(json!([
                fixture("invitation"),
                fixture_with("invitation", json!({"id": "inv_2", "email_address": "alan@example.com", "public_metadata": {}}))
            ]));
        })
        .await;
    let created = invitation::Client::new(&config(&server))
        .create_bulk(&[
            invitation::CreateParams {
                email_address: clerk::string("grace@example.com"),
                public_metadata: clerk::json(json!({"team": "compilers"})),
                notify: clerk::bool(false),
                ..Default::default()
            },
            invitation::CreateParams {
                email_address: clerk::string("alan@example.com"),
                expires_in_days: clerk::int64(3),
                ignore_existing: clerk::bool(true),
                template_slug: clerk::string("waitlist_invitation"),
                ..Default::default()
            },
        ])
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(created.len(), 2);
    assert_eq!(created[1].email_address, "alan@example.com");
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
        .create(&invitation::CreateParams {
            email_address: clerk::string("grace@example.com"),
            expires_in_days: clerk::int64(0),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    let err = invitations
        .create_bulk(&[
            invitation::CreateParams {
                email_address: clerk::string("grace@example.com"),
                ..Default::default()
            },
            invitation::CreateParams {
                public_metadata: clerk::json(json!({"team": "compilers"})),
                ..Default::default()
            },
        ])
        .await
        .unwrap_err();
    assert!(
        matches!(err, clerk::Error::InvalidRequest(_)),
        "a bulk item without an address: {err:?}"
    );
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn list_asks_for_a_page_and_sends_the_filters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/invitations")
                .query_param("paginated", "true")
                .query_param("status", "pending")
                .query_param("query", "example.com")
                .query_param("order_by", "-expires_at")
                .query_param("limit", "20");
            then.status(200)
                .json_body(json!({"data": [fixture("invitation")], "total_count": 1}));
        })
        .await;
    let page = invitation::Client::new(&config(&server))
        .list(&invitation::ListParams {
            status: clerk::string("pending"),
            query: clerk::string("example.com"),
            order_by: clerk::string("-expires_at"),
            limit: clerk::int64(20),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 1);
    assert_eq!(page.data[0].email_address, "grace@example.com");
}

#[tokio::test]
async fn list_all_walks_the_pages() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (offset, n) in [(0, 2), (2, 1)] {
        let items: Vec<_> = (0..n)
            .map(|i| fixture_with("invitation", json!({"id": format!("inv_{}", offset + i)})))
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/invitations")
                        .query_param("paginated", "true")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": items, "total_count": 3}));
                })
                .await,
        );
    }
    let ids: Vec<String> = invitation::Client::new(&config(&server))
        .list_all(&invitation::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|i| i.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["inv_0", "inv_1", "inv_2"]);
    for page in pages {
        page.assert_async().await;
    }
}

#[tokio::test]
async fn revoke_sends_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/invitations/inv_1/revoke")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "invitation",
                json!({"revoked": true, "status": "revoked", "url": null}),
            ));
        })
        .await;
    let inv = invitation::Client::new(&config(&server))
        .revoke("inv_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(inv.revoked, Some(true));
    assert_eq!(inv.status.to_string(), "revoked");
}
