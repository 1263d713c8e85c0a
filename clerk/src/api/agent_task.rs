//! Agent tasks: let an AI agent act for a user within limits.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::resource::{enum_value, from_json};
use crate::types;

pub use crate::types::AgentTask;

resource_client!();

params! {
    /// Fields of a new agent task for [`create`]. `on_behalf_of`, `agent_name`,
    /// `task_description` and `redirect_url` are required.
    pub struct CreateParams {
        /// The user the agent acts for: `{"user_id": "user_..."}` or
        /// `{"identifier": "ada@example.com"}` (a verified identifier), exactly one of them.
        on_behalf_of: serde_json::Value,
        /// The permissions granted: only `*` (all) is accepted, and is sent when left `None`.
        permissions: String,
        /// A name for the agent; the agent id is derived from it (stable per instance). Logged.
        agent_name: String,
        /// What the agent is doing. Logged.
        task_description: String,
        /// Where the user lands once the task is accepted: an absolute URL (`https` in
        /// production) on one of the instance's domains.
        redirect_url: String,
        /// How long the session created by the task lasts, in seconds (the API's default, 1800,
        /// is sent when left `None`).
        session_max_duration_in_seconds: i64,
    }
}

operations! {
    /// Creates an agent task for a user. The response's `url`, when visited, creates a
    /// session for that user; it is only returned here.
    #[doc(alias = "CreateAgentTask")]
    pub async fn create(&self, params: &CreateParams) -> Result<AgentTask> {
        let s = self.api.shared()?;
        let b = types::CreateAgentTaskBody::builder().permissions(types::CreateAgentTaskBodyPermissions::X);
        let body = set!(b, params;
            on_behalf_of => from_json::<types::CreateAgentTaskBodyOnBehalfOf>,
            permissions => enum_value::<types::CreateAgentTaskBodyPermissions>, agent_name,
            task_description, redirect_url, session_max_duration_in_seconds,
        );
        s.call(s.raw.create_agent_task().body(body).send()).await
    }

    /// Revokes a pending agent task.
    #[doc(alias = "RevokeAgentTask")]
    pub async fn revoke(&self, agent_task_id: &str) -> Result<AgentTask> {
        let s = self.api.shared()?;
        s.call(s.raw.revoke_agent_task().agent_task_id(agent_task_id).send()).await
    }
}
