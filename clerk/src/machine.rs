//! Machines: identities for machine-to-machine authentication, their secret keys and scopes.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
