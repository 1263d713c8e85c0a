//! The block-list: these identifiers may not sign up (Go: `blocklistidentifier`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::blocklist_identifier::*;

pub use crate::types::{BlocklistIdentifier, DeletedObject};
