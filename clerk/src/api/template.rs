//! Email and SMS templates (deprecated by the API) (Go: `template`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.
//!
//! Every operation here is deprecated by the API; they still work for instances that
//! customise their emails and SMS this way. `template_type` is `email` or `sms`.

pub use super::generated::template::*;

pub use crate::types::Template;
