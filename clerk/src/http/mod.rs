//! The core every Backend API call passes through: configuration, transport, retries,
//! errors, pagination and multipart uploads.

pub(crate) mod call;
pub(crate) mod config;
pub(crate) mod error;
// Used by the Backend API facade only (feature `api`).
#[cfg(feature = "api")]
pub(crate) mod list;
#[cfg(feature = "api")]
pub(crate) mod resource;
pub(crate) mod retry;
pub(crate) mod transport;
#[cfg(feature = "api")]
pub(crate) mod upload;
