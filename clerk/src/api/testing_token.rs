//! Testing tokens: let end-to-end tests pass bot protection (Go: `testingtoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::testing_token::*;

pub use crate::types::TestingToken;
