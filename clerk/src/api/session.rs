//! Sessions: a signed-in user on one client; list, revoke, mint session tokens (Go: `session`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::session::*;

pub use crate::types::{Session, SessionRefresh};
