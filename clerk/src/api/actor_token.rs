//! Actor tokens: sign in as another user (impersonation) (Go: `actortoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::actor_token::*;

pub use crate::types::ActorToken;
