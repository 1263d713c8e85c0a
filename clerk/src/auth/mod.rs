//! Who is calling: session-token verification (keys, JWKS cache, claims) and
//! `authenticate_request` for session and machine tokens.

pub(crate) mod authenticate;
pub mod jwt;
pub(crate) mod machine;
mod machine_cache;
pub(crate) mod page;
