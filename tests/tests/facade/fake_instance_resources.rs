//! `FakeClerk` scenarios: the instance's allow- and blocklists, JWT templates, redirect
//! URLs and domains (created, listed, updated, deleted), and the actor and sign-in
//! tokens issued for a user (created, revoked).

use crate::support::assert_not_found;
use clerk::testing::FakeClerk;
use clerk::types::{ActorTokenStatus, SignInTokenStatus};
use clerk::{
    Error, actor_token, allowlist_identifier as allowlist, blocklist_identifier as blocklist,
    domain, jwt_template, redirect_url, sign_in_token, user,
};
use serde_json::json;

/// The status, code and `param_name` of the API error `result` is.
fn refused<T: std::fmt::Debug>(result: clerk::Result<T>) -> (u16, String, String) {
    match result {
        Err(Error::Api(e)) => {
            let param = e.errors[0]
                .meta
                .as_ref()
                .and_then(|m| m.get("param_name"))
                .and_then(|p| p.as_str())
                .unwrap_or_default()
                .to_string();
            (e.status, e.code().unwrap_or_default().to_string(), param)
        }
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn allowlist_identifiers_create_list_and_delete() {
    let fake = FakeClerk::start().await;
    let allowed = allowlist::Client::new(&fake.config());
    let create = |identifier: &str| allowlist::CreateParams {
        identifier: Some(identifier.into()),
        ..Default::default()
    };

    let email = allowed.create(&create("ada@example.com")).await.unwrap();
    let id = email.id.clone().unwrap();
    assert!(id.starts_with("alid_"), "{id}");
    assert_eq!(email.identifier.as_deref(), Some("ada@example.com"));
    assert_eq!(
        email.identifier_type.as_ref().map(|t| t.as_str()),
        Some("email_address")
    );
    let phone = allowed.create(&create("+15555550100")).await.unwrap();
    assert_eq!(
        phone.identifier_type.as_ref().map(|t| t.as_str()),
        Some("phone_number")
    );

    // One entry per identifier; something else than an identifier is refused.
    assert_eq!(
        refused(allowed.create(&create("ADA@example.com")).await),
        (422, "duplicate_record".into(), "identifier".into())
    );
    assert_eq!(
        refused(allowed.create(&create("not an identifier")).await).0,
        422
    );

    let listed = allowed
        .list(&allowlist::ListParams::default())
        .await
        .unwrap();
    let ids: Vec<_> = listed.data.iter().filter_map(|i| i.id.clone()).collect();
    assert_eq!(
        (ids, listed.total_count),
        (vec![phone.id.clone().unwrap(), id.clone()], 2)
    );
    let page = allowed
        .list(&allowlist::ListParams {
            limit: Some(1),
            offset: Some(1),
        })
        .await
        .unwrap();
    assert_eq!(
        (
            page.data.len(),
            page.data[0].id.as_deref(),
            page.total_count
        ),
        (1, Some(id.as_str()), 2)
    );

    let deleted = allowed.delete(&id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(id.as_str()));
    assert_not_found(allowed.delete(&id).await);
    let left = allowed
        .list(&allowlist::ListParams::default())
        .await
        .unwrap();
    assert_eq!(left.total_count, 1);
    // Once deleted, the identifier can be listed again.
    allowed.create(&create("ada@example.com")).await.unwrap();
}

#[tokio::test]
async fn blocklist_identifiers_create_list_and_delete() {
    let fake = FakeClerk::start().await;
    let blocked = blocklist::Client::new(&fake.config());
    let create = |identifier: &str| blocklist::CreateParams {
        identifier: Some(identifier.into()),
    };

    let spam = blocked.create(&create("spam@example.com")).await.unwrap();
    let id = spam.id.clone().unwrap();
    assert!(id.starts_with("blid_"), "{id}");
    assert_eq!(
        spam.identifier_type.as_ref().map(|t| t.as_str()),
        Some("email_address")
    );
    let wallet = blocked.create(&create("0x1234567890abcdef")).await.unwrap();
    assert_eq!(
        wallet.identifier_type.as_ref().map(|t| t.as_str()),
        Some("web3_wallet")
    );
    assert_eq!(
        refused(blocked.create(&create("spam@example.com")).await).0,
        422
    );

    let listed = blocked.list().await.unwrap();
    assert_eq!(listed.total_count, 2);
    assert!(
        listed
            .data
            .iter()
            .any(|i| i.id.as_deref() == Some(id.as_str()))
    );

    assert!(blocked.delete(&id).await.unwrap().deleted);
    assert_not_found(blocked.delete(&id).await);
    let left = blocked.list().await.unwrap();
    assert_eq!(
        left.data
            .iter()
            .map(|i| i.id.as_deref())
            .collect::<Vec<_>>(),
        [wallet.id.as_deref()]
    );
}

#[tokio::test]
async fn jwt_templates_create_list_get_update_delete_and_unique_names() {
    let fake = FakeClerk::start().await;
    let templates = jwt_template::Client::new(&fake.config());
    let supabase = templates
        .create(&jwt_template::CreateParams {
            name: Some("supabase".into()),
            claims: Some(json!({"aud": "authenticated", "role": "{{user.public_metadata.role}}"})),
            lifetime: Some(120),
            allowed_clock_skew: Some(10),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(supabase.id.starts_with("jtmp_"), "{}", supabase.id);
    assert_eq!(supabase.name, "supabase");
    assert_eq!(supabase.claims["aud"], "authenticated");
    assert_eq!((supabase.lifetime, supabase.allowed_clock_skew), (120, 10));

    // Names are unique.
    let twin = templates
        .create(&jwt_template::CreateParams {
            name: Some("supabase".into()),
            claims: Some(json!({})),
            ..Default::default()
        })
        .await;
    assert_eq!(
        refused(twin),
        (422, "form_identifier_exists".into(), "name".into())
    );
    let hasura = templates
        .create(&jwt_template::CreateParams {
            name: Some("hasura".into()),
            claims: Some(json!({"https://hasura.io/jwt/claims": {}})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (
            hasura.lifetime,
            hasura.allowed_clock_skew,
            hasura.custom_signing_key
        ),
        (60, 5, false),
        "the API's defaults"
    );
    assert_eq!(hasura.signing_algorithm, "RS256");

    let got = templates.get(&supabase.id).await.unwrap();
    assert_eq!(
        serde_json::to_value(&got).unwrap(),
        serde_json::to_value(&supabase).unwrap(),
        "get answers what create answered"
    );
    let listed = templates
        .list(&jwt_template::ListParams::default())
        .await
        .unwrap();
    let names: Vec<&str> = listed.data.iter().map(|t| t.name.as_str()).collect();
    assert_eq!((names, listed.total_count), (vec!["hasura", "supabase"], 2));

    let updated = templates
        .update(
            &supabase.id,
            &jwt_template::UpdateParams {
                name: Some("supabase-v2".into()),
                claims: Some(json!({"aud": "service"})),
                lifetime: Some(300),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (updated.name.as_str(), updated.lifetime),
        ("supabase-v2", 300)
    );
    assert_eq!(updated.claims["aud"], "service");
    assert_eq!(updated.allowed_clock_skew, 10, "fields not sent stay");
    assert!(updated.updated_at > supabase.updated_at);
    assert_eq!(
        templates.get(&supabase.id).await.unwrap().name,
        "supabase-v2"
    );
    // Renamed to another template's name: refused; to its own name: fine.
    let rename = |name: &str| jwt_template::UpdateParams {
        name: Some(name.into()),
        claims: Some(json!({"aud": "service"})),
        ..Default::default()
    };
    match templates.update(&supabase.id, &rename("hasura")).await {
        Err(clerk::Error::Api(e)) => {
            assert_eq!((e.status, e.code()), (422, Some("form_identifier_exists")))
        }
        other => panic!("{other:?}"),
    }
    templates
        .update(&supabase.id, &rename("supabase-v2"))
        .await
        .unwrap();

    let deleted = templates.delete(&supabase.id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id.as_deref(), Some(supabase.id.as_str()));
    assert_not_found(templates.get(&supabase.id).await);
    assert_not_found(
        templates
            .update(
                &supabase.id,
                &jwt_template::UpdateParams {
                    name: Some("ghost".into()),
                    claims: Some(json!({})),
                    ..Default::default()
                },
            )
            .await,
    );
    let left = templates
        .list(&jwt_template::ListParams::default())
        .await
        .unwrap();
    assert_eq!(
        left.data.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        [hasura.id.as_str()]
    );
}

#[tokio::test]
async fn redirect_urls_create_list_get_and_delete() {
    let fake = FakeClerk::start().await;
    let urls = redirect_url::Client::new(&fake.config());
    let create = |url: &str| redirect_url::CreateParams {
        url: Some(url.into()),
    };
    let app = urls
        .create(&create("myapp://oauth-callback"))
        .await
        .unwrap();
    assert!(app.id.starts_with("ru_"), "{}", app.id);
    assert_eq!(app.url, "myapp://oauth-callback");
    let web = urls
        .create(&create("https://example.com/callback"))
        .await
        .unwrap();

    assert_eq!(urls.get(&app.id).await.unwrap().url, app.url);
    let listed = urls
        .list(&redirect_url::ListParams::default())
        .await
        .unwrap();
    let ids: Vec<&str> = listed.data.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, [web.id.as_str(), app.id.as_str()]);

    assert!(urls.delete(&app.id).await.unwrap().deleted);
    assert_not_found(urls.get(&app.id).await);
    assert_not_found(urls.delete(&app.id).await);
    let left = urls
        .list(&redirect_url::ListParams::default())
        .await
        .unwrap();
    assert_eq!(left.total_count, 1);
    assert_eq!(left.data[0].id, web.id);
}

#[tokio::test]
async fn domains_create_list_update_and_delete() {
    let fake = FakeClerk::start().await;
    let domains = domain::Client::new(&fake.config());
    let satellite = domains
        .create(&domain::CreateParams {
            name: Some("satellite.example.com".into()),
            is_satellite: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(satellite.id.starts_with("dmn_"), "{}", satellite.id);
    assert_eq!(satellite.name, "satellite.example.com");
    assert!(satellite.is_satellite);
    assert_eq!(
        satellite.frontend_api_url,
        "https://clerk.satellite.example.com"
    );
    assert_eq!(satellite.proxy_url, None);

    let twin = domains
        .create(&domain::CreateParams {
            name: Some("satellite.example.com".into()),
            is_satellite: Some(true),
            ..Default::default()
        })
        .await;
    assert_eq!(refused(twin).0, 422);

    let listed = domains.list().await.unwrap();
    assert_eq!(listed.total_count, 1);
    assert_eq!(listed.data[0].id, satellite.id);

    let updated = domains
        .update(
            &satellite.id,
            &domain::UpdateParams {
                proxy_url: clerk::string("https://example.com/__clerk"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        updated.proxy_url.as_deref(),
        Some("https://example.com/__clerk")
    );
    assert_eq!(
        domains.list().await.unwrap().data[0].proxy_url.as_deref(),
        Some("https://example.com/__clerk"),
        "the update is stored"
    );

    let deleted = domains.delete(&satellite.id).await.unwrap();
    assert!(deleted.deleted);
    assert_not_found(domains.delete(&satellite.id).await);
    assert_not_found(
        domains
            .update(&satellite.id, &domain::UpdateParams::default())
            .await,
    );
    assert_eq!(domains.list().await.unwrap().total_count, 0);
}

#[tokio::test]
async fn actor_and_sign_in_tokens_are_issued_for_a_user_and_revoked() {
    let fake = FakeClerk::start().await;
    let ada = user::Client::new(&fake.config())
        .create(&user::CreateParams {
            email_address: Some(vec!["ada@example.com".into()]),
            ..Default::default()
        })
        .await
        .unwrap();

    let actors = actor_token::Client::new(&fake.config());
    let actor = actors
        .create(&actor_token::CreateParams {
            user_id: Some(ada.id.clone()),
            actor: Some(json!({"sub": "user_2supportAgentOfTheFake00000"})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(actor.id.starts_with("act_"), "{}", actor.id);
    assert_eq!(actor.user_id, ada.id);
    assert_eq!(actor.status, ActorTokenStatus::Pending);
    let ticket = actor.token.clone().unwrap();
    assert!(
        actor
            .url
            .as_deref()
            .unwrap()
            .ends_with(&format!("__clerk_ticket={ticket}"))
    );
    let revoked = actors.revoke(&actor.id).await.unwrap();
    assert_eq!(
        (revoked.id.as_str(), revoked.status),
        (actor.id.as_str(), ActorTokenStatus::Revoked)
    );
    assert_eq!(
        refused(actors.revoke(&actor.id).await).0,
        400,
        "revoked once"
    );
    assert_not_found(actors.revoke("act_2noSuchActorTokenInTheFake0").await);
    assert_not_found(
        actors
            .create(&actor_token::CreateParams {
                user_id: Some("user_2noSuchUserInTheFake0000000".into()),
                actor: Some(json!({"sub": "user_2supportAgentOfTheFake00000"})),
                ..Default::default()
            })
            .await,
    );

    let sign_ins = sign_in_token::Client::new(&fake.config());
    let token = sign_ins
        .create(&sign_in_token::CreateParams {
            user_id: Some(ada.id.clone()),
            expires_in_seconds: Some(600),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(token.id.starts_with("sit_"), "{}", token.id);
    assert_eq!(token.user_id, ada.id);
    assert_eq!(token.status, SignInTokenStatus::Pending);
    assert!(token.token.is_some() && token.url.is_some());
    let revoked = sign_ins.revoke(&token.id).await.unwrap();
    assert_eq!(revoked.status, SignInTokenStatus::Revoked);
    assert_eq!(refused(sign_ins.revoke(&token.id).await).0, 400);
    assert_not_found(sign_ins.revoke("sit_2noSuchSignInTokenInFake000").await);
}
