//! Organization invitations: invite people by email to join an organization (Go: `organizationinvitation`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::organization_invitation::*;

pub use crate::types::{OrganizationInvitation, OrganizationInvitationWithPublicOrganizationData};
