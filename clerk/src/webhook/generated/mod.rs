//! @generated code of the webhook module: written by `cargo xtask generate`, never edited by hand.

/// Clerk's webhook events, generated from its webhook spec.
#[rustfmt::skip]
#[allow(
    clippy::all,
    clippy::pedantic,
    rustdoc::all,
    missing_docs,
    unused_imports,
    irrefutable_let_patterns,
    unreachable_patterns,
    mismatched_lifetime_syntaxes
)]
pub mod events;
