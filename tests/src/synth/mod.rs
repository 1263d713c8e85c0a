//! JSON instances synthesised from the original spec's schemas, and the mutations that
//! play "the API changed after this client was generated".
//!
//! Instances are meant to be valid against the schema they come from ([`crate::validate`]
//! checks them), so a decode failure points at the generated types, not at the data.

mod mutate;

use std::collections::HashSet;

use serde_json::{Map, Number, Value, json};

pub use mutate::{
    Mutation, UNKNOWN_FIELD, UNKNOWN_VALUE, mutate, with_unknown_enum_values, with_unknown_fields,
    without_nullable_keys,
};

use crate::schema::{Kind, View, flatten, is_nullable};
use crate::{spec, validate};

/// How much of a schema an instance fills in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Every property present (nullable ones with a value), arrays with one item, maps
    /// with one entry.
    Full,
    /// Required properties only (nullable ones as `null`), arrays as short as allowed.
    Minimal,
}

/// Times a `$ref` may nest inside itself before only required properties are produced.
const REF_REPEAT_LIMIT: usize = 6;
/// Nesting beyond which nothing more is produced, whatever the schema says.
const MAX_DEPTH: usize = 64;
/// Longest array produced, whatever `minItems` says.
const MAX_ITEMS: u64 = 16;
/// The value of a property or map entry whose schema says nothing about it.
const ANY: &str = "value";

/// An instance of `schema`; `branch` picks branch `branch % n` of every `oneOf`/`anyOf`
/// (and value `branch % n` of every `enum`), so `0..max_branches` covers every branch.
pub fn instance(doc: &Value, schema: &Value, mode: Mode, branch: usize) -> Value {
    let mut synth = Synth {
        doc,
        mode,
        branch,
        stack: Vec::new(),
    };
    synth.value(&[schema], None, 0)
}

/// The largest `oneOf`/`anyOf` branch count reachable from `schema` (0 without unions).
pub fn max_branches(doc: &Value, schema: &Value) -> usize {
    branches_in(doc, schema, &mut HashSet::new(), 0)
}

fn branches_in<'a>(
    doc: &'a Value,
    schema: &'a Value,
    seen: &mut HashSet<&'a str>,
    depth: usize,
) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    let mut schema = schema;
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        match spec::lookup(doc, reference) {
            Some(target) if seen.insert(reference) => schema = target,
            _ => return 0,
        }
    }
    let Some(obj) = schema.as_object() else {
        return 0;
    };
    let mut most = 0;
    let mut visit = |s: &'a Value, most: &mut usize| {
        *most = (*most).max(branches_in(doc, s, seen, depth + 1));
    };
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = obj.get(key).and_then(Value::as_array) {
            most = most.max(branches.len());
            for branch in branches {
                visit(branch, &mut most);
            }
        }
    }
    for part in obj
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        visit(part, &mut most);
    }
    for prop in obj
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        visit(prop.1, &mut most);
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = obj.get(key).filter(|v| v.is_object()) {
            visit(inner, &mut most);
        }
    }
    most
}

struct Synth<'a> {
    doc: &'a Value,
    mode: Mode,
    branch: usize,
    /// The `$ref`s being expanded, outermost first: the recursion guard.
    stack: Vec<&'a str>,
}

impl<'a> Synth<'a> {
    /// An instance of all of `roots` at once; `name` is the property it is for, if any.
    fn value(&mut self, roots: &[&'a Value], name: Option<&'a str>, depth: usize) -> Value {
        let branch = self.branch;
        let view = flatten(self.doc, roots, &mut |branches| {
            branch % branches.len().max(1)
        });
        if depth > MAX_DEPTH {
            return if view.nullable {
                Value::Null
            } else {
                empty(view.kind())
            };
        }
        let repeated = view
            .refs
            .iter()
            .any(|r| self.stack.iter().filter(|s| *s == r).count() >= REF_REPEAT_LIMIT);
        let saved = self.mode;
        if repeated {
            self.mode = Mode::Minimal;
        }
        self.stack.extend(view.refs.iter().copied());
        let value = self.build(&view, roots, name, depth);
        self.stack.truncate(self.stack.len() - view.refs.len());
        self.mode = saved;
        value
    }

    fn build(
        &mut self,
        view: &View<'a>,
        roots: &[&'a Value],
        name: Option<&'a str>,
        depth: usize,
    ) -> Value {
        if let Some(values) = &view.enum_values {
            let choices: Vec<&Value> = values.iter().copied().filter(|v| !v.is_null()).collect();
            return match choices.len() {
                0 => Value::Null,
                n => choices[self.branch % n].clone(),
            };
        }
        match view.kind() {
            Kind::Object => self.object(view, depth),
            Kind::Array => self.array(view, name, depth),
            Kind::String => self.string(view, roots),
            Kind::Integer => self.integer(view, roots, name),
            Kind::Number => self.number(view, roots),
            Kind::Boolean => {
                let fallback = Value::Bool(self.mode == Mode::Full);
                self.first_valid(roots, samples(view, Value::is_boolean))
                    .unwrap_or(fallback)
            }
            Kind::Any => json!(ANY),
        }
    }

    fn object(&mut self, view: &View<'a>, depth: usize) -> Value {
        let mut map = Map::new();
        for (name, schemas) in &view.properties {
            let required = view.is_required(name);
            let value = match self.mode {
                Mode::Minimal if !required => continue,
                Mode::Minimal if schemas.iter().all(|s| is_nullable(self.doc, s)) => Value::Null,
                _ => self.value(schemas, Some(name), depth + 1),
            };
            map.insert(name.to_string(), value);
        }
        // Names required by one part but declared by none: any value is valid for them.
        for name in &view.required {
            if !map.contains_key(*name) {
                let value = self.additional(view, depth);
                map.insert(name.to_string(), value);
            }
        }
        let open = view.additional.is_some_and(|a| a != &Value::Bool(false));
        if self.mode == Mode::Full && open {
            let key = (0..)
                .map(|i| {
                    if i == 0 {
                        "key".to_string()
                    } else {
                        format!("key{i}")
                    }
                })
                .find(|k| !map.contains_key(k))
                .unwrap_or_default();
            let value = self.additional(view, depth);
            map.insert(key, value);
        }
        Value::Object(map)
    }

    /// A value for a property the object does not declare.
    fn additional(&mut self, view: &View<'a>, depth: usize) -> Value {
        match view.additional {
            Some(schema @ Value::Object(_)) => self.value(&[schema], None, depth + 1),
            _ => json!(ANY),
        }
    }

    /// Items of an array property are named after it, for [`Synth::integer`].
    fn array(&mut self, view: &View<'a>, name: Option<&'a str>, depth: usize) -> Value {
        let min = view.get("minItems").and_then(Value::as_u64).unwrap_or(0);
        let max = view
            .get("maxItems")
            .and_then(Value::as_u64)
            .unwrap_or(u64::MAX);
        let wanted = match self.mode {
            Mode::Full => min.max(1),
            Mode::Minimal => min,
        };
        let n = wanted.min(max).min(MAX_ITEMS) as usize;
        if n == 0 {
            return json!([]);
        }
        let item = match view.get("items") {
            Some(items) => self.value(&[items], name, depth + 1),
            None => json!(ANY),
        };
        Value::Array(vec![item; n])
    }

    fn string(&self, view: &View<'a>, roots: &[&'a Value]) -> Value {
        let example = view.get("example").filter(|v| v.is_string()).cloned();
        let mut candidates = samples(view, Value::is_string);
        if let Some(sample) = view.str("format").and_then(format_sample) {
            candidates.push(json!(sample));
        }
        let plain = plain_string(view);
        candidates.push(json!(plain));
        if let Some(generated) = view.str("pattern").and_then(matching) {
            candidates.push(json!(generated));
        }
        self.first_valid(roots, candidates)
            .or(example)
            .unwrap_or_else(|| json!(plain))
    }

    fn integer(&self, view: &View<'a>, roots: &[&'a Value], name: Option<&str>) -> Value {
        let mut candidates = samples(view, |v| v.is_i64() || v.is_u64());
        // Milliseconds since the epoch for `created_at` and the like, a count otherwise.
        let timestamp = name.is_some_and(|n| n.ends_with("_at") || n.contains("timestamp"));
        let base: f64 = if timestamp && view.str("format") != Some("int32") {
            1_700_000_000_000.0
        } else {
            42.0
        };
        let (min, max) = bounds(view);
        let mut x = base;
        if let Some(min) = min {
            x = x.max(min.ceil());
        }
        if let Some(max) = max {
            x = x.min(max.floor());
        }
        candidates.push(json!(x as i64));
        self.first_valid(roots, candidates)
            .unwrap_or_else(|| json!(base as i64))
    }

    fn number(&self, view: &View<'a>, roots: &[&'a Value]) -> Value {
        let mut candidates = samples(view, Value::is_number);
        let (min, max) = bounds(view);
        let mut x = 1.5_f64;
        if let Some(min) = min {
            x = x.max(min);
        }
        if let Some(max) = max {
            x = x.min(max);
        }
        candidates.extend(Number::from_f64(x).map(Value::Number));
        self.first_valid(roots, candidates)
            .unwrap_or_else(|| json!(1.5))
    }

    /// The first candidate every root accepts.
    fn first_valid(&self, roots: &[&'a Value], candidates: Vec<Value>) -> Option<Value> {
        candidates.into_iter().find(|candidate| {
            roots
                .iter()
                .all(|root| validate::validate(self.doc, root, candidate).is_ok())
        })
    }
}

/// The schema's `example` and `default`, when they are of the right JSON type.
fn samples(view: &View<'_>, right_type: fn(&Value) -> bool) -> Vec<Value> {
    ["example", "default"]
        .iter()
        .filter_map(|k| view.get(k))
        .filter(|v| right_type(v))
        .cloned()
        .collect()
}

/// `minimum`/`maximum`, tightened by one for an exclusive integer bound.
fn bounds(view: &View<'_>) -> (Option<f64>, Option<f64>) {
    let exclusive = |key: &str| view.get(key) == Some(&Value::Bool(true));
    let min = view.get("minimum").and_then(Value::as_f64);
    let max = view.get("maximum").and_then(Value::as_f64);
    let step = if view.kind() == Kind::Integer {
        1.0
    } else {
        0.5
    };
    (
        min.map(|m| {
            if exclusive("exclusiveMinimum") {
                m + step
            } else {
                m
            }
        }),
        max.map(|m| {
            if exclusive("exclusiveMaximum") {
                m - step
            } else {
                m
            }
        }),
    )
}

/// A string matching `pattern`, drawn from a fixed seed so the instances are the same
/// every run; `None` for what the generator cannot do (callers validate every candidate).
fn matching(pattern: &str) -> Option<String> {
    use rand::SeedableRng;
    // The spec's patterns match whole values; the generator wants no anchors. ASCII
    // classes keep ids readable (`\\w` is `[0-9A-Za-z_]`).
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let body = body.strip_suffix('$').unwrap_or(body);
    // ASCII classes where the pattern allows them (only valid UTF-8 either way).
    let parse = |unicode: bool| {
        regex_syntax::ParserBuilder::new()
            .unicode(unicode)
            .build()
            .parse(body)
            .ok()
    };
    let hir = parse(false).or_else(|| parse(true))?;
    // Long enough for `\\w{27}` ids, short enough that `+` and `*` stay readable.
    let generator = rand_regex::Regex::with_hir(hir, 8).ok()?;
    let mut rng = rand::rngs::StdRng::seed_from_u64(0x5eed);
    Some(rand::Rng::sample(&mut rng, &generator))
}

fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2023-11-14T22:13:20Z",
        "date" => "2023-11-14",
        "time" => "22:13:20",
        "email" => "user@example.com",
        "uri" | "url" | "uri-reference" => "https://example.com/path",
        "hostname" => "example.com",
        "uuid" => "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "byte" => "aGVsbG8=",
        _ => return None,
    })
}

/// `"string"`, stretched or cut to the schema's length limits.
fn plain_string(view: &View<'_>) -> String {
    let min = view.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = view
        .get("maxLength")
        .and_then(Value::as_u64)
        .unwrap_or(u64::MAX) as usize;
    let mut s = String::from("string");
    while s.len() < min.min(4096) {
        s.push('x');
    }
    s.truncate(max);
    s
}

fn empty(kind: Kind) -> Value {
    match kind {
        Kind::Object => json!({}),
        Kind::Array => json!([]),
        Kind::String => json!(""),
        Kind::Integer => json!(0),
        Kind::Number => json!(0.0),
        Kind::Boolean => json!(false),
        Kind::Any => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::validate;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Card": {
                "type": "object",
                "required": ["object", "id"],
                "properties": {
                    "object": {"type": "string", "enum": ["card"]},
                    "id": {"type": "string", "pattern": "^card_\\w{6}$", "example": "not-an-id"},
                    "brand": {"type": "string", "enum": ["visa", "amex"], "nullable": true}
                }
            },
            "Bank": {
                "type": "object",
                "required": ["object", "iban"],
                "properties": {
                    "object": {"type": "string", "enum": ["bank"]},
                    "iban": {"type": "string", "minLength": 10}
                }
            },
            "Payment": {
                "type": "object",
                "additionalProperties": false,
                "required": ["amount", "method", "note"],
                "properties": {
                    "amount": {"type": "integer", "minimum": 100, "maximum": 500},
                    "paid_at": {"type": "integer", "format": "int64"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "note": {"type": "string", "nullable": true},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "metadata": {"type": "object", "additionalProperties": {"type": "number"}},
                    "method": {"oneOf": [
                        {"$ref": "#/components/schemas/Card"},
                        {"$ref": "#/components/schemas/Bank"}
                    ]}
                }
            },
            "Node": {
                "type": "object",
                "properties": {"child": {"$ref": "#/components/schemas/Node"}}
            }
        }}})
    }

    fn payment() -> Value {
        json!({"$ref": "#/components/schemas/Payment"})
    }

    #[test]
    fn every_branch_is_covered_and_valid() {
        let doc = doc();
        assert_eq!(max_branches(&doc, &payment()), 2);
        let mut objects = Vec::new();
        for branch in 0..2 {
            for mode in [Mode::Full, Mode::Minimal] {
                let value = instance(&doc, &payment(), mode, branch);
                assert_eq!(validate(&doc, &payment(), &value), Ok(()), "{value}");
                objects.push(value["method"]["object"].clone());
            }
        }
        assert!(objects.contains(&json!("card")) && objects.contains(&json!("bank")));
    }

    #[test]
    fn full_fills_everything_minimal_only_what_is_required() {
        let doc = doc();
        let full = instance(&doc, &payment(), Mode::Full, 0);
        assert_eq!(full["tags"], json!(["string"]));
        assert_eq!(full["metadata"], json!({"key": 1.5}));
        assert_eq!(full["created_at"], json!("2023-11-14T22:13:20Z"));
        assert_eq!(full["amount"], json!(100), "42 clamped to the minimum");
        assert_eq!(full["paid_at"], json!(1_700_000_000_000_i64));
        assert!(full["note"].is_string());
        assert!(full["method"]["brand"].is_string());
        let id = full["method"]["id"].as_str().unwrap();
        assert!(
            regex::Regex::new(r"^card_\w{6}$").unwrap().is_match(id),
            "the invalid example is not used: {id}"
        );
        assert_eq!(
            instance(&doc, &payment(), Mode::Full, 0)["method"]["id"],
            full["method"]["id"],
            "the same every run"
        );
        let minimal = instance(&doc, &payment(), Mode::Minimal, 0);
        let keys: Vec<&String> = minimal.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["amount", "note", "method"]);
        assert_eq!(minimal["note"], Value::Null);
        assert!(minimal["method"].get("brand").is_none());
    }

    #[test]
    fn recursion_stops() {
        let doc = doc();
        let node = json!({"$ref": "#/components/schemas/Node"});
        let value = instance(&doc, &node, Mode::Full, 0);
        let depth = std::iter::successors(Some(&value), |v| v.get("child")).count();
        assert!((2..=REF_REPEAT_LIMIT + 1).contains(&depth), "depth {depth}");
        assert_eq!(max_branches(&doc, &node), 0);
    }

    #[test]
    fn enums_cycle_with_the_branch_and_odd_schemas_do_not_panic() {
        let doc = doc();
        let e = json!({"type": "string", "enum": [null, "a", "b"]});
        assert_eq!(instance(&doc, &e, Mode::Full, 0), json!("a"));
        assert_eq!(instance(&doc, &e, Mode::Full, 1), json!("b"));
        for odd in [
            json!(true),
            json!({}),
            json!({"$ref": "#/nowhere"}),
            json!({"type": "weird"}),
        ] {
            let _ = instance(&doc, &odd, Mode::Full, 3);
            let _ = max_branches(&doc, &odd);
        }
    }
}
