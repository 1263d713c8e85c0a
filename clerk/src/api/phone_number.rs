//! Phone numbers of users: add, verify, update, remove (Go: `phonenumber`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::phone_number::*;

pub use crate::types::{DeletedObject, PhoneNumber};
