//! The Rust SDK for the [Clerk Backend API](https://clerk.com/docs/reference/backend-api).
//!
//! Every operation of the API, typed; session and webhook verification; retries,
//! pagination and one error type. It mirrors the Go SDK (`clerk-sdk-go/v2`): one module
//! per resource, each with package-level functions and a `Client`.
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
//! [`raw`] is the generated `clerk-raw` crate; [`ClientConfig::raw_client`] gives a raw
//! client that authenticates and retries like the facade. Response types are the API's
//! schemas generated from the spec, re-exported in [`types`].
#![deny(missing_docs)]
#![recursion_limit = "256"]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

mod api;
mod authenticate;
mod config;
mod error;
mod list;
mod macros;
mod retry;
mod transport;

mod upload;

pub mod actor_token;
pub mod admin_portal_link_token;
pub mod agent_task;
pub mod allowlist_identifier;
pub mod api_key;
pub mod beta_feature;
pub mod billing;
pub mod blocklist_identifier;
pub mod client;
pub mod directory;
pub mod domain;
pub mod email_address;
pub mod enterprise_connection;
pub mod instance_settings;
pub mod interstitial;
pub mod invitation;
pub mod jwks;
pub mod jwt_template;
pub mod m2m_token;
pub mod machine;
pub mod oauth_access_token;
pub mod oauth_application;
pub mod organization;
pub mod organization_domain;
pub mod organization_invitation;
pub mod organization_membership;
pub mod organization_permission;
pub mod organization_role;
pub mod phone_number;
pub mod proxy_check;
pub mod redirect_url;
pub mod role_set;
pub mod saml_connection;
pub mod scim_directory;
pub mod session;
pub mod sign_in_token;
pub mod sign_up;
pub mod svix_webhook;
pub mod template;
pub mod testing_token;
pub mod user;

#[cfg(feature = "axum")]
pub mod axum;
pub mod jwt;
#[cfg(feature = "testing")]
pub mod testing;
pub mod waitlist_entry;
pub mod webhook;

pub use authenticate::{
    Auth, AuthenticateOptions, RequestState, SignedOutReason, TokenKind, authenticate_request,
    token_from_headers,
};
pub use clerk_raw as raw;
pub use clerk_raw::Nullable;
pub use clerk_raw::types;
pub use config::{ClientConfig, DEFAULT_API_URL, SecretKey, global_config, set_config, set_key};
pub use error::{ApiError, ApiErrorResponse, Error, Result, TransportError};
pub use list::{List, Paginator};
pub use retry::RetryPolicy;
pub use upload::Upload;

/// Free-form JSON objects: public, private and unsafe metadata.
pub type Metadata = serde_json::Map<String, serde_json::Value>;

/// `Some(value)` for a string field: `first_name: clerk::string("Ada")`.
/// Works for `Option<String>` and for clearable `Option<Nullable<String>>` fields.
pub fn string<T: From<String>>(value: impl Into<String>) -> Option<T> {
    Some(T::from(value.into()))
}

/// `Some(value)` for an integer field: `limit: clerk::int64(10)`.
pub fn int64<T: From<i64>>(value: i64) -> Option<T> {
    Some(T::from(value))
}

/// `Some(value)` for a boolean field: `notify: clerk::bool(true)`.
pub fn bool<T: From<bool>>(value: bool) -> Option<T> {
    Some(T::from(value))
}

/// `Some(value)` for a JSON field such as metadata: `clerk::json(serde_json::json!({"plan": "pro"}))`.
pub fn json(value: impl Into<serde_json::Value>) -> Option<serde_json::Value> {
    Some(value.into())
}

/// An explicit JSON `null`, for fields the API clears on `null`:
/// `user::UpdateParams { username: clerk::null(), ..Default::default() }`.
pub fn null<T>() -> Option<Nullable<T>> {
    Some(Nullable::Null)
}

/// The README's examples, compiled as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
