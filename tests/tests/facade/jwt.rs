//! `clerk::jwt`: one test token per rejection reason. The checks Clerk's JS SDK makes
//! on header types, categories and claim types are in `jwt_reference.rs`; the JWKS cache
//! in `jwks_cache.rs`.

use std::sync::Arc;
use std::time::Duration;

use clerk::jwt::{self, Issuer, JwtKey, Reason, VerifyParams};
use clerk::testing::{TestClock, TokenIssuer};
use serde_json::json;

const NOW: i64 = 1_780_000_000;

fn setup() -> (TokenIssuer, Arc<TestClock>, VerifyParams) {
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(NOW);
    let params = VerifyParams::with_key(JwtKey::from_pem(&issuer.public_key_pem()).unwrap())
        .clock(clock.clone());
    (issuer, clock, params)
}

async fn reason(token: &str, params: &VerifyParams) -> Reason {
    jwt::verify(token, params)
        .await
        .expect_err("the token must be rejected")
        .reason()
}

#[tokio::test]
async fn a_valid_token_verifies_with_the_pem_key() {
    let (issuer, clock, params) = setup();
    let token = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("azp", "https://app.example.com")
        .organization("org_1", "acme", "admin", &["org:invoices:read"])
        .sign();
    let claims = jwt::verify(
        &token,
        &params.authorized_parties(["https://app.example.com"]),
    )
    .await
    .unwrap();
    assert_eq!(claims.subject, "user_1");
    assert!(claims.session_id.as_deref().unwrap().starts_with("sess_"));
    assert!(claims.has_role("org:admin"));
    assert!(claims.has_permission("org:invoices:read"));
    assert_eq!(claims.organization().unwrap().slug.as_deref(), Some("acme"));
}

#[tokio::test]
async fn the_dashboard_pem_works_without_armour_and_with_escaped_newlines() {
    let (issuer, clock, _) = setup();
    let pem = issuer.public_key_pem();
    let bare: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let escaped = pem.replace('\n', "\\n");
    let token = issuer.session_token_at("user_1", clock.as_ref()).sign();
    for key in [bare, escaped] {
        let params = VerifyParams::with_key(JwtKey::from_pem(&key).unwrap()).clock(clock.clone());
        jwt::verify(&token, &params).await.unwrap();
    }
    assert_eq!(
        JwtKey::from_pem("not a key").unwrap_err().reason(),
        Reason::InvalidKey
    );
}

#[tokio::test]
async fn every_algorithm_other_than_the_keys_is_refused() {
    let (issuer, clock, params) = setup();
    let claims = json!({"sub": "user_1", "exp": NOW + 60, "iss": clerk::testing::TEST_ISSUER});
    // alg none with an empty signature: the classic downgrade.
    let header = base64url(&json!({"alg": "none", "typ": "JWT"}));
    let none = format!("{header}.{}.", base64url(&claims));
    assert_eq!(reason(&none, &params).await, Reason::InvalidAlgorithm);
    // HS256 "signed" with the public key as HMAC secret (key confusion), never accepted.
    let hs = issuer.sign(&json!({"alg": "HS256", "typ": "JWT"}), &claims);
    assert_eq!(reason(&hs, &params).await, Reason::InvalidAlgorithm);
    // The PEM key names no algorithm: it verifies each RS algorithm, as in Clerk's JS SDK.
    for alg in ["RS384", "RS512"] {
        let token = issuer.sign(&json!({"alg": alg, "typ": "JWT"}), &claims);
        jwt::verify(&token, &params).await.expect(alg);
    }
    // A key whose JWK names RS256 refuses the others.
    let rs256_only = VerifyParams::with_key(issuer.jwt_key()).clock(clock.clone());
    let mut header = json!({"alg": "RS384", "typ": "JWT", "kid": issuer.kid()});
    let rs384 = issuer.sign(&header, &claims);
    assert_eq!(reason(&rs384, &rs256_only).await, Reason::InvalidAlgorithm);
    // A header naming one algorithm over a signature made with another does not verify.
    header["alg"] = json!("RS256");
    let rs256 = issuer.sign(&header, &claims);
    let (head, rest) = rs256.split_once('.').unwrap();
    let lying = format!(
        "{}.{rest}",
        base64url(&json!({"alg": "RS512", "typ": "JWT", "kid": issuer.kid()}))
    );
    assert_ne!(head, lying.split('.').next().unwrap());
    assert_eq!(reason(&lying, &params).await, Reason::InvalidSignature);
}

#[tokio::test]
async fn a_signature_by_another_key_is_refused() {
    let (_, clock, params) = setup();
    let forger = TokenIssuer::new();
    let token = forger.session_token_at("user_1", clock.as_ref()).sign();
    assert_eq!(reason(&token, &params).await, Reason::InvalidSignature);
    // Changing one claim after signing breaks the signature too.
    let (issuer, clock, params) = setup();
    let token = issuer.session_token_at("user_1", clock.as_ref()).sign();
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    parts[1] = base64url(&json!({"sub": "user_admin", "exp": NOW + 60}));
    assert_eq!(
        reason(&parts.join("."), &params).await,
        Reason::InvalidSignature
    );
}

#[tokio::test]
async fn malformed_tokens_are_refused_without_panicking() {
    let (_, _, params) = setup();
    for bad in [
        "",
        "a.b",
        "a.b.c.d",
        "!!!.###.$$$",
        "eyJhbGciOiJSUzI1NiJ9.e30.s*g",
        &format!("{}.e30.c2ln", base64url(&json!("string"))),
    ] {
        assert_eq!(reason(bad, &params).await, Reason::Malformed, "{bad:?}");
    }
    let huge = "a".repeat(9000);
    assert_eq!(reason(&huge, &params).await, Reason::TooLarge);
}

#[tokio::test]
async fn missing_exp_or_sub_is_refused() {
    let (issuer, clock, params) = setup();
    let no_exp = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("exp", serde_json::Value::Null)
        .sign();
    assert_eq!(reason(&no_exp, &params).await, Reason::MissingClaim);
    let no_sub = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("sub", serde_json::Value::Null)
        .sign();
    assert_eq!(reason(&no_sub, &params).await, Reason::MissingClaim);
}

#[tokio::test]
async fn time_claims_are_checked_with_a_five_second_leeway() {
    let (issuer, clock, params) = setup();
    let token = issuer.session_token_at("user_1", clock.as_ref()).sign(); // exp = NOW + 60
    clock.set(NOW + 64);
    jwt::verify(&token, &params)
        .await
        .expect("within the leeway");
    clock.set(NOW + 66);
    assert_eq!(reason(&token, &params).await, Reason::Expired);

    clock.set(NOW);
    let early = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("nbf", NOW + 30)
        .sign();
    assert_eq!(reason(&early, &params).await, Reason::NotYetValid);
    let future = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("iat", NOW + 30)
        .sign();
    assert_eq!(reason(&future, &params).await, Reason::IssuedInFuture);
    let params = params.leeway(Duration::from_secs(60));
    jwt::verify(&early, &params)
        .await
        .expect("a larger leeway accepts it");
}

#[tokio::test]
async fn authorized_parties_audience_and_issuer() {
    let (issuer, clock, params) = setup();
    let token = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("azp", "https://evil.example")
        .sign();
    let strict = params
        .clone()
        .authorized_parties(["https://app.example.com"]);
    assert_eq!(reason(&token, &strict).await, Reason::UnauthorizedParty);
    let no_azp = issuer.session_token_at("user_1", clock.as_ref()).sign();
    assert_eq!(
        reason(&no_azp, &strict).await,
        Reason::UnauthorizedParty,
        "azp is required once parties are set"
    );

    // An `aud` claim is ignored unless an audience is configured (unlike clerk-rs).
    let with_aud = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("aud", json!(["api", "web"]))
        .sign();
    jwt::verify(&with_aud, &params).await.unwrap();
    jwt::verify(&with_aud, &params.clone().audience(["web"]))
        .await
        .unwrap();
    assert_eq!(
        reason(&with_aud, &params.clone().audience(["billing"])).await,
        Reason::InvalidAudience
    );

    let foreign = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("iss", "https://evil.example")
        .sign();
    assert_eq!(reason(&foreign, &params).await, Reason::InvalidIssuer);
    let proxied = issuer
        .session_token_at("user_1", clock.as_ref())
        .claim("iss", "https://example.com/__clerk")
        .sign();
    jwt::verify(
        &proxied,
        &params
            .clone()
            .issuer(Issuer::Exact("https://example.com/__clerk".into())),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn machine_and_template_tokens_are_not_session_tokens() {
    let (issuer, clock, params) = setup();
    for cat in [jwt::TEMPLATE_TOKEN_CATEGORY, jwt::MACHINE_TOKEN_CATEGORY] {
        let token = issuer
            .session_token_at("user_1", clock.as_ref())
            .header("cat", cat)
            .sign();
        assert_eq!(reason(&token, &params).await, Reason::WrongTokenType);
    }
}

#[tokio::test]
async fn decode_reads_without_verifying() {
    let forger = TokenIssuer::new();
    let token = forger.session_token("user_1").claim("custom", "x").sign();
    let decoded = jwt::decode(&token).unwrap();
    assert_eq!(decoded.header.alg, "RS256");
    assert_eq!(decoded.header.kid.as_deref(), Some(forger.kid()));
    assert_eq!(decoded.claims["custom"], "x");
}

fn base64url(value: &serde_json::Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
}
