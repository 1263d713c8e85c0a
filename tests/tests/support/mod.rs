//! Shared by the integration tests.
#![allow(dead_code)]

#[rustfmt::skip]
pub mod registry;
