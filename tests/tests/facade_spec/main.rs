//! Every facade function against the spec, one call each (`calls.rs`, generated, and
//! `custom.rs` for the hand-written ones) to a local server that records what arrives:
//! every path parameter driven with hostile ids arrives as one intact segment or is
//! refused before sending (`hostile_ids.rs`), and every request matches the pinned spec
//! (`requests.rs`).

mod calls;
mod custom;
mod hostile_ids;
mod recorder;
mod requests;

use clerk::ClientConfig;

/// Every operation the facade serves and its number of path parameters.
pub fn operations() -> Vec<(&'static str, usize)> {
    calls::GENERATED
        .iter()
        .chain(custom::CUSTOM)
        .copied()
        .collect()
}

/// Calls the facade function of `operation`, generated or written by hand, with its
/// required fields or (`full`) every field.
pub async fn call(
    config: &ClientConfig,
    operation: &str,
    ids: &[&str],
    full: bool,
) -> clerk::Result<()> {
    match calls::call(config, operation, ids, full).await {
        Some(result) => result,
        None => custom::call(config, operation, ids, full)
            .await
            .unwrap_or_else(|| panic!("no call for {operation}")),
    }
}

#[test]
fn every_operation_of_the_raw_table_has_a_call() {
    let covered: std::collections::BTreeSet<&str> =
        operations().iter().map(|(op, _)| *op).collect();
    let missing: Vec<&str> = clerk::raw::OPERATIONS
        .iter()
        .map(|(op, _, _)| *op)
        .filter(|op| !covered.contains(op))
        .collect();
    assert!(missing.is_empty(), "operations without a call: {missing:?}");
    assert_eq!(covered.len(), clerk::raw::OPERATIONS.len());
}
