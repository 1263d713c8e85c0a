//! FakeClerk: sessions, session tokens that verify, bans revoking sessions, the JWKS.

use clerk::testing::FakeClerk;
use clerk::{jwks, jwt, session, user};

use super::{api_error, as_json, ids, new_user};

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
