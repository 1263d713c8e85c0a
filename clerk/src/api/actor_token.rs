//! Actor tokens: sign in as another user (impersonation) (Go: `actortoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::resource::object;
use crate::types;

pub use crate::types::ActorToken;

resource_client!();

params! {
    /// The impersonation to allow with [`create`]; `user_id` and `actor` are required.
    pub struct CreateParams {
        /// The user to impersonate.
        user_id: String,
        /// Who impersonates: `{"sub": "user_..."}`, the actor's user id. It ends up in the
        /// `act` claim of the session token. Other keys are refused (see [`create`]).
        actor: serde_json::Value,
        /// Lifetime of the token in seconds (the API's default is 3600).
        expires_in_seconds: i64,
        /// Maximum lifetime of the session the token creates, in seconds (default 1800).
        session_max_duration_in_seconds: i64,
    }
}

operations! {
    /// Creates an actor token: its `url` signs the actor in as the user, for support or
    /// debugging. The session token then carries the actor in its `act` claim.
    #[doc(alias = "CreateActorToken")]
    pub async fn create(&self, params: &CreateParams) -> Result<ActorToken> {
        let s = self.api.shared()?;
        let body = set!(types::CreateActorTokenBody::builder(), params;
            user_id, actor => object, expires_in_seconds, session_max_duration_in_seconds);
        s.call(s.raw.create_actor_token().body(body).send()).await
    }

    /// Revokes an actor token that has not been used yet.
    #[doc(alias = "RevokeActorToken")]
    pub async fn revoke(&self, actor_token_id: &str) -> Result<ActorToken> {
        let s = self.api.shared()?;
        s.call(s.raw.revoke_actor_token().actor_token_id(actor_token_id).send()).await
    }
}
