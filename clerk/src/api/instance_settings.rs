//! Instance settings: restrictions, organization settings, protection, communication (Go: `instancesettings`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::resource::enum_value;
use crate::types;

pub use crate::types::{
    Instance, InstanceCommunication, InstanceProtect, InstanceRestrictions,
    OAuthApplicationSettings, OrganizationSettings,
};

resource_client!();

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// Allow test email addresses and phone numbers (on by default in development).
        test_mode: bool,
        /// Check passwords against the Have I Been Pwned breach database.
        hibp: bool,
        /// The support email address shown to users.
        support_email: String,
        /// The Clerk JS version the instance loads.
        clerk_js_version: String,
        /// The origin of the development instance.
        development_origin: String,
        /// Allowed origins for browser-like stacks (extensions, Electron, Capacitor), e.g.
        /// `chrome-extension://<id>`. An empty list is not sent.
        allowed_origins: Vec<String>,
        /// Cookieless development mode (deprecated by the API; use `url_based_session_syncing`).
        cookieless_dev: bool,
        /// URL-based session syncing in development (no third-party cookies).
        url_based_session_syncing: bool,
        /// The sign-in strategy offered first when a password is required: `password`, `otp`,
        /// or `""` to clear the override.
        preferred_sign_in_strategy_when_password_required: String,
    }
}

params! {
    /// Changes for [`update_restrictions`]; fields left `None` are not sent.
    pub struct UpdateRestrictionsParams {
        /// Only identifiers on the allowlist may sign up.
        allowlist: bool,
        /// Identifiers on the blocklist may not sign up.
        blocklist: bool,
        /// Skip the allowlist and blocklist on sign-in (they then apply to sign-up only).
        allowlist_blocklist_disabled_on_sign_in: bool,
        /// Reject email addresses with a `+` subaddress.
        block_email_subaddresses: bool,
        /// Reject email addresses from disposable email providers.
        block_disposable_email_domains: bool,
    }
}

params! {
    /// Changes for [`update_protect`]; fields left `None` are not sent.
    pub struct UpdateProtectParams {
        /// Turn Protect rules on or off.
        rules_enabled: bool,
        /// Turn Protect's Specter bot detection on or off.
        specter_enabled: bool,
    }
}

params! {
    /// Changes for [`update_oauth_application_settings`]; fields left `None` are not sent.
    pub struct UpdateOAuthApplicationSettingsParams {
        /// Dynamic OAuth client registration (RFC 7591).
        dynamic_oauth_client_registration: bool,
        /// Default scopes; `clerk::null()` resets them to Clerk's defaults.
        default_scopes: crate::Nullable<Vec<String>>,
        /// Issue JWT access tokens (off means opaque tokens).
        oauth_jwt_access_tokens: bool,
        /// Advertise Client ID Metadata Documents support in the authorization server metadata.
        client_id_metadata_documents_advertised: bool,
        /// Reject unknown Client ID Metadata Document clients (registered ones stay admitted).
        client_id_metadata_documents_only_allow_pre_registered_clients: bool,
        /// Reject recorded implicitly allowed Client ID Metadata Document clients from now on.
        client_id_metadata_documents_block_implicitly_allowed_clients: bool,
    }
}

params! {
    /// Changes for [`update_organization_settings`]; fields left `None` are not sent.
    pub struct UpdateOrganizationSettingsParams {
        /// Turn organizations on or off.
        enabled: bool,
        /// The default member limit of an organization.
        max_allowed_memberships: i64,
        /// Whether admins may delete their organization from the Frontend API.
        admin_delete_enabled: bool,
        /// Turn verified organization domains on or off.
        domains_enabled: bool,
        /// Hide organization slugs.
        slug_disabled: bool,
        /// Enrollment modes of organization domains: `automatic_invitation`,
        /// `automatic_suggestion`. An empty list is not sent.
        domains_enrollment_modes: Vec<String>,
        /// The role given to the creator of an organization.
        creator_role_id: String,
        /// The role used for invitations and suggestions from organization domains.
        domains_default_role_id: String,
    }
}

operations! {
    /// The current instance: its id, environment type and allowed origins.
    #[doc(alias = "GetInstance")]
    pub async fn get(&self) -> Result<Instance> {
        let s = self.api.shared()?;
        s.call(s.raw.get_instance().send()).await
    }

    /// Updates the instance's settings; the API answers with no content.
    #[doc(alias = "UpdateInstance")]
    pub async fn update(&self, params: &UpdateParams) -> Result<()> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateInstanceBody::builder(), params;
            test_mode, hibp, support_email, clerk_js_version, development_origin, allowed_origins,
            cookieless_dev, url_based_session_syncing,
            preferred_sign_in_strategy_when_password_required
                => enum_value::<types::UpdateInstanceBodyPreferredSignInStrategyWhenPasswordRequired>,
        );
        s.call(s.raw.update_instance().body(body).send()).await
    }

    /// Updates who may sign up or in: allowlist, blocklist and email address rules.
    #[doc(alias = "UpdateInstanceRestrictions")]
    pub async fn update_restrictions(&self, params: &UpdateRestrictionsParams) -> Result<InstanceRestrictions> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateInstanceRestrictionsBody::builder(), params;
            allowlist, blocklist, allowlist_blocklist_disabled_on_sign_in, block_email_subaddresses,
            block_disposable_email_domains,
        );
        s.call(s.raw.update_instance_restrictions().body(body).send()).await
    }

    /// The instance's Protect (abuse and bot protection) settings.
    #[doc(alias = "GetInstanceProtect")]
    pub async fn get_protect(&self) -> Result<InstanceProtect> {
        let s = self.api.shared()?;
        s.call(s.raw.get_instance_protect().send()).await
    }

    /// Turns Protect rules or Specter bot detection on or off.
    #[doc(alias = "UpdateInstanceProtect")]
    pub async fn update_protect(&self, params: &UpdateProtectParams) -> Result<InstanceProtect> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateInstanceProtectBody::builder(), params; rules_enabled, specter_enabled);
        s.call(s.raw.update_instance_protect().body(body).send()).await
    }

    /// The instance's SMS settings, including the countries SMS is not sent to.
    #[doc(alias = "GetInstanceCommunication")]
    pub async fn get_communication(&self) -> Result<InstanceCommunication> {
        let s = self.api.shared()?;
        s.call(s.raw.get_instance_communication().send()).await
    }

    /// Replaces the SMS country blocklist with `blocked_country_codes` (uppercase ISO 3166-1
    /// alpha-2 codes; an empty slice clears it). Codes the API does not know for SMS are dropped.
    #[doc(alias = "UpdateInstanceCommunication")]
    pub async fn update_communication(&self, blocked_country_codes: &[String]) -> Result<InstanceCommunication> {
        let s = self.api.shared()?;
        let codes = blocked_country_codes
            .iter()
            .map(enum_value::<types::UpdateInstanceCommunicationBodyBlockedCountryCodesItem>)
            .collect::<Result<Vec<_>>>()?;
        let body = types::UpdateInstanceCommunicationBody::builder().blocked_country_codes(codes);
        s.call(s.raw.update_instance_communication().body(body).send()).await
    }

    /// The instance's settings for OAuth applications (dynamic registration, JWT access tokens, ...).
    #[doc(alias = "GetInstanceOAuthApplicationSettings")]
    pub async fn get_oauth_application_settings(&self) -> Result<OAuthApplicationSettings> {
        let s = self.api.shared()?;
        s.call(s.raw.get_instance_o_auth_application_settings().send()).await
    }

    /// Updates the instance's settings for OAuth applications.
    #[doc(alias = "UpdateInstanceOAuthApplicationSettings")]
    pub async fn update_oauth_application_settings(
        &self,
        params: &UpdateOAuthApplicationSettingsParams,
    ) -> Result<OAuthApplicationSettings> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateInstanceOAuthApplicationSettingsBody::builder(), params;
            dynamic_oauth_client_registration, default_scopes, oauth_jwt_access_tokens,
            client_id_metadata_documents_advertised,
            client_id_metadata_documents_only_allow_pre_registered_clients,
            client_id_metadata_documents_block_implicitly_allowed_clients,
        );
        s.call(s.raw.update_instance_o_auth_application_settings().body(body).send()).await
    }

    /// The instance's organization settings.
    #[doc(alias = "GetInstanceOrganizationSettings")]
    pub async fn get_organization_settings(&self) -> Result<OrganizationSettings> {
        let s = self.api.shared()?;
        s.call(s.raw.get_instance_organization_settings().send()).await
    }

    /// Updates the instance's organization settings.
    #[doc(alias = "UpdateInstanceOrganizationSettings")]
    pub async fn update_organization_settings(
        &self,
        params: &UpdateOrganizationSettingsParams,
    ) -> Result<OrganizationSettings> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateInstanceOrganizationSettingsBody::builder(), params;
            enabled, max_allowed_memberships, admin_delete_enabled, domains_enabled, slug_disabled,
            domains_enrollment_modes, creator_role_id, domains_default_role_id,
        );
        s.call(s.raw.update_instance_organization_settings().body(body).send()).await
    }
}
