//! The hand-written operation of [`crate::oauth_application`]: the logo is a multipart upload. Its
//! package-level function and blocking twin are generated from this signature.

use http::Method;

use super::Client;
use crate::api::request::segment;
use crate::http::call::Call;
use crate::http::upload::{Multipart, Upload};
use crate::{Result, types};

impl Client {
    /// Uploads a new logo for the OAuth application (a multipart form with the file as
    /// `file` and, when given, `uploader_user_id`).
    #[doc(alias = "UploadOAuthApplicationLogo")]
    pub async fn update_logo(
        &self,
        oauth_application_id: &str,
        file: &Upload,
        uploader_user_id: Option<&str>,
    ) -> Result<types::OAuthApplication> {
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
