//! Clients: the devices and browsers users sign in from (Go: `client`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::client::*;
