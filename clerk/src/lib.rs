//! The Rust SDK for the [Clerk Backend API](https://clerk.com/docs/reference/backend-api).
//!
//! Every operation of the API, typed; session and webhook verification; retries,
//! pagination and one error type. It mirrors the Go SDK (`clerk-sdk-go/v2`): one module
//! per resource, each with package-level functions and a `Client`.
//!
//! The package is `clerk-backend` (`cargo add clerk-backend`, or `clerk-backend = "0.1"` in
//! `Cargo.toml`); the library is `clerk`, so code says `use clerk::...`.
//!
//! # Usage without a client
//!
//! Set the secret key once (or leave `CLERK_SECRET_KEY` in the environment) and call the
//! package-level functions of each resource module:
//!
//! ```no_run
//! # async fn run() -> clerk::Result<()> {
//! use clerk::user;
//!
//! clerk::set_key("sk_test_...");
//!
//! let created = user::create(&user::CreateParams {
//!     email_address: Some(vec!["ada@example.com".into()]),
//!     first_name: clerk::string("Ada"),
//!     ..Default::default()
//! })
//! .await?;
//! let fetched = user::get(&created.id).await?;
//! let page = user::list(&user::ListParams { limit: clerk::int64(10), ..Default::default() }).await?;
//! for u in &page.data {
//!     println!("{} {:?}", u.id, u.first_name);
//! }
//! user::delete(&fetched.id).await?;
//! # Ok(()) }
//! ```
//!
//! # Usage with a client
//!
//! With more than one key (or in tests), build a [`ClientConfig`] and a `Client` per
//! resource; it has the same methods as the package-level functions:
//!
//! ```no_run
//! # async fn run() -> clerk::Result<()> {
//! let config = clerk::ClientConfig::new("sk_test_...");
//! let users = clerk::user::Client::new(&config);
//! let user = users.get("user_123").await?;
//! # let _ = user; Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every call returns [`Result`]. API errors keep the status, Clerk's error codes and
//! messages, the trace id and `Retry-After`:
//!
//! ```no_run
//! # async fn run() -> clerk::Result<()> {
//! match clerk::user::get("user_missing").await {
//!     Err(e) if e.is_not_found() => println!("no such user"),
//!     Err(clerk::Error::Api(api)) => println!("{} {:?} trace {:?}", api.status, api.code(), api.trace_id),
//!     Err(other) => return Err(other),
//!     Ok(user) => println!("{}", user.id),
//! }
//! # Ok(()) }
//! ```
//!
//! # Retries
//!
//! On by default ([`RetryPolicy`]): 429 and connection failures for every method,
//! 5xx and timeouts for idempotent ones, with exponential backoff, jitter and
//! `Retry-After`. `ClientConfig::with_retry(RetryPolicy::none())` turns them off.
//!
//! # Pagination
//!
//! `list` returns one [`List`] page (`data` and `total_count`); `list_all` returns a
//! [`Paginator`], a `Stream` of every item, fetched a page at a time.
//!
//! # Explicit `null`
//!
//! Fields the API clears on `null` are `Option<Nullable<T>>`: `None` leaves the field
//! alone, [`null()`] clears it, [`string`] sets it.
//!
//! # The raw client
//!
//! [`raw`] is the generated `clerk-raw` crate. With the feature `raw`,
//! `ClientConfig::raw_client` gives its client, authenticating and retrying like the
//! facade: the escape hatch for anything the facade does not offer. Response types are
//! the API's schemas generated from the spec, re-exported in [`types`].
//!
//! # Features
//!
//! * `api` (default): the Backend API (the resource modules, [`types`], [`raw`]).
//!   Without it the crate only verifies: session tokens, JWKS, [`authenticate_request`]
//!   (machine tokens included, as [`ApiKey`], [`M2mToken`] and [`IdpOAuthAccessToken`]),
//!   webhooks and the framework integrations, and `clerk-raw` is not built:
//!   `clerk-backend = { version = "0.1", default-features = false, features = ["rustls", "axum"] }`.
//! * `rustls` (default): TLS with rustls and aws-lc-rs.
//! * `raw`: the generated low-level client ([`ClientConfig::raw_client`]).
//! * `blocking`: `clerk::blocking`, the facade for synchronous code.
//! * `http2`: HTTP/2 to the API.
//! * `tower`: [`tower::ClerkLayer`], authenticating requests in any tower stack (tonic too).
//! * `axum`: the tower layer and axum extractors for sessions and webhooks.
//! * `actix`: actix-web middleware and extractors for sessions and webhooks.
//! * `rocket`: a Rocket 0.5 fairing, request guards for sessions and a data guard for
//!   webhooks.
//! * `poem`: Poem 3 middleware and extractors for sessions and webhooks.
//! * `testing`: `FakeClerk` and token minting for tests (with or without `api`).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]
#![recursion_limit = "256"]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

#[cfg(feature = "api")]
mod api;
mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod http;
mod integrations;

// The resource modules (`pub use api::generated::{user, organization, ...}`), generated:
// a spec refresh adds and removes them with no hand edit.
include!("api/generated/exports.rs");

pub use auth::jwt;
#[cfg(feature = "actix")]
pub use integrations::actix;
#[cfg(feature = "axum")]
pub use integrations::axum;
#[cfg(feature = "poem")]
pub use integrations::poem;
#[cfg(feature = "rocket")]
pub use integrations::rocket;
#[cfg(feature = "tower")]
pub use integrations::tower;
#[cfg(feature = "testing")]
pub mod testing;
pub mod webhook;

pub use auth::authenticate::{
    Auth, AuthenticateOptions, Authentication, RequestState, SignedOutReason, TokenKind,
    authenticate, authenticate_request, token_from_headers,
};
pub use auth::machine::{ApiKey, IdpOAuthAccessToken, M2mToken, OAuthActor};
pub use auth::page::{CookieReason, InstanceType, OrganizationSync, PageOptions, PublishableKey};
/// The dated Backend API version this crate was generated from, sent as `Clerk-API-Version`.
pub const API_VERSION: &str = include!("api/generated/api_version.rs");

#[cfg(feature = "api")]
pub use clerk_raw as raw;
#[cfg(feature = "api")]
pub use clerk_raw::Nullable;
#[cfg(feature = "api")]
pub use clerk_raw::types;
pub use http::config::{
    ClientConfig, DEFAULT_API_URL, DEFAULT_MAX_RESPONSE_BYTES, SecretKey, global_config,
    set_config, set_key,
};
pub use http::error::{ApiError, ApiErrorResponse, Error, MAX_ERROR_BODY, Result, TransportError};
#[cfg(feature = "api")]
pub use http::list::{List, Paginator};
pub use http::retry::RetryPolicy;
#[cfg(feature = "api")]
pub use http::upload::Upload;

/// Free-form JSON objects: public, private and unsafe metadata.
#[cfg(feature = "api")]
pub type Metadata = serde_json::Map<String, serde_json::Value>;

/// `Some(value)` for a string field: `first_name: clerk::string("Ada")`.
/// Works for `Option<String>` and for clearable `Option<Nullable<String>>` fields.
#[cfg(feature = "api")]
pub fn string<T: From<String>>(value: impl Into<String>) -> Option<T> {
    Some(T::from(value.into()))
}

/// `Some(value)` for an integer field: `limit: clerk::int64(10)`.
#[cfg(feature = "api")]
pub fn int64<T: From<i64>>(value: i64) -> Option<T> {
    Some(T::from(value))
}

/// `Some(value)` for a boolean field: `notify: clerk::bool(true)`.
#[cfg(feature = "api")]
pub fn bool<T: From<bool>>(value: bool) -> Option<T> {
    Some(T::from(value))
}

/// `Some(value)` for a JSON field such as metadata: `clerk::json(serde_json::json!({"plan": "pro"}))`.
#[cfg(feature = "api")]
pub fn json(value: impl Into<serde_json::Value>) -> Option<serde_json::Value> {
    Some(value.into())
}

/// An explicit JSON `null`, for fields the API clears on `null`:
/// `user::UpdateParams { username: clerk::null(), ..Default::default() }`.
#[cfg(feature = "api")]
pub fn null<T>() -> Option<Nullable<T>> {
    Some(Nullable::Null)
}

/// The README's examples, compiled as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
