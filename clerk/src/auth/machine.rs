//! Machine tokens as a handler sees them once verified: API keys, M2M tokens and OAuth
//! access tokens, modelled on Clerk's JS SDK resources (`APIKey`, `M2MToken`,
//! `IdPOAuthAccessToken`), and the calls that verify the opaque ones.
//!
//! These types are this crate's own, not the generated Backend API types, so that
//! verifying needs no `api` feature. They decode leniently: unknown fields are ignored,
//! and missing or `null` fields take their default (empty, `false`, `None`, 0), so a
//! field Clerk adds or drops never signs a genuine caller out. None of them holds the
//! token itself or a secret.

use http::Method;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::http::call::{Body, Call};
use crate::http::transport::Shared;

/// An API key (`ak_...`) as `POST /api_keys/verify` describes it (Clerk JS: `APIKey`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct ApiKey {
    /// The key's id, `ak_...` (not its secret).
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The kind of key, currently always `api_key`.
    #[serde(deserialize_with = "null_as_default")]
    pub r#type: String,
    /// The name it was given.
    #[serde(deserialize_with = "null_as_default")]
    pub name: String,
    /// Who it acts for: a user (`user_...`), an organization (`org_...`) or a machine (`mch_...`).
    #[serde(deserialize_with = "null_as_default")]
    pub subject: String,
    /// What it may access.
    #[serde(deserialize_with = "null_as_default")]
    pub scopes: Vec<String>,
    /// Custom claims attached to it.
    pub claims: Option<Value>,
    /// Whether it was revoked.
    #[serde(deserialize_with = "null_as_default")]
    pub revoked: bool,
    /// Why it was revoked.
    pub revocation_reason: Option<String>,
    /// Whether it has expired.
    #[serde(deserialize_with = "null_as_default")]
    pub expired: bool,
    /// When it expires, Unix milliseconds; `None` if never.
    #[serde(deserialize_with = "millis")]
    pub expiration: Option<i64>,
    /// The user who created it.
    pub created_by: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// When it last authenticated a request, Unix milliseconds.
    #[serde(deserialize_with = "millis")]
    pub last_used_at: Option<i64>,
    /// When it was created, Unix milliseconds.
    #[serde(deserialize_with = "millis_or_zero")]
    pub created_at: i64,
    /// When it was last updated, Unix milliseconds.
    #[serde(deserialize_with = "millis_or_zero")]
    pub updated_at: i64,
}

/// A machine-to-machine token (Clerk JS: `M2MToken`): as `POST /m2m_tokens/verify`
/// describes an opaque one (`mt_...`), or built from the verified claims of a JWT one.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct M2mToken {
    /// The token's id: `mt_...`, or the JWT's `jti`.
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The machine that presented it, `mch_...`.
    #[serde(deserialize_with = "null_as_default")]
    pub subject: String,
    /// What it may access: machine ids (`mch_...`), or for JWTs the `scopes` claim
    /// split on spaces (else the audience).
    #[serde(deserialize_with = "null_as_default")]
    pub scopes: Vec<String>,
    /// Custom claims: for JWTs, every claim but `iss`, `sub`, `exp`, `nbf`, `iat`, `jti`.
    pub claims: Option<Value>,
    /// Whether it was revoked (never, for a JWT that verified).
    #[serde(deserialize_with = "null_as_default")]
    pub revoked: bool,
    /// Why it was revoked.
    pub revocation_reason: Option<String>,
    /// Whether it has expired (never, for a JWT that verified).
    #[serde(deserialize_with = "null_as_default")]
    pub expired: bool,
    /// When it expires, Unix milliseconds.
    #[serde(deserialize_with = "millis")]
    pub expiration: Option<i64>,
    /// When it was last used, Unix milliseconds (`None` for JWTs).
    #[serde(deserialize_with = "millis")]
    pub last_used_at: Option<i64>,
    /// When it was created (for JWTs, `iat`), Unix milliseconds.
    #[serde(deserialize_with = "millis_or_zero")]
    pub created_at: i64,
    /// When it was last updated (for JWTs, `iat`), Unix milliseconds.
    #[serde(deserialize_with = "millis_or_zero")]
    pub updated_at: i64,
}

/// An OAuth access token the instance issued as an identity provider (Clerk JS:
/// `IdPOAuthAccessToken`), not a user's token from a social provider: as
/// `POST /oauth_applications/access_tokens/verify` describes an opaque one (`oat_...`),
/// or built from the verified claims of a JWT one (`typ: at+jwt`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct IdpOAuthAccessToken {
    /// The token's id: `oat_...`, or the JWT's `jti`.
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    /// The OAuth application it was issued to.
    #[serde(deserialize_with = "null_as_default")]
    pub client_id: String,
    /// The user who granted it, `user_...`.
    #[serde(deserialize_with = "null_as_default")]
    pub subject: String,
    /// The granted scopes (for JWTs, `scp`, else `scope` split on spaces).
    #[serde(deserialize_with = "null_as_default")]
    pub scopes: Vec<String>,
    /// Whether it was revoked (never, for a JWT that verified).
    #[serde(deserialize_with = "null_as_default")]
    pub revoked: bool,
    /// Why it was revoked.
    pub revocation_reason: Option<String>,
    /// Whether it has expired (never, for a JWT that verified).
    #[serde(deserialize_with = "null_as_default")]
    pub expired: bool,
    /// When it expires, as the API reports it (for JWTs, `exp` in Unix milliseconds).
    #[serde(deserialize_with = "millis")]
    pub expiration: Option<i64>,
    /// When it was created, as the API reports it (for JWTs, `iat` in milliseconds).
    #[serde(deserialize_with = "millis_or_zero")]
    pub created_at: i64,
    /// When it was last updated, as the API reports it (for JWTs, `iat` in milliseconds).
    #[serde(deserialize_with = "millis_or_zero")]
    pub updated_at: i64,
    /// The audiences it is meant for (`aud`), empty when absent.
    #[serde(deserialize_with = "null_as_default")]
    pub aud: Vec<String>,
    /// Who acts through it, for tokens from an OAuth 2.0 Token Exchange (RFC 8693 `act`).
    #[serde(deserialize_with = "actor")]
    pub act: Option<OAuthActor>,
}

/// The actor chain of an OAuth access token from a token exchange (RFC 8693 `act`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OAuthActor {
    /// The acting party.
    pub sub: String,
    /// Who issued the actor's token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// The actor it acts for in turn, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<Box<OAuthActor>>,
}

impl OAuthActor {
    /// The actor in a JSON `act` value: one with a string `sub`, else none (as Clerk's
    /// JS SDK, which also keeps one nested level only).
    pub(crate) fn from_value(value: &Value, nested_levels: u8) -> Option<OAuthActor> {
        let sub = value.get("sub")?.as_str()?.to_string();
        let iss = value.get("iss").and_then(Value::as_str).map(str::to_string);
        let act = match (nested_levels, value.get("act")) {
            (1.., Some(inner)) => OAuthActor::from_value(inner, nested_levels - 1).map(Box::new),
            _ => None,
        };
        Some(OAuthActor { sub, iss, act })
    }
}

/// `null` or absent as the type's default.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A timestamp in milliseconds: any JSON number (the spec says `number`; fractions are
/// floored, out-of-range values saturate) or `null`.
fn millis<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    struct Millis;
    impl<'de> Visitor<'de> for Millis {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a timestamp in milliseconds (a JSON number) or null")
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Millis)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(i64::try_from(v).unwrap_or(i64::MAX)))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            // `as` saturates at the i64 bounds; JSON has no NaN.
            Ok(Some(v.floor() as i64))
        }
    }
    deserializer.deserialize_option(Millis)
}

fn millis_or_zero<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Ok(millis(deserializer)?.unwrap_or(0))
}

/// An `act` claim: an actor with a string `sub`, else none, rather than a decode error.
fn actor<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<OAuthActor>, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(OAuthActor::from_value(&value, 1))
}

/// `POST /api_keys/verify`. Like the other verify calls, sent once (no retries): it is
/// made on behalf of an inbound request, which gets an answer at once.
pub(crate) async fn verify_api_key(api: &Shared, secret: &str) -> crate::Result<ApiKey> {
    let call = Call::new(
        Method::POST,
        "verifyApiKey",
        "/api_keys/verify",
        "/api_keys/verify".into(),
    )
    .once()
    .body(Body::json(&json!({ "secret": secret }))?);
    api.execute(call).await?.json()
}

/// `POST /m2m_tokens/verify`. The key may be a machine secret key.
pub(crate) async fn verify_m2m_token(api: &Shared, token: &str) -> crate::Result<M2mToken> {
    let call = Call::new(
        Method::POST,
        "verifyM2MToken",
        "/m2m_tokens/verify",
        "/m2m_tokens/verify".into(),
    )
    .once()
    .body(Body::json(&json!({ "token": token }))?);
    api.execute(call).await?.json()
}

/// The answer of the OAuth verify endpoint: a token, or `{"active": false}` for a JWT
/// access token that is no longer active.
#[derive(Deserialize)]
struct OAuthVerifyResponse {
    #[serde(default)]
    active: Option<bool>,
    #[serde(flatten)]
    token: IdpOAuthAccessToken,
}

/// `POST /oauth_applications/access_tokens/verify`; `None` when the API answers
/// `{"active": false}`.
pub(crate) async fn verify_oauth_token(
    api: &Shared,
    access_token: &str,
) -> crate::Result<Option<IdpOAuthAccessToken>> {
    let call = Call::new(
        Method::POST,
        "verifyOAuthAccessToken",
        "/oauth_applications/access_tokens/verify",
        "/oauth_applications/access_tokens/verify".into(),
    )
    .once()
    .body(Body::json(&json!({ "access_token": access_token }))?);
    let response: OAuthVerifyResponse = api.execute(call).await?.json()?;
    Ok((response.active != Some(false)).then_some(response.token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_fields_are_ignored_and_missing_or_null_ones_default() {
        let key: ApiKey = serde_json::from_value(json!({
            "id": "ak_1", "subject": "user_1", "scopes": null, "revoked": null,
            "expiration": 1716883200000.0, "created_at": null, "brand_new_field": {"x": 1},
        }))
        .unwrap();
        assert_eq!(key.id, "ak_1");
        assert!(key.scopes.is_empty() && !key.revoked && key.name.is_empty());
        assert_eq!(key.expiration, Some(1_716_883_200_000));
        assert_eq!((key.created_at, key.last_used_at), (0, None));

        let token: M2mToken = serde_json::from_value(json!({})).unwrap();
        assert_eq!(token, M2mToken::default());
        assert!(serde_json::from_value::<M2mToken>(json!({"created_at": "yesterday"})).is_err());
    }

    #[test]
    fn an_inactive_oauth_answer_is_told_from_a_token() {
        let inactive: OAuthVerifyResponse =
            serde_json::from_value(json!({"active": false})).unwrap();
        assert_eq!(inactive.active, Some(false));
        let active: OAuthVerifyResponse = serde_json::from_value(json!({
            "object": "clerk_idp_oauth_access_token", "id": "oat_1", "subject": "user_1",
            "aud": ["https://api.example.com"],
            "act": {"sub": "client_2", "act": {"sub": "client_3", "act": {"sub": "client_4"}}},
        }))
        .unwrap();
        assert_eq!(active.active, None);
        assert_eq!(active.token.aud, ["https://api.example.com"]);
        let act = active.token.act.unwrap();
        assert_eq!(act.sub, "client_2");
        // One nested level is kept, as in Clerk's JS SDK.
        assert_eq!(act.act.as_ref().unwrap().sub, "client_3");
        assert!(act.act.unwrap().act.is_none());
        // An actor without a subject is dropped, not an error.
        let odd: IdpOAuthAccessToken = serde_json::from_value(json!({"act": {"iss": 1}})).unwrap();
        assert!(odd.act.is_none());
    }
}
