//! Organization memberships: which users belong to an organization, with which role (Go: `organizationmembership`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::organization_membership::*;

pub use crate::types::OrganizationMembership;
