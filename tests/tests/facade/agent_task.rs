//! `clerk::agent_task` against the mock.
