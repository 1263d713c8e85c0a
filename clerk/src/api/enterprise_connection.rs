//! Enterprise connections: SAML and OIDC single sign-on per organization or domain.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::enterprise_connection::*;

pub use crate::types::{DeletedObject, EnterpriseConnection, EnterpriseConnectionTestRun};
