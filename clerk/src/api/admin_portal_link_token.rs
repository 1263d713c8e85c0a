//! Admin portal link tokens: single-use links that let a customer's IT admin set up SSO
//! and directory sync for their organization themselves. The Go SDK has no twin.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::resource::{constrained, positive};
use crate::types;

pub use crate::types::{CreateAdminPortalLinkTokenResponse, RevokeAdminPortalLinkTokenResponse};

resource_client!();

params! {
    /// What a new link token is for, for [`create`]. Every field is optional.
    pub struct CreateParams {
        /// The organization the link is scoped to (`org_...`); leave it out for a link
        /// not tied to an existing organization.
        organization_id: String,
        /// Your own reference to the IT contact the link is for.
        it_contact_id: String,
        /// Scopes granted to the link, e.g. `admin_portal:read`.
        scopes: Vec<String>,
        /// Lifetime in seconds, 1 to 86400 (the API's default is 3600).
        seconds_until_expiration: i64,
    }
}

/// Each scope is a non-empty string in the spec.
fn scopes(values: &[String]) -> Result<Vec<types::CreateAdminPortalLinkTokenBodyScopesItem>> {
    values.iter().map(constrained).collect()
}

operations! {
    /// Creates a link token. The response's `token` is the single-use secret to put in
    /// the link; it is returned only here.
    #[doc(alias = "createAdminPortalLinkToken")]
    pub async fn create(&self, params: &CreateParams) -> Result<CreateAdminPortalLinkTokenResponse> {
        let s = self.api.shared()?;
        let body = set!(types::CreateAdminPortalLinkTokenBody::builder(), params;
            organization_id => constrained::<types::CreateAdminPortalLinkTokenBodyOrganizationId>,
            it_contact_id => constrained::<types::CreateAdminPortalLinkTokenBodyItContactId>,
            scopes => scopes,
            seconds_until_expiration => positive,
        );
        s.call(s.raw.create_admin_portal_link_token().body(body).send()).await
    }

    /// Revokes a link token (`aplt_...`) so its link stops working, with an optional
    /// reason kept on the token.
    #[doc(alias = "revokeAdminPortalLinkToken")]
    pub async fn revoke(
        &self,
        admin_portal_link_token_id: &str,
        revocation_reason: Option<&str>,
    ) -> Result<RevokeAdminPortalLinkTokenResponse> {
        let s = self.api.shared()?;
        let body = types::RevokeAdminPortalLinkTokenBody::builder()
            .revocation_reason(revocation_reason.map(str::to_string));
        let b = s.raw.revoke_admin_portal_link_token().admin_portal_link_token_id(admin_portal_link_token_id);
        s.call(b.body(body).send()).await
    }
}
