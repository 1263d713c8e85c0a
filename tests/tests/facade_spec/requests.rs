//! Every facade function, called with its required fields set and again with every field
//! set, sends only requests the pinned spec accepts: each request (a function may send
//! two) matched to its operation by method and path, with declared query parameters of
//! the right types (required ones present) and a body valid against the request schema
//! with no undeclared keys ([`clerk_tests::wire`]), and path parameters encoded as one
//! segment each. Needs the specs (fails under CI without them).

use clerk_tests::{spec, wire};
use serde_json::Value;

use crate::recorder::Recorder;
use crate::{call, operations};

fn current_spec() -> Value {
    let relative = spec::current_bapi().unwrap_or_else(|e| panic!("{e}"));
    spec::load(&relative).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn every_facade_request_matches_the_spec() {
    if spec::skip_without_spec() {
        return;
    }
    let doc = current_spec();
    let by_id: std::collections::BTreeMap<String, spec::Operation> = spec::operations(&doc)
        .into_iter()
        .map(|op| (op.id.clone(), op))
        .collect();
    let server = Recorder::start().await;
    let config = server.config();
    let mut failures = Vec::new();
    let mut checked = std::collections::BTreeSet::new();
    let mut requests = 0;
    for full in [false, true] {
        for (id, count) in operations() {
            let op = &by_id[id];
            let ids = wire::path_ids(&doc, op);
            assert_eq!(ids.len(), count, "{id}: path parameters");
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let result = call(&config, id, &refs, full).await;
            let arrived = server.take();
            let how = if full {
                "every field"
            } else {
                "its required fields"
            };
            if let Err(clerk::Error::InvalidRequest(e)) = result {
                failures.push(format!("{id}: refused with {how} set: {e}"));
                continue;
            }
            if arrived.is_empty() {
                failures.push(format!("{id}: nothing arrived"));
            }
            for request in &arrived {
                requests += 1;
                let Some(path) = request.path.strip_prefix("/v1") else {
                    failures.push(format!("{id}: {} is not below /v1", request.path));
                    continue;
                };
                let verdict = wire::judge(
                    &doc,
                    &wire::Request {
                        method: request.method.clone(),
                        path: path.to_string(),
                        query: request.query.clone(),
                        content_type: request.content_type.clone(),
                        body: request.body.to_vec(),
                    },
                );
                for problem in verdict.problems {
                    failures.push(format!("{id} ({how}): {problem}"));
                }
                if verdict.operation.as_deref() == Some(id) {
                    checked.insert(id);
                    // Each path parameter arrives as the one segment it was.
                    let mut expected = op.path.clone();
                    for value in &ids {
                        let start = expected.find('{').expect("a parameter per id");
                        let end = expected[start..].find('}').expect("closed") + start;
                        expected.replace_range(start..=end, &clerk::raw::path::encode_path(value));
                    }
                    if path != expected {
                        failures.push(format!("{id}: path {path} instead of {expected}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        checked.len(),
        by_id.len(),
        "every operation of the spec was checked"
    );
    assert!(requests > 2 * by_id.len(), "{requests} requests");
}
