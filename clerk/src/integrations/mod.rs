//! Web framework integrations, each behind its feature.

#[cfg(feature = "axum")]
pub mod axum;
