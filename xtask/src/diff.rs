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

/// Operations added, removed and changed from one spec version to another.
pub struct Report {
    old_version: String,
    new_version: String,
    old_count: usize,
    new_count: usize,
    /// (operationId, method, path)
    added: Vec<(String, String, String)>,
    removed: Vec<(String, String, String)>,
    /// (operationId, method, path, what changed)
    changed: Vec<(String, String, String, String)>,
}

/// Compares the operations of two specs.
pub fn report(old: &Value, new: &Value) -> Report {
    let version = |d: &Value| {
        d.pointer("/info/version")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
    };
    let (a, b) = (ops(old), ops(new));
    let entry = |id: &String, op: &Op| (id.clone(), op.method.clone(), op.path.clone());
    let added = b
        .iter()
        .filter(|(k, _)| !a.contains_key(*k))
        .map(|(id, op)| entry(id, op))
        .collect();
    let removed = a
        .iter()
        .filter(|(k, _)| !b.contains_key(*k))
        .map(|(id, op)| entry(id, op))
        .collect();
    let mut changed = Vec::new();
    for (id, old_op) in &a {
        let Some(new_op) = b.get(id) else { continue };
        let notes = changes(old_op, new_op);
        if !notes.is_empty() {
            let (id, method, path) = entry(id, new_op);
            changed.push((id, method, path, notes.join("; ")));
        }
    }
    Report {
        old_version: version(old),
        new_version: version(new),
        old_count: a.len(),
        new_count: b.len(),
        added,
        removed,
        changed,
    }
}

impl Report {
    /// The report `cargo xtask diff` prints.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "bapi {} -> {}: {} -> {} operations",
            self.old_version, self.new_version, self.old_count, self.new_count
        );
        let _ = writeln!(out, "\nadded ({}):", self.added.len());
        for (id, method, path) in &self.added {
            let _ = writeln!(out, "  + {id} {method} {path}");
        }
        let _ = writeln!(out, "\nremoved ({}):", self.removed.len());
        for (id, method, path) in &self.removed {
            let _ = writeln!(out, "  - {id} {method} {path}");
        }
        let _ = writeln!(out, "\nchanged ({}):", self.changed.len());
        for (id, method, path, notes) in &self.changed {
            let _ = writeln!(out, "  ~ {id} {method} {path}: {notes}");
        }
        out
    }

    /// The CHANGELOG.md section of a spec refresh (keep-a-changelog's categories as
    /// bullets, so that it sits under `## [Unreleased]` beside hand-written entries).
    /// `breaking`: `cargo semver-checks` found a breaking change in the regenerated crates.
    pub fn changelog_entry(&self, breaking: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "### Backend API {} (was {})\n",
            self.new_version, self.old_version
        );
        if breaking {
            let _ = writeln!(
                out,
                "**Breaking:** `cargo semver-checks` reports a breaking change in the regenerated \
                 crates; the release bumps the minor version (0.x) or the major one (1.0 on).\n"
            );
        }
        let _ = writeln!(
            out,
            "From `cargo xtask diff {} {}`: {} operations added, {} removed, {} changed.\n",
            self.old_version,
            self.new_version,
            self.added.len(),
            self.removed.len(),
            self.changed.len()
        );
        for (id, method, path) in &self.added {
            let _ = writeln!(out, "- Added `{id}` (`{method} {path}`)");
        }
        for (id, method, path, notes) in &self.changed {
            let _ = writeln!(out, "- Changed `{id}` (`{method} {path}`): {notes}");
        }
        for (id, method, path) in &self.removed {
            let _ = writeln!(out, "- Removed `{id}` (`{method} {path}`)");
        }
        out
    }
}

/// Puts `entry` at the top of the `## [Unreleased]` section of a keep-a-changelog file.
pub fn insert_unreleased(changelog: &str, entry: &str) -> Result<String, String> {
    let heading = "## [Unreleased]";
    let at = changelog
        .lines()
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| line.trim_end() == heading)
        .map(|(start, _)| start + heading.len())
        .ok_or_else(|| format!("no `{heading}` heading in the changelog"))?;
    let (before, after) = changelog.split_at(at);
    let after = after.trim_start_matches(['\r', '\n']);
    Ok(format!("{before}\n\n{}\n\n{after}", entry.trim_end()))
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
        let report = report(&old, &new).text();
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
        assert!(report(&old, &new).text().contains("changed (0):"));
    }

    #[test]
    fn changelog_entry_lists_each_operation_and_goes_under_unreleased() {
        let old = spec("1", json!({"id": {"type": "string"}}), true);
        let new = spec(
            "2",
            json!({"id": {"type": "string"}, "name": {"type": "string"}}),
            false,
        );
        let entry = report(&old, &new).changelog_entry(true);
        assert!(entry.starts_with("### Backend API 2 (was 1)\n"), "{entry}");
        assert!(entry.contains("**Breaking:**"), "{entry}");
        assert!(
            entry.contains("- Changed `GetUser` (`GET /users/{id}`): response 200 changed"),
            "{entry}"
        );
        assert!(
            entry.contains("- Removed `CreateUser` (`POST /users`)"),
            "{entry}"
        );
        assert!(
            !report(&old, &new)
                .changelog_entry(false)
                .contains("Breaking")
        );

        let changelog = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- by hand\n\n## [0.1.0]\n";
        let updated = insert_unreleased(changelog, &entry).unwrap();
        let (unreleased, released) = updated.split_once("## [0.1.0]").unwrap();
        assert!(
            unreleased.contains("### Backend API 2 (was 1)"),
            "{updated}"
        );
        assert!(
            unreleased.contains("(`POST /users`)\n\n### Added\n\n- by hand"),
            "{updated}"
        );
        assert!(
            unreleased.find("Backend API 2") < unreleased.find("- by hand"),
            "the refresh goes first: {updated}"
        );
        assert_eq!(released, "\n");
        assert!(insert_unreleased("# Changelog\n", &entry).is_err());
    }
}
