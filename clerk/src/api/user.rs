//! Users: create, find, update and delete the people who sign in to your application
//! (Go: `user`). See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, object, unsigned};
use crate::http::upload::Upload;
use crate::types;

pub use crate::billing::CreditAdjustmentParams;
pub use crate::types::{DeletedObject, User};

resource_client!();

params! {
    /// Filters for [`list`], [`count`] and [`list_all`]. List fields match any of their
    /// values; `order_by` takes a field with `+`/`-` (e.g. `-created_at`).
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching users to skip.
        offset: i64,
        /// Sort order, e.g. `-created_at`, `+last_sign_in_at`.
        order_by: String,
        /// Matches id, email, phone, username, name and web3 wallet by substring.
        query: String,
        /// Users with any of these email addresses.
        email_address: Vec<String>,
        /// Users with an email address containing this.
        email_address_query: String,
        /// Users with any of these phone numbers.
        phone_number: Vec<String>,
        /// Users with a phone number containing this.
        phone_number_query: String,
        /// Users with any of these external ids.
        external_id: Vec<String>,
        /// Users with any of these usernames.
        username: Vec<String>,
        /// Users with a username containing this.
        username_query: String,
        /// Users with a first or last name containing this.
        name_query: String,
        /// Users with any of these web3 wallet addresses.
        web3_wallet: Vec<String>,
        /// Users with any of these ids.
        user_id: Vec<String>,
        /// Users in any of these organizations.
        organization_id: Vec<String>,
        /// Users with an account at this OAuth provider (with `provider_user_id`).
        provider: String,
        /// Users with any of these ids at `provider`.
        provider_user_id: Vec<String>,
        /// Only banned (true) or only not banned (false) users.
        banned: bool,
        /// Users active since this Unix time in ms (deprecated by the API; use the `last_active_at_*` filters).
        last_active_at_since: i64,
        /// Users last active after this Unix time in ms.
        last_active_at_after: i64,
        /// Users last active before this Unix time in ms.
        last_active_at_before: i64,
        /// Users last signed in after this Unix time in ms.
        last_sign_in_at_after: i64,
        /// Users last signed in before this Unix time in ms.
        last_sign_in_at_before: i64,
        /// Users created after this Unix time in ms.
        created_at_after: i64,
        /// Users created before this Unix time in ms.
        created_at_before: i64,
        /// Cursor: users after this id, in the list's order.
        starting_after: String,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new user for [`create`]. Which are required depends on the instance's
    /// settings (e.g. email address or phone number).
    pub struct CreateParams {
        /// Email addresses; the first becomes primary.
        email_address: Vec<String>,
        /// Phone numbers (E.164); the first becomes primary.
        phone_number: Vec<String>,
        /// Web3 wallet addresses; the first becomes primary.
        web3_wallet: Vec<String>,
        /// A unique username.
        username: String,
        /// A plain-text password (checked against the instance's rules).
        password: String,
        /// A password hash to import, with `password_hasher`.
        password_digest: String,
        /// The algorithm of `password_digest`, e.g. `bcrypt`, `argon2id`.
        password_hasher: String,
        /// Skip the password requirement of the instance.
        skip_password_requirement: bool,
        /// Skip password strength and breach checks.
        skip_password_checks: bool,
        /// First name.
        first_name: String,
        /// Last name.
        last_name: String,
        /// Your own id for the user.
        external_id: String,
        /// Metadata visible to frontend and backend (a JSON object).
        public_metadata: serde_json::Value,
        /// Metadata visible to the backend only (a JSON object).
        private_metadata: serde_json::Value,
        /// Metadata the user can change from the frontend (a JSON object).
        unsafe_metadata: serde_json::Value,
        /// A TOTP secret to enable TOTP at creation.
        totp_secret: String,
        /// Backup codes to enable at creation.
        backup_codes: Vec<String>,
        /// When the user accepted the legal terms (RFC 3339).
        legal_accepted_at: String,
        /// Skip the legal-acceptance check.
        skip_legal_checks: bool,
        /// Creation time to record, RFC 3339 (for imports).
        created_at: String,
        /// Whether the user may delete their own account.
        delete_self_enabled: bool,
        /// Whether the user may create organizations.
        create_organization_enabled: bool,
        /// How many organizations the user may create.
        create_organizations_limit: i64,
        /// The user's locale, e.g. `en-US`.
        locale: String,
        /// Create the user banned.
        banned: bool,
        /// Create the user locked.
        locked: bool,
        /// Skip the instance's client-trust check at the next sign-in.
        bypass_client_trust: bool,
        /// Create the user without any identifier requirement of the instance.
        skip_user_requirement: bool,
    }
}

params! {
    /// Changes for [`update`]. Fields left `None` are not sent; those typed
    /// `Nullable` can be cleared with [`crate::null`].
    pub struct UpdateParams {
        /// First name; `clerk::null()` clears it.
        first_name: crate::Nullable<String>,
        /// Last name; `clerk::null()` clears it.
        last_name: crate::Nullable<String>,
        /// Username; `clerk::null()` removes it.
        username: crate::Nullable<String>,
        /// Your own id for the user; `clerk::null()` removes it.
        external_id: crate::Nullable<String>,
        /// The id of an email address of the user to make primary.
        primary_email_address_id: String,
        /// Email the old primary address about the change.
        notify_primary_email_address_changed: bool,
        /// The id of a phone number of the user to make primary.
        primary_phone_number_id: String,
        /// The id of a web3 wallet of the user to make primary.
        primary_web3_wallet_id: String,
        /// The id of an uploaded image to use as profile image.
        profile_image_id: String,
        /// A new plain-text password.
        password: String,
        /// A password hash, with `password_hasher`.
        password_digest: String,
        /// The algorithm of `password_digest`.
        password_hasher: String,
        /// Skip password strength and breach checks.
        skip_password_checks: bool,
        /// Sign the user out of their other sessions (with a new password).
        sign_out_of_other_sessions: bool,
        /// A TOTP secret to set.
        totp_secret: String,
        /// Backup codes to set.
        backup_codes: Vec<String>,
        /// Whether the user may delete their own account.
        delete_self_enabled: bool,
        /// Whether the user may create organizations.
        create_organization_enabled: bool,
        /// How many organizations the user may create; `clerk::null()` for no limit.
        create_organizations_limit: crate::Nullable<i64>,
        /// When the user accepted the legal terms (RFC 3339).
        legal_accepted_at: String,
        /// Skip the legal-acceptance check.
        skip_legal_checks: bool,
        /// Creation time to record, RFC 3339.
        created_at: String,
        /// The user's locale.
        locale: String,
        /// Skip the instance's client-trust check at the next sign-in.
        bypass_client_trust: bool,
    }
}

params! {
    /// Metadata for [`update_metadata`] (deep-merged into the current values; a key set
    /// to `null` is removed) and [`replace_metadata`] (replaces them). Each is a JSON object.
    pub struct MetadataParams {
        /// Visible to frontend and backend.
        public_metadata: serde_json::Value,
        /// Visible to the backend only.
        private_metadata: serde_json::Value,
        /// Changeable by the user from the frontend.
        unsafe_metadata: serde_json::Value,
    }
}

params! {
    /// Paging for [`list_organization_memberships`] and [`list_oauth_access_tokens`].
    pub struct PageParams {
        /// Page size (1 to 500).
        limit: i64,
        /// How many to skip.
        offset: i64,
    }
}
paged!(PageParams);

params! {
    /// Paging and filter for [`list_organization_invitations`].
    pub struct OrganizationInvitationsParams {
        /// Page size (1 to 500).
        limit: i64,
        /// How many to skip.
        offset: i64,
        /// Only invitations in this status: `pending`, `accepted` or `revoked`.
        status: String,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::GetUserList<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::GetUserList<'a>> {
    Ok(set!(b, p;
        limit => unsigned, offset => unsigned, order_by, query, email_address, email_address_query,
        phone_number, phone_number_query, external_id, username, username_query, name_query,
        web3_wallet, user_id, organization_id, provider, provider_user_id, banned,
        last_active_at_since, last_active_at_after, last_active_at_before,
        last_sign_in_at_after, last_sign_in_at_before, created_at_after, created_at_before,
        starting_after,
    ))
}

fn count_query<'a>(
    b: clerk_raw::builder::GetUsersCount<'a>,
    p: &ListParams,
) -> clerk_raw::builder::GetUsersCount<'a> {
    set!(b, p;
        query, email_address, email_address_query, phone_number, phone_number_query, external_id,
        username, username_query, name_query, web3_wallet, user_id, organization_id, provider,
        provider_user_id, banned, last_active_at_since, last_active_at_after, last_active_at_before,
        last_sign_in_at_after, last_sign_in_at_before, created_at_after, created_at_before,
    )
}

operations! {
    /// Lists users matching `params`, newest first unless `order_by` says otherwise.
    ///
    /// `GET /users` answers with a bare array, so `total_count` comes from
    /// `GET /users/count` with the same filters, requested concurrently (two requests,
    /// not one atomic snapshot). Use [`list_all`] to walk every page without the count.
    #[doc(alias = "GetUserList")]
    pub async fn list(&self, params: &ListParams) -> Result<List<User>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.get_user_list(), params)?.send());
        let count = s.call(count_query(s.raw.get_users_count(), params).send());
        let (data, count) = futures_util::future::try_join(page, count).await?;
        Ok(List::new(data, count.total_count))
    }

    /// Counts users matching the filters of `params` (`limit`, `offset` and `order_by` are not sent).
    #[doc(alias = "GetUsersCount")]
    pub async fn count(&self, params: &ListParams) -> Result<i64> {
        let s = self.api.shared()?;
        Ok(s.call(count_query(s.raw.get_users_count(), params).send()).await?.total_count)
    }

    /// Creates a user.
    #[doc(alias = "CreateUser")]
    pub async fn create(&self, params: &CreateParams) -> Result<User> {
        let s = self.api.shared()?;
        let body = set!(types::CreateUserBody::builder(), params;
            email_address, phone_number, web3_wallet, username, password, password_digest,
            password_hasher => enum_value::<types::PasswordHasher>, skip_password_requirement,
            skip_password_checks, first_name, last_name, external_id,
            public_metadata => object, private_metadata => object, unsafe_metadata => object,
            totp_secret, backup_codes, legal_accepted_at, skip_legal_checks, created_at,
            delete_self_enabled, create_organization_enabled, create_organizations_limit, locale,
            banned, locked, bypass_client_trust, skip_user_requirement,
        );
        s.call(s.raw.create_user().body(body).send()).await
    }

    /// Retrieves a user by id.
    #[doc(alias = "GetUser")]
    pub async fn get(&self, user_id: &str) -> Result<User> {
        let s = self.api.shared()?;
        s.call(s.raw.get_user().user_id(user_id).send()).await
    }

    /// Updates a user; only the fields set in `params` change.
    #[doc(alias = "UpdateUser")]
    pub async fn update(&self, user_id: &str, params: &UpdateParams) -> Result<User> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateUserBody::builder(), params;
            first_name, last_name, username, external_id, primary_email_address_id,
            notify_primary_email_address_changed, primary_phone_number_id, primary_web3_wallet_id,
            profile_image_id, password, password_digest,
            password_hasher => enum_value::<types::PasswordHasher>, skip_password_checks,
            sign_out_of_other_sessions, totp_secret, backup_codes, delete_self_enabled,
            create_organization_enabled, create_organizations_limit, legal_accepted_at,
            skip_legal_checks, created_at, locale, bypass_client_trust,
        );
        s.call(s.raw.update_user().user_id(user_id).body(body).send()).await
    }

    /// Deletes a user.
    #[doc(alias = "DeleteUser")]
    pub async fn delete(&self, user_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_user().user_id(user_id).send()).await
    }

    /// Merges metadata into the user's (a key set to `null` is removed).
    #[doc(alias = "UpdateUserMetadata")]
    pub async fn update_metadata(&self, user_id: &str, params: &MetadataParams) -> Result<User> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateUserMetadataBody::builder(), params;
            public_metadata => object, private_metadata => object, unsafe_metadata => object);
        s.call(s.raw.update_user_metadata().user_id(user_id).body(body).send()).await
    }

    /// Replaces the user's metadata with `params` (fields left `None` are not sent).
    #[doc(alias = "ReplaceUserMetadata")]
    pub async fn replace_metadata(&self, user_id: &str, params: &MetadataParams) -> Result<User> {
        let s = self.api.shared()?;
        let body = set!(types::ReplaceUserMetadataBody::builder(), params;
            public_metadata => object, private_metadata => object, unsafe_metadata => object);
        s.call(s.raw.replace_user_metadata().user_id(user_id).body(body).send()).await
    }

    /// Bans a user: their sessions end and they cannot sign in.
    #[doc(alias = "BanUser")]
    pub async fn ban(&self, user_id: &str) -> Result<User> {
        let s = self.api.shared()?;
        s.call(s.raw.ban_user().user_id(user_id).send()).await
    }

    /// Lifts a user's ban.
    #[doc(alias = "UnbanUser")]
    pub async fn unban(&self, user_id: &str) -> Result<User> {
        let s = self.api.shared()?;
        s.call(s.raw.unban_user().user_id(user_id).send()).await
    }

    /// Bans several users at once.
    #[doc(alias = "UsersBan")]
    pub async fn ban_many(&self, user_ids: &[String]) -> Result<Vec<User>> {
        let s = self.api.shared()?;
        let body = types::UsersBanBody::builder().user_ids(user_ids.to_vec());
        s.call(s.raw.users_ban().body(body).send()).await
    }

    /// Lifts the ban of several users at once.
    #[doc(alias = "UsersUnban")]
    pub async fn unban_many(&self, user_ids: &[String]) -> Result<Vec<User>> {
        let s = self.api.shared()?;
        let body = types::UsersUnbanBody::builder().user_ids(user_ids.to_vec());
        s.call(s.raw.users_unban().body(body).send()).await
    }

    /// Locks a user out of signing in (as after too many failed attempts).
    #[doc(alias = "LockUser")]
    pub async fn lock(&self, user_id: &str) -> Result<User> {
        let s = self.api.shared()?;
        s.call(s.raw.lock_user().user_id(user_id).send()).await
    }

    /// Unlocks a user.
    #[doc(alias = "UnlockUser")]
    pub async fn unlock(&self, user_id: &str) -> Result<User> {
        let s = self.api.shared()?;
        s.call(s.raw.unlock_user().user_id(user_id).send()).await
    }

    /// Uploads a new profile image (multipart, written by hand: progenitor cannot).
    #[doc(alias = "SetUserProfileImage")]
    pub async fn update_profile_image(&self, user_id: &str, file: &Upload) -> Result<User> {
        let s = self.api.shared()?;
        s.upload(http::Method::POST, &["users", user_id, "profile_image"], file, &[], "set_user_profile_image")
            .await
    }

    /// Removes the profile image.
    #[doc(alias = "DeleteUserProfileImage")]
    pub async fn delete_profile_image(&self, user_id: &str) -> Result<User> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_user_profile_image().user_id(user_id).send()).await
    }

    /// The user's billing subscription.
    #[doc(alias = "GetUserBillingSubscription")]
    pub async fn get_billing_subscription(&self, user_id: &str) -> Result<types::CommerceSubscription> {
        let s = self.api.shared()?;
        s.call(s.raw.get_user_billing_subscription().user_id(user_id).send()).await
    }

    /// The user's billing credit balance.
    #[doc(alias = "GetUserBillingCreditBalance")]
    pub async fn get_billing_credit_balance(&self, user_id: &str) -> Result<types::CommerceCreditBalanceResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.get_user_billing_credit_balance().user_id(user_id).send()).await
    }

    /// Increases or decreases the user's billing credit balance.
    #[doc(alias = "AdjustUserBillingCreditBalance")]
    pub async fn adjust_billing_credit_balance(
        &self,
        user_id: &str,
        params: &CreditAdjustmentParams,
    ) -> Result<types::CommerceCreditLedgerResponse> {
        let s = self.api.shared()?;
        let b = s.raw.adjust_user_billing_credit_balance().user_id(user_id);
        s.call(b.body(params.body()?).send()).await
    }

    /// The user's OAuth access tokens for `provider` (e.g. `oauth_google`), as a page.
    #[doc(alias = "GetOAuthAccessToken")]
    pub async fn list_oauth_access_tokens(
        &self,
        user_id: &str,
        provider: &str,
        params: &PageParams,
    ) -> Result<List<types::OAuthAccessTokenItem>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.get_o_auth_access_token().user_id(user_id).provider(provider).paginated(true), params;
            limit => unsigned, offset => unsigned);
        Ok(match s.call(b.send()).await? {
            types::GetOAuthAccessTokenResponse::Page { data, total_count } => List::new(data.0, total_count),
            types::GetOAuthAccessTokenResponse::OAuthAccessToken(data) => List::whole(data.0),
        })
    }

    /// The organizations the user is a member of.
    #[doc(alias = "UsersGetOrganizationMemberships")]
    pub async fn list_organization_memberships(
        &self,
        user_id: &str,
        params: &PageParams,
    ) -> Result<List<types::OrganizationMembership>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.users_get_organization_memberships().user_id(user_id), params;
            limit => unsigned, offset => unsigned);
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// The organization invitations sent to the user.
    #[doc(alias = "UsersGetOrganizationInvitations")]
    pub async fn list_organization_invitations(
        &self,
        user_id: &str,
        params: &OrganizationInvitationsParams,
    ) -> Result<List<types::OrganizationInvitationWithPublicOrganizationData>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.users_get_organization_invitations().user_id(user_id), params;
            limit => unsigned, offset => unsigned, status);
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Removes the user's password (they must have another way to sign in).
    #[doc(alias = "RemoveUserPassword")]
    pub async fn remove_password(&self, user_id: &str, sign_out_of_other_sessions: bool) -> Result<User> {
        let s = self.api.shared()?;
        let body = types::RemoveUserPasswordBody::builder().sign_out_of_other_sessions(sign_out_of_other_sessions);
        s.call(s.raw.remove_user_password().user_id(user_id).body(body).send()).await
    }

    /// Checks a password against the user's. A wrong password is an [`Error::Api`](crate::Error::Api) 422.
    #[doc(alias = "VerifyPassword")]
    pub async fn verify_password(&self, user_id: &str, password: &str) -> Result<types::VerifyPasswordResponse> {
        let s = self.api.shared()?;
        let body = types::VerifyPasswordBody::builder().password(password);
        s.call(s.raw.verify_password().user_id(user_id).body(body).send()).await
    }

    /// Checks a TOTP or backup code against the user's.
    #[doc(alias = "VerifyTOTP")]
    pub async fn verify_totp(&self, user_id: &str, code: &str) -> Result<types::VerifyTotpResponse> {
        let s = self.api.shared()?;
        let body = types::VerifyTotpBody::builder().code(code);
        s.call(s.raw.verify_totp().user_id(user_id).body(body).send()).await
    }

    /// Disables every second factor of the user.
    #[doc(alias = "DisableMFA")]
    pub async fn delete_mfa(&self, user_id: &str) -> Result<types::DisableMfaResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.disable_mfa().user_id(user_id).send()).await
    }

    /// Removes the user's backup codes.
    #[doc(alias = "DeleteBackupCode")]
    pub async fn delete_backup_code(&self, user_id: &str) -> Result<types::DeleteBackupCodeResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_backup_code().user_id(user_id).send()).await
    }

    /// Removes the user's TOTP authenticator.
    #[doc(alias = "DeleteTOTP")]
    pub async fn delete_totp(&self, user_id: &str) -> Result<types::DeleteTotpResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_totp().user_id(user_id).send()).await
    }

    /// Removes one of the user's passkeys.
    #[doc(alias = "UserPasskeyDelete")]
    pub async fn delete_passkey(&self, user_id: &str, passkey_identification_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        let b = s.raw.user_passkey_delete().user_id(user_id).passkey_identification_id(passkey_identification_id);
        s.call(b.send()).await
    }

    /// Removes one of the user's web3 wallets.
    #[doc(alias = "UserWeb3WalletDelete")]
    pub async fn delete_web3_wallet(&self, user_id: &str, web3_wallet_identification_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        let b = s
            .raw
            .user_web3_wallet_delete()
            .user_id(user_id)
            .web3_wallet_identification_id(web3_wallet_identification_id);
        s.call(b.send()).await
    }

    /// Removes one of the user's external (OAuth) accounts.
    #[doc(alias = "DeleteExternalAccount")]
    pub async fn delete_external_account(&self, user_id: &str, external_account_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        let b = s.raw.delete_external_account().user_id(user_id).external_account_id(external_account_id);
        s.call(b.send()).await
    }

    /// The devices the user marked as trusted.
    #[doc(alias = "ListUserTrustedDevices")]
    pub async fn list_trusted_devices(&self, user_id: &str) -> Result<types::ListUserTrustedDevicesResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.list_user_trusted_devices().user_id(user_id).send()).await
    }

    /// Revokes one trusted device of the user.
    #[doc(alias = "RevokeUserTrustedDevice")]
    pub async fn revoke_trusted_device(&self, user_id: &str, trusted_device_id: &str) -> Result<types::TrustedDevice> {
        let s = self.api.shared()?;
        let b = s.raw.revoke_user_trusted_device().user_id(user_id).trusted_device_id(trusted_device_id);
        s.call(b.send()).await
    }

    /// Marks the user's password as compromised, forcing a reset at the next sign-in.
    #[doc(alias = "SetUserPasswordCompromised")]
    pub async fn set_password_compromised(&self, user_id: &str, revoke_all_sessions: Option<bool>) -> Result<User> {
        let s = self.api.shared()?;
        let body = types::SetUserPasswordCompromisedBody::builder().revoke_all_sessions(revoke_all_sessions);
        s.call(s.raw.set_user_password_compromised().user_id(user_id).body(body).send()).await
    }

    /// Clears the compromised mark of the user's password.
    #[doc(alias = "UnsetUserPasswordCompromised")]
    pub async fn unset_password_compromised(&self, user_id: &str) -> Result<User> {
        let s = self.api.shared()?;
        s.call(s.raw.unset_user_password_compromised().user_id(user_id).send()).await
    }
}

paginators! {
    /// Every user matching `params`, as a stream fetched a page at a time (no count request).
    pub fn list_all(&self, params: &ListParams) -> Paginator<User> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let users = s
                    .call(list_query(s.raw.get_user_list(), &page)?.send())
                    .await?;
                Ok((users, None))
            }
        })
    }
}
