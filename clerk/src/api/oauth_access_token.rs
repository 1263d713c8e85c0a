//! OAuth access tokens your instance issued as an OAuth provider (to OAuth applications
//! acting for your users): verify them. The Go SDK has no twin.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::oauth_access_token::*;

pub use crate::types::VerifyOAuthAccessTokenResponse;
