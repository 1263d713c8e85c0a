//! SCIM directories: user provisioning pushed by an identity provider over SCIM, tied
//! to an enterprise connection, and the mappings of its groups to organization roles.
//! The Go SDK has no twin; see also [`crate::directory`], the newer `/directories`
//! endpoints of the same shape. See the Backend API reference:
//! <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::scim_directory::*;

pub use crate::types::{
    DeleteScimGroupRoleMappingResponse, DeletedObject, ScimDirectory, ScimGroupRoleMapping,
};
