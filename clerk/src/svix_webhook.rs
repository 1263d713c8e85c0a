//! The Svix app behind the instance's webhooks (Go: `svixwebhook`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
