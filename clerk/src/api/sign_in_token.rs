//! Sign-in tokens: one-time links that sign a user in (Go: `signintoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::sign_in_token::*;

pub use crate::types::SignInToken;
