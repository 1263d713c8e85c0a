//! Organization permissions: the custom permissions roles can grant.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::unsigned;
use crate::types;

pub use crate::types::{DeletedObject, Permission};

resource_client!();

params! {
    /// Filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching permissions to skip.
        offset: i64,
        /// Matches the id exactly, or the name or key partially.
        query: String,
        /// Sort order: `created_at`, `name` or `key` with `+`/`-`.
        order_by: String,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new permission for [`create`]; `name` and `key` are required.
    pub struct CreateParams {
        /// The permission's name.
        name: String,
        /// A unique key shaped `org:feature:action` (e.g. `org:billing:manage`); `org:sys_`
        /// is reserved for system permissions.
        key: String,
        /// What the permission allows.
        description: String,
    }
}

params! {
    /// Changes for [`update`] (system permissions cannot be changed).
    pub struct UpdateParams {
        /// The new name.
        name: String,
        /// The new key, shaped `org:feature:action`.
        key: String,
        /// The new description.
        description: String,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListOrganizationPermissions<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListOrganizationPermissions<'a>> {
    Ok(set!(b, p; limit => unsigned, offset => unsigned, query, order_by))
}

operations! {
    /// One page of the instance's organization permissions, system ones included.
    #[doc(alias = "ListOrganizationPermissions")]
    pub async fn list(&self, params: &ListParams) -> Result<List<Permission>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_organization_permissions(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates a custom organization permission.
    #[doc(alias = "CreateOrganizationPermission")]
    pub async fn create(&self, params: &CreateParams) -> Result<Permission> {
        let s = self.api.shared()?;
        let body = set!(types::CreateOrganizationPermissionBody::builder(), params; name, key, description);
        s.call(s.raw.create_organization_permission().body(body).send()).await
    }

    /// One organization permission.
    #[doc(alias = "GetOrganizationPermission")]
    pub async fn get(&self, permission_id: &str) -> Result<Permission> {
        let s = self.api.shared()?;
        s.call(s.raw.get_organization_permission().permission_id(permission_id).send()).await
    }

    /// Changes the set fields of a custom permission.
    #[doc(alias = "UpdateOrganizationPermission")]
    pub async fn update(&self, permission_id: &str, params: &UpdateParams) -> Result<Permission> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateOrganizationPermissionBody::builder(), params; name, key, description);
        s.call(s.raw.update_organization_permission().permission_id(permission_id).body(body).send()).await
    }

    /// Deletes a custom permission (system permissions cannot be deleted).
    #[doc(alias = "DeleteOrganizationPermission")]
    pub async fn delete(&self, permission_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_organization_permission().permission_id(permission_id).send()).await
    }
}

paginators! {
    /// Every organization permission matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<Permission> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let permissions = s
                    .call(list_query(s.raw.list_organization_permissions(), &page)?.send())
                    .await?;
                Ok((permissions.data, Some(permissions.total_count)))
            }
        })
    }
}
