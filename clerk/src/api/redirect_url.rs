//! Redirect URLs allowed after OAuth and email-link flows (Go: `redirecturl`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::redirect_url::*;

pub use crate::types::{DeletedObject, RedirectUrl};
