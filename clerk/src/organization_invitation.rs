//! Organization invitations: invite people by email to join an organization (Go: `organizationinvitation`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
