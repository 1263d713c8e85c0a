//! Beta features: instance auth settings and production domain changes.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::beta_feature::*;

pub use crate::types::UpdateInstanceAuthConfigResponse;
