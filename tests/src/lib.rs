//! Spec tooling for the workspace tests (see the crate description).
//!
//! Nothing here depends on the generated client: [`fidelity::check`] takes the client's
//! decode table as a function, so the same runner serves a client generated from any
//! spec version.

pub mod fidelity;
pub mod pins;
mod schema;
pub mod spec;
pub mod synth;
pub mod validate;
pub mod wire;
