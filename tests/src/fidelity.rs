//! Does the generated client decode every response shape the spec allows, and the
//! shapes the API may send after the client was generated?
//!
//! For each JSON response of each operation, instances are synthesised from the
//! original spec (every union branch, full and minimal), checked against the spec, then
//! decoded with the client's types as they are and with each [`Mutation`] applied.

use std::collections::HashSet;
use std::fmt;

use serde_json::Value;

use crate::synth::{self, Mode, Mutation};
use crate::{spec, validate};

/// Decodes a response body of an operation with the generated types: the arguments are
/// the `operationId`, whether the status is 2xx, and the body. None when the operation
/// is unknown or has no JSON body of that kind.
pub type Decode = fn(&str, bool, &[u8]) -> Option<Result<(), serde_json::Error>>;

/// What [`check`] did and found.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations checked (hand-written ones are not).
    pub operations: usize,
    /// JSON responses (operation × status) checked.
    pub responses: usize,
    /// Distinct response schemas: `$ref` targets, and each inline schema.
    pub schemas: usize,
    /// Distinct synthesised instances.
    pub instances: usize,
    /// Bodies decoded: instances and their distinct mutated variants.
    pub decodes: usize,
    /// Operations left out because the facade writes them by hand.
    pub skipped: Vec<String>,
    pub failures: Vec<String>,
}

/// Failures listed by `Display`; the rest are counted.
const SHOWN_FAILURES: usize = 200;

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} operations, {} JSON responses, {} response schemas, {} instances, {} decodes",
            self.operations, self.responses, self.schemas, self.instances, self.decodes
        )?;
        if !self.skipped.is_empty() {
            writeln!(f, "skipped (hand-written): {}", self.skipped.join(", "))?;
        }
        if self.failures.is_empty() {
            return write!(f, "no failures");
        }
        writeln!(f, "{} failure(s):", self.failures.len())?;
        for failure in self.failures.iter().take(SHOWN_FAILURES) {
            writeln!(f, "  {failure}")?;
        }
        if self.failures.len() > SHOWN_FAILURES {
            writeln!(f, "  ... and {} more", self.failures.len() - SHOWN_FAILURES)?;
        }
        Ok(())
    }
}

/// Checks every JSON response of every operation of `doc` except `hand_written` ones.
pub fn check(doc: &Value, decode: Decode, hand_written: &[&str]) -> Report {
    let mut report = Report::default();
    let mut schemas = HashSet::new();
    for op in spec::operations(doc) {
        if hand_written.contains(&op.id.as_str()) {
            report.skipped.push(op.id);
            continue;
        }
        report.operations += 1;
        let Some(operation) = spec::operation(doc, &op) else {
            continue;
        };
        for (status, schema) in spec::json_responses(doc, operation) {
            report.responses += 1;
            schemas.insert(match schema.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference.to_string(),
                None => format!("{} {status} (inline)", op.id),
            });
            let target = Target {
                operation: &op.id,
                status,
                success: status.starts_with('2'),
            };
            check_response(doc, decode, &target, schema, &mut report);
        }
    }
    report.schemas = schemas.len();
    report
}

struct Target<'a> {
    operation: &'a str,
    status: &'a str,
    success: bool,
}

fn check_response(
    doc: &Value,
    decode: Decode,
    target: &Target,
    schema: &Value,
    report: &mut Report,
) {
    let Target {
        operation, status, ..
    } = target;
    let mut instances = HashSet::new();
    let mut decoded = HashSet::new();
    let branches = synth::max_branches(doc, schema).max(1);
    for branch in 0..branches {
        for mode in [Mode::Full, Mode::Minimal] {
            let instance = synth::instance(doc, schema, mode, branch);
            let Ok(body) = serde_json::to_vec(&instance) else {
                continue;
            };
            if !instances.insert(body.clone()) {
                continue;
            }
            report.instances += 1;
            let label = format!("{mode:?} branch {branch}").to_lowercase();
            if let Err(errors) = validate::validate(doc, schema, &instance) {
                report.failures.push(format!(
                    "synthesiser: {operation} {status} {label}: instance is invalid against the spec: {}",
                    errors.iter().take(3).cloned().collect::<Vec<_>>().join("; ")
                ));
                continue;
            }
            let mut variants = vec![("as specified", body)];
            for mutation in Mutation::ALL {
                let (mutated, changes) = synth::mutate(doc, schema, &instance, mutation);
                if changes > 0
                    && let Ok(body) = serde_json::to_vec(&mutated)
                {
                    variants.push((mutation.name(), body));
                }
            }
            for (variant, body) in variants {
                if !decoded.insert(body.clone()) {
                    continue;
                }
                report.decodes += 1;
                match decode(operation, target.success, &body) {
                    None => {
                        report
                            .failures
                            .push(format!("no generated type for {operation} {status}"));
                        return;
                    }
                    Some(Ok(())) => {}
                    Some(Err(e)) => report.failures.push(format!(
                        "{operation} {status} {label} {variant}: {e} near `{}`",
                        near(&body, &e)
                    )),
                }
            }
        }
    }
}

/// The text of a one-line JSON body around where serde stopped.
fn near(body: &[u8], error: &serde_json::Error) -> String {
    let at = error.column().saturating_sub(1).min(body.len());
    let start = at.saturating_sub(80);
    let end = (at + 40).min(body.len());
    String::from_utf8_lossy(&body[start..end]).into_owned()
}

/// The operations `openapi/rules.toml` marks `hand_written`; empty (with the error on
/// stderr) when the file cannot be read. [`read_hand_written`] returns the error.
pub fn hand_written_operations() -> Vec<String> {
    read_hand_written().unwrap_or_else(|e| {
        eprintln!("{e}");
        Vec::new()
    })
}

/// The operations `openapi/rules.toml` marks `hand_written`.
pub fn read_hand_written() -> Result<Vec<String>, String> {
    let path = spec::workspace_root().join("openapi/rules.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    hand_written_in(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The `operations` of every `[[rule]]` with `hand_written = true` in a rules file.
pub fn hand_written_in(rules: &str) -> Result<Vec<String>, String> {
    let doc: toml::Table = toml::from_str(rules).map_err(|e| e.to_string())?;
    let rules = doc
        .get("rule")
        .and_then(|r| r.as_array())
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    for rule in rules
        .iter()
        .filter(|r| r.get("hand_written").and_then(|v| v.as_bool()) == Some(true))
    {
        let operations = rule
            .get("operations")
            .and_then(|o| o.as_array())
            .ok_or("a hand_written rule without `operations`")?;
        out.extend(
            operations
                .iter()
                .filter_map(|op| op.as_str().map(str::to_string)),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_hand_written_table() {
        let rules = r#"
            [[rule]]
            id = "by-hand"
            action = "exclude-operations"
            hand_written = true
            operations = ["A", "B"]
            [[rule]]
            id = "gone"
            action = "exclude-operations"
            operations = ["C"]
        "#;
        assert_eq!(hand_written_in(rules).unwrap(), ["A", "B"]);
        assert!(hand_written_in("[[rule]]\nhand_written = true\n").is_err());
    }

    fn doc() -> Value {
        json!({
            "paths": {"/t": {
                "get": {"operationId": "GetThing", "responses": {
                    "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                    "404": {"content": {"application/json": {"schema": {"type": "object", "properties": {"e": {"type": "string"}}}}}}
                }},
                "post": {"operationId": "Upload", "responses": {
                    "200": {"content": {"application/json": {"schema": {"type": "string"}}}}
                }}
            }},
            "components": {"schemas": {"Thing": {
                "type": "object", "required": ["kind"],
                "properties": {"kind": {"type": "string", "enum": ["a", "b"]}, "n": {"type": "integer", "nullable": true}}
            }}}
        })
    }

    /// Decodes like a client with closed enums would.
    fn strict(method: &str, success: bool, body: &[u8]) -> Option<Result<(), serde_json::Error>> {
        let value: Value = match serde_json::from_slice(body) {
            Ok(v) => v,
            Err(e) => return Some(Err(e)),
        };
        match (method, success) {
            ("GetThing", true) => Some(match value["kind"].as_str() {
                Some("a" | "b") => Ok(()),
                _ => Err(serde::de::Error::custom("unknown variant")),
            }),
            _ => None,
        }
    }

    #[test]
    fn reports_decode_failures_and_missing_types() {
        let report = check(&doc(), strict, &["Upload"]);
        assert_eq!(report.operations, 1);
        assert_eq!(report.responses, 2);
        assert_eq!(report.schemas, 2);
        assert_eq!(report.skipped, ["Upload"]);
        assert!(
            report
                .failures
                .iter()
                .any(|f| f.contains("unknown-enum-values") && f.contains("unknown variant"))
        );
        assert!(
            report
                .failures
                .iter()
                .any(|f| f == "no generated type for GetThing 404")
        );
        assert!(
            report
                .to_string()
                .contains("1 operations, 2 JSON responses")
        );
    }
}
