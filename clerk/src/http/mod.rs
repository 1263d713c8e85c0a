//! The core every Backend API call passes through: configuration, transport, retries,
//! errors, pagination and multipart uploads.

pub(crate) mod call;
pub(crate) mod config;
pub(crate) mod error;
pub(crate) mod list;
pub(crate) mod resource;
pub(crate) mod retry;
pub(crate) mod transport;
pub(crate) mod upload;
