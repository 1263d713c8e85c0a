//! Waitlist entries: people waiting for access; invite or reject them.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::waitlist_entry::*;

pub use crate::types::{DeletedObject, WaitlistEntry};
