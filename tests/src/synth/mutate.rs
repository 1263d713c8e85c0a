//! Changes the API may make without a new spec version, applied to an instance
//! everywhere at once: new fields, new enum values (one-value "constants" such as
//! `object: "user"` too), new variants of unions, nullable fields left out.
//!
//! Each walks the instance together with its schema; at a `oneOf`/`anyOf` it follows the
//! branch the instance matches, so it works on any instance, not only synthesised ones.

use serde_json::{Value, json};

use crate::schema::{View, flatten, is_nullable};
use crate::validate::validate;

/// The field [`Mutation::UnknownFields`] adds.
pub const UNKNOWN_FIELD: &str = "field_added_later";
/// The value [`Mutation::UnknownEnumValues`] puts in place of known ones.
pub const UNKNOWN_VALUE: &str = "value_added_later";

/// Nesting beyond which an instance is left as is.
const MAX_DEPTH: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutation {
    /// `"field_added_later": {"x": 1}` in every object that declares properties.
    UnknownFields,
    /// Every value of a string enum with two or more values becomes `"value_added_later"`.
    UnknownEnumValues,
    /// Every value of a one-value string enum (`object: "user"`, a union's tag) becomes
    /// `"value_added_later"`.
    UnknownConstants,
    /// Every object that is a `oneOf`/`anyOf` branch becomes a variant the spec does not
    /// have: its one-value enum fields (its tag) get new values, or, without any, it is
    /// replaced by an object of fields no branch declares.
    UnknownUnionVariants,
    /// Every key whose property schema is nullable is removed, required or not.
    WithoutNullableKeys,
}

impl Mutation {
    pub const ALL: [Mutation; 5] = [
        Mutation::UnknownFields,
        Mutation::UnknownEnumValues,
        Mutation::UnknownConstants,
        Mutation::UnknownUnionVariants,
        Mutation::WithoutNullableKeys,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Mutation::UnknownFields => "unknown-fields",
            Mutation::UnknownEnumValues => "unknown-enum-values",
            Mutation::UnknownConstants => "unknown-constants",
            Mutation::UnknownUnionVariants => "unknown-union-variants",
            Mutation::WithoutNullableKeys => "without-nullable-keys",
        }
    }
}

/// `instance` with `mutation` applied, and how many places it changed.
pub fn mutate(doc: &Value, schema: &Value, instance: &Value, mutation: Mutation) -> (Value, usize) {
    let mut out = instance.clone();
    let changes = walk(doc, mutation, &[schema], &mut out, 0);
    (out, changes)
}

pub fn with_unknown_fields(doc: &Value, schema: &Value, instance: &Value) -> Value {
    mutate(doc, schema, instance, Mutation::UnknownFields).0
}

pub fn with_unknown_enum_values(doc: &Value, schema: &Value, instance: &Value) -> Value {
    mutate(doc, schema, instance, Mutation::UnknownEnumValues).0
}

pub fn without_nullable_keys(doc: &Value, schema: &Value, instance: &Value) -> Value {
    mutate(doc, schema, instance, Mutation::WithoutNullableKeys).0
}

fn walk<'a>(
    doc: &'a Value,
    mutation: Mutation,
    roots: &[&'a Value],
    instance: &mut Value,
    depth: usize,
) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    let mut union = false;
    let view = {
        let current: &Value = instance;
        flatten(doc, roots, &mut |branches| {
            // Branches that only list required properties constrain one shape; they
            // are not variants.
            let shapes = branches
                .iter()
                .filter(|b| {
                    b.as_object()
                        .is_some_and(|o| o.keys().any(|k| k != "required"))
                })
                .count();
            union |= shapes >= 2;
            matching_branch(doc, branches, current)
        })
    };
    if mutation == Mutation::UnknownUnionVariants
        && union
        && let Value::Object(map) = instance
    {
        let tags: Vec<&str> = view
            .properties
            .iter()
            .filter(|(_, schemas)| flatten(doc, schemas, &mut |_| 0).string_enum().len() == 1)
            .map(|(name, _)| *name)
            .collect();
        if tags.is_empty() {
            *instance = json!({UNKNOWN_FIELD: {"x": 1}});
        } else {
            for tag in tags {
                map.insert(tag.to_string(), json!(UNKNOWN_VALUE));
            }
        }
        return 1;
    }
    let mut changes = 0;
    match instance {
        Value::String(s) => {
            let values = view.string_enum().len();
            let replace = match mutation {
                Mutation::UnknownEnumValues => values >= 2,
                Mutation::UnknownConstants => values == 1,
                _ => false,
            };
            if replace {
                *s = UNKNOWN_VALUE.to_string();
                changes += 1;
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = view.get("items") {
                for item in items {
                    changes += walk(doc, mutation, &[item_schema], item, depth + 1);
                }
            }
        }
        Value::Object(map) => {
            if mutation == Mutation::WithoutNullableKeys {
                let before = map.len();
                map.retain(|key, _| !nullable_property(doc, &view, key));
                changes += before - map.len();
            }
            for (key, value) in map.iter_mut() {
                let schemas: Vec<&Value> = match (view.property(key), view.additional) {
                    (Some(schemas), _) => schemas.to_vec(),
                    (None, Some(extra @ Value::Object(_))) => vec![extra],
                    _ => continue,
                };
                changes += walk(doc, mutation, &schemas, value, depth + 1);
            }
            if mutation == Mutation::UnknownFields
                && !view.properties.is_empty()
                && !map.contains_key(UNKNOWN_FIELD)
            {
                map.insert(UNKNOWN_FIELD.to_string(), json!({"x": 1}));
                changes += 1;
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
    changes
}

fn nullable_property(doc: &Value, view: &View<'_>, key: &str) -> bool {
    view.property(key)
        .is_some_and(|schemas| schemas.iter().all(|s| is_nullable(doc, s)))
}

/// The branch `instance` belongs to: one it validates against, preferring the branch
/// that declares most of its keys (overlapping branches accept each other's instances).
fn matching_branch(doc: &Value, branches: &[Value], instance: &Value) -> usize {
    let mut best = (false, 0, 0);
    for (i, branch) in branches.iter().enumerate() {
        let valid = validate(doc, branch, instance).is_ok();
        let declared = instance.as_object().map_or(0, |map| {
            let view = flatten(doc, &[branch], &mut |_| 0);
            map.keys().filter(|k| view.property(k).is_some()).count()
        });
        if (valid, declared) > (best.0, best.1) {
            best = (valid, declared, i);
        }
    }
    best.2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Pub": {"type": "object", "properties": {
                "kty": {"type": "string", "enum": ["OKP"]},
                "x": {"type": "string"}
            }},
            "Priv": {"type": "object", "properties": {
                "kty": {"type": "string", "enum": ["OKP"]},
                "x": {"type": "string"},
                "use": {"type": "string", "enum": ["sig", "enc"]},
                "d": {"type": "string", "nullable": true}
            }},
            "Keys": {"type": "object", "required": ["status", "keys"], "properties": {
                "status": {"type": "string", "enum": ["active", "revoked"]},
                "single": {"type": "string", "enum": ["only"]},
                "note": {"type": "string", "nullable": true},
                "keys": {"type": "array", "items": {"oneOf": [
                    {"$ref": "#/components/schemas/Pub"},
                    {"$ref": "#/components/schemas/Priv"}
                ]}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}}
            }}
        }}})
    }

    fn keys() -> Value {
        json!({"$ref": "#/components/schemas/Keys"})
    }

    fn sample() -> Value {
        json!({
            "status": "active",
            "single": "only",
            "note": "n",
            "keys": [{"kty": "OKP", "x": "a"}, {"kty": "OKP", "x": "b", "use": "sig", "d": "s"}],
            "labels": {"a": "b"}
        })
    }

    #[test]
    fn unknown_fields_go_into_objects_with_declared_properties() {
        let (out, changes) = mutate(&doc(), &keys(), &sample(), Mutation::UnknownFields);
        assert_eq!(changes, 3);
        assert_eq!(out[UNKNOWN_FIELD], json!({"x": 1}));
        assert_eq!(out["keys"][1][UNKNOWN_FIELD], json!({"x": 1}));
        assert!(
            out["labels"].get(UNKNOWN_FIELD).is_none(),
            "maps declare no properties"
        );
    }

    #[test]
    fn unknown_enum_values_replace_multi_valued_enums_in_the_matching_branch() {
        let out = with_unknown_enum_values(&doc(), &keys(), &sample());
        assert_eq!(out["status"], json!(UNKNOWN_VALUE));
        assert_eq!(
            out["single"],
            json!("only"),
            "one-value enums are constants"
        );
        assert_eq!(
            out["keys"][1]["use"],
            json!(UNKNOWN_VALUE),
            "Priv is the better match"
        );
        assert_eq!(out["keys"][0]["kty"], json!("OKP"));
    }

    #[test]
    fn constants_and_union_variants_become_unknown() {
        let (out, changes) = mutate(&doc(), &keys(), &sample(), Mutation::UnknownConstants);
        assert_eq!(changes, 3);
        assert_eq!(out["single"], json!(UNKNOWN_VALUE));
        assert_eq!(out["keys"][0]["kty"], json!(UNKNOWN_VALUE));
        assert_eq!(out["status"], json!("active"), "multi-valued enums stay");
        let (out, changes) = mutate(&doc(), &keys(), &sample(), Mutation::UnknownUnionVariants);
        assert_eq!(changes, 2, "each union branch object once");
        assert_eq!(out["keys"][0], json!({"kty": UNKNOWN_VALUE, "x": "a"}));
        assert_eq!(out["keys"][1]["kty"], json!(UNKNOWN_VALUE));
        assert_eq!(out["keys"][1]["use"], json!("sig"));
        let doc = json!({"components": {"schemas": {}}});
        let untagged = json!({"oneOf": [
            {"type": "object", "properties": {"jwt": {"type": "string"}}},
            {"type": "object", "properties": {"cookies": {"type": "array"}}}
        ]});
        let (out, _) = mutate(
            &doc,
            &untagged,
            &json!({"jwt": "t"}),
            Mutation::UnknownUnionVariants,
        );
        assert_eq!(out, json!({UNKNOWN_FIELD: {"x": 1}}));
    }

    #[test]
    fn nullable_keys_are_removed() {
        let (out, changes) = mutate(&doc(), &keys(), &sample(), Mutation::WithoutNullableKeys);
        assert_eq!(changes, 2);
        assert!(out.get("note").is_none());
        assert!(out["keys"][1].get("d").is_none());
        assert_eq!(out["status"], json!("active"));
    }

    #[test]
    fn unchanged_when_nothing_applies() {
        let doc = doc();
        let plain = json!({"type": "string"});
        assert_eq!(
            mutate(&doc, &plain, &json!("s"), Mutation::UnknownEnumValues),
            (json!("s"), 0)
        );
        assert_eq!(without_nullable_keys(&doc, &plain, &json!(1)), json!(1));
        assert_eq!(
            with_unknown_fields(&doc, &json!(true), &json!({})),
            json!({})
        );
    }
}
