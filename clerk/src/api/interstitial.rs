//! The public interstitial page Clerk SDKs show while checking authentication.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::interstitial::*;
