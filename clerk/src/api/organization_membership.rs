//! Organization memberships: which users belong to an organization, with which role (Go: `organizationmembership`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{object, unsigned};
use crate::types;

pub use crate::types::OrganizationMembership;

resource_client!();

params! {
    /// Fields of a new membership for [`create`]; `user_id` and `role` are required.
    pub struct CreateParams {
        /// The user to add: of the same instance, not yet a member.
        user_id: String,
        /// The member's role, e.g. `org:member`.
        role: String,
        /// Metadata visible to frontend and backend (a JSON object).
        public_metadata: serde_json::Value,
        /// Metadata visible to the backend only (a JSON object).
        private_metadata: serde_json::Value,
    }
}

params! {
    /// Changes for [`update`].
    pub struct UpdateParams {
        /// The member's new role (required by the API).
        role: String,
    }
}

params! {
    /// Metadata for [`update_metadata`], deep-merged into the current values (a key set
    /// to `null` is removed). Each is a JSON object.
    pub struct MetadataParams {
        /// Visible to frontend and backend.
        public_metadata: serde_json::Value,
        /// Visible to the backend only.
        private_metadata: serde_json::Value,
    }
}

params! {
    /// Filters for [`list`] and [`list_all`]. List fields match any of their values
    /// (up to 100 each); `order_by` takes a field with `+`/`-` (e.g. `-created_at`).
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching memberships to skip.
        offset: i64,
        /// Sort order: `phone_number`, `email_address`, `created_at`, `first_name`,
        /// `last_name` or `username` with `+`/`-`.
        order_by: String,
        /// Matches email, phone, username, web3 wallet, user id and names by substring.
        query: String,
        /// Members with any of these user ids (`-` prefix excludes).
        user_id: Vec<String>,
        /// Members with any of these email addresses.
        email_address: Vec<String>,
        /// Members with an email address containing this (case-insensitive).
        email_address_query: String,
        /// Members with any of these phone numbers.
        phone_number: Vec<String>,
        /// Members with a phone number containing this.
        phone_number_query: String,
        /// Members with any of these usernames.
        username: Vec<String>,
        /// Members with a username containing this (case-insensitive).
        username_query: String,
        /// Members with a name containing this (case-insensitive).
        name_query: String,
        /// Members with any of these web3 wallet addresses.
        web3_wallet: Vec<String>,
        /// Members with any of these roles.
        role: Vec<String>,
        /// Members last active before this Unix time in ms.
        last_active_at_before: i64,
        /// Members last active after this Unix time in ms.
        last_active_at_after: i64,
        /// Users created before this Unix time in ms.
        created_at_before: i64,
        /// Users created after this Unix time in ms.
        created_at_after: i64,
    }
}
paged!(ListParams);

params! {
    /// Paging and order for [`list_from_instance`].
    pub struct ListFromInstanceParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many memberships to skip.
        offset: i64,
        /// Sort order: `phone_number`, `email_address`, `created_at`, `first_name`,
        /// `last_name` or `username` with `+`/`-`.
        order_by: String,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListOrganizationMemberships<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListOrganizationMemberships<'a>> {
    Ok(set!(b, p;
        limit => unsigned, offset => unsigned, order_by, query, user_id, email_address,
        email_address_query, phone_number, phone_number_query, username, username_query,
        name_query, web3_wallet, role, last_active_at_before, last_active_at_after,
        created_at_before, created_at_after,
    ))
}

operations! {
    /// Adds a user to an organization; it becomes their active organization at their next
    /// session unless they pick another.
    #[doc(alias = "CreateOrganizationMembership")]
    pub async fn create(&self, organization_id: &str, params: &CreateParams) -> Result<OrganizationMembership> {
        let s = self.api.shared()?;
        let body = set!(types::CreateOrganizationMembershipBody::builder(), params;
            user_id, role, public_metadata => object, private_metadata => object);
        s.call(s.raw.create_organization_membership().organization_id(organization_id).body(body).send()).await
    }

    /// One page of an organization's members.
    #[doc(alias = "ListOrganizationMemberships")]
    pub async fn list(&self, organization_id: &str, params: &ListParams) -> Result<List<OrganizationMembership>> {
        let s = self.api.shared()?;
        let b = list_query(s.raw.list_organization_memberships().organization_id(organization_id), params)?;
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Changes a member's role.
    #[doc(alias = "UpdateOrganizationMembership")]
    pub async fn update(
        &self,
        organization_id: &str,
        user_id: &str,
        params: &UpdateParams,
    ) -> Result<OrganizationMembership> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateOrganizationMembershipBody::builder(), params; role);
        let b = s.raw.update_organization_membership().organization_id(organization_id).user_id(user_id);
        s.call(b.body(body).send()).await
    }

    /// Removes a user from an organization; returns the membership that was removed.
    #[doc(alias = "DeleteOrganizationMembership")]
    pub async fn delete(&self, organization_id: &str, user_id: &str) -> Result<OrganizationMembership> {
        let s = self.api.shared()?;
        let b = s.raw.delete_organization_membership().organization_id(organization_id).user_id(user_id);
        s.call(b.send()).await
    }

    /// Deep-merges `params` into the membership's metadata; keys set to `null` are removed.
    #[doc(alias = "UpdateOrganizationMembershipMetadata")]
    pub async fn update_metadata(
        &self,
        organization_id: &str,
        user_id: &str,
        params: &MetadataParams,
    ) -> Result<OrganizationMembership> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateOrganizationMembershipMetadataBody::builder(), params;
            public_metadata => object, private_metadata => object);
        let b = s
            .raw
            .update_organization_membership_metadata()
            .organization_id(organization_id)
            .user_id(user_id);
        s.call(b.body(body).send()).await
    }

    /// One page of the memberships of every organization of the instance.
    #[doc(alias = "InstanceGetOrganizationMemberships")]
    pub async fn list_from_instance(&self, params: &ListFromInstanceParams) -> Result<List<OrganizationMembership>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.instance_get_organization_memberships(), params;
            limit => unsigned, offset => unsigned, order_by);
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }
}

paginators! {
    /// Every member of the organization matching `params`, as a stream fetched a page at a time.
    pub fn list_all(
        &self,
        organization_id: &str,
        params: &ListParams,
    ) -> Paginator<OrganizationMembership> {
        let api = self.api.clone();
        let organization_id = organization_id.to_string();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            let organization_id = organization_id.clone();
            async move {
                let s = api.shared()?;
                let b = list_query(
                    s.raw
                        .list_organization_memberships()
                        .organization_id(organization_id),
                    &page,
                )?;
                let members = s.call(b.send()).await?;
                Ok((members.data, Some(members.total_count)))
            }
        })
    }
}
