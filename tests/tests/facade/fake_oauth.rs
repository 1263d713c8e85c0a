//! `FakeClerk` scenarios: OAuth applications (created, listed, read, updated, their
//! secret rotated, deleted) and the access tokens a test issues for them, verified until
//! revoked.

use crate::support::{assert_not_found, authenticate_with_fake};
use clerk::testing::FakeClerk;
use clerk::{
    Auth, RequestState, SignedOutReason, TokenKind, oauth_access_token, oauth_application as app,
    user,
};
use serde_json::Value;

fn create(name: &str) -> app::CreateParams {
    app::CreateParams {
        name: Some(name.into()),
        redirect_uris: Some(vec![format!("https://{name}.example.com/callback")]),
        scopes: Some("profile email".into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn oauth_applications_create_list_get_update_rotate_and_delete() {
    let fake = FakeClerk::start().await;
    let apps = app::Client::new(&fake.config());
    let crm = apps.create(&create("crm")).await.unwrap();
    assert!(crm.id.starts_with("oa_"), "{}", crm.id);
    assert!(!crm.client_id.is_empty() && !crm.public);
    let secret = crm.client_secret.clone().unwrap();
    assert!(!secret.is_empty());
    assert_eq!(crm.redirect_uris, ["https://crm.example.com/callback"]);
    let cli = apps
        .create(&app::CreateParams {
            public: Some(true),
            ..create("cli")
        })
        .await
        .unwrap();
    assert!(cli.public);
    assert_eq!(cli.client_secret.as_deref().unwrap_or_default(), "");

    let got = apps.get(&crm.id).await.unwrap();
    assert_eq!(
        (got.name.as_str(), got.client_id.as_str()),
        ("crm", crm.client_id.as_str())
    );
    let listed = apps.list(&app::ListParams::default()).await.unwrap();
    let names: Vec<&str> = listed.data.iter().map(|a| a.name.as_str()).collect();
    assert_eq!((names, listed.total_count), (vec!["cli", "crm"], 2));
    let by_name = apps
        .list(&app::ListParams {
            name_query: Some("CR".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        by_name
            .data
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>(),
        [crm.id.as_str()]
    );

    let updated = apps
        .update(
            &crm.id,
            &app::UpdateParams {
                name: Some("crm-prod".into()),
                scopes: Some("profile email public_metadata".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.name, "crm-prod");
    assert_eq!(updated.scopes, "profile email public_metadata");
    assert_eq!(
        updated.redirect_uris, crm.redirect_uris,
        "fields not sent stay"
    );
    assert_eq!(apps.get(&crm.id).await.unwrap().name, "crm-prod");

    let rotated = apps.rotate_secret(&crm.id).await.unwrap();
    let new_secret = rotated.client_secret.unwrap();
    assert!(!new_secret.is_empty() && new_secret != secret);
    assert_eq!(rotated.client_id, crm.client_id, "the client id stays");

    let deleted = apps.delete(&crm.id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(crm.id.as_str()));
    assert_not_found(apps.get(&crm.id).await);
    assert_not_found(apps.rotate_secret(&crm.id).await);
    assert_not_found(apps.delete(&crm.id).await);
    let left = apps.list(&app::ListParams::default()).await.unwrap();
    assert_eq!(left.total_count, 1);
    assert_eq!(left.data[0].id, cli.id);
}

#[tokio::test]
async fn oauth_access_tokens_verify_until_revoked() {
    let fake = FakeClerk::start().await;
    let apps = app::Client::new(&fake.config());
    let tokens = oauth_access_token::Client::new(&fake.config());
    let ada = user::Client::new(&fake.config())
        .create(&user::CreateParams {
            email_address: Some(vec!["ada@example.com".into()]),
            ..Default::default()
        })
        .await
        .unwrap();
    let crm = apps.create(&create("crm")).await.unwrap();
    let other = apps.create(&create("other")).await.unwrap();

    let token = fake.oauth_access_token(&crm.client_id, &ada.id, &["profile", "email"]);
    assert!(token.starts_with("oat_"), "{token}");
    let verified = serde_json::to_value(tokens.verify(Some(&token)).await.unwrap()).unwrap();
    assert_eq!(verified["client_id"], crm.client_id.as_str());
    assert_eq!(verified["subject"], ada.id.as_str());
    assert_eq!(verified["scopes"], serde_json::json!(["profile", "email"]));
    assert_eq!(
        (&verified["revoked"], &verified["expired"]),
        (&Value::Bool(false), &Value::Bool(false))
    );
    match authenticate_with_fake(&fake, &token).await {
        RequestState::SignedIn(Auth::OAuthToken(auth)) => {
            assert_eq!(
                (auth.client_id.as_str(), auth.subject.as_str()),
                (crm.client_id.as_str(), ada.id.as_str())
            );
            assert_eq!(auth.scopes, ["profile", "email"]);
        }
        other => panic!("expected an OAuth token, got {other:?}"),
    }
    assert_not_found(
        tokens
            .verify(Some("oat_00000000000000000000000000000000"))
            .await,
    );

    // Only the application that issued it revokes it.
    assert_not_found(apps.revoke_token(&other.id, &token).await);
    apps.revoke_token(&crm.id, &token).await.unwrap();
    let verified = serde_json::to_value(tokens.verify(Some(&token)).await.unwrap()).unwrap();
    assert_eq!(verified["revoked"], true);
    match authenticate_with_fake(&fake, &token).await {
        RequestState::SignedOut(SignedOutReason::InactiveMachineToken(kind)) => {
            assert_eq!(kind, TokenKind::OAuthToken)
        }
        other => panic!("expected a revoked token to sign out, got {other:?}"),
    }
}
