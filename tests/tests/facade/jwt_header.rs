//! Header rules of session and machine JWTs: critical extensions are refused (RFC 7515
//! 4.1.11), OAuth access tokens in JWT form get the machine category check, and key
//! set entries without `alg` or `use` (both optional, RFC 7517) are usable keys.

use axum::http::HeaderMap;
use clerk::jwt::{self, JwksCache, Reason, VerifyParams};
use clerk::testing::{TestClock, TokenIssuer};
use clerk::{AuthenticateOptions, RequestState, SignedOutReason, authenticate_request};
use serde_json::json;

fn bearer(token: &str) -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert("authorization", format!("Bearer {token}").parse().unwrap());
    h
}

#[tokio::test]
async fn tokens_with_critical_extensions_are_refused() {
    let issuer = TokenIssuer::new();
    let params = VerifyParams::with_key(issuer.jwt_key());
    for crit in [
        json!(["exp"]),
        json!(["b64"]),
        json!([]),
        json!("x"),
        json!(null),
    ] {
        let session = issuer.session_token("user_1").header("crit", crit.clone());
        // `header(name, null)` removes the field: set it in the raw header instead.
        let token = if crit.is_null() {
            let claims = json!({"sub": "user_1", "exp": 4_000_000_000i64, "iss": clerk::testing::TEST_ISSUER});
            issuer.sign(
                &json!({"alg": "RS256", "kid": issuer.kid(), "crit": null}),
                &claims,
            )
        } else {
            session.sign()
        };
        let error = jwt::verify(&token, &params).await.unwrap_err();
        assert_eq!(error.reason(), Reason::Malformed, "crit {crit}");
        assert!(error.to_string().contains("crit"), "{error}");
    }
    // Machine JWTs too.
    let m2m = issuer
        .m2m_token_at("mch_1", TestClock::now().as_ref())
        .header("crit", json!(["exp"]))
        .sign();
    let options = AuthenticateOptions::new(params.clone()).accepts_any_token();
    match authenticate_request(&bearer(&m2m), &options).await {
        RequestState::SignedOut(SignedOutReason::InvalidMachineJwt(_, e)) => {
            assert_eq!(e.reason(), Reason::Malformed)
        }
        other => panic!("{other:?}"),
    }
    // Without `crit` the same tokens verify.
    jwt::verify(&issuer.session_token("user_1").sign(), &params)
        .await
        .unwrap();
}

#[tokio::test]
async fn oauth_jwts_must_carry_the_machine_category_or_none() {
    let issuer = TokenIssuer::new();
    let options =
        AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key())).accepts_any_token();
    let oauth = |cat: Option<&str>| {
        let mut token = issuer
            .session_token("user_1")
            .header("typ", "at+jwt")
            .header("cat", serde_json::Value::Null)
            .claim("client_id", "client_1")
            .claim("jti", "oat_1");
        if let Some(cat) = cat {
            token = token.header("cat", cat);
        }
        token.sign()
    };
    for cat in [None, Some(jwt::MACHINE_TOKEN_CATEGORY)] {
        match authenticate_request(&bearer(&oauth(cat)), &options).await {
            RequestState::SignedIn(clerk::Auth::OAuthToken(token)) => {
                assert_eq!(token.client_id, "client_1")
            }
            other => panic!("{cat:?}: {other:?}"),
        }
    }
    for cat in [
        jwt::SESSION_TOKEN_CATEGORY,
        jwt::TEMPLATE_TOKEN_CATEGORY,
        jwt::IGNORE_TOKEN_CATEGORY,
        "cl_unknown",
    ] {
        match authenticate_request(&bearer(&oauth(Some(cat))), &options).await {
            RequestState::SignedOut(SignedOutReason::InvalidMachineJwt(kind, e)) => {
                assert_eq!(kind, clerk::TokenKind::OAuthToken);
                assert_eq!(e.reason(), Reason::WrongTokenType, "{cat}");
            }
            other => panic!("{cat}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn key_set_entries_without_alg_or_use_verify() {
    let issuer = TokenIssuer::new();
    let mut key = issuer.jwks()["keys"][0].clone();
    let entry = key.as_object_mut().unwrap();
    entry.remove("alg");
    entry.remove("use");
    let params = VerifyParams::with_jwks(JwksCache::from_jwks(json!({ "keys": [key] })));
    let token = issuer.session_token("user_1").sign();
    assert_eq!(
        jwt::verify(&token, &params).await.unwrap().subject,
        "user_1"
    );
    // Without `alg`, the key verifies whichever RS algorithm the token names.
    let rs512 = issuer.session_token("user_1").header("alg", "RS512").sign();
    jwt::verify(&rs512, &params).await.unwrap();

    // Only a present and different `use` or `alg` excludes an entry.
    for (field, value) in [("use", "enc"), ("alg", "ES256"), ("alg", "HS256")] {
        let mut key = issuer.jwks()["keys"][0].clone();
        key[field] = json!(value);
        let params = VerifyParams::with_jwks(JwksCache::from_jwks(json!({ "keys": [key] })));
        let error = jwt::verify(&token, &params).await.unwrap_err();
        assert_eq!(error.reason(), Reason::KeyFetchFailed, "{field}: {value}");
    }
}
