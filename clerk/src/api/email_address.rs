//! Email addresses of users: add, verify, update, remove (Go: `emailaddress`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::resource::enum_value;
use crate::types;

pub use crate::types::{DeletedObject, EmailAddress};

resource_client!();

params! {
    /// The email address to add with [`create`]; `user_id` and `email_address` are required.
    pub struct CreateParams {
        /// The user who gets the address.
        user_id: String,
        /// The address (RFC 5322).
        email_address: String,
        /// Create it already verified.
        verified: bool,
        /// Make it the user's primary address (the first address always is).
        primary: bool,
        /// If it becomes the new primary, email the previous primary address about it.
        notify_primary_email_address_changed: bool,
    }
}

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// Mark the address verified.
        verified: bool,
        /// Make it the user's primary address.
        primary: bool,
        /// If it becomes the new primary, email the previous primary address about it.
        notify_primary_email_address_changed: bool,
    }
}

params! {
    /// The single address [`replace`] leaves the user with; `email_address` is required.
    pub struct ReplaceParams {
        /// The new address (RFC 5322).
        email_address: String,
        /// `verified` (the API's default), `reserved` (unverified but usable for sign-in and
        /// claimed) or `unverified` (neither; can lock the user out).
        identification_status: String,
        /// Email the previous primary address about the change.
        notify_primary_email_address_changed: bool,
    }
}

operations! {
    /// Adds an email address to a user.
    #[doc(alias = "CreateEmailAddress")]
    pub async fn create(&self, params: &CreateParams) -> Result<EmailAddress> {
        let s = self.api.shared()?;
        let body = set!(types::CreateEmailAddressBody::builder(), params;
            user_id, email_address, verified, primary, notify_primary_email_address_changed);
        s.call(s.raw.create_email_address().body(body).send()).await
    }

    /// Retrieves an email address by id.
    #[doc(alias = "GetEmailAddress")]
    pub async fn get(&self, email_address_id: &str) -> Result<EmailAddress> {
        let s = self.api.shared()?;
        s.call(s.raw.get_email_address().email_address_id(email_address_id).send()).await
    }

    /// Removes an email address from its user.
    #[doc(alias = "DeleteEmailAddress")]
    pub async fn delete(&self, email_address_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_email_address().email_address_id(email_address_id).send()).await
    }

    /// Marks an email address verified or primary.
    #[doc(alias = "UpdateEmailAddress")]
    pub async fn update(&self, email_address_id: &str, params: &UpdateParams) -> Result<EmailAddress> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateEmailAddressBody::builder(), params;
            verified, primary, notify_primary_email_address_changed);
        s.call(s.raw.update_email_address().email_address_id(email_address_id).body(body).send()).await
    }

    /// Emails a one-time code to the address, for a backend-driven check that the user
    /// controls it; confirm the code with [`attempt_verification`].
    #[doc(alias = "PrepareEmailAddressVerification")]
    pub async fn prepare_verification(
        &self,
        email_address_id: &str,
    ) -> Result<types::PrepareEmailAddressVerificationResponse> {
        let s = self.api.shared()?;
        let b = s.raw.prepare_email_address_verification().email_address_id(email_address_id);
        s.call(b.send()).await
    }

    /// Checks a code sent by [`prepare_verification`]. A wrong or expired code is not an
    /// error: read the returned `status` (`verified`, `unverified`, `expired`, `failed`).
    /// A correct code also verifies the address; no session is created.
    #[doc(alias = "AttemptEmailAddressVerification")]
    pub async fn attempt_verification(
        &self,
        email_address_id: &str,
        verification_id: &str,
        code: &str,
    ) -> Result<types::AttemptEmailAddressVerificationResponse> {
        let s = self.api.shared()?;
        let body = types::AttemptEmailAddressVerificationBody::builder()
            .verification_id(verification_id)
            .code(code);
        let b = s.raw.attempt_email_address_verification().email_address_id(email_address_id);
        s.call(b.body(body).send()).await
    }

    /// Replaces all of a user's email addresses with one primary address (verified by
    /// default). Refused when an existing address is linked to a connected account.
    #[doc(alias = "ReplaceUserEmailAddress")]
    pub async fn replace(&self, user_id: &str, params: &ReplaceParams) -> Result<EmailAddress> {
        let s = self.api.shared()?;
        let body = set!(types::ReplaceUserEmailAddressBody::builder(), params;
            email_address,
            identification_status => enum_value::<types::ReplaceUserEmailAddressBodyIdentificationStatus>,
            notify_primary_email_address_changed);
        s.call(s.raw.replace_user_email_address().user_id(user_id).body(body).send()).await
    }
}
