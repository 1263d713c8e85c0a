//! Organizations: groups of users with roles, metadata and a logo (Go: `organization`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{object, unsigned};
use crate::http::upload::Upload;
use crate::types;

pub use crate::billing::CreditAdjustmentParams;
pub use crate::types::{DeletedObject, Organization, OrganizationWithLogo};

resource_client!();

params! {
    /// Filters for [`list`] and [`list_all`]. `order_by` takes a field with `+`/`-`
    /// (e.g. `-created_at`, `+name`, `-members_count`).
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching organizations to skip.
        offset: i64,
        /// Sort order: `name`, `created_at` or `members_count` with `+`/`-`.
        order_by: String,
        /// Matches the id exactly, or the name or slug partially.
        query: String,
        /// Organizations with any of these users as members (`-` prefix excludes).
        user_id: Vec<String>,
        /// Organizations with any of these ids (`-` prefix excludes; up to 100).
        organization_id: Vec<String>,
        /// Fill in `members_count` of each organization.
        include_members_count: bool,
        /// Fill in `missing_member_with_elevated_permissions` of each organization.
        include_missing_member_with_elevated_permissions: bool,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new organization for [`create`]; `name` is required.
    pub struct CreateParams {
        /// The name (no URLs or HTML; at most 256 characters).
        name: String,
        /// A unique slug: lowercase letters, digits and `-` (only when slugs are enabled).
        slug: String,
        /// The user who becomes the organization's admin.
        created_by: String,
        /// How many memberships the organization may have.
        max_allowed_memberships: i64,
        /// Metadata visible to frontend and backend (a JSON object).
        public_metadata: serde_json::Value,
        /// Metadata visible to the backend only (a JSON object).
        private_metadata: serde_json::Value,
        /// Creation time to record, RFC 3339 (for imports).
        created_at: String,
        /// The key of the role set the organization uses.
        role_set_key: String,
    }
}

params! {
    /// Changes for [`update`]. Fields left `None` are not sent; metadata is changed with
    /// [`update_metadata`] and [`replace_metadata`] since API version 2026-05-12.
    pub struct UpdateParams {
        /// The new name (no URLs or HTML; at most 256 characters).
        name: String,
        /// The new slug, unique in the instance.
        slug: String,
        /// How many memberships the organization may have; `clerk::null()` for no limit.
        max_allowed_memberships: crate::Nullable<i64>,
        /// Whether an admin may delete the organization from the frontend.
        admin_delete_enabled: bool,
        /// Creation time to record, RFC 3339.
        created_at: String,
        /// The key of the role set the organization uses.
        role_set_key: String,
    }
}

params! {
    /// Metadata for [`update_metadata`] (deep-merged into the current values; a key set
    /// to `null` is removed) and [`replace_metadata`] (replaces them). Each is a JSON object.
    pub struct MetadataParams {
        /// Visible to frontend and backend.
        public_metadata: serde_json::Value,
        /// Visible to the backend only.
        private_metadata: serde_json::Value,
    }
}

params! {
    /// Form fields sent with the file by [`update_logo`].
    pub struct UpdateLogoParams {
        /// The user credited with the upload.
        uploader_user_id: String,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListOrganizations<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListOrganizations<'a>> {
    Ok(set!(b, p;
        limit => unsigned, offset => unsigned, order_by, query, user_id, organization_id,
        include_members_count, include_missing_member_with_elevated_permissions,
    ))
}

operations! {
    /// One page of the instance's organizations, newest first unless `order_by` says otherwise.
    #[doc(alias = "ListOrganizations")]
    pub async fn list(&self, params: &ListParams) -> Result<List<Organization>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_organizations(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates an organization; `created_by` (if set) becomes its admin.
    #[doc(alias = "CreateOrganization")]
    pub async fn create(&self, params: &CreateParams) -> Result<Organization> {
        let s = self.api.shared()?;
        let body = set!(types::CreateOrganizationBody::builder(), params;
            name, slug, created_by, max_allowed_memberships => unsigned,
            public_metadata => object, private_metadata => object, created_at, role_set_key);
        s.call(s.raw.create_organization().body(body).send()).await
    }

    /// The organization with this id or slug.
    #[doc(alias = "GetOrganization")]
    pub async fn get(&self, id_or_slug: &str) -> Result<Organization> {
        let s = self.api.shared()?;
        s.call(s.raw.get_organization().organization_id(id_or_slug).send()).await
    }

    /// Changes the set fields of an organization.
    #[doc(alias = "UpdateOrganization")]
    pub async fn update(&self, organization_id: &str, params: &UpdateParams) -> Result<Organization> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateOrganizationBody::builder(), params;
            name, slug, max_allowed_memberships, admin_delete_enabled,
            created_at, role_set_key);
        s.call(s.raw.update_organization().organization_id(organization_id).body(body).send()).await
    }

    /// Deletes an organization with its memberships and invitations (not reversible).
    #[doc(alias = "DeleteOrganization")]
    pub async fn delete(&self, organization_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_organization().organization_id(organization_id).send()).await
    }

    /// Deep-merges `params` into the organization's metadata; keys set to `null` are removed.
    #[doc(alias = "MergeOrganizationMetadata")]
    pub async fn update_metadata(&self, organization_id: &str, params: &MetadataParams) -> Result<Organization> {
        let s = self.api.shared()?;
        let body = set!(types::MergeOrganizationMetadataBody::builder(), params;
            public_metadata => object, private_metadata => object);
        s.call(s.raw.merge_organization_metadata().organization_id(organization_id).body(body).send()).await
    }

    /// Replaces the organization's metadata fields set in `params` (the others are kept).
    #[doc(alias = "ReplaceOrganizationMetadata")]
    pub async fn replace_metadata(&self, organization_id: &str, params: &MetadataParams) -> Result<Organization> {
        let s = self.api.shared()?;
        let body = set!(types::ReplaceOrganizationMetadataBody::builder(), params;
            public_metadata => object, private_metadata => object);
        s.call(s.raw.replace_organization_metadata().organization_id(organization_id).body(body).send()).await
    }

    /// Uploads a new logo (JPEG, PNG, GIF or WebP up to 10 MB; multipart, written by
    /// hand: progenitor cannot).
    #[doc(alias = "UploadOrganizationLogo")]
    pub async fn update_logo(
        &self,
        organization_id: &str,
        file: &Upload,
        params: &UpdateLogoParams,
    ) -> Result<OrganizationWithLogo> {
        let s = self.api.shared()?;
        let fields = [("uploader_user_id", params.uploader_user_id.as_ref())];
        s.upload(http::Method::PUT, &["organizations", organization_id, "logo"], file, &fields, "upload_organization_logo")
            .await
    }

    /// Removes the organization's logo.
    #[doc(alias = "DeleteOrganizationLogo")]
    pub async fn delete_logo(&self, organization_id: &str) -> Result<Organization> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_organization_logo().organization_id(organization_id).send()).await
    }

    /// The organization's billing subscription, with its plans and payment status.
    #[doc(alias = "GetOrganizationBillingSubscription")]
    pub async fn get_billing_subscription(&self, organization_id: &str) -> Result<types::CommerceSubscription> {
        let s = self.api.shared()?;
        s.call(s.raw.get_organization_billing_subscription().organization_id(organization_id).send()).await
    }

    /// The organization's billing credit balance.
    #[doc(alias = "GetOrganizationBillingCreditBalance")]
    pub async fn get_billing_credit_balance(
        &self,
        organization_id: &str,
    ) -> Result<types::CommerceCreditBalanceResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.get_organization_billing_credit_balance().organization_id(organization_id).send()).await
    }

    /// Increases or decreases the organization's billing credit balance (a ledger entry;
    /// a repeated `idempotency_key` returns the original one).
    #[doc(alias = "AdjustOrganizationBillingCreditBalance")]
    pub async fn adjust_billing_credit_balance(
        &self,
        organization_id: &str,
        params: &CreditAdjustmentParams,
    ) -> Result<types::CommerceCreditLedgerResponse> {
        let s = self.api.shared()?;
        let b = s.raw.adjust_organization_billing_credit_balance().organization_id(organization_id);
        s.call(b.body(params.body()?).send()).await
    }
}

paginators! {
    /// Every organization matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<Organization> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let orgs = s
                    .call(list_query(s.raw.list_organizations(), &page)?.send())
                    .await?;
                Ok((orgs.data, Some(orgs.total_count)))
            }
        })
    }
}
