//! Domains of the instance: primary and satellite domains, proxies (Go: `domain`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::list::List;
use crate::types;

pub use crate::types::{DeletedObject, Domain};

resource_client!();

params! {
    /// The satellite domain to add with [`create`]; `name` and `is_satellite` are required.
    pub struct CreateParams {
        /// The domain name; development instances may add a port (`localhost:3000`).
        name: String,
        /// Must be `true`: only satellite domains can be added.
        is_satellite: bool,
        /// The URL of a proxy forwarding to the Frontend API (production instances only).
        proxy_url: String,
    }
}

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// The new domain name (a bare FQDN in production; a port is allowed in development).
        name: String,
        /// The URL of a proxy forwarding to the Frontend API (production instances only);
        /// `clerk::null()` goes back from the proxy to the DNS setup.
        proxy_url: crate::Nullable<String>,
        /// Whether the domain belongs to a secondary app, so that its subdomain matters.
        is_secondary: bool,
    }
}

operations! {
    /// Every domain of the instance: the primary one and the satellites, with their
    /// Frontend API URLs and the CNAME records they need.
    #[doc(alias = "ListDomains")]
    pub async fn list(&self) -> Result<List<Domain>> {
        let s = self.api.shared()?;
        let page = s.call(s.raw.list_domains().send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Adds a satellite domain (an instance has one primary domain).
    #[doc(alias = "AddDomain")]
    pub async fn create(&self, params: &CreateParams) -> Result<Domain> {
        let s = self.api.shared()?;
        let body = set!(types::AddDomainBody::builder(), params; name, is_satellite, proxy_url);
        s.call(s.raw.add_domain().body(body).send()).await
    }

    /// Deletes a satellite domain (the primary domain cannot be deleted).
    #[doc(alias = "DeleteDomain")]
    pub async fn delete(&self, domain_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_domain().domain_id(domain_id).send()).await
    }

    /// Updates a primary or satellite domain. Renaming a production primary domain needs
    /// its DNS and email setup done first, or expect downtime.
    #[doc(alias = "UpdateDomain")]
    pub async fn update(&self, domain_id: &str, params: &UpdateParams) -> Result<Domain> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateDomainBody::builder(), params; name, proxy_url, is_secondary);
        s.call(s.raw.update_domain().domain_id(domain_id).body(body).send()).await
    }
}
