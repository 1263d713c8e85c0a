//! Actor tokens: sign in as another user (impersonation) (Go: `actortoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
