//! Agent tasks: let an AI agent act for a user within limits.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::agent_task::*;

pub use crate::types::AgentTask;
