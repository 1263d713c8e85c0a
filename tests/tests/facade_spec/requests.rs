//! Every facade function, called once with its required fields set, sends a request the
//! pinned spec accepts: its method and path, declared query parameters of the right
//! types (required ones present), and a body valid against the request schema, checked
//! with the same validator as the spec-fidelity tests. Needs the specs (fails under CI
//! without them).

use clerk_tests::synth::{self, Mode};
use clerk_tests::{spec, validate};
use serde_json::Value;

use crate::recorder::{Recorded, Recorder};
use crate::{call, operations};

fn current_spec() -> Value {
    let relative = spec::current_bapi().unwrap_or_else(|e| panic!("{e}"));
    spec::load(&relative).unwrap_or_else(|e| panic!("{e}"))
}

/// The operation's parameters (path-level ones included), resolved.
fn parameters<'a>(doc: &'a Value, op: &spec::Operation, operation: &'a Value) -> Vec<&'a Value> {
    let shared = doc["paths"][&op.path]
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let own = operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    shared.chain(own).map(|p| spec::resolve(doc, p)).collect()
}

/// A query value as the JSON its schema describes.
fn query_json(doc: &Value, schema: &Value, text: &str) -> Value {
    let schema = spec::resolve(doc, schema);
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => text.parse::<i64>().map(Value::from).unwrap_or(text.into()),
        Some("number") => text.parse::<f64>().map(Value::from).unwrap_or(text.into()),
        Some("boolean") => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => other.into(),
        },
        _ => text.into(),
    }
}

/// What is wrong with `request` as a request of `op`.
fn check(doc: &Value, op: &spec::Operation, ids: &[String], request: &Recorded) -> Vec<String> {
    let mut problems = Vec::new();
    let operation = spec::operation(doc, op).expect("in the spec");
    if request.method != op.method.to_uppercase() {
        problems.push(format!(
            "method {} instead of {}",
            request.method, op.method
        ));
    }
    let mut expected = op.path.clone();
    for id in ids {
        let start = expected.find('{').expect("a parameter per id");
        let end = expected[start..].find('}').expect("closed") + start;
        expected.replace_range(start..=end, &clerk::raw::path::encode_path(id));
    }
    if request.path != format!("/v1{expected}") {
        problems.push(format!("path {} instead of /v1{expected}", request.path));
    }
    let params = parameters(doc, op, operation);
    let query: Vec<(String, String)> =
        form_urlencoded::parse(request.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect();
    for (name, text) in &query {
        let Some(param) = params
            .iter()
            .find(|p| p["in"] == "query" && p["name"] == name.as_str())
        else {
            problems.push(format!("query parameter {name} is not in the spec"));
            continue;
        };
        let schema = spec::resolve(doc, &param["schema"]);
        let (schema, value) = if schema["type"] == "array" {
            let items = &schema["items"];
            (items, query_json(doc, items, text))
        } else {
            (schema, query_json(doc, schema, text))
        };
        if let Err(errors) = validate::validate(doc, schema, &value) {
            problems.push(format!("query {name}={text}: {errors:?}"));
        }
    }
    for param in params
        .iter()
        .filter(|p| p["in"] == "query" && p["required"] == true)
    {
        if !query.iter().any(|(n, _)| param["name"] == n.as_str()) {
            problems.push(format!(
                "required query parameter {} is missing",
                param["name"]
            ));
        }
    }
    match operation.get("requestBody").map(|b| spec::resolve(doc, b)) {
        None => {
            if !request.body.is_empty() || request.content_type.is_some() {
                problems.push("a body where the spec has none".into());
            }
        }
        Some(body) => {
            let content_type = request.content_type.as_deref().unwrap_or("");
            if let Some(media) = body["content"].get("application/json") {
                if content_type != "application/json" {
                    problems.push(format!("content type {content_type:?} instead of JSON"));
                }
                match serde_json::from_slice::<Value>(&request.body) {
                    Ok(json) => {
                        if let Err(errors) = validate::validate(doc, &media["schema"], &json) {
                            problems.push(format!("body {json}: {errors:?}"));
                        }
                    }
                    Err(e) if body["required"] == true || !request.body.is_empty() => {
                        problems.push(format!("body is not JSON: {e}"));
                    }
                    Err(_) => {}
                }
            } else if body["content"].get("multipart/form-data").is_some() {
                let text = String::from_utf8_lossy(&request.body);
                if !content_type.starts_with("multipart/form-data; boundary=") {
                    problems.push(format!(
                        "content type {content_type:?} instead of multipart"
                    ));
                }
                if !text.contains("name=\"file\"; filename=") {
                    problems.push("no file part".into());
                }
            }
        }
    }
    problems
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
    let mut checked = 0;
    for (id, count) in operations() {
        let op = &by_id[id];
        let operation = spec::operation(&doc, op).expect("in the spec");
        // Path parameters the spec accepts (some have patterns).
        let ids: Vec<String> = parameters(&doc, op, operation)
            .iter()
            .filter(|p| p["in"] == "path")
            .map(
                |p| match synth::instance(&doc, &p["schema"], Mode::Minimal, 0) {
                    Value::String(s) if !s.is_empty() => s,
                    _ => "id_1".to_string(),
                },
            )
            .collect();
        assert_eq!(ids.len(), count, "{id}: path parameters");
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let result = call(&config, id, &refs).await;
        let arrived = server.take();
        if let Err(clerk::Error::InvalidRequest(e)) = result {
            failures.push(format!("{id}: refused with its required fields set: {e}"));
            continue;
        }
        match &arrived[..] {
            [one] => {
                checked += 1;
                for problem in check(&doc, op, &ids, one) {
                    failures.push(format!("{id}: {problem}"));
                }
            }
            other => failures.push(format!("{id}: {} requests arrived", other.len())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        checked,
        by_id.len(),
        "every operation of the spec was checked"
    );
}
