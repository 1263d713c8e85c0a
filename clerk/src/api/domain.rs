//! Domains of the instance: primary and satellite domains, proxies (Go: `domain`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::domain::*;

pub use crate::types::{DeletedObject, Domain};
