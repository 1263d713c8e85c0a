//! OAuth access tokens issued by your instance as an OAuth provider: verify them.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
