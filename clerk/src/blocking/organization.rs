//! The blocking twin of [`crate::organization`]: organizations.

pub use super::generated::organization::*;

use super::run;
use crate::{Result, Upload};

pub use crate::types::{DeletedObject, Organization, OrganizationWithLogo};

// The hand-written operation of `crate::organization`.
impl Client {
    /// Uploads a new logo; the blocking twin of [`crate::organization::Client::update_logo`].
    #[doc(alias = "UploadOrganizationLogo")]
    pub fn update_logo(
        &self,
        organization_id: &str,
        file: &Upload,
        params: &UpdateLogoParams,
    ) -> Result<OrganizationWithLogo> {
        run(self.inner.update_logo(organization_id, file, params))
    }
}

/// Uploads a new logo for the organization; uses the process-wide config.
#[doc(alias = "UploadOrganizationLogo")]
pub fn update_logo(
    organization_id: &str,
    file: &Upload,
    params: &UpdateLogoParams,
) -> Result<OrganizationWithLogo> {
    run(crate::organization::update_logo(
        organization_id,
        file,
        params,
    ))
}
