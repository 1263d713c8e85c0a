//! Role sets: which roles organizations may use, and the defaults for creators and members.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, from_json, unsigned};
use crate::types;

pub use crate::types::{DeletedObject, RoleSet, RoleSetItem};

resource_client!();

params! {
    /// Filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching role sets to skip.
        offset: i64,
        /// Matches the id exactly, or the name or key partially.
        query: String,
        /// Sort order: `created_at`, `name` or `key` with `+`/`-` (default `-created_at`).
        order_by: String,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new role set for [`create`]; `name`, `roles`, `default_role_key` and
    /// `creator_role_key` are required.
    pub struct CreateParams {
        /// The role set's name.
        name: String,
        /// A unique key: `role_set:` then lowercase letters, digits and underscores
        /// (derived from the name when left out).
        key: String,
        /// What the role set is for.
        description: String,
        /// The keys of its roles (1 to 10).
        roles: Vec<String>,
        /// The role new members get; one of `roles`.
        default_role_key: String,
        /// The role organization creators get; one of `roles`.
        creator_role_key: String,
        /// `initial` (the default for new organizations; one per instance) or `custom`.
        type_: String,
    }
}

params! {
    /// Changes for [`update`].
    pub struct UpdateParams {
        /// The new name.
        name: String,
        /// The new key: `role_set:` then lowercase letters, digits and underscores.
        key: String,
        /// The new description.
        description: String,
        /// `initial` makes it the default for new organizations (the previous one becomes `custom`).
        type_: String,
        /// The role new members get; a role of the set.
        default_role_key: String,
        /// The role organization creators get; a role of the set.
        creator_role_key: String,
    }
}

params! {
    /// The destination for [`replace`]; `dest_role_set_key` is required.
    pub struct ReplaceParams {
        /// The key of the role set organizations move to.
        dest_role_set_key: String,
        /// A JSON object mapping role keys of this set to role keys of the destination;
        /// required when members hold roles that must be reassigned.
        reassignment_mappings: serde_json::Value,
    }
}

params! {
    /// Roles for [`add_roles`]; `role_keys` is required.
    pub struct AddRolesParams {
        /// The keys of the roles to add (1 to 10).
        role_keys: Vec<String>,
        /// Make one of the added roles the default role for new members.
        default_role_key: String,
        /// Make one of the added roles the role of organization creators.
        creator_role_key: String,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListRoleSets<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListRoleSets<'a>> {
    Ok(set!(b, p; limit => unsigned, offset => unsigned, query, order_by))
}

operations! {
    /// One page of the instance's role sets, newest first unless `order_by` says otherwise.
    #[doc(alias = "ListRoleSets")]
    pub async fn list(&self, params: &ListParams) -> Result<List<RoleSet>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_role_sets(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates a role set from existing roles.
    #[doc(alias = "CreateRoleSet")]
    pub async fn create(&self, params: &CreateParams) -> Result<RoleSet> {
        let s = self.api.shared()?;
        let body = set!(types::CreateRoleSetBody::builder(), params;
            name, key, description, roles, default_role_key, creator_role_key,
            type_ => enum_value::<types::CreateRoleSetBodyType>);
        s.call(s.raw.create_role_set().body(body).send()).await
    }

    /// The role set with this key or id.
    #[doc(alias = "GetRoleSet")]
    pub async fn get(&self, role_set_key_or_id: &str) -> Result<RoleSet> {
        let s = self.api.shared()?;
        s.call(s.raw.get_role_set().role_set_key_or_id(role_set_key_or_id).send()).await
    }

    /// Changes the set fields of a role set (its roles change with [`add_roles`] and
    /// [`replace_role`]).
    #[doc(alias = "UpdateRoleSet")]
    pub async fn update(&self, role_set_key_or_id: &str, params: &UpdateParams) -> Result<RoleSet> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateRoleSetBody::builder(), params;
            name, key, description, type_ => enum_value::<types::UpdateRoleSetBodyType>,
            default_role_key, creator_role_key);
        s.call(s.raw.update_role_set().role_set_key_or_id(role_set_key_or_id).body(body).send()).await
    }

    /// Deletes a role set, moving the organizations using it to another one in the same step.
    #[doc(alias = "ReplaceRoleSet")]
    pub async fn replace(&self, role_set_key_or_id: &str, params: &ReplaceParams) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        let body = set!(types::ReplaceRoleSetBody::builder(), params;
            dest_role_set_key, reassignment_mappings => from_json::<types::ReassignmentMappings>);
        s.call(s.raw.replace_role_set().role_set_key_or_id(role_set_key_or_id).body(body).send()).await
    }

    /// Adds roles to a role set, optionally making them its default or creator role.
    #[doc(alias = "AddRolesToRoleSet")]
    pub async fn add_roles(&self, role_set_key_or_id: &str, params: &AddRolesParams) -> Result<RoleSet> {
        let s = self.api.shared()?;
        let body = set!(types::AddRolesToRoleSetBody::builder(), params;
            role_keys, default_role_key, creator_role_key);
        s.call(s.raw.add_roles_to_role_set().role_set_key_or_id(role_set_key_or_id).body(body).send()).await
    }

    /// Removes `role_key` from a role set, moving its members to `to_role_key` in the same step.
    #[doc(alias = "ReplaceRoleInRoleSet")]
    pub async fn replace_role(&self, role_set_key_or_id: &str, role_key: &str, to_role_key: &str) -> Result<RoleSet> {
        let s = self.api.shared()?;
        let body = types::ReplaceRoleInRoleSetBody::builder().role_key(role_key).to_role_key(to_role_key);
        let b = s.raw.replace_role_in_role_set().role_set_key_or_id(role_set_key_or_id);
        s.call(b.body(body).send()).await
    }
}

paginators! {
    /// Every role set matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<RoleSet> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let sets = s
                    .call(list_query(s.raw.list_role_sets(), &page)?.send())
                    .await?;
                Ok((sets.data, Some(sets.total_count)))
            }
        })
    }
}
