//! FakeClerk: organizations and their memberships.

use clerk::testing::FakeClerk;
use clerk::{organization, organization_membership as membership, user};
use serde_json::{Value, json};

use super::{api_error, ids, new_user};

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
