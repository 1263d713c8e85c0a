//! Organization roles: custom roles and the permissions they grant.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::organization_role::*;

pub use crate::types::{DeletedObject, Permission, Role};
