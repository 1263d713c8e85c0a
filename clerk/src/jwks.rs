//! The instance's JSON Web Key Set, to verify session tokens (Go: `jwks`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
