//! Wire conformance against an independent validator: every facade function (the
//! generated calls of `facade_spec/calls.rs` and the hand-written ones) is called with
//! its required fields, then with every field, against Stoplight Prism mocking the pinned
//! spec, once with its static examples and once with answers generated from the schemas.
//! Through a recording proxy, every request a function sends is judged on the wire
//! (`clerk_tests::wire`: its operation by method and path, no undeclared query parameter
//! or body key, values valid) and by Prism (no request violation). Every answer Prism
//! finds valid must decode; answers Prism flags as breaking Clerk's own spec are skipped,
//! each explained by an entry of `tests/prism/known-spec-defects.toml`.
//!
//! Needs the specs and Prism (`npm ci --prefix tests/prism`, or `CLERK_PRISM`); skips
//! without them, except under CI. `cargo xtask conformance` installs Prism and runs it.

#[path = "../facade_spec/calls.rs"]
mod calls;
#[path = "../facade_spec/custom.rs"]
mod custom;
mod prism;
mod proxy;

use std::collections::BTreeMap;
use std::time::Instant;

use clerk::{ClientConfig, RetryPolicy};
use clerk_tests::{spec, wire};
use serde::Deserialize;
use serde_json::Value;

use proxy::{Exchange, Proxy};

/// `tests/prism/known-spec-defects.toml`.
#[derive(Debug, Deserialize)]
struct Known {
    defect: Vec<Defect>,
}

/// Answers Prism flags for a reason that is the spec's fault, not the SDK's.
#[derive(Debug, Deserialize)]
struct Defect {
    /// A part of the messages Prism gives for it.
    message: String,
    /// The operations it is expected on (any when empty).
    #[serde(default)]
    operations: Vec<String>,
    reason: String,
}

impl Defect {
    fn explains(&self, operation: &str, message: &str) -> bool {
        message.contains(&self.message)
            && (self.operations.is_empty() || self.operations.iter().any(|o| o == operation))
    }
}

fn known_defects() -> Vec<Defect> {
    let path = spec::workspace_root().join("tests/prism/known-spec-defects.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let known: Known = toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    known.defect
}

/// What one call showed.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// Problems of the SDK: a request Prism rejects or the spec does not declare, an answer
    /// Prism accepts that does not decode.
    pub failures: Vec<String>,
    /// Prism's complaints about an answer the SDK did not decode: the spec's own defects.
    pub defects: Vec<String>,
    /// Why the SDK did not decode that answer.
    pub refused: Option<String>,
}

/// Judges a call of `operation`: what went over the wire and how the call ended.
pub fn judge(
    doc: &Value,
    operation: &str,
    exchanges: &[Exchange],
    result: &clerk::Result<()>,
) -> Outcome {
    let mut outcome = Outcome::default();
    if exchanges.is_empty() && !matches!(result, Err(clerk::Error::InvalidRequest(_))) {
        outcome
            .failures
            .push(format!("{operation}: nothing was sent ({result:?})"));
    }
    for exchange in exchanges {
        let verdict = wire::judge(doc, &exchange.request);
        outcome
            .failures
            .extend(verdict.problems.iter().map(|p| format!("{operation}: {p}")));
        for v in exchange
            .violations
            .iter()
            .filter(|v| v.in_request() && v.is_error())
        {
            outcome.failures.push(format!(
                "{operation}: Prism rejects the request: {} at {}",
                v.message,
                v.location.join(".")
            ));
        }
    }
    let answer_flagged: Vec<String> = exchanges
        .iter()
        .flat_map(|e| {
            e.violations
                .iter()
                .filter(|v| !v.in_request() && v.is_error())
        })
        .map(|v| v.message.clone())
        .collect();
    match result {
        Ok(()) => {}
        Err(e) if !answer_flagged.is_empty() => {
            outcome.defects.extend(answer_flagged);
            outcome.refused = Some(match e {
                clerk::Error::Decode { source, .. } => source.to_string(),
                other => other.to_string(),
            });
        }
        Err(clerk::Error::Decode { source, .. }) => outcome.failures.push(format!(
            "{operation}: an answer Prism finds valid does not decode: {source}"
        )),
        Err(clerk::Error::InvalidRequest(e)) => outcome
            .failures
            .push(format!("{operation}: refused before sending: {e}")),
        Err(e) => outcome.failures.push(format!("{operation}: {e}")),
    }
    outcome
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_facade_function_conforms_to_the_spec_as_prism_sees_it() {
    if spec::skip_without_spec() {
        return;
    }
    let Some(executable) = prism::executable() else {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(
            !ci,
            "CI is set but Prism is missing: run `npm ci --prefix tests/prism` or set CLERK_PRISM"
        );
        eprintln!("skipping: Prism not found (`npm ci --prefix tests/prism`, or CLERK_PRISM)");
        return;
    };
    let started = Instant::now();
    let relative = spec::current_bapi().unwrap_or_else(|e| panic!("{e}"));
    let doc = spec::load(&relative).unwrap_or_else(|e| panic!("{e}"));
    let path = spec::openapi_dir().expect("checked").join(&relative);
    let prism = prism::start(&executable, &path).await;
    let proxy = Proxy::start(prism.url.clone()).await;
    let config = ClientConfig::new("sk_test_conformance")
        .with_api_url(&proxy.url)
        .with_retry(RetryPolicy::none());
    let by_id: BTreeMap<String, spec::Operation> = spec::operations(&doc)
        .into_iter()
        .map(|op| (op.id.clone(), op))
        .collect();
    let known = known_defects();
    let operations: Vec<(&str, usize)> = calls::GENERATED
        .iter()
        .chain(custom::CUSTOM)
        .copied()
        .collect();
    let (mut calls, mut requests, mut decoded) = (0, 0, 0);
    let mut failures = Vec::new();
    // Reason -> operations whose answers were skipped for it.
    let mut skipped: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for dynamic in [false, true] {
        proxy.set_dynamic(dynamic);
        for full in [false, true] {
            let pass = format!(
                "{}, {}",
                if full {
                    "every field"
                } else {
                    "required fields"
                },
                if dynamic {
                    "generated answers"
                } else {
                    "example answers"
                }
            );
            for (id, _) in &operations {
                let ids = wire::path_ids(&doc, &by_id[*id]);
                let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
                let result = match calls::call(&config, id, &refs, full).await {
                    Some(result) => result,
                    None => custom::call(&config, id, &refs, full)
                        .await
                        .unwrap_or_else(|| panic!("no call for {id}")),
                };
                let exchanges = proxy.take();
                calls += 1;
                requests += exchanges.len();
                decoded += usize::from(result.is_ok());
                let outcome = judge(&doc, id, &exchanges, &result);
                failures.extend(
                    outcome
                        .failures
                        .into_iter()
                        .map(|f| format!("[{pass}] {f}")),
                );
                let mut reasons = Vec::new();
                for message in &outcome.defects {
                    match known.iter().find(|d| d.explains(id, message)) {
                        Some(defect) => reasons.push(defect.reason.clone()),
                        None => failures.push(format!(
                            "[{pass}] {id}: Prism flags the answer for a reason tests/prism/known-spec-defects.toml does not explain: {message} (the SDK: {})",
                            outcome.refused.as_deref().unwrap_or_default()
                        )),
                    }
                }
                reasons.sort();
                reasons.dedup();
                for reason in reasons {
                    skipped.entry(reason).or_default().push(format!(
                        "{id} ({pass}; the SDK: {})",
                        outcome.refused.as_deref().unwrap_or_default()
                    ));
                }
            }
        }
    }
    eprintln!(
        "\nconformance ({:.0?}): {calls} calls (4 passes of {} operations), {requests} requests judged, {decoded} answers decoded, {} skipped as spec defects, {} failures",
        started.elapsed(),
        operations.len(),
        skipped
            .values()
            .flatten()
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        failures.len()
    );
    for (reason, answers) in &skipped {
        eprintln!(
            "skipped as a spec defect ({} answers): {reason}\n  {}",
            answers.len(),
            answers.join("\n  ")
        );
    }
    assert!(
        failures.is_empty(),
        "{} conformance failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(calls >= 4 * by_id.len(), "{calls} calls");
}

/// The run cannot pass vacuously: a request with a query parameter its operation does not
/// declare (what `user::list` used to send to `GET /users/count`) fails it, although
/// Prism itself lets it through.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_undeclared_query_parameter_fails_the_run() {
    if spec::skip_without_spec() {
        return;
    }
    let Some(executable) = prism::executable() else {
        eprintln!("skipping: Prism not found");
        return;
    };
    let relative = spec::current_bapi().unwrap_or_else(|e| panic!("{e}"));
    let doc = spec::load(&relative).unwrap_or_else(|e| panic!("{e}"));
    let path = spec::openapi_dir().expect("checked").join(&relative);
    let prism = prism::start(&executable, &path).await;
    let proxy = Proxy::start(prism.url.clone()).await;
    let answer = reqwest::Client::new()
        .get(format!("{}/users/count?starting_after=user_1", proxy.url))
        .header("authorization", "Bearer sk_test_conformance")
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "Prism accepts it");
    let exchanges = proxy.take();
    assert!(
        exchanges[0].violations.is_empty(),
        "{:?}",
        exchanges[0].violations
    );
    let outcome = judge(&doc, "GetUsersCount", &exchanges, &Ok(()));
    assert_eq!(
        outcome.failures,
        ["GetUsersCount: query parameter `starting_after` is not declared by GET /users/count"]
    );
}
