//! Sign-in tokens: one-time links that sign a user in (Go: `signintoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::resource::positive;
use crate::types;

pub use crate::types::SignInToken;

resource_client!();

params! {
    /// The token to create with [`create`]; `user_id` is required.
    pub struct CreateParams {
        /// The user the token signs in.
        user_id: String,
        /// Lifetime of the token in seconds (the API's default is 30 days).
        expires_in_seconds: i64,
        /// An organization of the user to make active on sign-in.
        org_id: String,
    }
}

operations! {
    /// Creates a sign-in token for a user: its `url` (or the `ticket` strategy with its
    /// `token`) signs the user in once, e.g. from a magic link you send yourself.
    #[doc(alias = "CreateSignInToken")]
    pub async fn create(&self, params: &CreateParams) -> Result<SignInToken> {
        let s = self.api.shared()?;
        let body = set!(types::CreateSignInTokenBody::builder(), params;
            user_id, expires_in_seconds => positive, org_id);
        s.call(s.raw.create_sign_in_token().body(body).send()).await
    }

    /// Revokes a sign-in token that has not been used yet.
    #[doc(alias = "RevokeSignInToken")]
    pub async fn revoke(&self, sign_in_token_id: &str) -> Result<SignInToken> {
        let s = self.api.shared()?;
        s.call(s.raw.revoke_sign_in_token().sign_in_token_id(sign_in_token_id).send()).await
    }
}
