//! Spec tooling for the workspace tests (see the crate description).
