//! Organization memberships: which users belong to an organization, with which role (Go: `organizationmembership`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
