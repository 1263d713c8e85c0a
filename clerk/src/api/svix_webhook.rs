//! The Svix app behind the instance's webhooks (Go: `svixwebhook`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::svix_webhook::*;

pub use crate::types::SvixUrl;
