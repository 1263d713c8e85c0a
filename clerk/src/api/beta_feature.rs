//! Beta features: instance auth settings and production domain changes.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::types;

pub use crate::types::UpdateInstanceAuthConfigResponse;

resource_client!();

params! {
    /// Changes for [`update_instance_auth_config`]; fields left `None` are not sent.
    pub struct UpdateInstanceAuthConfigParams {
        /// Restrict sign-up to identifiers on the allowlist.
        restricted_to_allowlist: bool,
        /// The local part (alphanumeric, e.g. `foo` for `foo@example.com`) of the address
        /// authentication emails are sent from.
        from_email_address: String,
        /// Progressive sign-up (deprecated by the API).
        progressive_sign_up: bool,
        /// Allow test email addresses and phone numbers.
        test_mode: bool,
    }
}

params! {
    /// The new domain for [`change_production_instance_domain`] and
    /// [`update_production_instance_domain`].
    pub struct ProductionDomainParams {
        /// The new home URL, e.g. `https://www.example.com`.
        home_url: String,
        /// Whether the domain is a secondary app's, so that its subdomain is kept as part of
        /// the domain (several apps on one root domain).
        is_secondary: bool,
    }
}

operations! {
    /// Updates the instance's authentication settings (allowlist, sender address, test mode).
    #[doc(alias = "UpdateInstanceAuthConfig")]
    pub async fn update_instance_auth_config(
        &self,
        params: &UpdateInstanceAuthConfigParams,
    ) -> Result<UpdateInstanceAuthConfigResponse> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateInstanceAuthConfigBody::builder(), params;
            restricted_to_allowlist, from_email_address, progressive_sign_up, test_mode);
        s.call(s.raw.update_instance_auth_config().body(body).send()).await
    }

    /// Deprecated by the API: use [`change_production_instance_domain`]. Changes the domain of
    /// a production instance; the API accepts the change (202) and deploys it asynchronously.
    #[doc(alias = "UpdateProductionInstanceDomain")]
    pub async fn update_production_instance_domain(&self, params: &ProductionDomainParams) -> Result<()> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateProductionInstanceDomainBody::builder(), params; home_url, is_secondary);
        s.call(s.raw.update_production_instance_domain().body(body).send()).await
    }

    /// Changes the domain of a production instance; the API accepts the change (202) and
    /// deploys it asynchronously. DNS records, certificates, social connection redirect URLs
    /// and keys must be updated, and every user session ends.
    #[doc(alias = "ChangeProductionInstanceDomain")]
    pub async fn change_production_instance_domain(&self, params: &ProductionDomainParams) -> Result<()> {
        let s = self.api.shared()?;
        let body = set!(types::ChangeProductionInstanceDomainBody::builder(), params; home_url, is_secondary);
        s.call(s.raw.change_production_instance_domain().body(body).send()).await
    }
}
