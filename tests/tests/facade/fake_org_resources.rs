//! `FakeClerk` scenarios: an organization's domains (created, listed per organization
//! and across them, updated, verified, deleted) and invitations (created one by one and
//! in bulk, listed by status, read, revoked).

use crate::support::assert_not_found;
use clerk::testing::FakeClerk;
use clerk::types::{
    ListAllOrganizationDomainsEnrollmentModeItem, ListOrganizationInvitationsStatus,
};
use clerk::{
    Error, organization, organization_domain as domain, organization_invitation as invitation,
};
use serde_json::{Value, json};

/// The status and code of the API error `result` is.
fn refused<T: std::fmt::Debug>(result: clerk::Result<T>) -> (u16, String) {
    match result {
        Err(Error::Api(e)) => (e.status, e.code().unwrap_or_default().to_string()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

async fn new_org(fake: &FakeClerk, name: &str, slug: &str) -> organization::Organization {
    organization::Client::new(&fake.config())
        .create(&organization::CreateParams {
            name: Some(name.into()),
            slug: Some(slug.into()),
            ..Default::default()
        })
        .await
        .unwrap()
}

fn status_of<T: serde::Serialize>(item: &T, key: &str) -> Value {
    serde_json::to_value(item).unwrap()[key]["status"].clone()
}

#[tokio::test]
async fn organization_domains_create_list_update_verify_and_delete() {
    let fake = FakeClerk::start().await;
    let domains = domain::Client::new(&fake.config());
    let acme = new_org(&fake, "Acme", "acme").await;
    let globex = new_org(&fake, "Globex", "globex").await;

    let acme_com = domains
        .create(
            &acme.id,
            &domain::CreateParams {
                name: Some("acme.com".into()),
                enrollment_mode: Some("automatic_invitation".into()),
                verified: Some(false),
            },
        )
        .await
        .unwrap();
    assert!(acme_com.id.starts_with("orgdmn_"), "{}", acme_com.id);
    assert_eq!(acme_com.organization_id, acme.id);
    assert_eq!(acme_com.enrollment_mode.as_str(), "automatic_invitation");
    assert_eq!(status_of(&acme_com, "verification"), "unverified");
    let acme_dev = domains
        .create(
            &acme.id,
            &domain::CreateParams {
                name: Some("acme.dev".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(acme_dev.enrollment_mode.as_str(), "manual_invitation");
    assert_eq!(status_of(&acme_dev, "verification"), "verified");
    let globex_com = domains
        .create(
            &globex.id,
            &domain::CreateParams {
                name: Some("globex.com".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();

    // A name is one organization's only.
    let taken = domains
        .create(
            &globex.id,
            &domain::CreateParams {
                name: Some("ACME.com".into()),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(refused(taken).0, 422);

    // Per organization, newest first, with filters.
    let names = |list: &clerk::List<domain::OrganizationDomain>| -> Vec<String> {
        list.data.iter().map(|d| d.name.clone()).collect()
    };
    let listed = domains
        .list(&acme.id, &domain::ListParams::default())
        .await
        .unwrap();
    assert_eq!(
        (names(&listed), listed.total_count),
        (vec!["acme.dev".into(), "acme.com".into()], 2)
    );
    let unverified = domains
        .list(
            &acme.id,
            &domain::ListParams {
                verified: Some("false".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(names(&unverified), ["acme.com"]);
    let automatic = domains
        .list(
            &acme.id,
            &domain::ListParams {
                enrollment_mode: Some("automatic_invitation".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(names(&automatic), ["acme.com"]);

    // Across organizations: all of them, or one organization's, or by name.
    let all = domains
        .list_from_instance(&domain::ListFromInstanceParams::default())
        .await
        .unwrap();
    assert_eq!(all.total_count, 3);
    assert!(names(&all).contains(&globex_com.name));
    let of_globex = domains
        .list_from_instance(&domain::ListFromInstanceParams {
            organization_id: Some(globex.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(names(&of_globex), ["globex.com"]);
    let verified = domains
        .list_from_instance(&domain::ListFromInstanceParams {
            verified: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(verified.total_count, 2, "{:?}", names(&verified));
    let by_name = domains
        .list_from_instance(&domain::ListFromInstanceParams {
            domains: Some(vec!["globex.com".into(), "acme.dev".into()]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(by_name.total_count, 2, "{:?}", names(&by_name));
    let by_mode = domains
        .list_from_instance(&domain::ListFromInstanceParams {
            enrollment_mode: Some(vec![
                ListAllOrganizationDomainsEnrollmentModeItem::AutomaticInvitation,
            ]),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(names(&by_mode), ["acme.com"]);

    // Update persists; verifying ownership verifies the domain.
    let updated = domains
        .update(
            &acme.id,
            &acme_com.id,
            &domain::UpdateParams {
                enrollment_mode: Some("automatic_suggestion".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.enrollment_mode.as_str(), "automatic_suggestion");
    let verified = domains
        .verify_ownership(&acme.id, &acme_com.id)
        .await
        .unwrap();
    assert_eq!(status_of(&verified, "verification"), "verified");
    assert_eq!(verified.enrollment_mode.as_str(), "automatic_suggestion");
    let now_verified = domains
        .list(
            &acme.id,
            &domain::ListParams {
                verified: Some("true".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(now_verified.total_count, 2);

    // A domain is reached through its own organization only.
    assert_not_found(domains.verify_ownership(&globex.id, &acme_com.id).await);
    assert_not_found(domains.delete(&globex.id, &acme_com.id).await);

    let deleted = domains.delete(&acme.id, &acme_com.id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(acme_com.id.as_str()));
    assert_not_found(domains.delete(&acme.id, &acme_com.id).await);
    assert_not_found(
        domains
            .update(&acme.id, &acme_com.id, &domain::UpdateParams::default())
            .await,
    );
    let left = domains
        .list(&acme.id, &domain::ListParams::default())
        .await
        .unwrap();
    assert_eq!(names(&left), ["acme.dev"]);
}

#[tokio::test]
async fn organization_invitations_create_bulk_list_by_status_get_and_revoke() {
    let fake = FakeClerk::start().await;
    let invitations = invitation::Client::new(&fake.config());
    let acme = new_org(&fake, "Acme", "acme").await;
    let globex = new_org(&fake, "Globex", "globex").await;

    let ada = invitations
        .create(
            &acme.id,
            &invitation::CreateParams {
                email_address: Some("ada@example.com".into()),
                role: Some("org:admin".into()),
                public_metadata: Some(json!({"team": "core"})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(ada.id.starts_with("orginv_"), "{}", ada.id);
    assert_eq!(ada.organization_id.as_deref(), Some(acme.id.as_str()));
    assert_eq!(
        (ada.role.as_str(), ada.role_name.as_str()),
        ("org:admin", "Admin")
    );
    assert_eq!(ada.status.as_deref(), Some("pending"));
    assert_eq!(ada.public_metadata["team"], "core");
    assert!(ada.expires_at.is_some_and(|at| at > ada.created_at));

    // One pending invitation per address and organization.
    let again = invitations
        .create(
            &acme.id,
            &invitation::CreateParams {
                email_address: Some("ADA@example.com".into()),
                role: Some("org:member".into()),
                ..Default::default()
            },
        )
        .await;
    assert_eq!(refused(again), (422, "duplicate_record".into()));
    assert_not_found(
        invitations
            .create(
                "org_2noSuchOrganizationInFake00",
                &invitation::CreateParams {
                    email_address: Some("x@example.com".into()),
                    role: Some("org:member".into()),
                    ..Default::default()
                },
            )
            .await,
    );

    // Bulk: each created, in order.
    let member = |email: &str| invitation::CreateParams {
        email_address: Some(email.into()),
        role: Some("org:member".into()),
        ..Default::default()
    };
    let bulk = invitations
        .create_bulk(
            &acme.id,
            &[member("bob@example.com"), member("cyd@example.com")],
        )
        .await
        .unwrap();
    let emails: Vec<&str> = bulk.data.iter().map(|i| i.email_address.as_str()).collect();
    assert_eq!(emails, ["bob@example.com", "cyd@example.com"]);
    assert!(
        bulk.data
            .iter()
            .all(|i| i.status.as_deref() == Some("pending"))
    );
    invitations
        .create(&globex.id, &member("dee@example.com"))
        .await
        .unwrap();

    // Get reads it back; another organization's path does not.
    let got = invitations.get(&acme.id, &ada.id).await.unwrap();
    assert_eq!(
        (got.id.as_str(), got.email_address.as_str()),
        (ada.id.as_str(), "ada@example.com")
    );
    assert_not_found(invitations.get(&globex.id, &ada.id).await);

    // Revoke: the status changes and stays; a revoked invitation cannot be revoked again.
    let bob = &bulk.data[0];
    let revoked = invitations
        .revoke(&acme.id, &bob.id, &invitation::RevokeParams::default())
        .await
        .unwrap();
    assert_eq!(revoked.status.as_deref(), Some("revoked"));
    assert_eq!(
        invitations
            .get(&acme.id, &bob.id)
            .await
            .unwrap()
            .status
            .as_deref(),
        Some("revoked")
    );
    assert_eq!(
        refused(
            invitations
                .revoke(&acme.id, &bob.id, &invitation::RevokeParams::default())
                .await
        )
        .0,
        400
    );
    assert_not_found(
        invitations
            .revoke(
                &acme.id,
                "orginv_2noSuchInvitationInFake0000",
                &invitation::RevokeParams::default(),
            )
            .await,
    );

    // Lists: all of the organization's, by status, pending only, across organizations.
    let by_status = |status| invitation::ListParams {
        status: Some(status),
        ..Default::default()
    };
    let emails = |list: &clerk::List<invitation::OrganizationInvitation>| -> Vec<String> {
        let mut e: Vec<String> = list.data.iter().map(|i| i.email_address.clone()).collect();
        e.sort();
        e
    };
    let all = invitations
        .list(&acme.id, &invitation::ListParams::default())
        .await
        .unwrap();
    assert_eq!(all.total_count, 3);
    let pending = invitations
        .list(
            &acme.id,
            &by_status(ListOrganizationInvitationsStatus::Pending),
        )
        .await
        .unwrap();
    assert_eq!(emails(&pending), ["ada@example.com", "cyd@example.com"]);
    let revoked = invitations
        .list(
            &acme.id,
            &by_status(ListOrganizationInvitationsStatus::Revoked),
        )
        .await
        .unwrap();
    assert_eq!(emails(&revoked), ["bob@example.com"]);
    let pending_only = invitations
        .list_pending(&acme.id, &invitation::PageParams::default())
        .await
        .unwrap();
    assert_eq!(emails(&pending_only), emails(&pending));
    let by_email = invitations
        .list(
            &acme.id,
            &invitation::ListParams {
                email_address: Some("cyd@example.com".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(emails(&by_email), ["cyd@example.com"]);
    let instance = invitations
        .list_from_instance(&invitation::ListFromInstanceParams::default())
        .await
        .unwrap();
    assert_eq!(instance.total_count, 4, "both organizations' invitations");
    let instance_revoked = invitations
        .list_from_instance(&invitation::ListFromInstanceParams {
            status: Some(clerk::types::ListInstanceOrganizationInvitationsStatus::Revoked),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(instance_revoked.total_count, 1);
    assert_eq!(instance_revoked.data[0].id, bob.id);
}
