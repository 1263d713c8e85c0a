//! JWT templates: custom tokens for third-party services (Go: `jwttemplate`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::jwt_template::*;

pub use crate::types::{DeletedObject, JwtTemplate};
