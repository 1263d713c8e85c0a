//! SAML connections (deprecated by the API in favour of enterprise connections) (Go: `samlconnection`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
