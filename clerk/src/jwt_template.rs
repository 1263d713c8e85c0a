//! JWT templates: custom tokens for third-party services (Go: `jwttemplate`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
