//! Finding, loading and walking the Clerk OpenAPI documents.
//!
//! The spec files are not committed (see `openapi/pins.toml`), so every test that needs
//! them must be able to skip when they are absent instead of failing.

use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};

/// The HTTP methods a path item can hold operations under.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Hops after which a `$ref` chain is taken to be a cycle.
const MAX_REF_HOPS: usize = 32;

/// The Cargo workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Where the spec files live: `$CLERK_OPENAPI_DIR`, else `../shared/openapi` beside the
/// workspace, the same places `cargo xtask` looks.
pub fn openapi_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CLERK_OPENAPI_DIR") {
        return Some(PathBuf::from(dir));
    }
    let shared = workspace_root().join("../shared/openapi");
    shared.is_dir().then_some(shared)
}

/// Says why a test is skipped and returns true when the spec directory is not there.
/// Under CI (`CI` set to anything but `false`/`0`) a missing spec is a failure instead:
/// a CI run must not pass by skipping what it is there to check.
pub fn skip_without_spec() -> bool {
    if openapi_dir().is_some_and(|dir| dir.is_dir()) {
        return false;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "CI is set but the Clerk OpenAPI specs are missing (set CLERK_OPENAPI_DIR or put them in ../shared/openapi)"
    );
    eprintln!(
        "skipping: Clerk OpenAPI specs not found (set CLERK_OPENAPI_DIR or put them in ../shared/openapi)"
    );
    true
}

/// Reads and parses `openapi_dir()/relative`, e.g. `bapi/2026-05-12.yml`.
pub fn load(relative: &str) -> Result<Value, String> {
    let dir = openapi_dir().ok_or("no OpenAPI directory (set CLERK_OPENAPI_DIR)")?;
    let path = dir.join(relative);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses YAML into JSON, keeping key order and turning non-string keys (`200:`) into
/// strings, which a direct `serde_json::Value` deserialisation would reject.
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    let yaml: serde_norway::Value = serde_norway::from_str(text).map_err(|e| e.to_string())?;
    Ok(yaml_to_json(yaml))
}

fn yaml_to_json(yaml: serde_norway::Value) -> Value {
    use serde_norway::Value as Y;
    match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(mapping) => {
            let mut map = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    Y::String(s) => s,
                    other => match yaml_to_json(other) {
                        Value::String(s) => s,
                        json => json.to_string(),
                    },
                };
                map.insert(key, yaml_to_json(value));
            }
            Value::Object(map)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

/// The spec file the generated client is pinned to (`[current] bapi` of
/// `openapi/pins.toml`), relative to [`openapi_dir`].
pub fn current_bapi() -> Result<String, String> {
    let pins = crate::pins::Pins::load(&workspace_root())?;
    pins.current_bapi_path().map(str::to_string)
}

/// The target of a local `$ref` (`#/components/...`), or None when it is not one.
pub fn lookup<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.contains('%') {
        doc.pointer(&percent_decode(pointer))
    } else {
        doc.pointer(pointer)
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Follows `$ref` chains to their target. A reference that is not local, dangles or
/// loops is returned as is, so callers see an object they do not understand rather
/// than a panic.
pub fn resolve<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    let mut current = v;
    for _ in 0..MAX_REF_HOPS {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return current;
        };
        match lookup(doc, reference) {
            Some(target) => current = target,
            None => return current,
        }
    }
    current
}

/// One operation of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
}

/// Every operation with an `operationId`, in document order.
pub fn operations(doc: &Value) -> Vec<Operation> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let Some(item) = resolve(doc, item).as_object() else {
            continue;
        };
        for (method, op) in item {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                out.push(Operation {
                    id: id.to_string(),
                    method: method.clone(),
                    path: path.clone(),
                });
            }
        }
    }
    out
}

/// The operation object of `op`.
pub fn operation<'a>(doc: &'a Value, op: &Operation) -> Option<&'a Value> {
    resolve(doc, doc.get("paths")?.get(&op.path)?).get(&op.method)
}

/// The `(status, schema)` of each `application/json` response of an operation, with
/// `#/components/responses/...` references followed.
pub fn json_responses<'a>(doc: &'a Value, operation: &'a Value) -> Vec<(&'a str, &'a Value)> {
    let Some(responses) = operation.get("responses").and_then(Value::as_object) else {
        return Vec::new();
    };
    responses
        .iter()
        .filter_map(|(status, response)| {
            let schema = resolve(doc, response)
                .get("content")?
                .get("application/json")?
                .get("schema")?;
            Some((status.as_str(), schema))
        })
        .collect()
}

/// Whether a request body of the operation is `multipart/form-data`.
pub fn takes_multipart(doc: &Value, operation: &Value) -> bool {
    operation
        .get("requestBody")
        .map(|body| resolve(doc, body))
        .and_then(|body| body.get("content"))
        .is_some_and(|content| content.get("multipart/form-data").is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_keys_become_strings_in_order() {
        let doc = parse_yaml("b: 1\n200: {x: [true, 1.5]}\na: ~\n").unwrap();
        assert_eq!(doc, json!({"b": 1, "200": {"x": [true, 1.5]}, "a": null}));
        let keys: Vec<&String> = doc.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["b", "200", "a"]);
        assert!(parse_yaml("a: [").is_err());
    }

    #[test]
    fn resolve_follows_chains_and_survives_loops() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"type": "string"},
            "Loop": {"$ref": "#/components/schemas/Loop"},
            "Odd.Name": {"type": "integer"}
        }}});
        let a = json!({"$ref": "#/components/schemas/A"});
        assert_eq!(resolve(&doc, &a), &json!({"type": "string"}));
        let dotted = json!({"$ref": "#/components/schemas/Odd.Name"});
        assert_eq!(resolve(&doc, &dotted), &json!({"type": "integer"}));
        let dangling = json!({"$ref": "#/components/schemas/Nope"});
        assert_eq!(resolve(&doc, &dangling), &dangling);
        let looped = json!({"$ref": "#/components/schemas/Loop"});
        assert!(resolve(&doc, &looped).get("$ref").is_some());
    }

    #[test]
    fn operations_and_json_responses() {
        let doc = json!({
            "paths": {"/x": {
                "parameters": [],
                "get": {"operationId": "GetX", "responses": {
                    "200": {"content": {"application/json": {"schema": {"type": "string"}}}},
                    "404": {"$ref": "#/components/responses/Missing"},
                    "204": {"description": "empty"}
                }},
                "post": {"operationId": "PostX", "requestBody": {"content": {"multipart/form-data": {}}}}
            }},
            "components": {"responses": {"Missing": {"content": {"application/json": {"schema": {"type": "object"}}}}}}
        });
        let ops = operations(&doc);
        assert_eq!(ops.len(), 2);
        assert_eq!(
            (ops[0].id.as_str(), ops[0].method.as_str()),
            ("GetX", "get")
        );
        let get = operation(&doc, &ops[0]).unwrap();
        let statuses: Vec<&str> = json_responses(&doc, get).iter().map(|(s, _)| *s).collect();
        assert_eq!(statuses, ["200", "404"]);
        assert!(!takes_multipart(&doc, get));
        assert!(takes_multipart(&doc, operation(&doc, &ops[1]).unwrap()));
    }

    #[test]
    fn pins_name_the_current_spec() {
        let pins = r#"
            [current]
            bapi = "2026-05-12"
            webhooks = "2025-04-15"
            [bapi."2026-05-12"]
            path = "bapi/2026-05-12.yml"
            sha256 = "00"
        "#;
        let parsed = crate::pins::Pins::parse(pins).unwrap();
        assert_eq!(parsed.current_bapi_path().unwrap(), "bapi/2026-05-12.yml");
        let other =
            crate::pins::Pins::parse("[current]\nbapi = \"1\"\nwebhooks = \"2\"\n").unwrap();
        assert!(other.current_bapi_path().is_err());
    }
}
