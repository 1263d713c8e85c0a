//! Testing tokens: let end-to-end tests pass bot protection (Go: `testingtoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
