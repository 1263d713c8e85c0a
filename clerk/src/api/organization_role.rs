//! Organization roles: custom roles and the permissions they grant.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::unsigned;
use crate::types;

pub use crate::types::{DeletedObject, Permission, Role};

resource_client!();

params! {
    /// Filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching roles to skip.
        offset: i64,
        /// Matches the id exactly, or the name or key partially.
        query: String,
        /// Sort order: `created_at`, `name` or `key` with `+`/`-` (default `-created_at`).
        order_by: String,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new role for [`create`]; `name` and `key` are required.
    pub struct CreateParams {
        /// The role's name.
        name: String,
        /// A unique key: `org:` then lowercase letters, digits and underscores.
        key: String,
        /// What the role is for.
        description: String,
        /// The ids of the permissions the role grants.
        permissions: Vec<String>,
        /// Add the role to the initial role set.
        include_in_initial_role_set: bool,
    }
}

params! {
    /// Changes for [`update`]. Changing the key of a creator or domain default role
    /// updates the organization settings too.
    pub struct UpdateParams {
        /// The new name.
        name: String,
        /// The new key: `org:` then lowercase letters, digits and underscores.
        key: String,
        /// The new description.
        description: String,
        /// Permission ids replacing the role's current ones.
        permissions: Vec<String>,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListOrganizationRoles<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListOrganizationRoles<'a>> {
    Ok(set!(b, p; limit => unsigned, offset => unsigned, query, order_by))
}

operations! {
    /// One page of the instance's organization roles, newest first unless `order_by` says otherwise.
    #[doc(alias = "ListOrganizationRoles")]
    pub async fn list(&self, params: &ListParams) -> Result<List<Role>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_organization_roles(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates an organization role with its permissions.
    #[doc(alias = "CreateOrganizationRole")]
    pub async fn create(&self, params: &CreateParams) -> Result<Role> {
        let s = self.api.shared()?;
        let body = set!(types::CreateOrganizationRoleBody::builder(), params;
            name, key, description, permissions, include_in_initial_role_set);
        s.call(s.raw.create_organization_role().body(body).send()).await
    }

    /// One organization role, with its permissions.
    #[doc(alias = "GetOrganizationRole")]
    pub async fn get(&self, organization_role_id: &str) -> Result<Role> {
        let s = self.api.shared()?;
        s.call(s.raw.get_organization_role().organization_role_id(organization_role_id).send()).await
    }

    /// Changes the set fields of an organization role.
    #[doc(alias = "UpdateOrganizationRole")]
    pub async fn update(&self, organization_role_id: &str, params: &UpdateParams) -> Result<Role> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateOrganizationRoleBody::builder(), params;
            name, key, description, permissions);
        let b = s.raw.update_organization_role().organization_role_id(organization_role_id);
        s.call(b.body(body).send()).await
    }

    /// Deletes an organization role. The API refuses while the role is a creator or domain
    /// default role, or is held by members or invitations.
    #[doc(alias = "DeleteOrganizationRole")]
    pub async fn delete(&self, organization_role_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_organization_role().organization_role_id(organization_role_id).send()).await
    }

    /// Grants a permission to an organization role.
    #[doc(alias = "AssignPermissionToOrganizationRole")]
    pub async fn assign_permission(&self, organization_role_id: &str, permission_id: &str) -> Result<Role> {
        let s = self.api.shared()?;
        let b = s
            .raw
            .assign_permission_to_organization_role()
            .organization_role_id(organization_role_id)
            .permission_id(permission_id);
        s.call(b.send()).await
    }

    /// Takes a permission away from an organization role.
    #[doc(alias = "RemovePermissionFromOrganizationRole")]
    pub async fn remove_permission(&self, organization_role_id: &str, permission_id: &str) -> Result<Role> {
        let s = self.api.shared()?;
        let b = s
            .raw
            .remove_permission_from_organization_role()
            .organization_role_id(organization_role_id)
            .permission_id(permission_id);
        s.call(b.send()).await
    }
}

paginators! {
    /// Every organization role matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<Role> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let roles = s
                    .call(list_query(s.raw.list_organization_roles(), &page)?.send())
                    .await?;
                Ok((roles.data, Some(roles.total_count)))
            }
        })
    }
}
