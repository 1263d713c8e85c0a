//! FakeClerk: `list_all` walking more than two pages.

use std::collections::BTreeSet;

use clerk::testing::FakeClerk;
use clerk::{invitation, user};
use futures::TryStreamExt;

use super::{ids, new_user};

#[tokio::test]
async fn list_all_walks_more_than_two_pages() {
    let fake = FakeClerk::start().await;
    let config = fake.config();
    let users = user::Client::new(&config);
    let mut created = Vec::new();
    for i in 0..7 {
        created.push(
            new_user(
                &users,
                &format!("user{i}@example.com"),
                &format!("U{i}"),
                "Paged",
            )
            .await
            .id,
        );
    }
    let before = fake.requests("GetUserList");
    let all: Vec<user::User> = users
        .list_all(&user::ListParams {
            limit: clerk::int64(3),
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();
    assert_eq!(ids(&all, |u| &u.id), newest_first);
    assert_eq!(
        fake.requests("GetUserList") - before,
        3,
        "pages of 3, 3 and 1"
    );
    assert_eq!(fake.requests("GetUsersCount"), 0, "list_all does not count");

    // From an offset, with a filter and an order.
    let some: Vec<user::User> = users
        .list_all(&user::ListParams {
            limit: clerk::int64(2),
            offset: clerk::int64(1),
            order_by: clerk::string("+created_at"),
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&some, |u| &u.id), created[1..].to_vec());

    // A list with total_count stops at it: 5 invitations in pages of 2.
    let invitations = invitation::Client::new(&config);
    for i in 0..5 {
        invitations
            .create(&invitation::CreateParams {
                email_address: clerk::string(format!("inv{i}@example.com")),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let all: Vec<invitation::Invitation> = invitations
        .list_all(&invitation::ListParams {
            limit: clerk::int64(2),
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(
        all.iter()
            .map(|i| i.id.as_str())
            .collect::<BTreeSet<_>>()
            .len(),
        5,
        "no duplicates"
    );
    assert_eq!(fake.requests("ListInvitations"), 3);
}
