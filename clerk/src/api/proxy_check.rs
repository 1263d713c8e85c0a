//! Proxy checks: verify a domain's proxy configuration (Go: `proxycheck`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::proxy_check::*;

pub use crate::types::ProxyCheck;
