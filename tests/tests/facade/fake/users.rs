//! FakeClerk: users: create, get, list with filters, count, update, metadata, delete, ban and lock.

use clerk::testing::FakeClerk;
use clerk::user;
use serde_json::{Value, json};

use super::{api_error, as_json, ids, new_user};

#[tokio::test]
async fn users_create_get_list_count_and_filters() {
    let fake = FakeClerk::start().await;
    let users = user::Client::new(&fake.config());
    let ada = users
        .create(&user::CreateParams {
            email_address: Some(vec!["ada@example.com".into()]),
            phone_number: Some(vec!["+15555550100".into()]),
            username: clerk::string("ada"),
            first_name: clerk::string("Ada"),
            last_name: clerk::string("Lovelace"),
            external_id: clerk::string("ext-ada"),
            public_metadata: clerk::json(json!({"plan": "pro"})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        ada.id.starts_with("user_") && ada.id.len() == "user_".len() + 27,
        "{}",
        ada.id
    );
    assert!(
        ada.created_at > 1_600_000_000_000,
        "timestamps are in milliseconds: {}",
        ada.created_at
    );
    let email = &ada.email_addresses[0];
    assert_eq!(email.email_address, "ada@example.com");
    assert!(email.id.as_deref().unwrap().starts_with("idn_"));
    assert_eq!(ada.primary_email_address_id, email.id);
    assert_eq!(ada.phone_numbers[0].phone_number, "+15555550100");
    assert_eq!(ada.primary_phone_number_id, ada.phone_numbers[0].id);
    assert_eq!(ada.public_metadata["plan"], "pro");
    assert!(!ada.banned && !ada.locked);

    let fetched = users.get(&ada.id).await.unwrap();
    assert_eq!(
        as_json(&fetched),
        as_json(&ada),
        "get returns what create returned"
    );

    let bob = new_user(&users, "bob@example.com", "Bob", "Babbage").await;
    let cyd = new_user(&users, "cyd@example.org", "Cyd", "Charisse").await;

    // Default order: newest first; total_count comes from /users/count.
    let all = users.list(&user::ListParams::default()).await.unwrap();
    assert_eq!(
        ids(&all.data, |u| &u.id),
        [cyd.id.as_str(), bob.id.as_str(), ada.id.as_str()]
    );
    assert_eq!(all.total_count, 3);

    // order_by with limit/offset: the page is cut after sorting, the count is of all matches.
    let page = users
        .list(&user::ListParams {
            order_by: clerk::string("+first_name"),
            limit: clerk::int64(1),
            offset: clerk::int64(1),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&page.data, |u| &u.id), [bob.id.as_str()]);
    assert_eq!(page.total_count, 3);
    let page = users
        .list(&user::ListParams {
            order_by: clerk::string("-last_name"),
            limit: clerk::int64(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        ids(&page.data, |u| &u.id),
        [ada.id.as_str(), cyd.id.as_str()],
        "Lovelace, Charisse, then Babbage"
    );

    // Filters: exact identifiers (case-insensitive), substring queries, ids.
    let by_email = users
        .list(&user::ListParams {
            email_address: Some(vec!["BOB@example.com".into()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (ids(&by_email.data, |u| &u.id), by_email.total_count),
        (vec![bob.id.clone()], 1)
    );
    let by_query = users
        .list(&user::ListParams {
            query: clerk::string("example.com"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_query.total_count, 2);
    let by_external = users
        .list(&user::ListParams {
            external_id: Some(vec!["ext-ada".into()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&by_external.data, |u| &u.id), [ada.id.as_str()]);
    let by_ids = users
        .list(&user::ListParams {
            user_id: Some(vec![ada.id.clone(), cyd.id.clone()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_ids.total_count, 2);
    let by_name = users
        .list(&user::ListParams {
            name_query: clerk::string("babb"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&by_name.data, |u| &u.id), [bob.id.as_str()]);

    // count takes the same filters.
    assert_eq!(users.count(&user::ListParams::default()).await.unwrap(), 3);
    let count = users
        .count(&user::ListParams {
            email_address_query: clerk::string(".org"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(count, 1);
    assert_eq!(fake.requests("GetUserList"), 8);
    assert_eq!(
        fake.requests("GetUsersCount"),
        10,
        "one count per list, plus the two counts"
    );
}

#[tokio::test]
async fn users_update_metadata_delete_ban_and_lock() {
    let fake = FakeClerk::start().await;
    let users = user::Client::new(&fake.config());
    let ada = users
        .create(&user::CreateParams {
            email_address: Some(vec!["ada@example.com".into()]),
            username: clerk::string("ada"),
            first_name: clerk::string("Ada"),
            last_name: clerk::string("Lovelace"),
            public_metadata: clerk::json(
                json!({"plan": "pro", "limits": {"seats": 5, "sso": true}, "trial": true}),
            ),
            private_metadata: clerk::json(json!({"crm": "A-1"})),
            ..Default::default()
        })
        .await
        .unwrap();

    // An explicit null clears username; fields not sent stay.
    let updated = users
        .update(
            &ada.id,
            &user::UpdateParams {
                first_name: clerk::string("Augusta"),
                username: clerk::null(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.first_name.as_deref(), Some("Augusta"));
    assert_eq!(updated.username, None);
    assert_eq!(updated.last_name.as_deref(), Some("Lovelace"));
    assert!(updated.updated_at > ada.updated_at);
    assert_eq!(
        users.get(&ada.id).await.unwrap().username,
        None,
        "the change is stored"
    );

    // Deep merge: objects merge, null removes a key, other values replace.
    let merged = users
        .update_metadata(
            &ada.id,
            &user::MetadataParams {
                public_metadata: clerk::json(
                    json!({"limits": {"seats": 10, "sso": null}, "trial": null, "region": "eu"}),
                ),
                private_metadata: clerk::json(json!({"notes": "vip"})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        Value::Object(merged.public_metadata.clone()),
        json!({"plan": "pro", "limits": {"seats": 10}, "region": "eu"})
    );
    assert_eq!(
        merged.private_metadata.map(Value::Object),
        Some(json!({"crm": "A-1", "notes": "vip"}))
    );

    // Ban and unban, lock and unlock; the banned filter sees it.
    let banned = users.ban(&ada.id).await.unwrap();
    assert!(banned.banned);
    let listed = users
        .list(&user::ListParams {
            banned: clerk::bool(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&listed.data, |u| &u.id), [ada.id.as_str()]);
    assert!(!users.unban(&ada.id).await.unwrap().banned);
    assert_eq!(
        users
            .count(&user::ListParams {
                banned: clerk::bool(true),
                ..Default::default()
            })
            .await
            .unwrap(),
        0
    );
    assert!(users.lock(&ada.id).await.unwrap().locked);
    assert!(users.get(&ada.id).await.unwrap().locked);
    assert!(!users.unlock(&ada.id).await.unwrap().locked);

    let deleted = users.delete(&ada.id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(ada.id.as_str()));
    assert_eq!(deleted.object, "user");
    let e = api_error(users.get(&ada.id).await);
    assert_eq!((e.status, e.code()), (404, Some("resource_not_found")));
    assert_eq!(api_error(users.delete(&ada.id).await).status, 404);
    assert_eq!(users.count(&user::ListParams::default()).await.unwrap(), 0);
}
