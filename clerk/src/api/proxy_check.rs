//! Proxy checks: verify a domain's proxy configuration (Go: `proxycheck`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::types;

pub use crate::types::ProxyCheck;

resource_client!();

params! {
    /// What [`create`] checks.
    pub struct CreateParams {
        /// The domain whose proxy to check.
        domain_id: String,
        /// The proxy URL to check, e.g. `https://example.com/__clerk` (may differ from the
        /// domain's current one).
        proxy_url: String,
    }
}

operations! {
    /// Checks that a proxy URL reaches the Clerk Frontend API for a domain, before
    /// switching the domain to it (so the switch causes no downtime) or to re-check it.
    #[doc(alias = "VerifyDomainProxy")]
    pub async fn create(&self, params: &CreateParams) -> Result<ProxyCheck> {
        let s = self.api.shared()?;
        let body = set!(types::VerifyDomainProxyBody::builder(), params; domain_id, proxy_url);
        s.call(s.raw.verify_domain_proxy().body(body).send()).await
    }
}
