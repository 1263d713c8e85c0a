//! Waitlist entries: people waiting for access; invite or reject them.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
