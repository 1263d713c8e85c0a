//! Admin portal link tokens: single-use links that let a customer's IT admin set up SSO
//! and directory sync for their organization themselves. The Go SDK has no twin.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::admin_portal_link_token::*;

pub use crate::types::{CreateAdminPortalLinkTokenResponse, RevokeAdminPortalLinkTokenResponse};
