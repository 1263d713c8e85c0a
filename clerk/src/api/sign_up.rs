//! Sign-ups in progress: read and update them.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::types;

pub use crate::types::SignUp;

resource_client!();

params! {
    /// Changes for [`update`]. Fields left `None` are not sent; `external_id` can be
    /// cleared with [`crate::null`].
    pub struct UpdateParams {
        /// Your own id for the person signing up, copied to the user when the sign-up
        /// completes; `clerk::null()` removes it.
        external_id: crate::Nullable<String>,
        /// Mark the sign-up as a custom action.
        custom_action: bool,
    }
}

operations! {
    /// Retrieves a sign-up by id.
    #[doc(alias = "GetSignUp")]
    pub async fn get(&self, id: &str) -> Result<SignUp> {
        let s = self.api.shared()?;
        s.call(s.raw.get_sign_up().id(id).send()).await
    }

    /// Updates a sign-up in progress, e.g. to attach your own id before it completes.
    #[doc(alias = "UpdateSignUp")]
    pub async fn update(&self, id: &str, params: &UpdateParams) -> Result<SignUp> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateSignUpBody::builder(), params; external_id, custom_action);
        s.call(s.raw.update_sign_up().id(id).body(body).send()).await
    }
}
