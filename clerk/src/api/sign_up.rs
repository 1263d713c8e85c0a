//! Sign-ups in progress: read and update them.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::sign_up::*;

pub use crate::types::SignUp;
