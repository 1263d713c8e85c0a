//! Organization domains: email domains that let users join an organization (Go: `organizationdomain`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
