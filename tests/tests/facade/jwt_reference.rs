//! `clerk::jwt::verify` on the cases where it must agree with Clerk's JS SDK
//! (`@clerk/backend` `verifyToken`): header type, token category, claim types, the shape of
//! header and payload, and the time arithmetic. Each case runs with the PEM key and with a
//! key set, the two ways keys are given.

use std::sync::Arc;
use std::time::Duration;

use clerk::jwt::{self, JwksCache, JwtKey, Reason, VerifyParams};
use clerk::testing::{TEST_ISSUER, TestClock, TokenIssuer};
use serde_json::{Value, json};

const NOW: i64 = 1_780_000_000;

/// Verification with the PEM key, and with the key set: both must decide alike.
fn modes(issuer: &TokenIssuer, clock: &Arc<TestClock>) -> [VerifyParams; 2] {
    [
        VerifyParams::with_key(JwtKey::from_pem(&issuer.public_key_pem()).unwrap())
            .clock(clock.clone()),
        VerifyParams::with_jwks(JwksCache::from_jwks(issuer.jwks())).clock(clock.clone()),
    ]
}

async fn check(token: &str, issuer: &TokenIssuer, clock: &Arc<TestClock>) -> Result<(), Reason> {
    let [pem, jwks] = modes(issuer, clock);
    let by_pem = jwt::verify(token, &pem)
        .await
        .map(drop)
        .map_err(|e| e.reason());
    let by_jwks = jwt::verify(token, &jwks)
        .await
        .map(drop)
        .map_err(|e| e.reason());
    assert_eq!(by_pem, by_jwks, "PEM and JWKS modes disagree");
    by_pem
}

/// A valid session token's header and claims, to alter and sign by hand.
fn parts(issuer: &TokenIssuer) -> (Value, Value) {
    (
        json!({"alg": "RS256", "typ": "JWT", "kid": issuer.kid(), "cat": jwt::SESSION_TOKEN_CATEGORY}),
        json!({"sub": "user_1", "sid": "sess_1", "iss": TEST_ISSUER, "iat": NOW, "nbf": NOW - 10, "exp": NOW + 60, "v": 2}),
    )
}

fn with(mut value: Value, field: &str, set: Value) -> Value {
    value[field] = set;
    value
}

fn without(mut value: Value, field: &str) -> Value {
    value.as_object_mut().unwrap().remove(field);
    value
}

#[tokio::test]
async fn the_header_type_must_be_absent_or_jwt() {
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(NOW);
    let (header, claims) = parts(&issuer);
    let sign = |header: Value| issuer.sign(&header, &claims);
    check(&sign(header.clone()), &issuer, &clock).await.unwrap();
    check(&sign(without(header.clone(), "typ")), &issuer, &clock)
        .await
        .unwrap();
    // OAuth access tokens (RFC 9068) are another kind of token.
    for typ in ["at+jwt", "application/at+jwt"] {
        assert_eq!(
            check(
                &sign(with(header.clone(), "typ", json!(typ))),
                &issuer,
                &clock
            )
            .await,
            Err(Reason::WrongTokenType),
            "{typ}"
        );
    }
    // Anything else, compared exactly as JS does (`null` is a value, not an absence).
    for typ in [
        json!("jwt"),
        json!("JWS"),
        json!(""),
        json!(null),
        json!(1),
        json!(["JWT"]),
    ] {
        assert_eq!(
            check(
                &sign(with(header.clone(), "typ", typ.clone())),
                &issuer,
                &clock
            )
            .await,
            Err(Reason::Malformed),
            "{typ}"
        );
    }
}

#[tokio::test]
async fn the_ignore_category_is_accepted_and_other_classes_are_not() {
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(NOW);
    let (header, claims) = parts(&issuer);
    let sign = |header: Value| issuer.sign(&header, &claims);
    for cat in [jwt::SESSION_TOKEN_CATEGORY, jwt::IGNORE_TOKEN_CATEGORY] {
        check(
            &sign(with(header.clone(), "cat", json!(cat))),
            &issuer,
            &clock,
        )
        .await
        .unwrap_or_else(|r| panic!("{cat}: {r}"));
    }
    assert_eq!(jwt::IGNORE_TOKEN_CATEGORY, "cl_I7d4PD111III");
    // Tokens minted before categories have none.
    check(&sign(without(header.clone(), "cat")), &issuer, &clock)
        .await
        .unwrap();
    for cat in [
        json!(jwt::TEMPLATE_TOKEN_CATEGORY),
        json!(jwt::MACHINE_TOKEN_CATEGORY),
        json!("cl_B7d4PD999AAA"),
        json!(null),
        json!(7),
    ] {
        assert_eq!(
            check(
                &sign(with(header.clone(), "cat", cat.clone())),
                &issuer,
                &clock
            )
            .await,
            Err(Reason::WrongTokenType),
            "{cat}"
        );
    }
}

#[tokio::test]
async fn an_m2m_jwt_is_not_a_session_token() {
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(NOW);
    // Subject `mch_...` and no category: Clerk's M2M JWT.
    let m2m = issuer.m2m_token_at("mch_2xKa9bq8Xr", clock.as_ref()).sign();
    assert_eq!(
        check(&m2m, &issuer, &clock).await,
        Err(Reason::WrongTokenType)
    );
}

#[tokio::test]
async fn time_claims_are_any_json_number_floored() {
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(1_796_131_000);
    let (header, claims) = parts(&issuer);
    let sign = |claims: Value| issuer.sign(&header, &claims);
    let claims = with(
        with(
            with(claims, "iat", json!(1_796_131_000)),
            "nbf",
            json!(1_796_130_990),
        ),
        "exp",
        json!(1_796_131_060),
    );
    // `exp` written as a float, as some issuers do.
    let float = sign(with(claims.clone(), "exp", json!(1_796_131_515.0)));
    assert!(
        String::from_utf8(
            base64::Engine::decode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                float.split('.').nth(1).unwrap()
            )
            .unwrap()
        )
        .unwrap()
        .contains("1796131515.0")
    );
    check(&float, &issuer, &clock).await.unwrap();
    let floats = sign(with(
        with(claims.clone(), "iat", json!(1_796_131_000.25)),
        "nbf",
        json!(1.7961309e9),
    ));
    check(&floats, &issuer, &clock).await.unwrap();
    // Fractions are floored: exp now-4.9 is now-5, expired with the 5 s leeway...
    let now = 1_796_131_000;
    let edge = sign(with(claims.clone(), "exp", json!(now as f64 - 4.9)));
    assert_eq!(check(&edge, &issuer, &clock).await, Err(Reason::Expired));
    // ...and nbf now+5.9 is now+5, not early.
    let nbf = sign(with(claims.clone(), "nbf", json!(now as f64 + 5.9)));
    check(&nbf, &issuer, &clock).await.unwrap();
    // Out-of-range numbers saturate rather than fail.
    check(
        &sign(with(claims.clone(), "exp", json!(1e300))),
        &issuer,
        &clock,
    )
    .await
    .unwrap();
    check(
        &sign(with(claims.clone(), "exp", json!(u64::MAX))),
        &issuer,
        &clock,
    )
    .await
    .unwrap();
    // Anything but a number is refused, `null` included.
    for claim in ["exp", "nbf", "iat"] {
        for value in [
            json!("1796131515"),
            json!(null),
            json!(true),
            json!([1]),
            json!({}),
        ] {
            assert_eq!(
                check(
                    &sign(with(claims.clone(), claim, value.clone())),
                    &issuer,
                    &clock
                )
                .await,
                Err(Reason::Malformed),
                "{claim}: {value}"
            );
        }
    }
}

#[tokio::test]
async fn exp_at_now_minus_leeway_is_expired_as_in_js() {
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(NOW);
    let (header, claims) = parts(&issuer);
    let at = |exp: i64| issuer.sign(&header, &with(claims.clone(), "exp", json!(exp)));
    // JS: expired when exp * 1000 <= now_ms - 5000.
    assert_eq!(
        check(&at(NOW - 5), &issuer, &clock).await,
        Err(Reason::Expired)
    );
    check(&at(NOW - 4), &issuer, &clock).await.unwrap();
    // nbf and iat: early when more than the leeway ahead.
    let nbf = |nbf: i64| issuer.sign(&header, &with(claims.clone(), "nbf", json!(nbf)));
    check(&nbf(NOW + 5), &issuer, &clock).await.unwrap();
    assert_eq!(
        check(&nbf(NOW + 6), &issuer, &clock).await,
        Err(Reason::NotYetValid)
    );
}

#[tokio::test]
async fn header_and_payload_must_be_json_objects() {
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(NOW);
    let (header, claims) = parts(&issuer);
    // The claims laid out in order as an array, correctly signed.
    let ordered: Vec<Value> = claims.as_object().unwrap().values().cloned().collect();
    let array_payload = issuer.sign(&header, &Value::Array(ordered));
    assert_eq!(
        check(&array_payload, &issuer, &clock).await,
        Err(Reason::Malformed)
    );
    let array_header = issuer.sign(&json!(["RS256", issuer.kid(), "JWT"]), &claims);
    assert_eq!(
        check(&array_header, &issuer, &clock).await,
        Err(Reason::Malformed)
    );
    for payload in [json!("user_1"), json!(1), json!(null)] {
        assert_eq!(
            check(&issuer.sign(&header, &payload), &issuer, &clock).await,
            Err(Reason::Malformed),
            "{payload}"
        );
    }
    assert!(jwt::decode(&array_payload).is_err());
}

#[tokio::test]
async fn extreme_leeways_and_clocks_do_not_panic() {
    let issuer = TokenIssuer::new();
    let clock = TestClock::at(NOW);
    let (header, claims) = parts(&issuer);
    let long_expired = issuer.sign(&header, &with(claims.clone(), "exp", json!(1)));
    let [pem, jwks] = modes(&issuer, &clock);
    for params in [pem, jwks] {
        let lenient = params.clone().leeway(Duration::MAX);
        jwt::verify(&long_expired, &lenient)
            .await
            .expect("a leeway of forever accepts an old token");
        let far_future = issuer.sign(&header, &with(claims.clone(), "nbf", json!(i64::MAX)));
        jwt::verify(&far_future, &lenient).await.unwrap();
        let ancient = issuer.sign(&header, &with(claims.clone(), "exp", json!(-1e300)));
        assert_eq!(
            jwt::verify(&ancient, &params).await.unwrap_err().reason(),
            Reason::Expired
        );
    }
    for now in [i64::MIN, -1, i64::MAX] {
        let clock = TestClock::at(0);
        clock.set(now);
        let [pem, _] = modes(&issuer, &clock);
        let token = issuer.sign(&header, &claims);
        let _ = jwt::verify(&token, &pem.leeway(Duration::MAX)).await;
    }
}
