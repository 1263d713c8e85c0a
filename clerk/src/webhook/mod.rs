//! Verifying incoming Clerk webhooks, then decoding them into typed events.
//!
//! Clerk delivers webhooks through Svix, which signs them with the
//! [Standard Webhooks](https://www.standardwebhooks.com/) scheme: the headers `svix-id`,
//! `svix-timestamp` and `svix-signature` (or `webhook-id`, `webhook-timestamp` and
//! `webhook-signature`) carry a message id, a Unix timestamp and one or more
//! `v1,<base64 HMAC-SHA256>` signatures of `{id}.{timestamp}.{body}`, keyed with the
//! endpoint's signing secret (`whsec_<base64>`, in the Clerk Dashboard under Webhooks).
//!
//! Verification and decoding are two steps, so that a genuine delivery is never lost to
//! its shape:
//!
//! 1. [`verify`] checks the headers, the timestamp (5 minutes of tolerance either way,
//!    against replays) and the signature over the raw body, and reads the body as JSON.
//!    It succeeds for every correctly signed JSON delivery, and gives a [`Delivery`]:
//!    the message id, the timestamp, the event type and the `data` as JSON.
//! 2. [`Delivery::decode`] types the data: [`Decoded::Typed`] with an [`EventData`]
//!    variant per event type of Clerk's webhook spec, or, when the payload does not fit
//!    its generated type (a field the spec calls required is missing, say),
//!    [`Decoded::Raw`] with the JSON and the decode error, instead of failing.
//!
//! ```
//! use clerk::webhook::{self, Decoded, EventData, WebhookSecret};
//!
//! # fn main() -> Result<(), webhook::WebhookError> {
//! // Usually `WebhookSecret::from_env()?`, which reads CLERK_WEBHOOK_SIGNING_SECRET.
//! let secret = WebhookSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")?;
//! # let body = br#"{"type": "user.deleted", "object": "event", "timestamp": 1716883200,
//! #   "instance_id": "ins_123", "data": {"object": "user", "id": "user_123", "deleted": true}}"#;
//! # let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
//! # let mut headers = http::HeaderMap::new();
//! # headers.insert("svix-id", "msg_123".parse().unwrap());
//! # headers.insert("svix-timestamp", now.to_string().parse().unwrap());
//! # headers.insert("svix-signature", secret.sign("msg_123", now, body).parse().unwrap());
//!
//! // `headers` and `body` as received: the body exactly as sent, not re-serialised JSON.
//! let delivery = webhook::verify(&headers, body, &secret)?;
//! println!("{} {} at {}", delivery.id, delivery.r#type, delivery.timestamp);
//! match delivery.decode() {
//!     Decoded::Typed(EventData::UserCreated(user)) => println!("new user {}", user.id),
//!     Decoded::Typed(EventData::UserDeleted(deleted)) => println!("user {:?} deleted", deleted.id),
//!     Decoded::Typed(other) => println!("{} (not handled)", other.event_type()),
//!     Decoded::Raw { r#type, data, error } => {
//!         println!("{type} does not fit its type ({error}); id {}", data["id"])
//!     }
//!     _ => {}
//! }
//! # assert_eq!(delivery.r#type, "user.deleted");
//! # Ok(()) }
//! ```
//!
//! A [`Verifier`] holds the secret with a different tolerance or clock, and can decode
//! into a type of your own ([`Verifier::verify_as`]). With the `axum`, `actix`, `poem`
//! or `rocket` feature, `webhook::<framework>::VerifiedEvent` is an extractor (a data
//! guard in Rocket) that does all of this and answers 400 only when a request does not
//! verify (bad or missing signature, stale timestamp, a body that is not JSON).
//!
//! Event types added to Clerk after the spec this crate was generated from decode into
//! [`EventData::Unknown`].
//!
//! The payload types are generated from Clerk's webhook spec (`webhook/generated/events.rs`)
//! and are not the Backend API types of `clerk::types`: the two specs describe, say, a
//! user separately.

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
mod generated;
#[cfg(feature = "poem")]
pub mod poem;
#[cfg(feature = "rocket")]
pub mod rocket;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_lc_rs::{constant_time, hmac};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::HeaderMap;
use serde::de::DeserializeOwned;

pub use generated::events::{EVENT_TYPES, Event, EventData, SPEC_VERSION, types};

/// The environment variable [`WebhookSecret::from_env`] reads.
pub const SECRET_ENV: &str = "CLERK_WEBHOOK_SIGNING_SECRET";

/// How far a webhook's timestamp may be from now, either way, by default: 5 minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a webhook was rejected. Messages never contain the secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// [`WebhookSecret::from_env`]: `CLERK_WEBHOOK_SIGNING_SECRET` is not set.
    #[error("no webhook signing secret: set {SECRET_ENV}")]
    MissingSecret,
    /// The signing secret is not `whsec_` (or nothing) followed by non-empty base64.
    #[error("the webhook signing secret is malformed: expected `whsec_` followed by base64")]
    MalformedSecret,
    /// A required header is missing (its name).
    #[error("missing webhook header {0}")]
    MissingHeader(&'static str),
    /// A header is not visible ASCII (its name).
    #[error("webhook header {0} is not visible ASCII")]
    InvalidHeader(&'static str),
    /// The timestamp header is not a Unix timestamp in seconds.
    #[error("the webhook timestamp is not a Unix timestamp")]
    InvalidTimestamp,
    /// The timestamp is further in the past than the tolerance: a late replay, or a
    /// wrong clock.
    #[error("the webhook timestamp {timestamp} is too old (now {now})")]
    TimestampTooOld {
        /// The webhook's timestamp, Unix seconds.
        timestamp: i64,
        /// The verifier's time, Unix seconds.
        now: i64,
    },
    /// The timestamp is further in the future than the tolerance.
    #[error("the webhook timestamp {timestamp} is too new (now {now})")]
    TimestampTooNew {
        /// The webhook's timestamp, Unix seconds.
        timestamp: i64,
        /// The verifier's time, Unix seconds.
        now: i64,
    },
    /// No `v1` signature of the signature header matches: wrong secret, or a body,
    /// id or timestamp changed on the way.
    #[error("no webhook signature matches")]
    NoMatchingSignature,
    /// The signature is good, but the body is not JSON ([`verify`]), or not of the type
    /// asked for ([`Verifier::verify_as`]).
    #[error("the webhook body does not decode: {0}")]
    InvalidPayload(#[source] serde_json::Error),
}

impl WebhookError {
    /// A stable snake_case code for the error, e.g. for a JSON error response.
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::MissingSecret => "webhook_secret_missing",
            WebhookError::MalformedSecret => "webhook_secret_malformed",
            WebhookError::MissingHeader(_) => "webhook_header_missing",
            WebhookError::InvalidHeader(_) => "webhook_header_invalid",
            WebhookError::InvalidTimestamp => "webhook_timestamp_invalid",
            WebhookError::TimestampTooOld { .. } => "webhook_timestamp_too_old",
            WebhookError::TimestampTooNew { .. } => "webhook_timestamp_too_new",
            WebhookError::NoMatchingSignature => "webhook_signature_mismatch",
            WebhookError::InvalidPayload(_) => "webhook_payload_invalid",
        }
    }
}

/// A webhook endpoint's signing secret, `whsec_<base64>`.
///
/// The `whsec_` prefix is optional: like Svix's own libraries, [`WebhookSecret::new`]
/// also takes the bare base64. `Debug` and `Display` never show the secret.
#[derive(Clone)]
pub struct WebhookSecret {
    key: hmac::Key,
}

impl WebhookSecret {
    /// Parses a signing secret: `whsec_` followed by base64, or the base64 alone.
    /// Surrounding whitespace is ignored.
    pub fn new(secret: &str) -> Result<Self, WebhookError> {
        let secret = secret.trim();
        let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|_| WebhookError::MalformedSecret)?;
        if bytes.is_empty() {
            return Err(WebhookError::MalformedSecret);
        }
        Ok(WebhookSecret {
            key: hmac::Key::new(hmac::HMAC_SHA256, &bytes),
        })
    }

    /// The secret in `CLERK_WEBHOOK_SIGNING_SECRET`.
    pub fn from_env() -> Result<Self, WebhookError> {
        match std::env::var(SECRET_ENV) {
            Ok(value) if !value.trim().is_empty() => WebhookSecret::new(&value),
            Ok(_) | Err(std::env::VarError::NotPresent) => Err(WebhookError::MissingSecret),
            Err(std::env::VarError::NotUnicode(_)) => Err(WebhookError::MalformedSecret),
        }
    }

    /// The `v1,<base64>` signature of a message, as Svix puts it in `svix-signature`:
    /// for testing webhook handlers with requests signed like Clerk's.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let tag = self.tag(id.as_bytes(), timestamp.to_string().as_bytes(), body);
        format!("v1,{}", STANDARD.encode(tag.as_ref()))
    }

    /// HMAC-SHA256 of `{id}.{timestamp}.{body}`.
    fn tag(&self, id: &[u8], timestamp: &[u8], body: &[u8]) -> hmac::Tag {
        let mut context = hmac::Context::with_key(&self.key);
        context.update(id);
        context.update(b".");
        context.update(timestamp);
        context.update(b".");
        context.update(body);
        context.sign()
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret(<redacted>)")
    }
}

impl fmt::Display for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("whsec_<redacted>")
    }
}

/// Verifies webhooks with a secret, a timestamp tolerance and a clock. Build once and
/// share: cloning is cheap.
#[derive(Clone)]
pub struct Verifier {
    secret: Arc<WebhookSecret>,
    tolerance: i64,
    clock: Arc<dyn Fn() -> i64 + Send + Sync>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &self.secret)
            .field("tolerance", &Duration::from_secs(self.tolerance as u64))
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier with the default tolerance ([`DEFAULT_TOLERANCE`]) and the system clock.
    pub fn new(secret: WebhookSecret) -> Self {
        Verifier {
            secret: Arc::new(secret),
            tolerance: DEFAULT_TOLERANCE.as_secs() as i64,
            clock: Arc::new(system_now),
        }
    }

    /// A verifier with the secret in `CLERK_WEBHOOK_SIGNING_SECRET`.
    pub fn from_env() -> Result<Self, WebhookError> {
        WebhookSecret::from_env().map(Verifier::new)
    }

    /// How far a webhook's timestamp may be from now, either way (default 5 minutes).
    /// Timestamps exactly this far off are accepted.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = i64::try_from(tolerance.as_secs()).unwrap_or(i64::MAX);
        self
    }

    /// The clock, returning now in Unix seconds (default: the system clock). For tests.
    pub fn with_clock(mut self, now: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(now);
        self
    }

    /// Verifies a webhook and reads it as JSON: `Ok` for every correctly signed delivery
    /// whose body is JSON. Decode it with [`Delivery::decode`].
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<Delivery, WebhookError> {
        let signed = check(&self.secret, headers, body, (self.clock)(), self.tolerance)?;
        Delivery::read(signed, body, None)
    }

    /// [`verify`](Self::verify) of a body already in `Bytes` (the extractors'): the
    /// delivery keeps it (a reference count, no copy), so that
    /// [`Delivery::into_decoded`] need not copy the data.
    #[cfg(any(
        feature = "axum",
        feature = "actix",
        feature = "rocket",
        feature = "poem"
    ))]
    pub(crate) fn verify_bytes(
        &self,
        headers: &HeaderMap,
        body: Bytes,
    ) -> Result<Delivery, WebhookError> {
        let signed = check(&self.secret, headers, &body, (self.clock)(), self.tolerance)?;
        Delivery::read(signed, &body, Some(body.clone()))
    }

    /// Verifies a webhook and decodes its body into `T`: a type of your own,
    /// `serde_json::Value`, or the generated [`Event`]. Unlike [`verify`](Self::verify),
    /// a body that does not fit `T` is an error ([`WebhookError::InvalidPayload`]).
    pub fn verify_as<T: DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        self.verify_signature(headers, body)?;
        serde_json::from_slice(body).map_err(WebhookError::InvalidPayload)
    }

    /// Only verifies the headers, timestamp and signature, for callers that keep the raw
    /// body (to queue it, say). `Ok` means the body may be trusted.
    pub fn verify_signature(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        check(&self.secret, headers, body, (self.clock)(), self.tolerance).map(drop)
    }
}

/// A verified webhook delivery: who sent it when, the event type, and the data as JSON.
///
/// Every correctly signed delivery with a JSON body is one, whatever the shape of its
/// data; [`decode`](Self::decode) types the data in a second step that cannot fail.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Delivery {
    /// The message id (`svix-id` or `webhook-id`): the same on every retry of a message,
    /// so handlers can skip duplicates.
    pub id: String,
    /// The signed timestamp (`svix-timestamp`), Unix seconds.
    pub timestamp: i64,
    /// The event type, e.g. `user.created` (the body's `type`; empty when it has none).
    pub r#type: String,
    /// The event's `data`, as sent (`null` when the body has none). A body that is JSON
    /// but not an object (never sent by Clerk) is kept here whole.
    pub data: serde_json::Value,
    /// The rest of the envelope, as sent: `object`, `instance_id`, `timestamp` (the
    /// event's, in milliseconds), `event_attributes`, and any field added later.
    pub envelope: serde_json::Map<String, serde_json::Value>,
    /// The body as received, when it came as `Bytes` (kept for free).
    body: Option<Bytes>,
}

/// The headers a delivery was verified with.
struct Signed<'h> {
    id: &'h str,
    timestamp: i64,
}

impl Delivery {
    fn read(signed: Signed<'_>, raw: &[u8], keep: Option<Bytes>) -> Result<Delivery, WebhookError> {
        let body: serde_json::Value =
            serde_json::from_slice(raw).map_err(WebhookError::InvalidPayload)?;
        let (r#type, data, envelope) = match body {
            serde_json::Value::Object(mut envelope) => {
                let r#type = match envelope.remove("type") {
                    Some(serde_json::Value::String(t)) => t,
                    Some(other) => {
                        // Not an event type; kept as sent.
                        envelope.insert("type".into(), other);
                        String::new()
                    }
                    None => String::new(),
                };
                let data = envelope.remove("data").unwrap_or_default();
                (r#type, data, envelope)
            }
            other => (String::new(), other, serde_json::Map::new()),
        };
        Ok(Delivery {
            id: signed.id.to_string(),
            timestamp: signed.timestamp,
            r#type,
            data,
            envelope,
            body: keep,
        })
    }

    /// The data as [`read`](Self::read) takes it from a body: for the rare misfit,
    /// after the generated decoder consumed it.
    fn data_of(body: &[u8]) -> serde_json::Value {
        match serde_json::from_slice(body) {
            Ok(serde_json::Value::Object(mut envelope)) => {
                envelope.remove("data").unwrap_or_default()
            }
            Ok(other) => other,
            Err(_) => serde_json::Value::Null,
        }
    }

    /// The Clerk instance that sent the event (`instance_id`).
    pub fn instance_id(&self) -> Option<&str> {
        self.envelope
            .get("instance_id")
            .and_then(serde_json::Value::as_str)
    }

    /// The data typed by the event type; see [`Decoded`]. Copies the data;
    /// [`into_decoded`](Self::into_decoded) does not.
    pub fn decode(&self) -> Decoded {
        match EventData::from_parts(&self.r#type, self.data.clone()) {
            Ok(typed) => Decoded::Typed(typed),
            Err(error) => Decoded::Raw {
                r#type: self.r#type.clone(),
                data: self.data.clone(),
                error: Arc::new(error),
            },
        }
    }

    /// [`decode`](Self::decode), consuming the delivery. From the extractors, the
    /// data moves into its type without a copy; otherwise it is copied once, as by
    /// `decode`, to be kept for the misfit case.
    pub fn into_decoded(self) -> Decoded {
        let Delivery {
            r#type, data, body, ..
        } = self;
        let Some(body) = body else {
            let copy = data.clone();
            return match EventData::from_parts(&r#type, copy) {
                Ok(typed) => Decoded::Typed(typed),
                Err(error) => Decoded::Raw {
                    r#type,
                    data,
                    error: Arc::new(error),
                },
            };
        };
        match EventData::from_parts(&r#type, data) {
            Ok(typed) => Decoded::Typed(typed),
            // The generated decoder consumed the data: read it again from the body.
            Err(error) => Decoded::Raw {
                r#type,
                data: Delivery::data_of(&body),
                error: Arc::new(error),
            },
        }
    }

    /// The data decoded into a type of your own (a partial view of a user, say).
    pub fn decode_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.data)
    }
}

/// The data of a [`Delivery`], typed. Never an error: data that does not fit its type
/// comes back as JSON, with the reason.
#[derive(Clone, Debug)]
#[non_exhaustive]
// Unboxed so handlers can match `Decoded::Typed(EventData::UserCreated(user))`; one per
// delivery, as `EventData` itself.
#[allow(clippy::large_enum_variant)]
pub enum Decoded {
    /// The data fits the type of its event: an [`EventData`] variant, or
    /// [`EventData::Unknown`] for event types newer than this crate.
    Typed(EventData),
    /// The event type is known but its data does not fit the type generated from Clerk's
    /// webhook spec (a field the spec calls required is missing, a value of another
    /// type...): the data as sent, and why it did not decode.
    Raw {
        /// The event type.
        r#type: String,
        /// The data as sent.
        data: serde_json::Value,
        /// Why it did not decode into its type.
        error: Arc<serde_json::Error>,
    },
}

impl Decoded {
    /// The event type, e.g. `"user.created"`.
    pub fn event_type(&self) -> &str {
        match self {
            Decoded::Typed(data) => data.event_type(),
            Decoded::Raw { r#type, .. } => r#type,
        }
    }

    /// The typed data, if it decoded.
    pub fn typed(&self) -> Option<&EventData> {
        match self {
            Decoded::Typed(data) => Some(data),
            Decoded::Raw { .. } => None,
        }
    }
}

/// Verifies a webhook with the default tolerance and the system clock, and reads it as
/// JSON; [`Delivery::decode`] types it.
///
/// `body` must be the raw request body: the signature covers its exact bytes.
pub fn verify(
    headers: &HeaderMap,
    body: &[u8],
    secret: &WebhookSecret,
) -> Result<Delivery, WebhookError> {
    verify_at(headers, body, secret, system_now())
}

/// [`verify`] as if the time were `now` (Unix seconds).
pub fn verify_at(
    headers: &HeaderMap,
    body: &[u8],
    secret: &WebhookSecret,
    now: i64,
) -> Result<Delivery, WebhookError> {
    let signed = check(
        secret,
        headers,
        body,
        now,
        DEFAULT_TOLERANCE.as_secs() as i64,
    )?;
    Delivery::read(signed, body, None)
}

fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The names of the three headers, in the Svix and the Standard Webhooks spelling.
const SVIX: [&str; 3] = ["svix-id", "svix-timestamp", "svix-signature"];
const STANDARD_WEBHOOKS: [&str; 3] = ["webhook-id", "webhook-timestamp", "webhook-signature"];

/// Reads one header: missing and non-ASCII values are errors.
fn header<'h>(headers: &'h HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    headers
        .get(name)
        .ok_or(WebhookError::MissingHeader(name))?
        .to_str()
        .map_err(|_| WebhookError::InvalidHeader(name))
}

/// The checks, in order: headers, timestamp, signature.
fn check<'h>(
    secret: &WebhookSecret,
    headers: &'h HeaderMap,
    body: &[u8],
    now: i64,
    tolerance: i64,
) -> Result<Signed<'h>, WebhookError> {
    // One spelling for all three: the Svix one when any of its headers is present.
    let names = if SVIX.iter().any(|name| headers.contains_key(*name))
        || !STANDARD_WEBHOOKS
            .iter()
            .any(|name| headers.contains_key(*name))
    {
        SVIX
    } else {
        STANDARD_WEBHOOKS
    };
    let id = header(headers, names[0])?;
    let timestamp_text = header(headers, names[1])?;
    let signatures = header(headers, names[2])?;

    let timestamp = parse_timestamp(timestamp_text)?;
    let age = i128::from(now) - i128::from(timestamp);
    if age > i128::from(tolerance) {
        return Err(WebhookError::TimestampTooOld { timestamp, now });
    }
    if -age > i128::from(tolerance) {
        return Err(WebhookError::TimestampTooNew { timestamp, now });
    }

    let expected = secret.tag(id.as_bytes(), timestamp_text.as_bytes(), body);
    let matched = signatures
        .split(' ')
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == "v1")
        .any(|(_, signature)| {
            // A SHA-256 tag is 32 bytes; decoded on the stack.
            let mut decoded = [0u8; 64];
            STANDARD
                .decode_slice(signature, &mut decoded)
                .is_ok_and(|n| {
                    constant_time::verify_slices_are_equal(expected.as_ref(), &decoded[..n]).is_ok()
                })
        });
    if matched {
        Ok(Signed { id, timestamp })
    } else {
        Err(WebhookError::NoMatchingSignature)
    }
}

/// Unix seconds: ASCII digits only (no sign, no spaces), as Svix sends them.
fn parse_timestamp(text: &str) -> Result<i64, WebhookError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WebhookError::InvalidTimestamp);
    }
    text.parse().map_err(|_| WebhookError::InvalidTimestamp)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    #[test]
    fn secrets_never_show() {
        let secret = WebhookSecret::new(SECRET).unwrap();
        for shown in [
            format!("{secret:?}"),
            format!("{secret}"),
            format!("{:?}", Verifier::new(secret.clone())),
        ] {
            assert!(!shown.contains("MfKQ9r8"), "{shown}");
            assert!(shown.contains("redacted"), "{shown}");
        }
    }

    #[test]
    fn timestamps_are_digits() {
        assert_eq!(parse_timestamp("1614265330").unwrap(), 1614265330);
        for bad in ["", "-1", "+1", " 1", "1.5", "1e9", "99999999999999999999"] {
            assert!(
                matches!(parse_timestamp(bad), Err(WebhookError::InvalidTimestamp)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn codes_are_distinct() {
        let errors = [
            WebhookError::MissingSecret,
            WebhookError::MalformedSecret,
            WebhookError::MissingHeader("svix-id"),
            WebhookError::InvalidHeader("svix-id"),
            WebhookError::InvalidTimestamp,
            WebhookError::TimestampTooOld {
                timestamp: 0,
                now: 0,
            },
            WebhookError::TimestampTooNew {
                timestamp: 0,
                now: 0,
            },
            WebhookError::NoMatchingSignature,
            WebhookError::InvalidPayload(serde_json::from_str::<u8>("x").unwrap_err()),
        ];
        let codes: std::collections::BTreeSet<&str> =
            errors.iter().map(WebhookError::code).collect();
        assert_eq!(codes.len(), errors.len());
    }
}
