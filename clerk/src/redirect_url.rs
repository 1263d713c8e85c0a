//! Redirect URLs allowed after OAuth and email-link flows (Go: `redirecturl`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
