//! OAuth applications: your instance as an OAuth provider to third-party apps.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, positive, unsigned};
use crate::http::upload::Upload;
use crate::types;

pub use crate::types::{DeletedObject, OAuthApplication, OAuthApplicationWithSecret};

resource_client!();

params! {
    /// Paging and filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many applications to skip.
        offset: i64,
        /// Sort order: `created_at` or `name` with `+`/`-` (the API's default is `+created_at`).
        order_by: String,
        /// Applications whose name contains this (case-insensitive), or whose `client_id` is
        /// exactly this (to find an application's id from its client id).
        name_query: String,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new OAuth application for [`create`].
    ///
    /// The generated client sends the API's defaults for `scopes` (`profile email`),
    /// `consent_screen_enabled` (true) and `pkce_required` (false) when they are left `None`.
    pub struct CreateParams {
        /// The application's name (at most 256 characters; required).
        name: String,
        /// The redirect URIs of the application (any scheme, e.g. `myapp://callback`).
        redirect_uris: Vec<String>,
        /// The callback URL (deprecated by the API; use `redirect_uris`).
        callback_url: String,
        /// Space-separated scopes of the user info endpoint: `profile`, `email`,
        /// `public_metadata`, `private_metadata`.
        scopes: String,
        /// Show a consent screen in the authorization flow.
        consent_screen_enabled: bool,
        /// Require PKCE.
        pkce_required: bool,
        /// A public client (no secret; uses PKCE).
        public: bool,
    }
}

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// The application's name (at most 256 characters).
        name: String,
        /// The redirect URIs of the application (replace the current ones).
        redirect_uris: Vec<String>,
        /// The callback URL (deprecated by the API; use `redirect_uris`).
        callback_url: String,
        /// Space-separated scopes of the user info endpoint: `profile`, `email`,
        /// `public_metadata`, `private_metadata`.
        scopes: String,
        /// Show a consent screen (cannot be turned off for dynamically registered applications).
        consent_screen_enabled: bool,
        /// Require PKCE.
        pkce_required: bool,
        /// A public client (no secret; uses PKCE).
        public: bool,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListOAuthApplications<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListOAuthApplications<'a>> {
    Ok(set!(b, p; limit => positive, offset => unsigned, order_by, name_query))
}

operations! {
    /// The instance's OAuth applications, oldest first by default.
    #[doc(alias = "ListOAuthApplications")]
    pub async fn list(&self, params: &ListParams) -> Result<List<OAuthApplication>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_o_auth_applications(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates an OAuth application. The response carries its client secret, which is not
    /// returned again (see [`rotate_secret`]).
    #[doc(alias = "CreateOAuthApplication")]
    pub async fn create(&self, params: &CreateParams) -> Result<OAuthApplicationWithSecret> {
        let s = self.api.shared()?;
        let body = set!(types::CreateOAuthApplicationBody::builder(), params;
            name, redirect_uris, callback_url => enum_value::<types::CreateOAuthApplicationBodyCallbackUrl>,
            scopes => enum_value::<types::CreateOAuthApplicationBodyScopes>, consent_screen_enabled,
            pkce_required, public,
        );
        s.call(s.raw.create_o_auth_application().body(body).send()).await
    }

    /// Retrieves an OAuth application by id.
    #[doc(alias = "GetOAuthApplication")]
    pub async fn get(&self, oauth_application_id: &str) -> Result<OAuthApplication> {
        let s = self.api.shared()?;
        s.call(s.raw.get_o_auth_application().oauth_application_id(oauth_application_id).send()).await
    }

    /// Updates an OAuth application; only the fields set in `params` change.
    #[doc(alias = "UpdateOAuthApplication")]
    pub async fn update(&self, oauth_application_id: &str, params: &UpdateParams) -> Result<OAuthApplication> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateOAuthApplicationBody::builder(), params;
            name, redirect_uris, callback_url => enum_value::<types::UpdateOAuthApplicationBodyCallbackUrl>,
            scopes => enum_value::<types::UpdateOAuthApplicationBodyScopes>, consent_screen_enabled,
            pkce_required, public,
        );
        let b = s.raw.update_o_auth_application().oauth_application_id(oauth_application_id).body(body);
        s.call(b.send()).await
    }

    /// Deletes an OAuth application; this cannot be undone.
    #[doc(alias = "DeleteOAuthApplication")]
    pub async fn delete(&self, oauth_application_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_o_auth_application().oauth_application_id(oauth_application_id).send()).await
    }

    /// Sets or replaces the application's logo (multipart, written by hand: progenitor
    /// cannot). JPEG, PNG, GIF or WebP up to 10 MB; `uploader_user_id` is credited with it.
    #[doc(alias = "UploadOAuthApplicationLogo")]
    pub async fn update_logo(
        &self,
        oauth_application_id: &str,
        file: &Upload,
        uploader_user_id: Option<&str>,
    ) -> Result<OAuthApplication> {
        let s = self.api.shared()?;
        let uploader = uploader_user_id.map(str::to_owned);
        s.upload(
            http::Method::PUT,
            &["oauth_applications", oauth_application_id, "logo"],
            file,
            &[("uploader_user_id", uploader.as_ref())],
            "upload_o_auth_application_logo",
        )
        .await
    }

    /// Issues a new client secret; update it in the application's OAuth clients.
    #[doc(alias = "RotateOAuthApplicationSecret")]
    pub async fn rotate_secret(&self, oauth_application_id: &str) -> Result<OAuthApplicationWithSecret> {
        let s = self.api.shared()?;
        let b = s.raw.rotate_o_auth_application_secret().oauth_application_id(oauth_application_id);
        s.call(b.send()).await
    }

    /// Revokes an opaque access or refresh token of the application, and every token of the
    /// same grant. JWT access tokens cannot be revoked.
    #[doc(alias = "RevokeOAuthApplicationToken")]
    pub async fn revoke_token(&self, oauth_application_id: &str, token: &str) -> Result<()> {
        let s = self.api.shared()?;
        let body = types::RevokeOAuthApplicationTokenBody::builder().token(token);
        let b = s.raw.revoke_o_auth_application_token().oauth_application_id(oauth_application_id).body(body);
        s.call(b.send()).await
    }
}

paginators! {
    /// Every OAuth application matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<OAuthApplication> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(list_query(s.raw.list_o_auth_applications(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }
}
