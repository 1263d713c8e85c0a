//! OAuth applications: your instance as an OAuth provider to third-party apps.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::oauth_application::*;

pub use crate::types::{DeletedObject, OAuthApplication, OAuthApplicationWithSecret};

use http::Method;

use super::generated::oauth_application::GLOBAL;
use crate::Result;
use crate::api::request::segment;
use crate::http::call::Call;
use crate::http::upload::{Multipart, Upload};

// The logo is a multipart upload, written by hand.
impl Client {
    /// Uploads a new logo for the OAuth application (a multipart form with the file as
    /// `file` and, when given, `uploader_user_id`).
    #[doc(alias = "UploadOAuthApplicationLogo")]
    pub async fn update_logo(
        &self,
        oauth_application_id: &str,
        file: &Upload,
        uploader_user_id: Option<&str>,
    ) -> Result<OAuthApplication> {
        let mut form = Multipart::new();
        form.file("file", file)?;
        if let Some(uploader) = uploader_user_id {
            form.text("uploader_user_id", uploader);
        }
        let path = format!(
            "/oauth_applications/{}/logo",
            segment("oauth_application_id", oauth_application_id)?
        );
        let call = Call::new(
            Method::PUT,
            "UploadOAuthApplicationLogo",
            "/oauth_applications/{oauth_application_id}/logo",
            path,
        )
        .body(form.finish());
        self.api.send(call).await?.json()
    }
}

/// Uploads a new logo for the OAuth application; see [`Client::update_logo`].
///
/// Uses the process-wide config ([`crate::set_key`]).
#[doc(alias = "UploadOAuthApplicationLogo")]
pub fn update_logo(
    oauth_application_id: &str,
    file: &Upload,
    uploader_user_id: Option<&str>,
) -> impl Future<Output = Result<OAuthApplication>> {
    GLOBAL.update_logo(oauth_application_id, file, uploader_user_id)
}
