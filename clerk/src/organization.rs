//! Organizations: groups of users with roles, metadata and a logo (Go: `organization`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
