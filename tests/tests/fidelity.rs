//! Spec fidelity of the generated client: every operation is generated (or written by
//! hand in the facade), and the generated types decode every response shape the pinned
//! spec allows, plus the shapes a newer API may send. Skips when the specs are absent.

mod support;

use std::collections::BTreeSet;
use std::time::Instant;

use clerk_tests::{fidelity, spec};
use serde_json::Value;
use support::registry;

fn current_spec() -> Value {
    let relative = spec::current_bapi().unwrap_or_else(|e| panic!("{e}"));
    spec::load(&relative).unwrap_or_else(|e| panic!("{e}"))
}

fn hand_written() -> Vec<String> {
    fidelity::read_hand_written().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_operation_is_generated_or_hand_written() {
    if spec::skip_without_spec() {
        return;
    }
    let doc = current_spec();
    let hand_written = hand_written();
    let generated: BTreeSet<&str> = registry::OPERATIONS.iter().copied().collect();
    let missing: Vec<String> = spec::operations(&doc)
        .into_iter()
        .filter(|op| !hand_written.contains(&op.id) && !generated.contains(op.id.as_str()))
        .map(|op| format!("{} ({} {})", op.id, op.method, op.path))
        .collect();
    assert!(
        missing.is_empty(),
        "operations neither generated nor hand-written: {missing:#?}"
    );

    let multipart: BTreeSet<String> = spec::operations(&doc)
        .into_iter()
        .filter(|op| spec::operation(&doc, op).is_some_and(|o| spec::takes_multipart(&doc, o)))
        .map(|op| op.id)
        .collect();
    let hand_written: BTreeSet<String> = hand_written.into_iter().collect();
    assert_eq!(
        hand_written, multipart,
        "the hand-written operations are exactly the multipart uploads"
    );
    assert_eq!(hand_written.len(), 3, "{hand_written:?}");
    for id in &hand_written {
        assert!(
            !generated.contains(id.as_str()),
            "{id} is hand-written yet generated"
        );
    }
}

#[test]
fn generated_types_decode_every_response_shape() {
    if spec::skip_without_spec() {
        return;
    }
    let doc = current_spec();
    let hand_written = hand_written();
    let hand_written: Vec<&str> = hand_written.iter().map(String::as_str).collect();
    let started = Instant::now();
    let report = fidelity::check(&doc, registry::decode, &hand_written);
    eprintln!("fidelity ({:.1?}): {report}", started.elapsed());
    assert!(report.failures.is_empty(), "{report}");
    assert!(report.operations >= 240, "{report}");
    assert!(report.responses >= 1000, "{report}");
    assert!(report.schemas >= 100, "{report}");
    assert!(report.instances >= 1000, "{report}");
}
