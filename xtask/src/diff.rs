//! `cargo xtask diff OLD NEW`: what changed between two spec versions, per operation.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use serde_json::{Map, Value};

use crate::spec::operations;

/// One operation, with every `$ref` resolved so that a component change shows up where it is used.
struct Op {
    method: String,
    path: String,
    params: BTreeMap<String, Value>,
    body: Value,
    responses: BTreeMap<String, Value>,
}

fn ops(doc: &Value) -> BTreeMap<String, Op> {
    let mut out = BTreeMap::new();
    for (id, method, path) in operations(doc) {
        let op = &doc["paths"][&path][&method];
        let mut params = BTreeMap::new();
        let shared = doc["paths"][&path]
            .get("parameters")
            .and_then(Value::as_array);
        let own = op.get("parameters").and_then(Value::as_array);
        for p in shared.into_iter().chain(own).flatten() {
            let p = resolve(doc, p, &mut Vec::new());
            let key = format!(
                "{} ({})",
                p.get("name").and_then(Value::as_str).unwrap_or("?"),
                p.get("in").and_then(Value::as_str).unwrap_or("?")
            );
            params.insert(key, p);
        }
        let body = op
            .get("requestBody")
            .map(|b| resolve(doc, b, &mut Vec::new()))
            .unwrap_or(Value::Null);
        let responses = op
            .get("responses")
            .and_then(Value::as_object)
            .map(|r| {
                r.iter()
                    .map(|(status, resp)| (status.clone(), resolve(doc, resp, &mut Vec::new())))
                    .collect()
            })
            .unwrap_or_default();
        out.insert(
            id,
            Op {
                method: method.to_uppercase(),
                path,
                params,
                body,
                responses,
            },
        );
    }
    out
}

/// Inlines `$ref`s (recursive references stay as `$ref`) and drops prose, which is not a change.
fn resolve(doc: &Value, value: &Value, stack: &mut Vec<String>) -> Value {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                if stack.contains(target) {
                    return value.clone();
                }
                let pointer = target.trim_start_matches('#');
                let Some(found) = doc.pointer(pointer) else {
                    return value.clone();
                };
                stack.push(target.clone());
                let resolved = resolve(doc, found, stack);
                stack.pop();
                return resolved;
            }
            let mut out = Map::new();
            for (k, v) in map {
                if matches!(
                    k.as_str(),
                    "description" | "summary" | "example" | "examples" | "externalDocs"
                ) {
                    continue;
                }
                out.insert(k.clone(), resolve(doc, v, stack));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| resolve(doc, v, stack)).collect()),
        other => other.clone(),
    }
}

/// Human-readable report of operations added, removed and changed from `old` to `new`.
pub fn diff(old: &Value, new: &Value) -> String {
    let version = |d: &Value| {
        d.pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
    };
    let (a, b) = (ops(old), ops(new));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "bapi {} -> {}: {} -> {} operations",
        version(old),
        version(new),
        a.len(),
        b.len()
    );
    let added: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    let removed: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let _ = writeln!(out, "\nadded ({}):", added.len());
    for id in &added {
        let op = &b[*id];
        let _ = writeln!(out, "  + {id} {} {}", op.method, op.path);
    }
    let _ = writeln!(out, "\nremoved ({}):", removed.len());
    for id in &removed {
        let op = &a[*id];
        let _ = writeln!(out, "  - {id} {} {}", op.method, op.path);
    }
    let mut changed = Vec::new();
    for (id, old_op) in &a {
        let Some(new_op) = b.get(id) else { continue };
        let notes = changes(old_op, new_op);
        if !notes.is_empty() {
            changed.push(format!(
                "  ~ {id} {} {}: {}",
                new_op.method,
                new_op.path,
                notes.join("; ")
            ));
        }
    }
    let _ = writeln!(out, "\nchanged ({}):", changed.len());
    for line in changed {
        let _ = writeln!(out, "{line}");
    }
    out
}

fn changes(a: &Op, b: &Op) -> Vec<String> {
    let mut notes = Vec::new();
    if a.method != b.method || a.path != b.path {
        notes.push(format!("moved from {} {}", a.method, a.path));
    }
    let keys: BTreeSet<&String> = a.params.keys().chain(b.params.keys()).collect();
    for key in keys {
        match (a.params.get(key), b.params.get(key)) {
            (None, Some(_)) => notes.push(format!("param {key} added")),
            (Some(_), None) => notes.push(format!("param {key} removed")),
            (Some(x), Some(y)) if x != y => notes.push(format!("param {key} changed")),
            _ => {}
        }
    }
    if a.body != b.body {
        notes.push(match (a.body.is_null(), b.body.is_null()) {
            (true, false) => "body added".to_string(),
            (false, true) => "body removed".to_string(),
            _ => "body changed".to_string(),
        });
    }
    let statuses: BTreeSet<&String> = a.responses.keys().chain(b.responses.keys()).collect();
    for status in statuses {
        match (a.responses.get(status), b.responses.get(status)) {
            (None, Some(_)) => notes.push(format!("response {status} added")),
            (Some(_), None) => notes.push(format!("response {status} removed")),
            (Some(x), Some(y)) if x != y => notes.push(format!("response {status} changed")),
            _ => {}
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(version: &str, user_props: Value, extra_op: bool) -> Value {
        let mut paths = json!({
            "/users/{id}": {"get": {
                "operationId": "GetUser",
                "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}
            }}
        });
        if extra_op {
            paths["/users"] = json!({"post": {"operationId": "CreateUser", "responses": {}}});
        }
        json!({
            "info": {"version": version},
            "paths": paths,
            "components": {"schemas": {"User": {"type": "object", "properties": user_props}}}
        })
    }

    #[test]
    fn reports_added_removed_and_component_changes_where_used() {
        let old = spec("1", json!({"id": {"type": "string"}}), false);
        let new = spec(
            "2",
            json!({"id": {"type": "string"}, "name": {"type": "string"}}),
            true,
        );
        let report = diff(&old, &new);
        assert!(
            report.contains("added (1):\n  + CreateUser POST /users"),
            "{report}"
        );
        assert!(report.contains("removed (0):"), "{report}");
        assert!(
            report.contains("~ GetUser GET /users/{id}: response 200 changed"),
            "{report}"
        );
    }

    #[test]
    fn prose_only_edits_are_not_changes() {
        let old = spec(
            "1",
            json!({"id": {"type": "string", "description": "old"}}),
            false,
        );
        let new = spec(
            "2",
            json!({"id": {"type": "string", "description": "new"}}),
            false,
        );
        assert!(diff(&old, &new).contains("changed (0):"));
    }
}
