//! Sign-in tokens: one-time links that sign a user in (Go: `signintoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
