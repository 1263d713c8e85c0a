//! Phone numbers of users: add, verify, update, remove (Go: `phonenumber`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::resource::enum_value;
use crate::types;

pub use crate::types::{DeletedObject, PhoneNumber};

resource_client!();

params! {
    /// The phone number to add with [`create`]; `user_id` and `phone_number` are required.
    pub struct CreateParams {
        /// The user who gets the number.
        user_id: String,
        /// The number (E.164, e.g. `+15555550100`).
        phone_number: String,
        /// Create it already verified.
        verified: bool,
        /// Make it the user's primary number (the first number always is).
        primary: bool,
        /// Reserve it for multi-factor authentication (it must be verified too); it becomes
        /// the default second factor if there is no other.
        reserved_for_second_factor: bool,
    }
}

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// Mark the number verified.
        verified: bool,
        /// Make it the user's primary number.
        primary: bool,
        /// Reserve it for multi-factor authentication (it must be verified).
        reserved_for_second_factor: bool,
    }
}

params! {
    /// The single number [`replace`] leaves the user with; `phone_number` is required.
    pub struct ReplaceParams {
        /// The new number (E.164).
        phone_number: String,
        /// `verified` (the API's default), `reserved` (unverified but usable for sign-in and
        /// claimed) or `unverified` (neither; can lock the user out).
        identification_status: String,
    }
}

operations! {
    /// Adds a phone number to a user.
    #[doc(alias = "CreatePhoneNumber")]
    pub async fn create(&self, params: &CreateParams) -> Result<PhoneNumber> {
        let s = self.api.shared()?;
        let body = set!(types::CreatePhoneNumberBody::builder(), params;
            user_id, phone_number, verified, primary, reserved_for_second_factor);
        s.call(s.raw.create_phone_number().body(body).send()).await
    }

    /// Retrieves a phone number by id.
    #[doc(alias = "GetPhoneNumber")]
    pub async fn get(&self, phone_number_id: &str) -> Result<PhoneNumber> {
        let s = self.api.shared()?;
        s.call(s.raw.get_phone_number().phone_number_id(phone_number_id).send()).await
    }

    /// Removes a phone number from its user.
    #[doc(alias = "DeletePhoneNumber")]
    pub async fn delete(&self, phone_number_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_phone_number().phone_number_id(phone_number_id).send()).await
    }

    /// Marks a phone number verified, primary or reserved for second factor.
    #[doc(alias = "UpdatePhoneNumber")]
    pub async fn update(&self, phone_number_id: &str, params: &UpdateParams) -> Result<PhoneNumber> {
        let s = self.api.shared()?;
        let body = set!(types::UpdatePhoneNumberBody::builder(), params;
            verified, primary, reserved_for_second_factor);
        s.call(s.raw.update_phone_number().phone_number_id(phone_number_id).body(body).send()).await
    }

    /// Texts a one-time code to the number, for a backend-driven check that the user
    /// controls it; confirm the code with [`attempt_verification`].
    #[doc(alias = "PreparePhoneNumberVerification")]
    pub async fn prepare_verification(
        &self,
        phone_number_id: &str,
    ) -> Result<types::PreparePhoneNumberVerificationResponse> {
        let s = self.api.shared()?;
        let b = s.raw.prepare_phone_number_verification().phone_number_id(phone_number_id);
        s.call(b.send()).await
    }

    /// Checks a code sent by [`prepare_verification`]. A wrong or expired code is not an
    /// error: read the returned `status` (`verified`, `unverified`, `expired`, `failed`).
    /// A correct code also verifies the number; no session is created.
    #[doc(alias = "AttemptPhoneNumberVerification")]
    pub async fn attempt_verification(
        &self,
        phone_number_id: &str,
        verification_id: &str,
        code: &str,
    ) -> Result<types::AttemptPhoneNumberVerificationResponse> {
        let s = self.api.shared()?;
        let body = types::AttemptPhoneNumberVerificationBody::builder()
            .verification_id(verification_id)
            .code(code);
        let b = s.raw.attempt_phone_number_verification().phone_number_id(phone_number_id);
        s.call(b.body(body).send()).await
    }

    /// Replaces all of a user's phone numbers with one primary number (verified by
    /// default, never reserved for second factor). Replacing the second-factor number
    /// turns the user's MFA off.
    #[doc(alias = "ReplaceUserPhoneNumber")]
    pub async fn replace(&self, user_id: &str, params: &ReplaceParams) -> Result<PhoneNumber> {
        let s = self.api.shared()?;
        let body = set!(types::ReplaceUserPhoneNumberBody::builder(), params;
            phone_number,
            identification_status => enum_value::<types::ReplaceUserPhoneNumberBodyIdentificationStatus>);
        s.call(s.raw.replace_user_phone_number().user_id(user_id).body(body).send()).await
    }
}
