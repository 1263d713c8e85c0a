//! FakeClerk serves the whole API: every facade function (the generated calls of
//! `facade_spec/calls.rs` and the hand-written ones), called with its required fields
//! about resources that exist in the fake, gets an `Ok`, and every answer on the wire is
//! valid for the operation's success schema in the pinned spec (the fidelity tests'
//! validator), through a recording proxy. The calls' values come from the spec; the
//! proxy puts the ids, addresses and secrets of the fake's records in their place
//! (`fixtures.rs`), since the fake, like the API, refuses a session for a user it does
//! not have or an API key secret it never issued.

#[path = "../facade_spec/calls.rs"]
mod calls;
#[path = "../facade_spec/custom.rs"]
mod custom;
mod fixtures;
#[allow(dead_code)]
#[path = "../conformance/proxy.rs"]
mod proxy;
mod seeded;

use std::collections::BTreeMap;

use clerk::RetryPolicy;
use clerk::testing::{FAKE_SECRET_KEY, FakeClerk};
use clerk_tests::{spec, validate, wire};
use serde_json::Value;

use fixtures::Fixtures;
use proxy::Proxy;

/// Operations the API refuses with only the fields the spec requires, and so the fake:
/// the spec marks none required where the API needs one.
const REFUSED: &[(&str, u16, &str)] = &[
    (
        "CreateUser",
        422,
        "a user needs an email address, phone number, username or external id",
    ),
    ("CreateOrganizationDomain", 422, "a domain needs its name"),
    (
        "verifyOAuthAccessToken",
        404,
        "nothing to verify without the access token",
    ),
];

/// Checks every answer of `exchanges` (of operation `id`) against its schema.
fn check_answers(doc: &Value, id: &str, exchanges: &[proxy::Exchange], failures: &mut Vec<String>) {
    for exchange in exchanges {
        let request = &exchange.request;
        let Some(op) = wire::operation_of(doc, &request.method, &request.path) else {
            failures.push(format!(
                "{id}: {} {} is no operation of the spec",
                request.method, request.path
            ));
            continue;
        };
        let operation = spec::operation(doc, &op).expect("the operation exists");
        let status = exchange.status.to_string();
        let Some((_, schema)) = spec::json_responses(doc, operation)
            .into_iter()
            .find(|(s, _)| *s == status)
        else {
            // Not JSON (the interstitial's HTML), or no body by the spec.
            continue;
        };
        let body: Value = match serde_json::from_slice(&exchange.answer) {
            Ok(body) => body,
            Err(e) => {
                failures.push(format!("{id} ({}): not JSON: {e}", op.id));
                continue;
            }
        };
        // Asked with `paginated=true`, a bare-list operation answers a page of that list
        // (the spec describes only the bare list).
        let paged = request
            .query
            .as_deref()
            .is_some_and(|q| q.split('&').any(|p| p == "paginated=true"))
            && spec::resolve(doc, schema)["type"] == "array";
        let checked = if paged {
            validate::validate(doc, schema, &body["data"]).and_then(|()| match body["total_count"]
                .is_u64()
            {
                true => Ok(()),
                false => Err(vec!["/total_count: not a count".to_string()]),
            })
        } else {
            validate::validate(doc, schema, &body)
        };
        if let Err(errors) = checked {
            failures.push(format!(
                "{id} ({} -> {status}): the answer breaks the spec: {}",
                op.id,
                errors.join("; ")
            ));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_facade_function_gets_an_answer_valid_for_the_spec() {
    if spec::skip_without_spec() {
        return;
    }
    let relative = spec::current_bapi().unwrap_or_else(|e| panic!("{e}"));
    let doc = spec::load(&relative).unwrap_or_else(|e| panic!("{e}"));
    let by_id: BTreeMap<String, spec::Operation> = spec::operations(&doc)
        .into_iter()
        .map(|op| (op.id.clone(), op))
        .collect();
    let fake = FakeClerk::start_with_seed(7).await;
    let proxy = Proxy::start(fake.url()).await;
    let config = clerk::ClientConfig::new(FAKE_SECRET_KEY)
        .with_api_url(&proxy.url)
        .with_retry(RetryPolicy::none());
    let operations: Vec<(&str, usize)> = calls::GENERATED
        .iter()
        .chain(custom::CUSTOM)
        .copied()
        .collect();
    let mut failures = Vec::new();
    let mut answered = 0;
    for (n, (id, _)) in operations.iter().enumerate() {
        let op = &by_id[*id];
        let fixtures = Fixtures::create(&fake, n).await;
        proxy.substitute(fixtures.body_values.clone());
        let ids = fixtures.path_ids(&op.path, wire::path_ids(&doc, op));
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let result = match calls::call(&config, id, &refs, false).await {
            Some(result) => result,
            None => custom::call(&config, id, &refs, false)
                .await
                .unwrap_or_else(|| panic!("no call for {id}")),
        };
        let exchanges = proxy.take();
        if exchanges.iter().any(|e| e.status == 501) {
            failures.push(format!("{id}: 501"));
        }
        match (&result, REFUSED.iter().find(|(op, _, _)| op == id)) {
            (Ok(()), None) => answered += 1,
            (Err(clerk::Error::Api(e)), Some((_, status, _))) if e.status == *status => {}
            (result, refused) => failures.push(format!(
                "{id}: {result:?}{}",
                refused.map_or(String::new(), |(_, s, why)| format!(
                    " (expected {s}: {why})"
                ))
            )),
        }
        check_answers(&doc, id, &exchanges, &mut failures);
    }
    assert!(
        failures.is_empty(),
        "{} failure(s) of {} operations:\n  {}",
        failures.len(),
        operations.len(),
        failures.join("\n  ")
    );
    assert_eq!(answered + REFUSED.len(), operations.len());
    assert_eq!(operations.len(), clerk::raw::OPERATIONS.len());
}
