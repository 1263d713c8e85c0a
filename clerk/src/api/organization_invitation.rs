//! Organization invitations: invite people by email to join an organization (Go: `organizationinvitation`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{object, positive, unsigned};
use crate::types;
use crate::{Error, Result};

pub use crate::types::{OrganizationInvitation, OrganizationInvitationWithPublicOrganizationData};

resource_client!();

params! {
    /// One invitation for [`create`] (or one item of [`create_bulk`]); `email_address` and
    /// `role` are required. Metadata moves to the membership when the invitation is accepted.
    pub struct CreateParams {
        /// Who to invite.
        email_address: String,
        /// The role the new member gets, e.g. `org:member`.
        role: String,
        /// The admin of the organization sending the invitation.
        inviter_user_id: String,
        /// Where the invitee lands after clicking the link in the email.
        redirect_url: String,
        /// Metadata visible to frontend and backend (a JSON object).
        public_metadata: serde_json::Value,
        /// Metadata visible to the backend only (a JSON object).
        private_metadata: serde_json::Value,
        /// Days the invitation stays valid (1 to 365; the API's default is 30).
        expires_in_days: i64,
        /// Whether to email the invitation (the API's default is true).
        notify: bool,
    }
}

params! {
    /// Filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching invitations to skip.
        offset: i64,
        /// Only invitations in this status: `pending`, `accepted`, `revoked` or `expired`.
        status: String,
        /// Only invitations to this email address.
        email_address: String,
        /// Sort order: `created_at` or `email_address` with `+`/`-` (default `-created_at`).
        order_by: String,
    }
}
paged!(ListParams);

params! {
    /// Paging for [`list_pending`].
    pub struct PageParams {
        /// Page size (1 to 500).
        limit: i64,
        /// How many to skip.
        offset: i64,
    }
}

params! {
    /// Filters for [`list_from_instance`].
    pub struct ListFromInstanceParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching invitations to skip.
        offset: i64,
        /// Only invitations in this status: `pending`, `accepted`, `revoked` or `expired`.
        status: String,
        /// Invitations whose email address contains this.
        query: String,
        /// Sort order: `created_at` or `email_address` with `+`/`-` (default `-created_at`).
        order_by: String,
    }
}

params! {
    /// Who revokes, for [`revoke`].
    pub struct RevokeParams {
        /// The admin of the organization revoking the invitation.
        requesting_user_id: String,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListOrganizationInvitations<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListOrganizationInvitations<'a>> {
    Ok(set!(b, p; limit => unsigned, offset => unsigned, status, email_address, order_by))
}

fn bulk_item(p: &CreateParams) -> Result<types::CreateOrganizationInvitationBulkBodyItem> {
    let b = set!(types::CreateOrganizationInvitationBulkBodyItem::builder(), p;
        email_address, role, inviter_user_id, redirect_url, public_metadata => object,
        private_metadata => object, expires_in_days => positive, notify);
    b.try_into()
        .map_err(|e: types::error::ConversionError| Error::InvalidRequest(e.to_string()))
}

operations! {
    /// Creates an invitation and (unless `notify` is false) emails it; it stays `pending`
    /// until accepted or revoked.
    #[doc(alias = "CreateOrganizationInvitation")]
    pub async fn create(&self, organization_id: &str, params: &CreateParams) -> Result<OrganizationInvitation> {
        let s = self.api.shared()?;
        let body = set!(types::CreateOrganizationInvitationBody::builder(), params;
            email_address, role, inviter_user_id, redirect_url, public_metadata => object,
            private_metadata => object, expires_in_days => positive, notify);
        s.call(s.raw.create_organization_invitation().organization_id(organization_id).body(body).send()).await
    }

    /// Creates up to 10 invitations in one call, each with its own role, inviter and metadata.
    #[doc(alias = "CreateOrganizationInvitationBulk")]
    pub async fn create_bulk(
        &self,
        organization_id: &str,
        invitations: &[CreateParams],
    ) -> Result<List<OrganizationInvitation>> {
        let s = self.api.shared()?;
        let body = invitations.iter().map(bulk_item).collect::<Result<Vec<_>>>()?;
        let b = s.raw.create_organization_invitation_bulk().organization_id(organization_id);
        let page = s.call(b.body(body).send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// One page of an organization's invitations, newest first (invitations made through
    /// an organization domain are not included).
    #[doc(alias = "ListOrganizationInvitations")]
    pub async fn list(&self, organization_id: &str, params: &ListParams) -> Result<List<OrganizationInvitation>> {
        let s = self.api.shared()?;
        let b = list_query(s.raw.list_organization_invitations().organization_id(organization_id), params)?;
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// One page of an organization's pending invitations. Deprecated by the API: use
    /// [`list`] with `status: pending`.
    #[doc(alias = "ListPendingOrganizationInvitations")]
    pub async fn list_pending(&self, organization_id: &str, params: &PageParams) -> Result<List<OrganizationInvitation>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.list_pending_organization_invitations().organization_id(organization_id), params;
            limit => unsigned, offset => unsigned);
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// One invitation of an organization.
    #[doc(alias = "GetOrganizationInvitation")]
    pub async fn get(&self, organization_id: &str, invitation_id: &str) -> Result<OrganizationInvitation> {
        let s = self.api.shared()?;
        let b = s.raw.get_organization_invitation().organization_id(organization_id).invitation_id(invitation_id);
        s.call(b.send()).await
    }

    /// Revokes a pending invitation: its link no longer lets anyone join.
    #[doc(alias = "RevokeOrganizationInvitation")]
    pub async fn revoke(
        &self,
        organization_id: &str,
        invitation_id: &str,
        params: &RevokeParams,
    ) -> Result<OrganizationInvitation> {
        let s = self.api.shared()?;
        let body = set!(types::RevokeOrganizationInvitationBody::builder(), params; requesting_user_id);
        let b = s
            .raw
            .revoke_organization_invitation()
            .organization_id(organization_id)
            .invitation_id(invitation_id);
        s.call(b.body(body).send()).await
    }

    /// One page of the invitations of every organization of the instance, newest first.
    #[doc(alias = "ListInstanceOrganizationInvitations")]
    pub async fn list_from_instance(
        &self,
        params: &ListFromInstanceParams,
    ) -> Result<List<OrganizationInvitationWithPublicOrganizationData>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.list_instance_organization_invitations(), params;
            limit => unsigned, offset => unsigned, status, query, order_by);
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }
}

paginators! {
    /// Every invitation of the organization matching `params`, as a stream fetched a page at a time.
    pub fn list_all(
        &self,
        organization_id: &str,
        params: &ListParams,
    ) -> Paginator<OrganizationInvitation> {
        let api = self.api.clone();
        let organization_id = organization_id.to_string();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            let organization_id = organization_id.clone();
            async move {
                let s = api.shared()?;
                let b = list_query(
                    s.raw
                        .list_organization_invitations()
                        .organization_id(organization_id),
                    &page,
                )?;
                let invitations = s.call(b.send()).await?;
                Ok((invitations.data, Some(invitations.total_count)))
            }
        })
    }
}
