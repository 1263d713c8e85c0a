//! Admin portal link tokens: links for customers' admins to set up SSO themselves.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
