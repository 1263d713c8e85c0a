//! Organization domains: email domains that let users join an organization (Go: `organizationdomain`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::organization_domain::*;

pub use crate::types::{DeletedObject, OrganizationDomain};
