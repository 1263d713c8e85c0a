//! A flattened view of a schema: `$ref`s followed, `allOf` parts and one chosen
//! `oneOf`/`anyOf` branch merged, so the synthesiser and the mutations can look at one
//! object's keywords. Validation does not use it: it checks the composition as written.

use serde_json::Value;

use crate::spec;

/// Nesting of `allOf`/branches (not of properties) beyond which a schema is taken to loop.
const MAX_NESTING: usize = 32;

/// The keywords of one or more schemas an instance must satisfy together.
#[derive(Debug, Default)]
pub(crate) struct View<'a> {
    /// Keywords other than the ones below; the first schema to set one wins.
    keywords: Vec<(&'a str, &'a Value)>,
    /// Each declared property with every schema that declares it.
    pub properties: Vec<(&'a str, Vec<&'a Value>)>,
    pub required: Vec<&'a str>,
    /// `enum`: the values every part allows.
    pub enum_values: Option<Vec<&'a Value>>,
    /// `additionalProperties`; `false` from any part wins, as it is the strictest.
    pub additional: Option<&'a Value>,
    /// The `$ref`s followed to build this view (not those of nested properties).
    pub refs: Vec<&'a str>,
    /// Whether `null` is allowed by every schema of the view.
    pub nullable: bool,
}

impl<'a> View<'a> {
    pub fn get(&self, keyword: &str) -> Option<&'a Value> {
        self.keywords
            .iter()
            .find(|(k, _)| *k == keyword)
            .map(|(_, v)| *v)
    }

    pub fn str(&self, keyword: &str) -> Option<&'a str> {
        self.get(keyword).and_then(Value::as_str)
    }

    pub fn property(&self, name: &str) -> Option<&[&'a Value]> {
        self.properties
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.as_slice())
    }

    pub fn is_required(&self, name: &str) -> bool {
        self.required.contains(&name)
    }

    /// The JSON type this view describes: `type`, else what its keywords imply.
    pub fn kind(&self) -> Kind {
        match self.str("type") {
            Some("object") => Kind::Object,
            Some("array") => Kind::Array,
            Some("string") => Kind::String,
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            Some(_) => Kind::Any,
            None if !self.properties.is_empty()
                || self.additional.is_some()
                || !self.required.is_empty() =>
            {
                Kind::Object
            }
            None if self.get("items").is_some() => Kind::Array,
            None if ["pattern", "format", "minLength", "maxLength"]
                .iter()
                .any(|k| self.get(k).is_some()) =>
            {
                Kind::String
            }
            None if self.get("minimum").is_some() || self.get("maximum").is_some() => Kind::Number,
            None => Kind::Any,
        }
    }

    /// The string values of `enum`, when it is a string enum.
    pub fn string_enum(&self) -> Vec<&'a str> {
        self.enum_values
            .iter()
            .flatten()
            .filter_map(|v| v.as_str())
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
    /// No type: any JSON value.
    Any,
}

/// Merges `roots` (schemas an instance must satisfy together) into one view; `choose`
/// picks the branch of each `oneOf`/`anyOf` met on the way.
pub(crate) fn flatten<'a>(
    doc: &'a Value,
    roots: &[&'a Value],
    choose: &mut dyn FnMut(&'a [Value]) -> usize,
) -> View<'a> {
    let mut view = View {
        nullable: !roots.is_empty() && roots.iter().all(|s| is_nullable(doc, s)),
        ..View::default()
    };
    for root in roots {
        add(doc, root, choose, &mut view, 0);
    }
    view
}

fn add<'a>(
    doc: &'a Value,
    schema: &'a Value,
    choose: &mut dyn FnMut(&'a [Value]) -> usize,
    view: &mut View<'a>,
    nesting: usize,
) {
    if nesting > MAX_NESTING {
        return;
    }
    let schema = follow(doc, schema, &mut view.refs);
    let Some(obj) = schema.as_object() else {
        return;
    };
    for (key, value) in obj {
        match key.as_str() {
            "$ref" | "allOf" | "oneOf" | "anyOf" | "nullable" => {}
            "properties" => {
                for (name, prop) in value.as_object().into_iter().flatten() {
                    match view.properties.iter_mut().find(|(n, _)| n == name) {
                        Some((_, schemas)) => schemas.push(prop),
                        None => view.properties.push((name, vec![prop])),
                    }
                }
            }
            "required" => {
                for name in value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    if !view.required.contains(&name) {
                        view.required.push(name);
                    }
                }
            }
            "enum" => {
                let values = value.as_array().map(Vec::as_slice).unwrap_or_default();
                match &mut view.enum_values {
                    Some(allowed) => allowed.retain(|v| values.contains(v)),
                    None => view.enum_values = Some(values.iter().collect()),
                }
            }
            "additionalProperties" => {
                if view.additional.is_none() || value == &Value::Bool(false) {
                    view.additional = Some(value);
                }
            }
            _ => {
                if view.get(key).is_none() {
                    view.keywords.push((key, value));
                }
            }
        }
    }
    if let Some(parts) = obj.get("allOf").and_then(Value::as_array) {
        for part in parts {
            add(doc, part, choose, view, nesting + 1);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = obj.get(key).and_then(Value::as_array)
            && !branches.is_empty()
        {
            let i = choose(branches).min(branches.len() - 1);
            add(doc, &branches[i], choose, view, nesting + 1);
        }
    }
}

/// Like [`spec::resolve`], recording the names of the references followed.
fn follow<'a>(doc: &'a Value, schema: &'a Value, refs: &mut Vec<&'a str>) -> &'a Value {
    let mut current = schema;
    for _ in 0..MAX_NESTING {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match spec::lookup(doc, reference) {
            Some(target) => {
                refs.push(reference);
                current = target;
            }
            None => break,
        }
    }
    current
}

/// Whether `schema` allows `null`: `nullable: true` on it or its `$ref` target, on every
/// `allOf` part, on some `oneOf`/`anyOf` branch, or `null` among its `enum` values.
pub(crate) fn is_nullable(doc: &Value, schema: &Value) -> bool {
    nullable_at(doc, schema, 0)
}

fn nullable_at(doc: &Value, schema: &Value, nesting: usize) -> bool {
    if nesting > MAX_NESTING {
        return false;
    }
    let schema = spec::resolve(doc, schema);
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        return true;
    }
    if schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|values| values.iter().any(Value::is_null))
    {
        return true;
    }
    let all_of = schema.get("allOf").and_then(Value::as_array);
    if all_of.is_some_and(|parts| {
        !parts.is_empty() && parts.iter().all(|p| nullable_at(doc, p, nesting + 1))
    }) {
        return true;
    }
    ["oneOf", "anyOf"].iter().any(|key| {
        schema
            .get(*key)
            .and_then(Value::as_array)
            .is_some_and(|branches| branches.iter().any(|b| nullable_at(doc, b, nesting + 1)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"components": {"schemas": {
            "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "Maybe": {"type": "string", "nullable": true}
        }}})
    }

    #[test]
    fn merges_refs_all_of_and_the_chosen_branch() {
        let doc = doc();
        let schema = json!({
            "allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"id": {"minLength": 2}}}],
            "oneOf": [
                {"properties": {"a": {"type": "integer"}}},
                {"required": ["b"], "properties": {"b": {"type": "boolean"}}}
            ]
        });
        let view = flatten(&doc, &[&schema], &mut |_| 1);
        assert_eq!(view.kind(), Kind::Object);
        assert_eq!(view.required, ["id", "b"]);
        assert_eq!(view.property("id").map(<[_]>::len), Some(2));
        assert!(view.property("a").is_none());
        assert_eq!(view.refs, ["#/components/schemas/Base"]);
    }

    #[test]
    fn enums_of_all_parts_intersect() {
        let doc = doc();
        let schema = json!({"allOf": [
            {"properties": {"status": {"type": "string", "enum": ["pending", "revoked"]}}},
            {"properties": {"status": {"enum": ["revoked"]}}}
        ]});
        let view = flatten(&doc, &[&schema], &mut |_| 0);
        let status = flatten(&doc, view.property("status").unwrap(), &mut |_| 0);
        assert_eq!(status.string_enum(), ["revoked"]);
    }

    #[test]
    fn nullable_through_refs_and_compositions() {
        let doc = doc();
        for nullable in [
            json!({"$ref": "#/components/schemas/Maybe"}),
            json!({"allOf": [{"$ref": "#/components/schemas/Base"}], "nullable": true}),
            json!({"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/Maybe"}]}),
            json!({"enum": ["a", null]}),
        ] {
            assert!(is_nullable(&doc, &nullable), "{nullable}");
        }
        let base = json!({"allOf": [{"$ref": "#/components/schemas/Base"}]});
        assert!(!is_nullable(&doc, &base));
    }
}
