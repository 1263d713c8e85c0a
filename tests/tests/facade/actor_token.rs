//! `clerk::actor_token` against the mock.
