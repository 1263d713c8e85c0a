//! Machine-to-machine tokens: short-lived tokens one of your machines presents to
//! another; create, list, revoke and verify them. The Go SDK has no twin.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.
//!
//! [`create`] must be authenticated with the machine's secret key instead of the
//! instance's: build a [`ClientConfig`](crate::ClientConfig) with that key and a
//! [`Client`]. The other operations accept either key.

pub use super::generated::m2m_token::*;

pub use crate::types::{
    CreateM2mTokenResponse, GetM2mTokensResponseM2mTokensItem, RevokeM2mTokenResponse,
    VerifyM2mTokenResponse,
};
