//! The Svix app behind the instance's webhooks (Go: `svixwebhook`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, resource_client};

pub use crate::types::SvixUrl;

resource_client!();

operations! {
    /// Creates the instance's Svix app (webhooks are delivered through Svix) and returns
    /// a URL to its dashboard.
    #[doc(alias = "CreateSvixApp")]
    pub async fn create(&self) -> Result<SvixUrl> {
        let s = self.api.shared()?;
        s.call(s.raw.create_svix_app().send()).await
    }

    /// Deletes the instance's Svix app; webhooks stop. The API answers with no content.
    #[doc(alias = "DeleteSvixApp")]
    pub async fn delete(&self) -> Result<()> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_svix_app().send()).await
    }

    /// A fresh URL to the Svix dashboard, where endpoints and event types are managed.
    #[doc(alias = "GenerateSvixAuthURL")]
    pub async fn refresh_url(&self) -> Result<SvixUrl> {
        let s = self.api.shared()?;
        s.call(s.raw.generate_svix_auth_url().send()).await
    }
}
