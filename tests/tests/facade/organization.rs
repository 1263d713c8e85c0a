//! `clerk::organization` against the mock.

use clerk::organization;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{KEY, config, fixture, fixture_with};

#[tokio::test]
async fn get_takes_a_slug_and_decodes_a_realistic_organization() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organizations/acme-inc")
                .header("authorization", format!("Bearer {KEY}"))
                .header_missing("content-type")
                .query_param_missing("include_members_count");
            then.status(200).json_body(fixture("organization"));
        })
        .await;
    let org = organization::Client::new(&config(&server))
        .get("acme-inc")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(org.id, "org_2abcACMEinc0123456789xyz");
    assert_eq!(org.slug, "acme-inc");
    assert_eq!(org.members_count, Some(3));
    assert_eq!(org.max_allowed_memberships, 5);
    assert_eq!(org.public_metadata["plan"], "pro");
    assert_eq!(org.private_metadata["billing_id"], "cus_123");
    assert_eq!(org.role_set_key.as_deref(), Some("role_set:default"));
}

#[tokio::test]
async fn create_sends_only_the_fields_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations")
                .header("content-type", "application/json")
                .json_body(json!({
                    "name": "Acme Inc",
                    "slug": "acme-inc",
                    "created_by": "user_1",
                    "max_allowed_memberships": 5,
                    "public_metadata": {"plan": "pro"},
                    "role_set_key": "role_set:default"
                }));
            then.status(200).json_body(fixture("organization"));
        })
        .await;
    let params = organization::CreateParams {
        name: clerk::string("Acme Inc"),
        slug: clerk::string("acme-inc"),
        created_by: clerk::string("user_1"),
        max_allowed_memberships: clerk::int64(5),
        public_metadata: clerk::json(json!({"plan": "pro"})),
        role_set_key: clerk::string("role_set:default"),
        ..Default::default()
    };
    let org = organization::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(org.name, "Acme Inc");
}

#[tokio::test]
async fn update_can_clear_max_allowed_memberships_with_null() {
    let server = MockServer::start_async().await;
    let cleared = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/organizations/org_1")
                .json_body(json!({"name": "Acme", "max_allowed_memberships": null}));
            then.status(200).json_body(fixture_with(
                "organization",
                json!({"max_allowed_memberships": 0}),
            ));
        })
        .await;
    let set = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/organizations/org_2")
                .json_body(json!({"max_allowed_memberships": 10, "admin_delete_enabled": false}));
            then.status(200).json_body(fixture("organization"));
        })
        .await;
    let orgs = organization::Client::new(&config(&server));
    let org = orgs
        .update(
            "org_1",
            &organization::UpdateParams {
                name: clerk::string("Acme"),
                max_allowed_memberships: clerk::null(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(org.max_allowed_memberships, 0);
    orgs.update(
        "org_2",
        &organization::UpdateParams {
            max_allowed_memberships: clerk::int64(10),
            admin_delete_enabled: clerk::bool(false),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    cleared.assert_async().await;
    set.assert_async().await;
}

#[tokio::test]
async fn negative_counts_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let orgs = organization::Client::new(&config(&server));
    let err = orgs
        .create(&organization::CreateParams {
            name: clerk::string("Acme"),
            max_allowed_memberships: clerk::int64(-3),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn list_sends_filters_and_returns_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organizations")
                .query_param("limit", "2")
                .query_param("offset", "4")
                .query_param("order_by", "-members_count")
                .query_param("query", "acme")
                .query_param("user_id", "user_1")
                .query_param("user_id", "-user_2")
                .query_param("include_members_count", "true")
                .query_param_missing("organization_id");
            then.status(200).json_body(json!({
                "data": [fixture("organization"), fixture_with("organization", json!({"id": "org_2"}))],
                "total_count": 42
            }));
        })
        .await;
    let params = organization::ListParams {
        limit: clerk::int64(2),
        offset: clerk::int64(4),
        order_by: clerk::string("-members_count"),
        query: clerk::string("acme"),
        user_id: Some(vec!["user_1".into(), "-user_2".into()]),
        include_members_count: clerk::bool(true),
        ..Default::default()
    };
    let page = organization::Client::new(&config(&server))
        .list(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 42);
    assert_eq!(page.data[1].id, "org_2");
}

#[tokio::test]
async fn list_all_stops_at_total_count() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for (offset, n) in [(0, 2), (2, 2)] {
        let orgs: Vec<_> = (0..n)
            .map(|i| fixture_with("organization", json!({"id": format!("org_{}", offset + i)})))
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/organizations")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": orgs, "total_count": 4}));
                })
                .await,
        );
    }
    let ids: Vec<String> = organization::Client::new(&config(&server))
        .list_all(&organization::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|o| o.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["org_0", "org_1", "org_2", "org_3"]);
    for page in pages {
        page.assert_async().await;
    }
}

#[tokio::test]
async fn delete_and_delete_logo_send_no_body() {
    let server = MockServer::start_async().await;
    let deleted = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/organizations/org_1")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(
                json!({"object": "organization", "id": "org_1", "slug": "acme-inc", "deleted": true}),
            );
        })
        .await;
    let logo = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/organizations/org_1/logo")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(fixture_with("organization", json!({"has_image": false})));
        })
        .await;
    let orgs = organization::Client::new(&config(&server));
    let d = orgs.delete("org_1").await.unwrap();
    assert!(d.deleted);
    assert_eq!(d.slug.as_deref(), Some("acme-inc"));
    assert!(!orgs.delete_logo("org_1").await.unwrap().has_image);
    deleted.assert_async().await;
    logo.assert_async().await;
}

#[tokio::test]
async fn metadata_merges_with_patch_and_replaces_with_put() {
    let server = MockServer::start_async().await;
    let merge = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/organizations/org_1/metadata")
                .json_body(json!({"public_metadata": {"plan": "team", "trial": null}}));
            then.status(200).json_body(fixture("organization"));
        })
        .await;
    let replace = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/organizations/org_1/metadata")
                .json_body(json!({"private_metadata": {"billing_id": "cus_9"}}));
            then.status(200).json_body(fixture("organization"));
        })
        .await;
    let orgs = organization::Client::new(&config(&server));
    orgs.update_metadata(
        "org_1",
        &organization::MetadataParams {
            public_metadata: clerk::json(json!({"plan": "team", "trial": null})),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    orgs.replace_metadata(
        "org_1",
        &organization::MetadataParams {
            private_metadata: clerk::json(json!({"billing_id": "cus_9"})),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    merge.assert_async().await;
    replace.assert_async().await;
}

#[tokio::test]
async fn logo_goes_up_as_multipart_put_with_the_uploader() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/v1/organizations/org_1/logo")
                .header("authorization", format!("Bearer {KEY}"))
                .header_includes("content-type", "multipart/form-data; boundary=")
                .body_includes("name=\"file\"; filename=\"logo.png\"")
                .body_includes("Content-Type: image/png")
                .body_includes("PNGDATA")
                .body_includes("name=\"uploader_user_id\"\r\n\r\nuser_1\r\n");
            then.status(200).json_body(fixture_with(
                "organization",
                json!({"has_image": true, "image_url": "https://img.clerk.com/logo", "logo_url": "https://images.clerk.dev/uploaded/img_2abc.png"}),
            ));
        })
        .await;
    let file = clerk::Upload::new(b"PNGDATA".to_vec(), "logo.png", "image/png");
    let org = organization::Client::new(&config(&server))
        .update_logo(
            "org_1",
            &file,
            &organization::UpdateLogoParams {
                uploader_user_id: clerk::string("user_1"),
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(org.has_image);
    assert_eq!(org.image_url, "https://img.clerk.com/logo");
}

#[tokio::test]
async fn billing_credits_are_read_and_adjusted() {
    let server = MockServer::start_async().await;
    let adjust = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/organizations/org_1/billing/credits")
                .json_body(json!({
                    "action": "increase",
                    "amount": 2500,
                    "idempotency_key": "grant-2024-05",
                    "note": "Goodwill credit"
                }));
            then.status(200)
                .json_body(fixture("organization_credit_ledger"));
        })
        .await;
    let balance = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/organizations/org_1/billing/credits");
            then.status(200).json_body(json!({
                "object": "commerce_credit_balance",
                "balance": {"amount": 2500, "amount_formatted": "25.00", "currency": "USD", "currency_symbol": "$"}
            }));
        })
        .await;
    let orgs = organization::Client::new(&config(&server));
    let entry = orgs
        .adjust_billing_credit_balance(
            "org_1",
            &organization::CreditAdjustmentParams {
                action: clerk::string("increase"),
                amount: clerk::int64(2500),
                idempotency_key: clerk::string("grant-2024-05"),
                note: clerk::string("Goodwill credit"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(entry.amount.amount, 2500);
    assert_eq!(entry.source_type, "grant");
    let b = orgs.get_billing_credit_balance("org_1").await.unwrap();
    assert_eq!(b.balance.unwrap().amount_formatted, "25.00");
    adjust.assert_async().await;
    balance.assert_async().await;
}
