//! Invitations to sign up to the application (Go: `invitation`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::invitation::*;

pub use crate::types::Invitation;
