//! Invitations to sign up to the application (Go: `invitation`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, object, positive, unsigned};
use crate::types;
use crate::{Error, Result};

pub use crate::types::Invitation;

resource_client!();

params! {
    /// One invitation for [`create`] (or one item of [`create_bulk`]); `email_address` is
    /// required. The metadata becomes the user's public metadata once they sign up.
    pub struct CreateParams {
        /// Who to invite.
        email_address: String,
        /// Metadata for the future user's public metadata (a JSON object).
        public_metadata: serde_json::Value,
        /// Where the link in the email leads; only needed for a custom sign-up flow.
        redirect_url: String,
        /// Whether to email the invitation (the API's default is true).
        notify: bool,
        /// Create it even if the address already has an invitation or is taken (default false).
        ignore_existing: bool,
        /// Days the invitation stays valid (the API's default is 30).
        expires_in_days: i64,
        /// The email template: `invitation` (the default) or `waitlist_invitation`.
        template_slug: String,
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
        /// Invitations whose email address or id contains this.
        query: String,
        /// Sort order: `created_at`, `email_address` or `expires_at` with `+`/`-`
        /// (default `-created_at`).
        order_by: String,
    }
}
paged!(ListParams);

fn bulk_item(p: &CreateParams) -> Result<types::CreateBulkInvitationsBodyItem> {
    let b = set!(types::CreateBulkInvitationsBodyItem::builder(), p;
        email_address, public_metadata => object, redirect_url, notify, ignore_existing,
        expires_in_days => positive,
        template_slug => enum_value::<types::CreateBulkInvitationsBodyItemTemplateSlug>);
    b.try_into()
        .map_err(|e: types::error::ConversionError| Error::InvalidRequest(e.to_string()))
}

operations! {
    /// One page of invitations, newest first unless `order_by` says otherwise.
    #[doc(alias = "ListInvitations")]
    pub async fn list(&self, params: &ListParams) -> Result<List<Invitation>> {
        let (data, total_count) = self.page(params).await?;
        Ok(match total_count {
            Some(total_count) => List::new(data, total_count),
            None => List::whole(data),
        })
    }

    /// Invites an email address to sign up and (unless `notify` is false) emails the
    /// invitation. Fails if the address already has an invitation or a user, unless
    /// `ignore_existing` is set.
    #[doc(alias = "CreateInvitation")]
    pub async fn create(&self, params: &CreateParams) -> Result<Invitation> {
        let s = self.api.shared()?;
        let body = set!(types::CreateInvitationBody::builder(), params;
            email_address, public_metadata => object, redirect_url, notify, ignore_existing,
            expires_in_days => positive,
            template_slug => enum_value::<types::CreateInvitationBodyTemplateSlug>);
        s.call(s.raw.create_invitation().body(body).send()).await
    }

    /// Creates up to 10 invitations in one call. No address may belong to a user already.
    #[doc(alias = "CreateBulkInvitations")]
    pub async fn create_bulk(&self, invitations: &[CreateParams]) -> Result<Vec<Invitation>> {
        let s = self.api.shared()?;
        let body = invitations.iter().map(bulk_item).collect::<Result<Vec<_>>>()?;
        s.call(s.raw.create_bulk_invitations().body(body).send()).await
    }

    /// Revokes a pending invitation: its link stops working (the person can still sign
    /// up the usual way, if the instance allows it).
    #[doc(alias = "RevokeInvitation")]
    pub async fn revoke(&self, invitation_id: &str) -> Result<types::RevokeInvitationResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.revoke_invitation().invitation_id(invitation_id).send()).await
    }
}

impl Client {
    /// One page of invitations and, when the API sent it, the total count.
    async fn page(&self, params: &ListParams) -> Result<(Vec<Invitation>, Option<i64>)> {
        let s = self.api.shared()?;
        let b = set!(s.raw.list_invitations().paginated(true), params;
            limit => unsigned, offset => unsigned, status, query, order_by);
        Ok(match s.call(b.send()).await? {
            types::ListInvitationsResponse::Page { data, total_count } => (data, Some(total_count)),
            types::ListInvitationsResponse::Items(data) => (data, None),
        })
    }
}

paginators! {
    /// Every invitation matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<Invitation> {
        let client = self.clone();
        paginate(params, move |page: ListParams| {
            let client = client.clone();
            async move { client.page(&page).await }
        })
    }
}
