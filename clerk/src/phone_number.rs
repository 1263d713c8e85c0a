//! Phone numbers of users: add, verify, update, remove (Go: `phonenumber`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::macros::{operations, resource_client};

resource_client!();

operations! {}
