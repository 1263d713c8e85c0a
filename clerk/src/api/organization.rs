//! Organizations: groups of users with roles, metadata and a logo (Go: `organization`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::organization::*;

pub use crate::billing::CreditAdjustmentParams;
pub use crate::types::{DeletedObject, Organization, OrganizationWithLogo};

use http::Method;

use super::generated::organization::GLOBAL;
use crate::Result;
use crate::api::request::segment;
use crate::http::call::Call;
use crate::http::upload::{Multipart, Upload};

// The logo is a multipart upload, written by hand.
impl Client {
    /// Uploads a new logo for the organization (a multipart form with the file as `file`
    /// and, when set, `uploader_user_id`).
    #[doc(alias = "UploadOrganizationLogo")]
    pub async fn update_logo(
        &self,
        organization_id: &str,
        file: &Upload,
        params: &UpdateLogoParams,
    ) -> Result<OrganizationWithLogo> {
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

/// Uploads a new logo for the organization; see [`Client::update_logo`].
///
/// Uses the process-wide config ([`crate::set_key`]).
#[doc(alias = "UploadOrganizationLogo")]
pub fn update_logo(
    organization_id: &str,
    file: &Upload,
    params: &UpdateLogoParams,
) -> impl Future<Output = Result<OrganizationWithLogo>> {
    GLOBAL.update_logo(organization_id, file, params)
}
