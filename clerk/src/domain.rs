//! Domains of the instance: primary and satellite domains, proxies (Go: `domain`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
