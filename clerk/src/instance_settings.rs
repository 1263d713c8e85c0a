//! Instance settings: restrictions, organization settings, protection, communication (Go: `instancesettings`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
