//! Enterprise connections: SAML and OIDC single sign-on per organization or domain.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
