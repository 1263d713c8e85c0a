//! Organization permissions: the custom permissions roles can grant.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::organization_permission::*;

pub use crate::types::{DeletedObject, Permission};
