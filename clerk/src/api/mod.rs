//! The Backend API: one module per resource under `generated/` (re-exported at the crate
//! root by `generated/exports.rs`), the hand-written operations of a few under `custom/`
//! (included by their module), and what operations build requests with.

pub(crate) mod generated;
pub(crate) mod request;
