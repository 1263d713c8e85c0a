//! The allow-list: only these identifiers may sign up (Go: `allowlistidentifier`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::allowlist_identifier::*;

pub use crate::types::{AllowlistIdentifier, DeletedObject};
