//! `clerk::waitlist_entry` against the mock.

use clerk::waitlist_entry;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn list_sends_filters_and_decodes_entries() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/waitlist_entries")
                .query_param("status", "pending")
                .query_param("query", "example.com")
                .query_param("order_by", "+email_address")
                .query_param("limit", "50");
            then.status(200)
                .json_body(json!({"data": [fixture("waitlist_entry")], "total_count": 12}));
        })
        .await;
    let page = waitlist_entry::Client::new(&config(&server))
        .list(&waitlist_entry::ListParams {
            status: clerk::string("pending"),
            query: clerk::string("example.com"),
            order_by: clerk::string("+email_address"),
            limit: clerk::int64(50),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 12);
    let entry = &page.data[0];
    assert_eq!(entry.email_address, "grace@example.com");
    assert_eq!(entry.status.to_string(), "pending");
    assert!(entry.invitation.is_none());
}

#[tokio::test]
async fn list_all_walks_every_page() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (offset, n) in [(0, 2), (2, 1)] {
        let entries: Vec<_> = (0..n)
            .map(|i| {
                fixture_with(
                    "waitlist_entry",
                    json!({"id": format!("wle_{}", offset + i)}),
                )
            })
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/waitlist_entries")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": entries, "total_count": 3}));
                })
                .await,
        );
    }
    let ids: Vec<String> = waitlist_entry::Client::new(&config(&server))
        .list_all(&waitlist_entry::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|e| e.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["wle_0", "wle_1", "wle_2"]);
    for page in pages {
        page.assert_calls_async(1).await;
    }
}

#[tokio::test]
async fn create_sends_notify_true_unless_told_otherwise() {
    let server = MockServer::start_async().await;
    let default_notify = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waitlist_entries")
                .json_body(json!({"email_address": "grace@example.com", "notify": true}));
            then.status(200).json_body(fixture("waitlist_entry"));
        })
        .await;
    let silent = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waitlist_entries")
                .json_body(json!({"email_address": "alan@example.com", "notify": false}));
            then.status(200).json_body(fixture_with(
                "waitlist_entry",
                json!({"email_address": "alan@example.com"}),
            ));
        })
        .await;
    let entries = waitlist_entry::Client::new(&config(&server));
    let e = entries
        .create(&waitlist_entry::CreateParams {
            email_address: clerk::string("grace@example.com"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(e.id, "wle_2xhMn5PqRs7TuV9wXy1zAb3cDeF");
    let e = entries
        .create(&waitlist_entry::CreateParams {
            email_address: clerk::string("alan@example.com"),
            notify: clerk::bool(false),
        })
        .await
        .unwrap();
    assert_eq!(e.email_address, "alan@example.com");
    default_notify.assert_async().await;
    silent.assert_async().await;
}

#[tokio::test]
async fn create_bulk_sends_an_array() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waitlist_entries/bulk")
                .json_body(json!([
                    {"email_address": "grace@example.com", "notify": true},
                    {"email_address": "alan@example.com", "notify": false}
                ]));
            then.status(200).json_body(json!([
                fixture("waitlist_entry"),
                fixture_with(
                    "waitlist_entry",
                    json!({"id": "wle_2", "email_address": "alan@example.com"})
                )
            ]));
        })
        .await;
    let entries = waitlist_entry::Client::new(&config(&server))
        .create_bulk(&[
            waitlist_entry::CreateParams {
                email_address: clerk::string("grace@example.com"),
                ..Default::default()
            },
            waitlist_entry::CreateParams {
                email_address: clerk::string("alan@example.com"),
                notify: clerk::bool(false),
            },
        ])
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].email_address, "alan@example.com");
}

#[tokio::test]
async fn bad_params_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let entries = waitlist_entry::Client::new(&config(&server));
    // An entry without an email address, anywhere in a bulk call.
    let err = entries
        .create_bulk(&[
            waitlist_entry::CreateParams {
                email_address: clerk::string("grace@example.com"),
                ..Default::default()
            },
            waitlist_entry::CreateParams::default(),
        ])
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn invite_sends_ignore_existing() {
    let server = MockServer::start_async().await;
    let invited = fixture_with(
        "waitlist_entry",
        json!({
            "status": "invited",
            "updated_at": 1716300000000_i64,
            "invitation": {
                "object": "invitation",
                "id": "inv_2xhNp6QrSt8UvW0xYz2aBc4dEfG",
                "email_address": "grace@example.com",
                "public_metadata": {},
                "revoked": false,
                "status": "pending",
                "url": "https://accounts.example.com/sign-up?__clerk_ticket=eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
                "expires_at": 1718892000000_i64,
                "created_at": 1716300000000_i64,
                "updated_at": 1716300000000_i64
            }
        }),
    );
    let explicit = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waitlist_entries/wle_1/invite")
                .json_body(json!({"ignore_existing": true}));
            then.status(200).json_body(invited.clone());
        })
        .await;
    let default = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waitlist_entries/wle_2/invite")
                .json_body(json!({"ignore_existing": false}));
            then.status(200).json_body(invited.clone());
        })
        .await;
    let entries = waitlist_entry::Client::new(&config(&server));
    let e = entries.invite("wle_1", Some(true)).await.unwrap();
    assert_eq!(e.status.to_string(), "invited");
    assert_eq!(e.invitation.unwrap().id, "inv_2xhNp6QrSt8UvW0xYz2aBc4dEfG");
    entries.invite("wle_2", None).await.unwrap();
    explicit.assert_async().await;
    default.assert_async().await;
}

#[tokio::test]
async fn reject_and_delete_send_no_body() {
    let server = MockServer::start_async().await;
    let reject = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waitlist_entries/wle_1/reject")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture_with(
                "waitlist_entry",
                json!({"status": "rejected"}),
            ));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/waitlist_entries/wle_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"object": "waitlist_entry", "id": "wle_1", "deleted": true}));
        })
        .await;
    let entries = waitlist_entry::Client::new(&config(&server));
    assert_eq!(
        entries.reject("wle_1").await.unwrap().status.to_string(),
        "rejected"
    );
    assert!(entries.delete("wle_1").await.unwrap().deleted);
    reject.assert_async().await;
    delete.assert_async().await;
}
