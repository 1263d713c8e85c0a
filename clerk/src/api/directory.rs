//! Directories (directory sync): user provisioning pushed by an identity provider, tied
//! to an enterprise connection, and the mappings of its groups to organization roles.
//! The Go SDK has no twin; [`crate::scim_directory`] has the older `/scim_directories`
//! endpoints of the same shape. See the Backend API reference:
//! <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::directory::*;

pub use crate::types::{
    DeleteDirectoryGroupRoleMappingResponse, DeletedObject, Directory, DirectoryGroupRoleMapping,
};
