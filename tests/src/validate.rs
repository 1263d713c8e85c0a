//! An OpenAPI 3.0 schema validator: enough of the dialect to tell whether a JSON value
//! is what the spec promises, for synthesised instances and for fake-server responses.
//!
//! `oneOf` is checked like `anyOf` (some branch matches): specs routinely have branches
//! that overlap, and "exactly one" would reject values the API really sends.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

use crate::spec;

/// Nesting beyond which a schema is taken to loop (`$ref` cycles through compositions).
const MAX_DEPTH: usize = 64;

/// Checks `instance` against `schema`; the errors name JSON-pointer paths (`/a/0/b`).
pub fn validate(doc: &Value, schema: &Value, instance: &Value) -> Result<(), Vec<String>> {
    let mut errors = Vec::new();
    check(doc, schema, instance, &mut String::new(), &mut errors, 0);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check(
    doc: &Value,
    schema: &Value,
    instance: &Value,
    path: &mut String,
    errors: &mut Vec<String>,
    depth: usize,
) {
    let at = |path: &str| {
        if path.is_empty() {
            "/".to_string()
        } else {
            path.to_string()
        }
    };
    if depth > MAX_DEPTH {
        errors.push(format!(
            "{}: schema nests too deep (a $ref cycle?)",
            at(path)
        ));
        return;
    }
    let schema = spec::resolve(doc, schema);
    let Some(obj) = schema.as_object() else {
        return;
    };
    if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
        errors.push(format!("{}: unresolvable $ref {reference}", at(path)));
        return;
    }
    if instance.is_null() && obj.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    if let Some(ty) = obj.get("type").and_then(Value::as_str)
        && !has_type(instance, ty)
    {
        errors.push(format!(
            "{}: expected {ty}, got {}",
            at(path),
            describe(instance)
        ));
        return;
    }
    if let Some(values) = obj.get("enum").and_then(Value::as_array)
        && !values.contains(instance)
    {
        errors.push(format!(
            "{}: {instance} is not one of {}",
            at(path),
            Value::from(values.clone())
        ));
    }
    match instance {
        Value::String(s) => check_string(obj, s, &at(path), errors),
        Value::Number(_) => check_number(obj, instance, &at(path), errors),
        Value::Array(items) => {
            let n = items.len() as u64;
            if let Some(min) = obj.get("minItems").and_then(Value::as_u64)
                && n < min
            {
                errors.push(format!(
                    "{}: {n} item(s), fewer than minItems {min}",
                    at(path)
                ));
            }
            if let Some(max) = obj.get("maxItems").and_then(Value::as_u64)
                && n > max
            {
                errors.push(format!(
                    "{}: {n} item(s), more than maxItems {max}",
                    at(path)
                ));
            }
            if let Some(item_schema) = obj.get("items") {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("/{i}"));
                    check(doc, item_schema, item, path, errors, depth + 1);
                    path.truncate(len);
                }
            }
        }
        Value::Object(map) => {
            for name in obj
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(name) = name.as_str()
                    && !map.contains_key(name)
                {
                    errors.push(format!("{}: missing required property `{name}`", at(path)));
                }
            }
            let properties = obj.get("properties").and_then(Value::as_object);
            let additional = obj.get("additionalProperties");
            for (key, value) in map {
                let len = path.len();
                path.push('/');
                path.push_str(&key.replace('~', "~0").replace('/', "~1"));
                match properties.and_then(|p| p.get(key)) {
                    Some(prop) => check(doc, prop, value, path, errors, depth + 1),
                    None => match additional {
                        Some(Value::Bool(false)) => {
                            errors.push(format!(
                                "{path}: property not allowed (additionalProperties: false)"
                            ));
                        }
                        Some(extra @ Value::Object(_)) => {
                            check(doc, extra, value, path, errors, depth + 1);
                        }
                        _ => {}
                    },
                }
                path.truncate(len);
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
    if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
        for part in parts {
            check(doc, part, instance, path, errors, depth + 1);
        }
    }
    for key in ["oneOf", "anyOf"] {
        let Some(branches) = obj.get(key).and_then(Value::as_array) else {
            continue;
        };
        if branches.is_empty() {
            continue;
        }
        let mut closest: Option<Vec<String>> = None;
        for branch in branches {
            let mut branch_errors = Vec::new();
            check(doc, branch, instance, path, &mut branch_errors, depth + 1);
            if branch_errors.is_empty() {
                closest = None;
                break;
            }
            if closest
                .as_ref()
                .is_none_or(|c| branch_errors.len() < c.len())
            {
                closest = Some(branch_errors);
            }
        }
        if let Some(closest) = closest {
            errors.push(format!(
                "{}: matches none of the {} {key} branches; closest: {}",
                at(path),
                branches.len(),
                closest.join("; ")
            ));
        }
    }
}

fn has_type(instance: &Value, ty: &str) -> bool {
    match ty {
        "object" => instance.is_object(),
        "array" => instance.is_array(),
        "string" => instance.is_string(),
        // serde decodes 1.0 into an i64 field as an error, so integers must be written so.
        "integer" => instance.is_i64() || instance.is_u64(),
        "number" => instance.is_number(),
        "boolean" => instance.is_boolean(),
        _ => true,
    }
}

fn describe(instance: &Value) -> &'static str {
    match instance {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check_string(obj: &serde_json::Map<String, Value>, s: &str, at: &str, errors: &mut Vec<String>) {
    let len = s.chars().count() as u64;
    if let Some(min) = obj.get("minLength").and_then(Value::as_u64)
        && len < min
    {
        errors.push(format!("{at}: {s:?} is shorter than minLength {min}"));
    }
    if let Some(max) = obj.get("maxLength").and_then(Value::as_u64)
        && len > max
    {
        errors.push(format!("{at}: {s:?} is longer than maxLength {max}"));
    }
    if let Some(pattern) = obj.get("pattern").and_then(Value::as_str)
        && matches(pattern, s) == Some(false)
    {
        errors.push(format!("{at}: {s:?} does not match {pattern}"));
    }
    let format_ok = match obj.get("format").and_then(Value::as_str) {
        Some("date-time") => matches(DATE_TIME, s) != Some(false),
        Some("date") => matches(DATE, s) != Some(false),
        _ => true,
    };
    if !format_ok {
        let format = obj
            .get("format")
            .and_then(Value::as_str)
            .unwrap_or_default();
        errors.push(format!("{at}: {s:?} is not a {format}"));
    }
}

/// RFC 3339, loosely: what chrono's `DateTime<Utc>` decodes.
const DATE_TIME: &str = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$";
const DATE: &str = r"^\d{4}-\d{2}-\d{2}$";

fn check_number(
    obj: &serde_json::Map<String, Value>,
    n: &Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    let Some(x) = n.as_f64() else {
        return;
    };
    let exclusive = |key: &str| obj.get(key) == Some(&Value::Bool(true));
    if let Some(min) = obj.get("minimum").and_then(Value::as_f64)
        && (x < min || (exclusive("exclusiveMinimum") && x == min))
    {
        errors.push(format!("{at}: {n} is below the minimum {min}"));
    }
    if let Some(max) = obj.get("maximum").and_then(Value::as_f64)
        && (x > max || (exclusive("exclusiveMaximum") && x == max))
    {
        errors.push(format!("{at}: {n} is above the maximum {max}"));
    }
}

thread_local! {
    /// Compiled patterns; `None` for a pattern the regex crate cannot compile.
    static REGEXES: RefCell<HashMap<String, Option<Regex>>> = RefCell::new(HashMap::new());
}

/// Whether `s` matches `pattern`, or None when the pattern does not compile (the spec's
/// dialect is ECMA 262, which the regex crate does not fully support).
pub(crate) fn matches(pattern: &str, s: &str) -> Option<bool> {
    REGEXES.with(|cache| {
        let mut cache = cache.borrow_mut();
        let regex = cache
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).ok());
        regex.as_ref().map(|r| r.is_match(s))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Thing": {
                "type": "object",
                "additionalProperties": false,
                "required": ["id", "count"],
                "properties": {
                    "id": {"type": "string", "pattern": "^th_[a-z]+$"},
                    "count": {"type": "integer", "minimum": 0},
                    "label": {"type": "string", "nullable": true, "maxLength": 3},
                    "when": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "maxItems": 2}
                }
            }
        }}})
    }

    fn thing() -> Value {
        json!({"$ref": "#/components/schemas/Thing"})
    }

    #[test]
    fn accepts_a_valid_instance() {
        let instance = json!({"id": "th_x", "count": 1, "label": null, "when": "2024-01-01T00:00:00Z", "tags": ["a"]});
        assert_eq!(validate(&doc(), &thing(), &instance), Ok(()));
    }

    #[test]
    fn rejects_with_paths() {
        let doc = doc();
        let bad = |instance: Value| validate(&doc, &thing(), &instance).unwrap_err().join("\n");
        assert!(
            bad(json!({"id": "th_x", "count": 1.5}))
                .contains("/count: expected integer, got number")
        );
        assert!(bad(json!({"id": "th_x"})).contains("missing required property `count`"));
        assert!(
            bad(json!({"id": "th_x", "count": 1, "extra": 1}))
                .contains("/extra: property not allowed")
        );
        assert!(bad(json!({"id": "nope", "count": 1})).contains("does not match"));
        assert!(bad(json!({"id": "th_x", "count": -1})).contains("below the minimum"));
        assert!(bad(json!({"id": "th_x", "count": 1, "label": "long"})).contains("maxLength"));
        assert!(
            bad(json!({"id": "th_x", "count": 1, "when": "yesterday"})).contains("not a date-time")
        );
        assert!(bad(json!({"id": "th_x", "count": 1, "tags": ["a", "c"]})).contains("/tags/1"));
        assert!(
            bad(json!({"id": "th_x", "count": 1, "tags": ["a", "a", "a"]})).contains("maxItems")
        );
        assert!(bad(json!(null)).contains("/: expected object, got null"));
    }

    #[test]
    fn compositions() {
        let doc = doc();
        let one_of = json!({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": true});
        assert!(validate(&doc, &one_of, &json!("x")).is_ok());
        assert!(validate(&doc, &one_of, &json!(null)).is_ok());
        assert!(
            validate(&doc, &one_of, &json!(true)).unwrap_err()[0].contains("none of the 2 oneOf")
        );
        let overlapping = json!({"oneOf": [{"type": "number"}, {"type": "integer"}]});
        assert!(validate(&doc, &overlapping, &json!(3)).is_ok());
        let all_of = json!({"allOf": [{"required": ["a"]}, {"required": ["b"]}]});
        assert!(validate(&doc, &all_of, &json!({"a": 1, "b": 2})).is_ok());
        assert!(validate(&doc, &all_of, &json!({"a": 1})).is_err());
        let map = json!({"type": "object", "additionalProperties": {"type": "integer"}});
        assert!(validate(&doc, &map, &json!({"k": 1})).is_ok());
        assert!(validate(&doc, &map, &json!({"k": "1"})).is_err());
    }

    #[test]
    fn odd_schemas_do_not_panic() {
        let doc =
            json!({"components": {"schemas": {"Loop": {"$ref": "#/components/schemas/Loop"}}}});
        let bad_pattern = json!({"type": "string", "pattern": "(?<=x)y"});
        assert!(
            validate(&doc, &bad_pattern, &json!("y")).is_ok(),
            "uncompilable patterns are ignored"
        );
        assert!(
            validate(
                &doc,
                &json!({"$ref": "#/components/schemas/Loop"}),
                &json!(1)
            )
            .is_err()
        );
        assert!(validate(&doc, &json!({"$ref": "#/nowhere"}), &json!(1)).is_err());
        assert!(validate(&doc, &json!(true), &json!(1)).is_ok());
    }
}
