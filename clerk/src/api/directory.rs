//! Directories (directory sync): user provisioning pushed by an identity provider, tied
//! to an enterprise connection, and the mappings of its groups to organization roles.
//! The Go SDK has no twin; [`crate::scim_directory`] has the older `/scim_directories`
//! endpoints of the same shape. See the Backend API reference:
//! <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{from_json, positive, unsigned};
use crate::types;

pub use crate::types::{
    DeleteDirectoryGroupRoleMappingResponse, DeletedObject, Directory, DirectoryGroupRoleMapping,
};

resource_client!();

params! {
    /// Paging for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many directories to skip.
        offset: i64,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new directory for [`create`]; `enterprise_connection_id` and
    /// `provider` are required.
    pub struct CreateParams {
        /// The enterprise connection the directory provisions users for.
        enterprise_connection_id: String,
        /// The identity provider, e.g. `okta`.
        provider: String,
        /// A human-friendly name.
        name: String,
        /// Group-to-role mappings to create with the directory: a JSON array of
        /// `{"directory_group_id", "role_id", "directory_group_display_name"?, "precedence"?}`
        /// (precedence defaults to array order; `scim_group_id` and
        /// `scim_group_display_name` are accepted as the legacy names).
        group_role_mappings: serde_json::Value,
    }
}

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// A human-friendly name.
        name: String,
        /// Whether the directory accepts provisioning requests.
        enabled: bool,
        /// The identity provider.
        provider: String,
        /// Attribute-to-directory-path entries merged into the directory's mapping: a JSON
        /// object of strings; a key set to `null` is removed.
        attribute_mapping: serde_json::Value,
        /// Whether group-to-role mapping is on for this directory.
        group_role_mapping_enabled: bool,
    }
}

params! {
    /// A new group-to-role mapping for [`create_group_role_mapping`]; `role_id` and
    /// one of `directory_group_id` / `scim_group_id` are required.
    pub struct GroupRoleMappingParams {
        /// The group id at the identity provider.
        directory_group_id: String,
        /// The legacy name of `directory_group_id` (if both are sent they must match).
        scim_group_id: String,
        /// The organization role given to the group's members.
        role_id: String,
        /// Priority when a user is in several mapped groups (1 is highest); appended
        /// last when left out.
        precedence: i64,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListDirectories<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListDirectories<'a>> {
    Ok(set!(b, p; limit => unsigned, offset => unsigned))
}

operations! {
    /// Lists the instance's directories.
    #[doc(alias = "ListDirectories")]
    pub async fn list(&self, params: &ListParams) -> Result<List<Directory>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_directories(), params)?.send()).await?;
        Ok(List::new(page.data.0, page.total_count))
    }

    /// Creates a directory. The response's `endpoint_url` and `api_key` are what the
    /// identity provider needs; the key is shown only here and by [`rotate_api_key`].
    #[doc(alias = "CreateDirectory")]
    pub async fn create(&self, params: &CreateParams) -> Result<Directory> {
        let s = self.api.shared()?;
        let body = set!(types::CreateDirectoryBody::builder(), params;
            enterprise_connection_id, provider, name,
            group_role_mappings => from_json::<Vec<types::CreateDirectoryBodyGroupRoleMappingsItem>>,
        );
        s.call(s.raw.create_directory().body(body).send()).await
    }

    /// Retrieves a directory.
    #[doc(alias = "GetDirectory")]
    pub async fn get(&self, directory_id: &str) -> Result<Directory> {
        let s = self.api.shared()?;
        s.call(s.raw.get_directory().directory_id(directory_id).send()).await
    }

    /// Updates a directory; only the fields set in `params` change.
    #[doc(alias = "UpdateDirectory")]
    pub async fn update(&self, directory_id: &str, params: &UpdateParams) -> Result<Directory> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateDirectoryBody::builder(), params;
            name, enabled, provider,
            attribute_mapping => from_json::<std::collections::HashMap<String, Option<String>>>,
            group_role_mapping_enabled,
        );
        s.call(s.raw.update_directory().directory_id(directory_id).body(body).send()).await
    }

    /// Deletes a directory: provisioning stops and its API key is rejected.
    #[doc(alias = "DeleteDirectory")]
    pub async fn delete(&self, directory_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_directory().directory_id(directory_id).send()).await
    }

    /// Issues a new API key for the directory, returned in `api_key`. The old key keeps
    /// working for a short grace period, time to update the identity provider.
    #[doc(alias = "RotateDirectoryAPIKey")]
    pub async fn rotate_api_key(&self, directory_id: &str) -> Result<Directory> {
        let s = self.api.shared()?;
        s.call(s.raw.rotate_directory_api_key().directory_id(directory_id).send()).await
    }

    /// The directory's group-to-role mappings, by precedence.
    #[doc(alias = "ListDirectoryGroupRoleMappings")]
    pub async fn list_group_role_mappings(&self, directory_id: &str) -> Result<List<DirectoryGroupRoleMapping>> {
        let s = self.api.shared()?;
        let page = s.call(s.raw.list_directory_group_role_mappings().directory_id(directory_id).send()).await?;
        Ok(List::new(page.data.0, page.total_count))
    }

    /// Adds a group-to-role mapping (group role mapping must be enabled on the directory).
    #[doc(alias = "CreateDirectoryGroupRoleMapping")]
    pub async fn create_group_role_mapping(
        &self,
        directory_id: &str,
        params: &GroupRoleMappingParams,
    ) -> Result<DirectoryGroupRoleMapping> {
        let s = self.api.shared()?;
        let body = set!(types::CreateDirectoryGroupRoleMappingBody::builder(), params;
            directory_group_id, scim_group_id, role_id, precedence => positive);
        let b = s.raw.create_directory_group_role_mapping().directory_id(directory_id);
        s.call(b.body(body).send()).await
    }

    /// Replaces all the directory's group-to-role mappings with `mappings`, a JSON array
    /// of `{"directory_group_id", "role_id"}` (or the legacy `scim_group_id`) whose order
    /// sets precedence; `[]` removes them all.
    #[doc(alias = "ReplaceDirectoryGroupRoleMappings")]
    pub async fn replace_group_role_mappings(
        &self,
        directory_id: &str,
        mappings: &serde_json::Value,
    ) -> Result<List<DirectoryGroupRoleMapping>> {
        let s = self.api.shared()?;
        let mappings = from_json::<Vec<types::ReplaceDirectoryGroupRoleMappingsBodyMappingsItem>>(mappings)?;
        let body = types::ReplaceDirectoryGroupRoleMappingsBody::builder().mappings(mappings);
        let b = s.raw.replace_directory_group_role_mappings().directory_id(directory_id);
        let page = s.call(b.body(body).send()).await?;
        Ok(List::new(page.data.0, page.total_count))
    }

    /// Removes one group-to-role mapping.
    #[doc(alias = "DeleteDirectoryGroupRoleMapping")]
    pub async fn delete_group_role_mapping(
        &self,
        directory_id: &str,
        mapping_id: &str,
    ) -> Result<DeleteDirectoryGroupRoleMappingResponse> {
        let s = self.api.shared()?;
        let b = s.raw.delete_directory_group_role_mapping().directory_id(directory_id).mapping_id(mapping_id);
        s.call(b.send()).await
    }
}

paginators! {
    /// Every directory, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<Directory> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(list_query(s.raw.list_directories(), &page)?.send())
                    .await?;
                Ok((page.data.0, Some(page.total_count)))
            }
        })
    }
}
