//! The allow-list: only these identifiers may sign up (Go: `allowlistidentifier`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
