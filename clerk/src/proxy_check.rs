//! Proxy checks: verify a domain's proxy configuration (Go: `proxycheck`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
