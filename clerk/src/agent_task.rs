//! Agent tasks: let an AI agent act for a user within limits.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
