//! Sessions: a signed-in user on one client; list, revoke, mint session tokens (Go: `session`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
