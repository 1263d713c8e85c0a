//! The blocking twin of [`crate::oauth_application`]: OAuth applications.

pub use super::generated::oauth_application::*;

use super::run;
use crate::{Result, Upload};

pub use crate::types::{DeletedObject, OAuthApplication, OAuthApplicationWithSecret};

// The hand-written operation of `crate::oauth_application`.
impl Client {
    /// Uploads a new logo; the blocking twin of
    /// [`crate::oauth_application::Client::update_logo`].
    #[doc(alias = "UploadOAuthApplicationLogo")]
    pub fn update_logo(
        &self,
        oauth_application_id: &str,
        file: &Upload,
        uploader_user_id: Option<&str>,
    ) -> Result<OAuthApplication> {
        run(self
            .inner
            .update_logo(oauth_application_id, file, uploader_user_id))
    }
}

/// Uploads a new logo for the OAuth application; uses the process-wide config.
#[doc(alias = "UploadOAuthApplicationLogo")]
pub fn update_logo(
    oauth_application_id: &str,
    file: &Upload,
    uploader_user_id: Option<&str>,
) -> Result<OAuthApplication> {
    run(crate::oauth_application::update_logo(
        oauth_application_id,
        file,
        uploader_user_id,
    ))
}
