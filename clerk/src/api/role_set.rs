//! Role sets: which roles organizations may use, and the defaults for creators and members.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::role_set::*;

pub use crate::types::{DeletedObject, RoleSet, RoleSetItem};
