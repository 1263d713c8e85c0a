//! FakeClerk: invitations, paginated and not, and their revocation.

use clerk::invitation;
use clerk::raw::reqwest;
use clerk::testing::{FAKE_SECRET_KEY, FakeClerk};
use serde_json::{Value, json};

use super::{api_error, as_json, ids, param_name};

#[tokio::test]
async fn invitations_list_paginated_and_not_and_revoke() {
    let fake = FakeClerk::start().await;
    let invitations = invitation::Client::new(&fake.config());
    let mut created = Vec::new();
    for who in ["a", "b", "c"] {
        let inv = invitations
            .create(&invitation::CreateParams {
                email_address: clerk::string(format!("{who}@example.com")),
                public_metadata: clerk::json(json!({"invited_by": "test"})),
                expires_in_days: clerk::int64(2),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(inv.id.starts_with("inv_"), "{}", inv.id);
        assert_eq!(as_json(&inv.status), "pending");
        assert_eq!(inv.expires_at, Some(inv.created_at + 2 * 86_400_000));
        assert_eq!(inv.public_metadata["invited_by"], "test");
        created.push(inv);
    }

    // The facade asks for {data, total_count}.
    let page = invitations
        .list(&invitation::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        ids(&page.data, |i| &i.id),
        [created[2].id.as_str(), created[1].id.as_str()]
    );
    assert_eq!(page.total_count, 3);

    // Without `paginated`, the API answers a bare array (raw call).
    let http = reqwest::Client::new();
    let bare: Value = http
        .get(format!("{}/invitations?limit=2", fake.url()))
        .bearer_auth(FAKE_SECRET_KEY)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bare = bare
        .as_array()
        .expect("a bare array without paginated=true");
    assert_eq!(bare.len(), 2);
    assert_eq!(bare[0]["id"], created[2].id.as_str());

    let revoked = invitations.revoke(&created[0].id).await.unwrap();
    assert_eq!(revoked.id, created[0].id);
    assert_eq!(as_json(&revoked.status), "revoked");
    assert_eq!(revoked.revoked, Some(true));
    let e = api_error(invitations.revoke(&created[0].id).await);
    assert_eq!(
        (e.status, e.code()),
        (400, Some("invitation_not_pending")),
        "revoking twice is refused"
    );
    assert_eq!(
        api_error(invitations.revoke("inv_missing").await).status,
        404
    );

    let pending = invitations
        .list(&invitation::ListParams {
            status: clerk::string("pending"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(pending.total_count, 2);
    let gone = invitations
        .list(&invitation::ListParams {
            status: clerk::string("revoked"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&gone.data, |i| &i.id), [created[0].id.as_str()]);

    // A second pending invitation for the same address is refused.
    let e = api_error(
        invitations
            .create(&invitation::CreateParams {
                email_address: clerk::string("b@example.com"),
                ..Default::default()
            })
            .await,
    );
    assert_eq!(e.status, 422);
    assert_eq!(param_name(&e), Some("email_address"));
}
