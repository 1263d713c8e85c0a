//! `clerk::testing::FakeClerk` through the facade: round trips, pagination and error
//! shapes; then a raw-HTTP scenario whose every response is checked against the spec's
//! response schema and decoded into the generated types.

use std::collections::BTreeSet;

use clerk::raw::reqwest;
use clerk::testing::{FAKE_SECRET_KEY, FakeClerk};
use clerk::{
    ApiErrorResponse, Error, invitation, jwks, jwt, jwt_template, organization,
    organization_membership as membership, session, user,
};
use futures::TryStreamExt;
use serde_json::{Value, json};

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../support/registry.rs"]
mod registry;

/// The API error of a failed call, or a panic saying what came back instead.
fn api_error<T: std::fmt::Debug>(result: clerk::Result<T>) -> ApiErrorResponse {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// The `param_name` of the first error.
fn param_name(e: &ApiErrorResponse) -> Option<&str> {
    e.errors.first()?.meta.as_ref()?.get("param_name")?.as_str()
}

fn as_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serialisable")
}

async fn new_user(users: &user::Client, email: &str, first: &str, last: &str) -> user::User {
    users
        .create(&user::CreateParams {
            email_address: Some(vec![email.to_string()]),
            first_name: clerk::string(first),
            last_name: clerk::string(last),
            ..Default::default()
        })
        .await
        .unwrap()
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| id(i).to_string()).collect()
}

// ---- Users ----

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

// ---- Organizations and memberships ----

#[tokio::test]
async fn organizations_round_trip() {
    let fake = FakeClerk::start().await;
    let config = fake.config();
    let users = user::Client::new(&config);
    let orgs = organization::Client::new(&config);
    let owner = new_user(&users, "owner@example.com", "Olive", "Owner").await;

    let acme = orgs
        .create(&organization::CreateParams {
            name: clerk::string("Acme Inc"),
            created_by: clerk::string(&owner.id),
            public_metadata: clerk::json(
                json!({"tier": "gold", "flags": {"beta": true, "sso": true}}),
            ),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(acme.id.starts_with("org_"), "{}", acme.id);
    assert_eq!(acme.slug, "acme-inc", "a slug is derived from the name");
    assert_eq!(acme.created_by.as_deref(), Some(owner.id.as_str()));
    assert!(acme.created_at > 1_600_000_000_000);

    // created_by becomes an admin member.
    let members = membership::Client::new(&config)
        .list(&acme.id, &membership::ListParams::default())
        .await
        .unwrap();
    assert_eq!(members.total_count, 1);
    assert_eq!(members.data[0].role, "org:admin");
    assert_eq!(
        members.data[0].public_user_data.as_ref().unwrap().user_id,
        owner.id
    );
    assert_eq!(members.data[0].organization.id, acme.id);

    // Get by id and by slug.
    assert_eq!(orgs.get(&acme.id).await.unwrap().name, "Acme Inc");
    assert_eq!(orgs.get("acme-inc").await.unwrap().id, acme.id);

    let globex = orgs
        .create(&organization::CreateParams {
            name: clerk::string("Globex"),
            slug: clerk::string("globex"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(globex.created_by, None);
    let all = orgs
        .list(&organization::ListParams::default())
        .await
        .unwrap();
    assert_eq!(
        (ids(&all.data, |o| &o.id), all.total_count),
        (vec![globex.id.clone(), acme.id.clone()], 2)
    );
    let found = orgs
        .list(&organization::ListParams {
            query: clerk::string("ACME"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (ids(&found.data, |o| &o.id), found.total_count),
        (vec![acme.id.clone()], 1)
    );
    let page = orgs
        .list(&organization::ListParams {
            order_by: clerk::string("name"),
            limit: clerk::int64(1),
            offset: clerk::int64(1),
            include_members_count: clerk::bool(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (ids(&page.data, |o| &o.id), page.total_count),
        (vec![globex.id.clone()], 2)
    );
    assert_eq!(page.data[0].members_count, Some(0));
    let of_owner = orgs
        .list(&organization::ListParams {
            user_id: Some(vec![owner.id.clone()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(ids(&of_owner.data, |o| &o.id), [acme.id.as_str()]);

    // A new slug: the old one no longer resolves.
    let renamed = orgs
        .update(
            &acme.id,
            &organization::UpdateParams {
                slug: clerk::string("acme"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.slug.as_str(), renamed.name.as_str()),
        ("acme", "Acme Inc")
    );
    assert_eq!(orgs.get("acme").await.unwrap().id, acme.id);
    assert_eq!(api_error(orgs.get("acme-inc").await).status, 404);

    let merged = orgs
        .update_metadata(
            &acme.id,
            &organization::MetadataParams {
                public_metadata: clerk::json(
                    json!({"flags": {"sso": null, "audit": true}, "tier": null}),
                ),
                private_metadata: clerk::json(json!({"billing": "acct_1"})),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        Value::Object(merged.public_metadata),
        json!({"flags": {"beta": true, "audit": true}})
    );
    assert_eq!(
        Value::Object(merged.private_metadata),
        json!({"billing": "acct_1"})
    );

    let deleted = orgs.delete(&acme.id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(acme.id.as_str()));
    assert_eq!(deleted.slug.as_deref(), Some("acme"));
    assert_eq!(
        api_error(orgs.get(&acme.id).await).code(),
        Some("resource_not_found")
    );
    let e = api_error(
        membership::Client::new(&config)
            .list(&acme.id, &membership::ListParams::default())
            .await,
    );
    assert_eq!(e.status, 404, "memberships went with the organization");
    assert_eq!(
        orgs.list(&organization::ListParams::default())
            .await
            .unwrap()
            .total_count,
        1
    );
}

#[tokio::test]
async fn memberships_create_list_by_role_update_and_delete() {
    let fake = FakeClerk::start().await;
    let config = fake.config();
    let users = user::Client::new(&config);
    let members = membership::Client::new(&config);
    let org = organization::Client::new(&config)
        .create(&organization::CreateParams {
            name: clerk::string("Initech"),
            ..Default::default()
        })
        .await
        .unwrap();
    let peter = new_user(&users, "peter@initech.com", "Peter", "Gibbons").await;
    let milton = new_user(&users, "milton@initech.com", "Milton", "Waddams").await;

    let admin = members
        .create(
            &org.id,
            &membership::CreateParams {
                user_id: clerk::string(&peter.id),
                role: clerk::string("org:admin"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(admin.id.starts_with("orgmem_"), "{}", admin.id);
    assert_eq!(admin.role, "org:admin");
    assert!(
        admin
            .permissions
            .iter()
            .any(|p| p == "org:sys_memberships:manage")
    );
    let data = admin.public_user_data.as_ref().unwrap();
    assert_eq!(
        (data.user_id.as_str(), data.identifier.as_deref()),
        (peter.id.as_str(), Some("peter@initech.com"))
    );
    let member = members
        .create(
            &org.id,
            &membership::CreateParams {
                user_id: clerk::string(&milton.id),
                role: clerk::string("org:member"),
                public_metadata: clerk::json(json!({"stapler": "red"})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(member.public_metadata["stapler"], "red");
    assert_eq!(member.permissions, ["org:sys_memberships:read"]);

    let e = api_error(
        members
            .create(
                &org.id,
                &membership::CreateParams {
                    user_id: clerk::string(&milton.id),
                    role: clerk::string("org:member"),
                    ..Default::default()
                },
            )
            .await,
    );
    assert_eq!(
        (e.status, e.code()),
        (422, Some("already_a_member_in_organization"))
    );

    let only_members = members
        .list(
            &org.id,
            &membership::ListParams {
                role: Some(vec!["org:member".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(only_members.total_count, 1);
    assert_eq!(
        only_members.data[0]
            .public_user_data
            .as_ref()
            .unwrap()
            .user_id,
        milton.id
    );
    let page = members
        .list(
            &org.id,
            &membership::ListParams {
                order_by: clerk::string("first_name"),
                limit: clerk::int64(1),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(page.total_count, 2);
    assert_eq!(
        page.data[0].public_user_data.as_ref().unwrap().user_id,
        milton.id,
        "Milton sorts before Peter"
    );

    let promoted = members
        .update(
            &org.id,
            &milton.id,
            &membership::UpdateParams {
                role: clerk::string("org:admin"),
            },
        )
        .await
        .unwrap();
    assert_eq!(promoted.role, "org:admin");
    assert_eq!(promoted.id, member.id);
    let admins = members
        .list(
            &org.id,
            &membership::ListParams {
                role: Some(vec!["org:admin".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(admins.total_count, 2);

    let removed = members.delete(&org.id, &peter.id).await.unwrap();
    assert_eq!(removed.id, admin.id);
    let rest = members
        .list(&org.id, &membership::ListParams::default())
        .await
        .unwrap();
    assert_eq!(rest.total_count, 1);
    assert_eq!(
        rest.data[0].public_user_data.as_ref().unwrap().user_id,
        milton.id
    );
    assert_eq!(
        api_error(members.delete(&org.id, &peter.id).await).status,
        404
    );
    assert_eq!(
        api_error(
            members
                .update(
                    &org.id,
                    &peter.id,
                    &membership::UpdateParams {
                        role: clerk::string("org:admin")
                    }
                )
                .await
        )
        .status,
        404
    );
}

// ---- Invitations ----

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

// ---- Sessions, session tokens, JWKS ----

#[tokio::test]
async fn sessions_and_session_tokens_that_verify() {
    let fake = FakeClerk::start().await;
    let config = fake.config();
    let users = user::Client::new(&config);
    let sessions = session::Client::new(&config);
    let ada = new_user(&users, "ada@example.com", "Ada", "Lovelace").await;
    let bob = new_user(&users, "bob@example.com", "Bob", "Babbage").await;

    let sess = sessions
        .create(&session::CreateParams {
            user_id: clerk::string(&ada.id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(sess.id.starts_with("sess_"), "{}", sess.id);
    assert_eq!(sess.user_id, ada.id);
    assert_eq!(as_json(&sess.status), "active");
    assert!(sess.expire_at > sess.created_at);
    sessions
        .create(&session::CreateParams {
            user_id: clerk::string(&bob.id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        users.get(&ada.id).await.unwrap().last_sign_in_at.is_some(),
        "a session is a sign-in"
    );

    assert_eq!(
        as_json(&sessions.get(&sess.id).await.unwrap()),
        as_json(&sess)
    );
    let of_ada = sessions
        .list(&session::ListParams {
            user_id: clerk::string(&ada.id),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (ids(&of_ada.data, |s| &s.id), of_ada.total_count),
        (vec![sess.id.clone()], 1)
    );
    assert_eq!(
        sessions
            .list(&session::ListParams::default())
            .await
            .unwrap()
            .total_count,
        2
    );

    // The session token verifies against the fake's JWKS, fetched once.
    let token = sessions
        .create_token(&sess.id, &session::TokenParams::default())
        .await
        .unwrap();
    let jwt_string = token.jwt.expect("a jwt");
    let params = fake.verify_params();
    assert_eq!(fake.requests("GetJWKS"), 0);
    let claims = jwt::verify(&jwt_string, &params).await.unwrap();
    assert_eq!(claims.subject, ada.id);
    assert_eq!(claims.session_id.as_deref(), Some(sess.id.as_str()));
    jwt::verify(&jwt_string, &params).await.unwrap();
    assert_eq!(fake.requests("GetJWKS"), 1, "the key set is cached");
    // expires_in_seconds sets the lifetime.
    let short = sessions
        .create_token(
            &sess.id,
            &session::TokenParams {
                expires_in_seconds: clerk::int64(30),
            },
        )
        .await
        .unwrap();
    let short = jwt::verify(short.jwt.as_deref().unwrap(), &params)
        .await
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        (short.expires_at - now - 30).abs() <= 2,
        "exp {} now {now}",
        short.expires_at
    );
    // Another FakeClerk's key does not verify this one's tokens.
    let other = FakeClerk::start().await;
    let e = jwt::verify(&jwt_string, &other.verify_params())
        .await
        .unwrap_err();
    assert_eq!(e.reason(), jwt::Reason::UnknownKey);

    let revoked = sessions.revoke(&sess.id).await.unwrap();
    assert_eq!(as_json(&revoked.status), "revoked");
    assert_eq!(
        as_json(&sessions.get(&sess.id).await.unwrap().status),
        "revoked"
    );
    let e = api_error(
        sessions
            .create_token(&sess.id, &session::TokenParams::default())
            .await,
    );
    assert_eq!(
        (e.status, e.code()),
        (404, Some("resource_not_found")),
        "a revoked session gets no token"
    );
    let active = sessions
        .list(&session::ListParams {
            status: clerk::string("active"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(active.total_count, 1);
    assert_eq!(api_error(sessions.get("sess_missing").await).status, 404);
    let e = api_error(
        sessions
            .create(&session::CreateParams {
                user_id: clerk::string("user_missing"),
                ..Default::default()
            })
            .await,
    );
    assert_eq!(e.status, 404);
}

#[tokio::test]
async fn banning_a_user_revokes_their_sessions() {
    let fake = FakeClerk::start().await;
    let config = fake.config();
    let ada = new_user(
        &user::Client::new(&config),
        "ada@example.com",
        "Ada",
        "Lovelace",
    )
    .await;
    let sessions = session::Client::new(&config);
    let sess = sessions
        .create(&session::CreateParams {
            user_id: clerk::string(&ada.id),
            ..Default::default()
        })
        .await
        .unwrap();
    user::Client::new(&config).ban(&ada.id).await.unwrap();
    assert_eq!(
        as_json(&sessions.get(&sess.id).await.unwrap().status),
        "revoked"
    );
    assert_eq!(
        api_error(
            sessions
                .create_token(&sess.id, &session::TokenParams::default())
                .await
        )
        .status,
        404
    );
}

#[tokio::test]
async fn jwks_serves_the_fakes_key_and_requests_are_counted() {
    let fake = FakeClerk::start().await;
    let keys = jwks::Client::new(&fake.config());
    let set = keys.get().await.unwrap();
    assert_eq!(set.keys.len(), 1);
    let key = as_json(&set.keys[0]);
    assert_eq!(key["kid"], fake.token_issuer().kid());
    assert_eq!(
        (
            key["kty"].as_str(),
            key["alg"].as_str(),
            key["use"].as_str()
        ),
        (Some("RSA"), Some("RS256"), Some("sig"))
    );
    assert_eq!(key, fake.token_issuer().jwks()["keys"][0]);
    keys.get().await.unwrap();
    assert_eq!(fake.requests("GetJWKS"), 2);
    assert_eq!(fake.requests("GetUser"), 0);
    // A token signed by the fake's issuer verifies with the served key.
    let token = fake.token_issuer().session_token("user_1").sign();
    assert_eq!(
        jwt::verify(&token, &fake.verify_params())
            .await
            .unwrap()
            .subject,
        "user_1"
    );
    assert_eq!(fake.requests("GetJWKS"), 3);
}

// ---- Errors ----

#[tokio::test]
async fn errors_have_clerks_shapes() {
    let fake = FakeClerk::start().await;
    let config = fake.config();
    let users = user::Client::new(&config);
    let orgs = organization::Client::new(&config);

    // 404 with a trace id.
    let e = api_error(users.get("user_missing").await);
    assert_eq!(e.status, 404);
    assert_eq!(e.code(), Some("resource_not_found"));
    assert!(
        e.trace_id.as_deref().is_some_and(|t| !t.is_empty()),
        "{e:?}"
    );
    assert!(
        e.errors[0]
            .long_message
            .as_deref()
            .is_some_and(|m| m.contains("not found")),
        "{e:?}"
    );

    // 422 form_identifier_exists: an email (any case) another user has, a slug another org has.
    new_user(&users, "ada@example.com", "Ada", "Lovelace").await;
    let e = api_error(
        users
            .create(&user::CreateParams {
                email_address: Some(vec!["ADA@example.com".into()]),
                ..Default::default()
            })
            .await,
    );
    assert_eq!(
        (e.status, e.code(), param_name(&e)),
        (422, Some("form_identifier_exists"), Some("email_address"))
    );
    assert!(e.trace_id.is_some());
    orgs.create(&organization::CreateParams {
        name: clerk::string("Acme"),
        slug: clerk::string("acme"),
        ..Default::default()
    })
    .await
    .unwrap();
    let e = api_error(
        orgs.create(&organization::CreateParams {
            name: clerk::string("Acme 2"),
            slug: clerk::string("acme"),
            ..Default::default()
        })
        .await,
    );
    assert_eq!(
        (e.status, e.code(), param_name(&e)),
        (422, Some("form_identifier_exists"), Some("slug"))
    );
    let other = orgs
        .create(&organization::CreateParams {
            name: clerk::string("Other"),
            ..Default::default()
        })
        .await
        .unwrap();
    let e = api_error(
        orgs.update(
            &other.id,
            &organization::UpdateParams {
                slug: clerk::string("acme"),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(
        (e.status, e.code()),
        (422, Some("form_identifier_exists")),
        "update checks the slug too"
    );

    // 422 form_param_missing: an organization without a name. The facade refuses to
    // send it (name is required by the spec), so the request goes out raw.
    let err = orgs
        .create(&organization::CreateParams {
            slug: clerk::string("nameless"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{}/organizations", fake.url()))
        .bearer_auth(FAKE_SECRET_KEY)
        .json(&json!({"slug": "nameless", "name": "   "}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (
            body["errors"][0]["code"].as_str(),
            body["errors"][0]["meta"]["param_name"].as_str()
        ),
        (Some("form_param_missing"), Some("name"))
    );
    assert!(body["clerk_trace_id"].is_string(), "{body}");

    // 422 for an invalid page size.
    let e = api_error(
        users
            .list(&user::ListParams {
                limit: clerk::int64(501),
                ..Default::default()
            })
            .await,
    );
    assert_eq!((e.status, param_name(&e)), (422, Some("limit")));
    let e = api_error(
        users
            .list(&user::ListParams {
                order_by: clerk::string("-shoe_size"),
                ..Default::default()
            })
            .await,
    );
    assert_eq!((e.status, param_name(&e)), (422, Some("order_by")));

    // 401 without a secret key, or with one that is not a secret key.
    for auth in [None, Some("Bearer pk_test_publishable")] {
        let mut request = http.get(format!("{}/users", fake.url()));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401, "{auth:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["code"], "authentication_invalid",
            "{body}"
        );
        assert!(body["clerk_trace_id"].is_string(), "{body}");
    }

    // Every operation answers: the JWT templates the fake keeps (none yet), and
    // `PUT .../metadata` replaces what `PATCH` merges.
    let templates = jwt_template::Client::new(&config)
        .list(&jwt_template::ListParams::default())
        .await
        .unwrap();
    assert_eq!(templates.total_count, 0);
    let grace = new_user(&users, "grace@example.com", "Grace", "Hopper").await;
    let replaced = users
        .replace_metadata(
            &grace.id,
            &user::MetadataParams {
                public_metadata: clerk::json(json!({"plan": "pro"})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(as_json(&replaced.public_metadata), json!({"plan": "pro"}));
    // A path the API does not have is a 404 ClerkErrors, as the API answers it.
    let response = reqwest::Client::new()
        .get(format!("{}/no_such_resource", fake.url()))
        .bearer_auth(clerk::testing::FAKE_SECRET_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "resource_not_found", "{body}");
}

// ---- Pagination ----

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

// ---- Every response against the spec ----

/// Checks responses against the original spec and the generated types.
struct SpecCheck {
    doc: Value,
    http: reqwest::Client,
    base: String,
    failures: Vec<String>,
    /// `(operationId, status)` of every response seen.
    seen: BTreeSet<(String, u16)>,
    /// How many 4xx/5xx responses were checked.
    error_responses: usize,
}

/// The spec's operationId for a request: the template of `clerk::raw::OPERATIONS` that
/// matches with the most literal segments (`/users/count` over `/users/{user_id}`).
fn operation_for(method: &str, path: &str) -> Option<(&'static str, &'static str)> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    clerk::raw::OPERATIONS
        .iter()
        .filter(|(_, m, _)| m.eq_ignore_ascii_case(method))
        .filter_map(|(id, _, template)| {
            let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
            let fits = parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| t.starts_with('{') || t == s);
            fits.then(|| {
                (
                    parts.iter().filter(|p| !p.starts_with('{')).count(),
                    *id,
                    *template,
                )
            })
        })
        .max_by_key(|(literals, _, _)| *literals)
        .map(|(_, id, template)| (id, template))
}

impl SpecCheck {
    /// `GET path` with the secret key, expecting `want`; returns the body.
    async fn get(&mut self, want: u16, path: &str) -> Value {
        self.expect(want, "GET", path, None, Some(KEY_HEADER)).await
    }

    /// `POST path` with a JSON body (or none).
    async fn post(&mut self, want: u16, path: &str, body: impl Into<Option<Value>>) -> Value {
        self.expect(want, "POST", path, body.into(), Some(KEY_HEADER))
            .await
    }

    async fn patch(&mut self, want: u16, path: &str, body: Value) -> Value {
        self.expect(want, "PATCH", path, Some(body), Some(KEY_HEADER))
            .await
    }

    async fn delete(&mut self, want: u16, path: &str) -> Value {
        self.expect(want, "DELETE", path, None, Some(KEY_HEADER))
            .await
    }

    /// Sends a request, checks the response, records a failure unless its status is `want`.
    async fn expect(
        &mut self,
        want: u16,
        method: &str,
        path: &str,
        body: Option<Value>,
        auth: Option<&str>,
    ) -> Value {
        let (status, json) = self.send(method, path, body, auth).await;
        if status != want {
            self.failures.push(format!(
                "{method} {path}: expected {want}, got {status}: {json}"
            ));
        }
        json
    }

    async fn send(
        &mut self,
        method: &str,
        path_and_query: &str,
        body: Option<Value>,
        auth: Option<&str>,
    ) -> (u16, Value) {
        let url = format!("{}{path_and_query}", self.base);
        let mut request = self.http.request(method.parse().unwrap(), &url);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap();
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let what = format!("{method} {path_and_query} -> {status}");
        let json: Value = match serde_json::from_slice(&bytes) {
            Ok(json) => json,
            Err(e) => {
                self.failures.push(format!(
                    "{what}: body is not JSON ({e}): {}",
                    String::from_utf8_lossy(&bytes)
                ));
                return (status, Value::Null);
            }
        };
        let Some((op_id, template)) =
            operation_for(method, path.strip_prefix("/v1").unwrap_or(path))
        else {
            self.failures.push(format!(
                "{what}: no operation of the spec has this method and path"
            ));
            return (status, json);
        };
        self.seen.insert((op_id.to_string(), status));
        self.error_responses += usize::from(status >= 400);
        let what = format!("{what} ({op_id})");
        self.check(&what, op_id, template, method, query, status, &json, &bytes);
        (status, json)
    }

    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        what: &str,
        op_id: &str,
        template: &str,
        method: &str,
        query: &str,
        status: u16,
        json: &Value,
        bytes: &[u8],
    ) {
        let doc = &self.doc;
        let operation = doc["paths"][template][method.to_ascii_lowercase()].clone();
        if operation.is_null() {
            self.failures
                .push(format!("{what}: {method} {template} is not in the spec"));
            return;
        }
        let responses = clerk_tests::spec::json_responses(doc, &operation);
        let documented = responses
            .iter()
            .find(|(s, _)| *s == status.to_string())
            .map(|(_, schema)| (*schema).clone());
        let schema = match documented {
            Some(schema) => schema,
            None if status == 501 => json!({"$ref": "#/components/schemas/ClerkErrors"}),
            None => {
                let listed: Vec<&str> = responses.iter().map(|(s, _)| *s).collect();
                self.failures.push(format!(
                    "{what}: status {status} is not documented (the spec lists {listed:?})"
                ));
                return;
            }
        };
        // `paginated=true` turns a documented bare array into {data, total_count} (rule
        // `paginated-lists` of openapi/rules.toml): the items are checked against the array.
        let takes_paginated = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| clerk_tests::spec::resolve(doc, p)["name"] == "paginated");
        let is_array = clerk_tests::spec::resolve(doc, &schema)["type"] == "array";
        let paginated = query.split('&').any(|kv| kv == "paginated=true");
        let schema = if takes_paginated && is_array && paginated {
            json!({
                "type": "object",
                "required": ["data", "total_count"],
                "properties": {"data": schema, "total_count": {"type": "integer"}},
            })
        } else {
            schema
        };
        if let Err(errors) = clerk_tests::validate::validate(doc, &schema, json) {
            self.failures.push(format!(
                "{what}: does not match the spec's schema:\n      {}",
                errors.join("\n      ")
            ));
        }
        match registry::decode(op_id, status < 300, bytes) {
            Some(Ok(())) => {}
            Some(Err(e)) => self.failures.push(format!(
                "{what}: does not decode into the generated type: {e}"
            )),
            None => self
                .failures
                .push(format!("{what}: the registry has no JSON type for it")),
        }
        if status >= 400 {
            // Every error is a ClerkErrors body with a trace id.
            if json["errors"][0]["code"].as_str().is_none() || !json["clerk_trace_id"].is_string() {
                self.failures.push(format!(
                    "{what}: not a ClerkErrors body with a trace id: {json}"
                ));
            }
        }
    }
}

/// The `Authorization` header of the scenario: the fake takes any test secret key.
const KEY_HEADER: &str = "Bearer sk_test_x";

/// The `id` of a response body.
fn id(body: &Value) -> String {
    body["id"].as_str().unwrap_or_default().to_string()
}

/// The operations FakeClerk implements: each must have been answered with a 2xx.
const SERVED: &[&str] = &[
    "GetJWKS",
    "GetUserList",
    "CreateUser",
    "GetUsersCount",
    "GetUser",
    "UpdateUser",
    "DeleteUser",
    "UpdateUserMetadata",
    "BanUser",
    "UnbanUser",
    "LockUser",
    "UnlockUser",
    "ListOrganizations",
    "CreateOrganization",
    "GetOrganization",
    "UpdateOrganization",
    "DeleteOrganization",
    "MergeOrganizationMetadata",
    "ListOrganizationMemberships",
    "CreateOrganizationMembership",
    "UpdateOrganizationMembership",
    "DeleteOrganizationMembership",
    "ListInvitations",
    "CreateInvitation",
    "RevokeInvitation",
    "GetSessionList",
    "createSession",
    "GetSession",
    "RevokeSession",
    "CreateSessionToken",
];

#[tokio::test]
async fn every_response_matches_the_spec_and_decodes() {
    if clerk_tests::spec::skip_without_spec() {
        return;
    }
    let relative =
        clerk_tests::spec::current_bapi().expect("openapi/pins.toml names the current spec");
    let doc = clerk_tests::spec::load(&relative).expect("the current spec loads");
    let fake = FakeClerk::start().await;
    let base = fake.url().trim_end_matches("/v1").to_string();
    let mut s = SpecCheck {
        doc,
        http: reqwest::Client::new(),
        base,
        failures: Vec::new(),
        seen: BTreeSet::new(),
        error_responses: 0,
    };

    // JWKS
    s.get(200, "/v1/jwks").await;

    // Users
    let ada = id(&s
        .post(
            200,
            "/v1/users",
            json!({
                "email_address": ["ada@example.com"], "phone_number": ["+15555550100"],
                "username": "ada", "first_name": "Ada", "last_name": "Lovelace",
                "external_id": "ext-1", "password": "correct horse battery",
                "public_metadata": {"plan": "pro", "limits": {"seats": 5}},
                "private_metadata": {"crm": 1}, "unsafe_metadata": {"theme": "dark"}
            }),
        )
        .await);
    let bob = id(&s
        .post(
            200,
            "/v1/users",
            json!({"email_address": ["bob@example.com"]}),
        )
        .await);
    s.post(
        422,
        "/v1/users",
        json!({"email_address": ["ADA@example.com"]}),
    )
    .await; // taken
    s.post(422, "/v1/users", json!({"email_address": ["not-an-email"]}))
        .await;
    s.post(422, "/v1/users", json!({"first_name": "Nobody"}))
        .await; // no identifier
    let user = format!("/v1/users/{ada}");
    s.get(200, &user).await;
    s.get(404, "/v1/users/user_missing").await;
    s.expect(401, "GET", &user, None, None).await;
    s.expect(401, "GET", "/v1/users", None, Some("Bearer pk_test_x"))
        .await;
    let body = json!({"email_address": ["x@example.com"]});
    s.expect(401, "POST", "/v1/users", Some(body), None).await;
    s.get(
        200,
        "/v1/users?limit=1&offset=1&order_by=-created_at&email_address=bob@example.com",
    )
    .await;
    s.get(
        200,
        "/v1/users?query=ada&banned=false&order_by=%2Bemail_address",
    )
    .await;
    s.get(422, "/v1/users?limit=0").await;
    s.get(422, "/v1/users?order_by=shoe_size").await;
    s.get(200, "/v1/users/count?email_address_query=example")
        .await;
    s.get(422, "/v1/users/count?banned=maybe").await;
    let update = json!({"first_name": "Augusta", "username": null, "locale": "en"});
    s.patch(200, &user, update).await;
    s.patch(
        200,
        &format!("/v1/users/{bob}"),
        json!({"username": "ADA2"}),
    )
    .await;
    s.patch(422, &user, json!({"username": "ada2"})).await; // taken
    s.patch(422, &user, json!({"first_name": 42})).await;
    s.patch(404, "/v1/users/user_missing", json!({"first_name": "X"}))
        .await;
    let metadata = format!("{user}/metadata");
    let merge = json!({"public_metadata": {"limits": {"seats": null}, "x": 1}});
    s.patch(200, &metadata, merge).await;
    s.patch(422, &metadata, json!({"public_metadata": "not an object"}))
        .await;
    s.patch(
        404,
        "/v1/users/user_missing/metadata",
        json!({"public_metadata": {}}),
    )
    .await;
    for action in ["ban", "unban", "lock", "unlock"] {
        s.post(200, &format!("/v1/users/{bob}/{action}"), None)
            .await;
    }

    // Organizations
    let create = json!({
        "name": "Acme Inc", "created_by": ada, "public_metadata": {"a": {"b": 1}},
        "max_allowed_memberships": 2
    });
    let org = id(&s.post(200, "/v1/organizations", create).await);
    let orgs = "/v1/organizations";
    s.post(422, orgs, json!({"name": "Acme Again", "slug": "acme-inc"}))
        .await; // taken
    s.post(422, orgs, json!({"slug": "nameless"})).await;
    s.post(422, orgs, json!({"name": "Bad", "slug": "Not A Slug"}))
        .await;
    s.post(
        422,
        orgs,
        json!({"name": "Orphan", "created_by": "user_missing"}),
    )
    .await;
    let organization = format!("/v1/organizations/{org}");
    s.get(200, &organization).await;
    s.get(200, "/v1/organizations/acme-inc?include_members_count=true")
        .await;
    s.get(404, "/v1/organizations/org_missing").await;
    s.get(
        200,
        "/v1/organizations?query=acme&limit=5&order_by=-name&include_members_count=true",
    )
    .await;
    s.get(200, &format!("/v1/organizations?user_id={ada}"))
        .await;
    s.get(422, "/v1/organizations?limit=1000").await;
    let update = json!({"slug": "acme", "name": "Acme", "admin_delete_enabled": false});
    s.patch(200, &organization, update).await;
    s.patch(200, &organization, json!({"max_allowed_memberships": null}))
        .await;
    s.patch(200, &organization, json!({"max_allowed_memberships": 2}))
        .await;
    s.patch(422, &organization, json!({"name": "  "})).await;
    s.patch(404, "/v1/organizations/org_missing", json!({"name": "X"}))
        .await;
    let metadata = format!("{organization}/metadata");
    s.patch(200, &metadata, json!({"public_metadata": {"a": {"c": 2}}}))
        .await;
    s.patch(422, &metadata, json!({"private_metadata": [1]}))
        .await;
    let missing = "/v1/organizations/org_missing/metadata";
    s.patch(404, missing, json!({"public_metadata": {}})).await;

    // Memberships (the organization allows 2 members; Ada is the first)
    let members = format!("{organization}/memberships");
    let bob_member = json!({"user_id": bob, "role": "org:member"});
    let with_metadata = json!({"user_id": bob, "role": "org:member", "public_metadata": {"t": 1}});
    s.post(200, &members, with_metadata).await;
    s.post(422, &members, bob_member.clone()).await; // already a member
    s.post(422, &members, json!({"user_id": bob})).await; // no role
    s.post(
        404,
        &members,
        json!({"user_id": "user_missing", "role": "org:member"}),
    )
    .await;
    let elsewhere = "/v1/organizations/org_missing/memberships";
    s.post(404, elsewhere, bob_member).await;
    let cyd = id(&s
        .post(
            200,
            "/v1/users",
            json!({"email_address": ["cyd@example.com"]}),
        )
        .await);
    s.post(403, &members, json!({"user_id": cyd, "role": "org:member"}))
        .await; // over the limit
    s.get(
        200,
        &format!("{members}?role=org:member&limit=10&offset=0&order_by=-created_at"),
    )
    .await;
    s.get(200, &format!("{members}?query=bob&order_by=%2Bfirst_name"))
        .await;
    s.get(422, &format!("{members}?limit=-1")).await;
    let member = format!("{members}/{bob}");
    s.patch(200, &member, json!({"role": "org:admin"})).await;
    s.patch(422, &member, json!({"role": "admin"})).await;
    s.patch(
        404,
        &format!("{members}/user_missing"),
        json!({"role": "org:admin"}),
    )
    .await;
    s.delete(200, &member).await;
    s.delete(404, &member).await;

    // Invitations
    let invite = json!({"email_address": "new@example.com", "public_metadata": {"k": "v"}, "expires_in_days": 3});
    let inv = id(&s.post(200, "/v1/invitations", invite).await);
    s.post(
        200,
        "/v1/invitations",
        json!({"email_address": "other@example.com"}),
    )
    .await;
    s.post(
        422,
        "/v1/invitations",
        json!({"email_address": "new@example.com"}),
    )
    .await; // pending
    s.post(
        422,
        "/v1/invitations",
        json!({"email_address": "bob@example.com"}),
    )
    .await; // a user
    s.post(422, "/v1/invitations", json!({"notify": false}))
        .await;
    s.get(
        200,
        "/v1/invitations?paginated=true&limit=1&offset=1&status=pending&order_by=-created_at",
    )
    .await;
    s.get(200, "/v1/invitations?query=example").await;
    let revoke = format!("/v1/invitations/{inv}/revoke");
    s.post(200, &revoke, None).await;
    s.post(400, &revoke, None).await; // not pending any more
    s.post(404, "/v1/invitations/inv_missing/revoke", None)
        .await;

    // Sessions
    let sess = id(&s.post(200, "/v1/sessions", json!({"user_id": ada})).await);
    s.post(404, "/v1/sessions", json!({"user_id": "user_missing"}))
        .await;
    s.post(422, "/v1/sessions", json!({})).await;
    s.expect(
        401,
        "POST",
        "/v1/sessions",
        Some(json!({"user_id": ada})),
        None,
    )
    .await;
    s.get(200, &format!("/v1/sessions/{sess}")).await;
    s.get(404, "/v1/sessions/sess_missing").await;
    s.get(200, &format!("/v1/sessions?user_id={ada}&status=active"))
        .await;
    s.get(
        200,
        &format!("/v1/sessions?user_id={ada}&paginated=true&limit=5"),
    )
    .await;
    s.get(422, "/v1/sessions?limit=0").await;
    let tokens = format!("/v1/sessions/{sess}/tokens");
    s.post(200, &tokens, json!({"expires_in_seconds": 120}))
        .await;
    s.post(200, &tokens, None).await;
    s.post(200, &format!("/v1/sessions/{sess}/revoke"), None)
        .await;
    s.post(404, &tokens, None).await; // revoked: no token
    s.post(404, "/v1/sessions/sess_missing/revoke", None).await;

    // Deletions
    s.delete(200, &organization).await;
    s.delete(404, &organization).await;
    s.delete(200, &user).await;
    s.delete(404, &user).await;

    // Resources kept beyond the core ones: empty lists, 404s for what is not there.
    s.get(200, "/v1/jwt_templates").await;
    s.get(404, "/v1/jwt_templates/jtmp_missing").await;
    s.delete(404, "/v1/allowlist_identifiers/alid_missing")
        .await;
    s.delete(404, "/v1/blocklist_identifiers/blid_missing")
        .await;
    s.get(404, "/v1/machines/mch_missing").await;
    s.get(404, "/v1/oauth_applications/oa_missing").await;

    let answered: BTreeSet<&str> = s
        .seen
        .iter()
        .filter(|(_, st)| *st < 300)
        .map(|(op, _)| op.as_str())
        .collect();
    for op in SERVED {
        if !answered.contains(op) {
            s.failures
                .push(format!("{op}: the scenario got no 2xx from it"));
        }
    }
    // The checks have teeth: a user with a string timestamp and no id is refused by both.
    let mut bad = s.get(200, &format!("/v1/users/{bob}")).await;
    bad["created_at"] = json!("yesterday");
    bad.as_object_mut().unwrap().remove("id");
    let user_schema = json!({"$ref": "#/components/schemas/User"});
    let errors = clerk_tests::validate::validate(&s.doc, &user_schema, &bad)
        .expect_err("an invalid user is refused");
    assert!(
        errors.iter().any(|e| e.contains("/created_at")),
        "{errors:?}"
    );
    assert!(matches!(
        registry::decode("GetUser", true, bad.to_string().as_bytes()),
        Some(Err(_))
    ));

    assert!(
        s.error_responses >= 50,
        "the scenario covers the error responses ({} seen)",
        s.error_responses
    );
    assert!(
        s.failures.is_empty(),
        "{} failure(s):\n  {}",
        s.failures.len(),
        s.failures.join("\n  ")
    );
}
