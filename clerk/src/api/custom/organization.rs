//! The hand-written operation of [`crate::organization`]: the logo is a multipart upload. Its
//! package-level function and blocking twin are generated from this signature.

use http::Method;

use super::{Client, UpdateLogoParams};
use crate::api::request::segment;
use crate::http::call::Call;
use crate::http::upload::{Multipart, Upload};
use crate::{Result, types};

impl Client {
    /// Uploads a new logo for the organization (a multipart form with the file as `file`
    /// and, when set, `uploader_user_id`).
    #[doc(alias = "UploadOrganizationLogo")]
    pub async fn update_logo(
        &self,
        organization_id: &str,
        file: &Upload,
        params: &UpdateLogoParams,
    ) -> Result<types::OrganizationWithLogo> {
        let mut form = Multipart::new();
        form.file("file", file)?;
        if let Some(uploader) = &params.uploader_user_id {
            form.text("uploader_user_id", uploader);
        }
        let path = format!(
            "/organizations/{}/logo",
            segment("organization_id", organization_id)?
        );
        let call = Call::new(
            Method::PUT,
            "UploadOrganizationLogo",
            "/organizations/{organization_id}/logo",
            path,
        )
        .body(form.finish());
        self.api.send(call).await?.json()
    }
}
