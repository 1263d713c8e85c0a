//! `FakeClerk` scenarios: API keys, machines and M2M tokens, from creation to
//! revocation, with `clerk::authenticate_request` signing in what the fake issued and
//! out what it revoked.

use crate::support::{assert_not_found, authenticate_with_fake};
use clerk::testing::FakeClerk;
use clerk::types::CreateM2mTokenBodyTokenFormat;
use clerk::{
    Auth, ClientConfig, Error, RequestState, SignedOutReason, TokenKind, api_key, m2m_token,
    machine, user,
};
use serde_json::json;

fn inactive(state: RequestState) -> TokenKind {
    match state {
        RequestState::SignedOut(SignedOutReason::InactiveMachineToken(kind)) => kind,
        other => panic!("expected an inactive machine token, got {other:?}"),
    }
}

#[tokio::test]
async fn api_keys_create_list_get_update_verify_revoke_and_delete() {
    let fake = FakeClerk::start().await;
    let keys = api_key::Client::new(&fake.config());
    let users = user::Client::new(&fake.config());
    let new_user = |email: &str| user::CreateParams {
        email_address: Some(vec![email.into()]),
        ..Default::default()
    };
    let ada = users.create(&new_user("ada@example.com")).await.unwrap();
    let bob = users.create(&new_user("bob@example.com")).await.unwrap();

    let key = keys
        .create(&api_key::CreateParams {
            name: Some("exporter".into()),
            subject: Some(ada.id.clone()),
            scopes: Some(vec!["invoices:read".into()]),
            claims: Some(json!({"tenant": "acme"})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        key.id.starts_with("ak_") && key.id.len() == 3 + 32,
        "{}",
        key.id
    );
    assert!(key.secret.starts_with("ak_") && key.secret != key.id);
    assert_eq!(
        (key.subject.as_str(), key.name.as_str()),
        (ada.id.as_str(), "exporter")
    );
    assert_eq!(key.scopes, ["invoices:read"]);
    assert!(!key.revoked && !key.expired && key.expiration.is_none());
    keys.create(&api_key::CreateParams {
        name: Some("bob's".into()),
        subject: Some(bob.id.clone()),
        ..Default::default()
    })
    .await
    .unwrap();
    // The subject must exist.
    match keys
        .create(&api_key::CreateParams {
            name: Some("orphan".into()),
            subject: Some("user_2noSuchUserInTheFake0000000".into()),
            ..Default::default()
        })
        .await
    {
        Err(Error::Api(e)) => assert_eq!(e.status, 422),
        other => panic!("expected a 422, got {other:?}"),
    }

    let by_subject = |subject: &str| api_key::ListParams {
        subject: Some(subject.into()),
        ..Default::default()
    };
    let adas = keys.list(&by_subject(&ada.id)).await.unwrap();
    assert_eq!(adas.total_count, 1);
    assert_eq!(adas.data[0].id, key.id);
    let got = keys.get(&key.id).await.unwrap();
    assert_eq!(
        (got.name.as_str(), got.scopes.clone()),
        ("exporter", key.scopes.clone())
    );

    let updated = keys
        .update(
            &key.id,
            &api_key::UpdateParams {
                scopes: Some(vec!["invoices:read".into(), "invoices:write".into()]),
                description: clerk::string("nightly export"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.scopes, ["invoices:read", "invoices:write"]);
    assert_eq!(
        serde_json::to_value(&updated.description).unwrap(),
        "nightly export"
    );
    assert_eq!(keys.get(&key.id).await.unwrap().scopes.len(), 2);
    assert_eq!(keys.get_secret(&key.id).await.unwrap().secret, key.secret);

    // The secret verifies, with the API and through authenticate_request.
    let verified = keys.verify(&key.secret).await.unwrap();
    assert_eq!(
        (verified.id.as_str(), verified.subject.as_str()),
        (key.id.as_str(), ada.id.as_str())
    );
    assert!(!verified.revoked && verified.last_used_at.is_some());
    match authenticate_with_fake(&fake, &key.secret).await {
        RequestState::SignedIn(Auth::ApiKey(auth)) => {
            assert_eq!(
                (auth.id.as_str(), auth.subject.as_str()),
                (key.id.as_str(), ada.id.as_str())
            );
            assert_eq!(auth.scopes, ["invoices:read", "invoices:write"]);
            assert_eq!(auth.claims.unwrap()["tenant"], "acme");
        }
        other => panic!("expected an API key, got {other:?}"),
    }
    assert_not_found(keys.verify("ak_00000000000000000000000000000000").await);

    // Revoked: verify says so, authenticate_request signs it out, lists leave it out.
    let revoked = keys.revoke(&key.id, Some("leaked")).await.unwrap();
    assert!(revoked.revoked);
    assert_eq!(revoked.revocation_reason.as_deref(), Some("leaked"));
    let verified = keys.verify(&key.secret).await.unwrap();
    assert!(verified.revoked, "a revoked key verifies as revoked");
    assert_eq!(
        inactive(authenticate_with_fake(&fake, &key.secret).await),
        TokenKind::ApiKey
    );
    assert_eq!(
        keys.list(&by_subject(&ada.id)).await.unwrap().total_count,
        0
    );
    let with_invalid = keys
        .list(&api_key::ListParams {
            include_invalid: Some(true),
            ..by_subject(&ada.id)
        })
        .await
        .unwrap();
    assert_eq!(with_invalid.total_count, 1);

    let deleted = keys.delete(&key.id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id, key.id);
    assert_not_found(keys.get(&key.id).await);
    assert_not_found(keys.verify(&key.secret).await);
    assert_not_found(keys.delete(&key.id).await);
}

#[tokio::test]
async fn machines_create_list_get_update_scope_rotate_and_delete() {
    let fake = FakeClerk::start().await;
    let machines = machine::Client::new(&fake.config());
    let create = |name: &str, scoped: Vec<String>| machine::CreateParams {
        name: Some(name.into()),
        scoped_machines: Some(scoped),
        ..Default::default()
    };
    let billing = machines.create(&create("billing", vec![])).await.unwrap();
    assert!(billing.id.starts_with("mch_"), "{}", billing.id);
    assert!(billing.secret_key.starts_with("ak_"));
    assert_eq!(billing.default_token_ttl.get(), 3600);
    let ledger = machines
        .create(&machine::CreateParams {
            default_token_ttl: Some(60),
            ..create("ledger", vec![billing.id.clone()])
        })
        .await
        .unwrap();
    assert_eq!(ledger.default_token_ttl.get(), 60);
    assert_eq!(
        ledger
            .scoped_machines
            .iter()
            .map(|m| m.id.as_str())
            .collect::<Vec<_>>(),
        [billing.id.as_str()]
    );
    match machines
        .create(&create(
            "stray",
            vec!["mch_2noSuchMachineInTheFake0000".into()],
        ))
        .await
    {
        Err(Error::Api(e)) => assert_eq!(e.status, 422),
        other => panic!("expected a 422, got {other:?}"),
    }

    let got = machines.get(&billing.id).await.unwrap();
    assert_eq!(got.name.as_str(), "billing");
    let listed = machines
        .list(&machine::ListParams::default())
        .await
        .unwrap();
    let names: Vec<&str> = listed.data.iter().map(|m| m.name.as_str()).collect();
    assert_eq!((names, listed.total_count), (vec!["ledger", "billing"], 2));
    let found = machines
        .list(&machine::ListParams {
            query: Some("LEDG".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        found.data.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        [ledger.id.as_str()]
    );

    let renamed = machines
        .update(
            &billing.id,
            &machine::UpdateParams {
                name: Some("billing-v2".into()),
                default_token_ttl: Some(120),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.default_token_ttl.get()),
        ("billing-v2", 120)
    );
    assert_eq!(
        machines.get(&billing.id).await.unwrap().name.as_str(),
        "billing-v2"
    );

    // Scopes: added and removed, seen on the machine.
    let scope = machines
        .create_scope(&billing.id, &ledger.id)
        .await
        .unwrap();
    assert_eq!(
        (scope.from_machine_id.as_str(), scope.to_machine_id.as_str()),
        (billing.id.as_str(), ledger.id.as_str())
    );
    let scoped = |m: machine::Machine| -> Vec<String> {
        m.scoped_machines.into_iter().map(|s| s.id).collect()
    };
    assert_eq!(
        scoped(machines.get(&billing.id).await.unwrap()),
        [ledger.id.as_str()]
    );
    let removed = machines
        .delete_scope(&billing.id, &ledger.id)
        .await
        .unwrap();
    assert!(removed.deleted);
    assert!(scoped(machines.get(&billing.id).await.unwrap()).is_empty());
    assert_not_found(machines.delete_scope(&billing.id, &ledger.id).await);

    // The secret key: read, rotated (the old one then authenticates no request).
    let secret = machines.get_secret_key(&billing.id).await.unwrap().secret;
    assert_eq!(secret, billing.secret_key);
    let rotated = machines
        .rotate_secret_key(&billing.id, 0)
        .await
        .unwrap()
        .secret;
    assert!(rotated.starts_with("ak_") && rotated != secret);
    assert_eq!(
        machines.get_secret_key(&billing.id).await.unwrap().secret,
        rotated
    );
    let with_key =
        |key: &str| m2m_token::Client::new(&ClientConfig::new(key).with_api_url(fake.url()));
    match with_key(&secret)
        .create(&m2m_token::CreateParams::default())
        .await
    {
        Err(Error::Api(e)) => assert_eq!(e.status, 401),
        other => panic!("the old secret key should be refused, got {other:?}"),
    }
    with_key(&rotated)
        .create(&m2m_token::CreateParams::default())
        .await
        .unwrap();

    let deleted = machines.delete(&billing.id).await.unwrap();
    assert!(deleted.deleted);
    assert_eq!(deleted.id, billing.id);
    assert_not_found(machines.get(&billing.id).await);
    assert_not_found(machines.get_secret_key(&billing.id).await);
    assert_not_found(machines.delete(&billing.id).await);
    assert_eq!(
        machines
            .list(&machine::ListParams::default())
            .await
            .unwrap()
            .total_count,
        1
    );
}

#[tokio::test]
async fn m2m_tokens_created_with_a_machine_key_verify_until_revoked() {
    let fake = FakeClerk::start().await;
    let machines = machine::Client::new(&fake.config());
    let ledger = machines
        .create(&machine::CreateParams {
            name: Some("ledger".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let billing = machines
        .create(&machine::CreateParams {
            name: Some("billing".into()),
            scoped_machines: Some(vec![ledger.id.clone()]),
            ..Default::default()
        })
        .await
        .unwrap();
    // Tokens are created with the machine's own secret key.
    let as_billing = m2m_token::Client::new(
        &ClientConfig::new(billing.secret_key.as_str()).with_api_url(fake.url()),
    );
    let tokens = m2m_token::Client::new(&fake.config());

    let token = as_billing
        .create(&m2m_token::CreateParams {
            seconds_until_expiration: Some(600),
            claims: Some(json!({"job": "reconcile"})),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(token.id.starts_with("mt_"), "{}", token.id);
    assert!(token.token.starts_with("mt_") && token.token != token.id);
    assert_eq!(token.subject, billing.id);
    assert_eq!(token.scopes, [ledger.id.as_str()]);
    let lifetime = token.expiration.unwrap() - token.created_at;
    assert!((599_000.0..=601_000.0).contains(&lifetime), "{lifetime}");
    let second = as_billing
        .create(&m2m_token::CreateParams::default())
        .await
        .unwrap();

    let listed = tokens
        .list(&m2m_token::ListParams {
            subject: Some(billing.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut ids: Vec<String> = listed.data.iter().map(|t| t.id.clone()).collect();
    ids.sort();
    let mut want = vec![token.id.clone(), second.id.clone()];
    want.sort();
    assert_eq!(ids, want);

    let verified = tokens.verify(&token.token).await.unwrap();
    assert_eq!(
        (verified.id.as_str(), verified.subject.as_str()),
        (token.id.as_str(), billing.id.as_str())
    );
    assert!(!verified.revoked && !verified.expired);
    match authenticate_with_fake(&fake, &token.token).await {
        RequestState::SignedIn(Auth::M2mToken(auth)) => {
            assert_eq!(
                (auth.id.as_str(), auth.subject.as_str()),
                (token.id.as_str(), billing.id.as_str())
            );
            assert_eq!(auth.claims.unwrap()["job"], "reconcile");
        }
        other => panic!("expected an M2M token, got {other:?}"),
    }

    let revoked = tokens.revoke(&token.id, Some("rotated")).await.unwrap();
    assert!(revoked.revoked);
    assert_eq!(revoked.revocation_reason.as_deref(), Some("rotated"));
    assert!(tokens.verify(&token.token).await.unwrap().revoked);
    assert_eq!(
        inactive(authenticate_with_fake(&fake, &token.token).await),
        TokenKind::M2mToken
    );
    let still_valid = tokens
        .list(&m2m_token::ListParams {
            subject: Some(billing.id.clone()),
            revoked: Some(false),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        still_valid
            .data
            .iter()
            .map(|t| t.id.as_str())
            .collect::<Vec<_>>(),
        [second.id.as_str()]
    );
    assert_not_found(tokens.verify("mt_00000000000000000000000000000000").await);
    assert_not_found(
        tokens
            .revoke("mt_00000000000000000000000000000000", None)
            .await,
    );

    // A JWT-format token is verified locally, with the fake's JWKS.
    let jwt = as_billing
        .create(&m2m_token::CreateParams {
            token_format: Some(CreateM2mTokenBodyTokenFormat::Jwt),
            ..Default::default()
        })
        .await
        .unwrap();
    match authenticate_with_fake(&fake, &jwt.token).await {
        RequestState::SignedIn(Auth::M2mToken(auth)) => {
            assert_eq!(
                (auth.id.as_str(), auth.subject.as_str()),
                (jwt.id.as_str(), billing.id.as_str())
            );
        }
        other => panic!("expected an M2M JWT, got {other:?}"),
    }
}
