//! Machine tokens in JWT form, verified locally as Clerk's JS SDK does (`verifyM2MJwt`,
//! `verifyOAuthJwt`): with the instance key that signs session tokens, the same time
//! checks, and no `iss`/`azp` checks (those are session-token rules). The result has the
//! shape of the verify endpoint's answer, so a handler sees one type whether the token
//! was opaque (`mt_...`, verified by the API) or a JWT.

use serde_json::{Map, Value};

use super::claims::{Audience, RawClaims};
use super::error::{Reason, VerifyError};
use super::jws::{self, Category, Jws, Typ};
use super::{VerifyParams, check_audience, check_times};
use crate::auth::machine::{IdpOAuthAccessToken, M2mToken, OAuthActor};

/// Claims Clerk adds to every M2M JWT; the others are the token's custom claims.
const M2M_RESERVED_CLAIMS: [&str; 6] = ["iss", "sub", "exp", "nbf", "iat", "jti"];

/// The signature and the registered claims of a machine JWT; returns them and the
/// payload as a JSON object.
async fn verify_common(
    jws: Jws<'_>,
    params: &VerifyParams,
) -> Result<(RawClaims, i64, Map<String, Value>), VerifyError> {
    jws.check_header()?;
    let key = params.key_for(&jws).await?;
    jws.check_signature(&key)?;
    let claims: RawClaims = jws::json_object(&jws.payload, "claims")?;
    let payload: Map<String, Value> = jws::json_object(&jws.payload, "claims")?;
    if claims.sub.is_none() {
        return Err(VerifyError::new(Reason::MissingClaim, "no `sub` claim"));
    }
    let exp = claims
        .exp
        .ok_or_else(|| VerifyError::new(Reason::MissingClaim, "no `exp` claim"))?;
    Ok((claims, exp, payload))
}

/// A machine JWT's category must be absent (tokens minted before categories) or the
/// machine one: a session or template token dressed as a machine token is refused, as
/// Clerk's JS SDK refuses it for M2M JWTs (and, stricter than it, for OAuth JWTs; it
/// also refuses the "ignore" category here).
fn check_machine_category(jws: &Jws<'_>) -> Result<(), VerifyError> {
    if matches!(jws.header.cat, Category::Absent | Category::Machine) {
        return Ok(());
    }
    Err(VerifyError::new(
        Reason::WrongTokenType,
        "the token category is not the machine one",
    ))
}

fn millis(seconds: i64) -> i64 {
    seconds.saturating_mul(1000)
}

fn string_claim(payload: &Map<String, Value>, name: &str) -> Option<String> {
    payload
        .get(name)
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// An M2M JWT (`sub: mch_...`). Its category must be absent (tokens minted before
/// categories) or the machine one: a session or template token with a machine subject
/// is refused, as in Clerk's JS SDK (which also refuses the "ignore" category here).
pub(crate) async fn verify_m2m(
    jws: Jws<'_>,
    params: &VerifyParams,
) -> Result<M2mToken, VerifyError> {
    check_machine_category(&jws)?;
    if !matches!(jws.header.typ, Typ::Absent | Typ::Jwt) {
        return Err(jws::malformed("the header type (typ) is not JWT"));
    }
    let (claims, exp, payload) = verify_common(jws, params).await?;
    let aud = Audience::into_vec(claims.aud);
    check_audience(&aud, &params.audience)?;
    check_times(exp, claims.nbf, claims.iat, params)?;
    let issued = millis(claims.iat.unwrap_or(0));
    let scopes = match payload.get("scopes").and_then(Value::as_str) {
        Some(scopes) => scopes.split(' ').map(str::to_string).collect(),
        None => aud,
    };
    let custom: Map<String, Value> = payload
        .iter()
        .filter(|(name, _)| !M2M_RESERVED_CLAIMS.contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    Ok(M2mToken {
        claims: (!custom.is_empty()).then_some(Value::Object(custom)),
        created_at: issued,
        expiration: Some(millis(exp)),
        expired: false,
        id: string_claim(&payload, "jti").unwrap_or_default(),
        last_used_at: None,
        revocation_reason: None,
        revoked: false,
        scopes,
        subject: claims.sub.unwrap_or_default(),
        updated_at: issued,
    })
}

/// An OAuth access token in JWT form (`typ: at+jwt`, RFC 9068). Its category is checked
/// as an M2M JWT's. With an audience configured, `aud` is required and must share a value
/// with it (OAuth's rule, stricter than the session tokens' one).
pub(crate) async fn verify_oauth(
    jws: Jws<'_>,
    params: &VerifyParams,
) -> Result<IdpOAuthAccessToken, VerifyError> {
    if jws.header.typ != Typ::AccessToken {
        return Err(jws::malformed(
            "the header type (typ) is not at+jwt or application/at+jwt",
        ));
    }
    check_machine_category(&jws)?;
    let (claims, exp, payload) = verify_common(jws, params).await?;
    check_times(exp, claims.nbf, claims.iat, params)?;
    let aud = Audience::into_vec(claims.aud);
    let audience_ok = params.audience.is_empty()
        || (!aud.is_empty()
            && !aud.iter().any(String::is_empty)
            && aud.iter().any(|a| params.audience.contains(a)));
    if !audience_ok {
        return Err(VerifyError::new(
            Reason::InvalidAudience,
            format!("aud {aud:?} is not expected"),
        ));
    }
    let issued = millis(claims.iat.unwrap_or(0));
    let scopes = match payload.get("scp") {
        Some(Value::Array(scopes)) => scopes
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => string_claim(&payload, "scope")
            .map(|s| s.split(' ').map(str::to_string).collect())
            .unwrap_or_default(),
    };
    Ok(IdpOAuthAccessToken {
        client_id: string_claim(&payload, "client_id").unwrap_or_default(),
        created_at: issued,
        expiration: Some(millis(exp)),
        expired: false,
        id: string_claim(&payload, "jti").unwrap_or_default(),
        revocation_reason: None,
        revoked: false,
        scopes,
        subject: claims.sub.unwrap_or_default(),
        updated_at: issued,
        aud,
        act: payload
            .get("act")
            .and_then(|act| OAuthActor::from_value(act, 1)),
    })
}
