//! Email addresses of users: add, verify, update, remove (Go: `emailaddress`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::email_address::*;

pub use crate::types::{DeletedObject, EmailAddress};
