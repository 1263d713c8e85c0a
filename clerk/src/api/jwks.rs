//! The instance's JSON Web Key Set, to verify session tokens (Go: `jwks`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::jwks::*;

pub use crate::types::Jwks;
