//! OAuth access tokens your instance issued as an OAuth provider (to OAuth applications
//! acting for your users): verify them. The Go SDK has no twin.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, resource_client};
use crate::types;

pub use crate::types::VerifyOAuthAccessTokenResponse;

resource_client!();

operations! {
    /// Verifies an access token presented to your API.
    ///
    /// A valid token comes back as `Variant0` (its `subject` user, `client_id` and
    /// `scopes`). A JWT access token past its expiry may instead come back, with status
    /// 200, as `Variant1 { active: false }`: that is not a valid token either.
    ///
    /// A token that is not valid is otherwise an [`Error::Api`](crate::Error::Api) with
    /// status 404, or 400 when it is malformed: treat both as "not authenticated".
    /// Other errors (5xx, transport) mean the check itself failed, not the token.
    #[doc(alias = "verifyOAuthAccessToken")]
    pub async fn verify(&self, secret: &str) -> Result<VerifyOAuthAccessTokenResponse> {
        let s = self.api.shared()?;
        let body = types::VerifyOAuthAccessTokenBody::builder().access_token(secret.to_string());
        s.call(s.raw.verify_o_auth_access_token().body(body).send()).await
    }
}
