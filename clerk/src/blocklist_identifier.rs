//! The block-list: these identifiers may not sign up (Go: `blocklistidentifier`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
