//! The public interstitial page Clerk SDKs show while checking authentication.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use clerk_raw::reqwest;

use crate::api::macros::{operations, params, resource_client};
use crate::{Error, Result};

resource_client!();

params! {
    /// Which instance the page loads clerk.js for: give `publishable_key` (or
    /// `frontend_api`); the API answers 400 without one.
    pub struct GetParams {
        /// The Frontend API host of the instance.
        frontend_api: String,
        /// The publishable key of the instance.
        publishable_key: String,
        /// The proxy URL of the instance.
        proxy_url: String,
        /// The domain of the instance (satellite domains).
        domain: String,
        /// The sign-in URL of the instance.
        sign_in_url: String,
        /// Load clerk.js from `domain`.
        use_domain_for_script: bool,
    }
}

operations! {
    /// The HTML of the interstitial page, which loads clerk.js to settle the user's
    /// authentication state when a server cannot tell it at once.
    ///
    /// The generated client drops this response's body (the spec gives it no content
    /// type), so the request is sent by hand, through the same transport and retries.
    #[doc(alias = "GetPublicInterstitial")]
    pub async fn get(&self, params: &GetParams) -> Result<String> {
        let s = self.api.shared()?;
        let mut url = reqwest::Url::parse(&format!("{}/public/interstitial", s.api_url))
            .map_err(|e| Error::InvalidRequest(format!("API URL: {e}")))?;
        {
            let mut query = url.query_pairs_mut();
            let pairs = [
                ("frontend_api", params.frontend_api.as_deref()),
                ("publishable_key", params.publishable_key.as_deref()),
                ("proxy_url", params.proxy_url.as_deref()),
                ("domain", params.domain.as_deref()),
                ("sign_in_url", params.sign_in_url.as_deref()),
            ];
            for (name, value) in pairs {
                if let Some(value) = value {
                    query.append_pair(name, value);
                }
            }
            if let Some(value) = params.use_domain_for_script {
                query.append_pair("use_domain_for_script", if value { "true" } else { "false" });
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        let request = s
            .http
            .get(url)
            .header(http::header::ACCEPT, "text/html")
            .build()
            .map_err(|e| Error::InvalidRequest(e.to_string()))?;
        let body = s.send_raw(request, "get_public_interstitial").await?;
        Ok(String::from_utf8_lossy(&body).into_owned())
    }
}
