//! The spec, read once: operations (method, path, tag, parameters with their location,
//! style and schema, request body, responses) and named schemas, with `$ref`s to
//! components kept as names ([`Api::resolve`] follows them), `allOf` merged, nullability
//! and enum values explicit, unions with their variants and discriminator. Plain structs
//! a test can build by hand; every emitter reads these instead of the JSON.

// The whole spec is modelled, also what no emitter reads yet (responses, examples,
// discriminators: for the fake API's answers to come); the tests read all of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde_json::Value;

use crate::Result;
use crate::rules::METHODS;

/// A Backend API spec (after the rules, or as Clerk wrote it).
#[derive(Clone, Debug, Default)]
pub struct Api {
    pub version: String,
    pub tags: Vec<Tag>,
    pub operations: Vec<Operation>,
    /// Component schemas by name.
    pub schemas: BTreeMap<String, Schema>,
    /// The document the model was read from: for the tools that work on JSON Schema
    /// itself (the synthesiser and the validator of the tests crate).
    pub doc: Value,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tag {
    pub name: String,
    pub description: String,
    /// `externalDocs.url`.
    pub link: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct Operation {
    pub id: String,
    /// Lowercase: `get`, `post`, ...
    pub method: String,
    /// The path template: `/users/{user_id}`.
    pub path: String,
    pub tags: Vec<String>,
    pub summary: String,
    pub description: String,
    pub deprecated: bool,
    /// Path-level and operation parameters, in the spec's order.
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub location: In,
    pub required: bool,
    pub description: String,
    pub deprecated: bool,
    /// `explode` (form style: repeated names for lists unless `false`).
    pub explode: bool,
    pub schema: Schema,
    /// The schema as written, for JSON tools (the synthesiser of test values).
    pub json: Value,
}

#[derive(Clone, Debug)]
pub struct RequestBody {
    pub required: bool,
    /// Media type -> schema, in the spec's order.
    pub content: Vec<(String, Schema)>,
    /// Media type -> the schema as written, for JSON tools.
    pub json: Vec<(String, Value)>,
}

impl RequestBody {
    /// The schema of a media type.
    pub fn media(&self, media: &str) -> Option<&Schema> {
        self.content
            .iter()
            .find(|(m, _)| m == media)
            .map(|(_, s)| s)
    }

    /// The schema of a media type as written.
    pub fn media_json(&self, media: &str) -> Option<&Value> {
        self.json.iter().find(|(m, _)| m == media).map(|(_, s)| s)
    }
}

#[derive(Clone, Debug)]
pub struct Response {
    /// `200`, `4XX`, `default`.
    pub status: String,
    pub description: String,
    /// Media type -> schema.
    pub content: Vec<(String, Schema)>,
    /// Media type -> the schema as written, for JSON tools (the fake API's answers).
    pub json: Vec<(String, Value)>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }

    /// The JSON schema of the response, if it has one.
    pub fn json(&self) -> Option<&Schema> {
        self.content
            .iter()
            .find(|(m, _)| m == "application/json")
            .map(|(_, s)| s)
    }
}

/// A schema, with what the generators need spelled out.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// The component this is (a `$ref` to it; then `kind` is [`Kind::Ref`]).
    pub reference: Option<String>,
    pub nullable: bool,
    pub description: String,
    pub deprecated: bool,
    pub default: Option<Value>,
    pub example: Option<Value>,
    pub kind: Kind,
}

#[derive(Clone, Debug, Default)]
pub enum Kind {
    String(Strings),
    Integer(Numbers),
    Number(Numbers),
    Boolean,
    Array(Box<Schema>),
    Object(Object),
    Union(Union),
    /// A type a rule names for typify (`x-rust-type`), e.g. `clerk_raw::Nullable<T>` for a
    /// field that can be sent as JSON `null`.
    Rust(RustType),
    /// A `$ref` to a component: [`Api::resolve`] gives it.
    Ref,
    /// No type: any JSON.
    #[default]
    Any,
}

#[derive(Clone, Debug, Default)]
pub struct Strings {
    /// The values of a string enum (empty for any string). Every enum decodes open: a
    /// value the spec does not list is kept, never an error.
    pub values: Vec<String>,
    pub format: Option<String>,
    pub pattern: Option<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
}

#[derive(Clone, Debug, Default)]
pub struct Numbers {
    pub format: Option<String>,
    pub minimum: Option<serde_json::Number>,
    pub maximum: Option<serde_json::Number>,
    /// `exclusiveMinimum: true` / `exclusiveMaximum: true` (OpenAPI 3.0's booleans).
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
}

#[derive(Clone, Debug, Default)]
pub struct RustType {
    /// `clerk_raw::Nullable`.
    pub path: String,
    pub parameters: Vec<Schema>,
}

impl RustType {
    /// Whether this is the explicit-null wrapper.
    pub fn is_nullable(&self) -> bool {
        self.path == "clerk_raw::Nullable"
    }
}

#[derive(Clone, Debug, Default)]
pub struct Object {
    /// Declared properties (of the schema and every `allOf` part), in the spec's order.
    pub properties: Vec<Property>,
    pub additional: Additional,
}

impl Object {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

#[derive(Clone, Debug)]
pub struct Property {
    pub name: String,
    pub required: bool,
    pub schema: Schema,
}

/// What an object says of properties it does not declare.
#[derive(Clone, Debug, Default)]
pub enum Additional {
    /// Nothing: any are allowed.
    #[default]
    Unsaid,
    /// `additionalProperties: false` (the SDK decodes them anyway).
    Closed,
    /// `additionalProperties: true`: a free-form object.
    Open,
    /// A map of these.
    Schema(Box<Schema>),
}

#[derive(Clone, Debug, Default)]
pub struct Union {
    /// `oneOf` (exactly one variant) rather than `anyOf`.
    pub exclusive: bool,
    pub variants: Vec<Schema>,
    pub discriminator: Option<Discriminator>,
}

#[derive(Clone, Debug, Default)]
pub struct Discriminator {
    pub property: String,
    /// Value -> component.
    pub mapping: Vec<(String, String)>,
}

impl Api {
    /// Reads an OpenAPI 3.0 document.
    pub fn read(doc: &Value) -> Result<Api> {
        let reader = Reader { doc };
        let mut schemas = BTreeMap::new();
        for (name, schema) in doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            schemas.insert(name.clone(), reader.schema(schema, 0));
        }
        let tags = doc
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| {
                Some(Tag {
                    name: t.get("name")?.as_str()?.to_string(),
                    description: text(t.get("description")),
                    link: t
                        .pointer("/externalDocs/url")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                })
            })
            .collect();
        let mut operations = Vec::new();
        for (path, item) in doc
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let shared: Vec<&Value> = item
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .collect();
            for (method, op) in item.as_object().into_iter().flatten() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                operations.push(reader.operation(path, method, op, &shared)?);
            }
        }
        Ok(Api {
            version: text(doc.pointer("/info/version")),
            tags,
            operations,
            schemas,
            doc: doc.clone(),
        })
    }

    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    pub fn tag(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }

    /// The schema a [`Kind::Ref`] names (through chains of references), else `schema`.
    pub fn resolve<'a>(&'a self, schema: &'a Schema) -> &'a Schema {
        let mut current = schema;
        for _ in 0..16 {
            match (&current.kind, &current.reference) {
                (Kind::Ref, Some(name)) => match self.schemas.get(name) {
                    Some(target) => current = target,
                    None => return current,
                },
                _ => return current,
            }
        }
        current
    }
}

impl Operation {
    /// The parameters in `location`.
    pub fn params_in(&self, location: In) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(move |p| p.location == location)
    }
}

/// Reads schemas and operations from the JSON.
struct Reader<'a> {
    doc: &'a Value,
}

/// `$ref`s inside `allOf` parts nest at most this deep before being left as references.
const MAX_DEPTH: usize = 32;

impl Reader<'_> {
    fn operation(
        &self,
        path: &str,
        method: &str,
        op: &Value,
        shared: &[&Value],
    ) -> Result<Operation> {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{} {path} has no operationId", method.to_uppercase()))?
            .to_string();
        let mut params: Vec<Param> = Vec::new();
        let own = op.get("parameters").and_then(Value::as_array);
        // Operation parameters override path-level ones of the same name and place.
        for param in shared.iter().copied().chain(own.into_iter().flatten()) {
            let param = self.follow(param);
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                continue;
            };
            let location = match param.get("in").and_then(Value::as_str) {
                Some("path") => In::Path,
                Some("query") => In::Query,
                Some("header") => In::Header,
                Some("cookie") => In::Cookie,
                _ => continue,
            };
            params.retain(|p| !(p.name == name && p.location == location));
            params.push(Param {
                name: name.to_string(),
                location,
                required: param["required"].as_bool().unwrap_or(location == In::Path),
                description: text(param.get("description")),
                deprecated: param["deprecated"].as_bool().unwrap_or(false),
                explode: param["explode"].as_bool().unwrap_or(true),
                schema: param
                    .get("schema")
                    .map(|s| self.schema(s, 0))
                    .unwrap_or_default(),
                json: param.get("schema").cloned().unwrap_or(Value::Null),
            });
        }
        let body = op.get("requestBody").map(|b| {
            let b = self.follow(b);
            RequestBody {
                required: b["required"].as_bool().unwrap_or(false),
                content: self.content(b),
                json: b
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(m, v)| (m.clone(), v.get("schema").cloned().unwrap_or(Value::Null)))
                    .collect(),
            }
        });
        let responses = op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(status, r)| {
                let r = self.follow(r);
                Response {
                    status: status.clone(),
                    description: text(r.get("description")),
                    content: self.content(r),
                    json: r
                        .get("content")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                        .map(|(m, v)| (m.clone(), v.get("schema").cloned().unwrap_or(Value::Null)))
                        .collect(),
                }
            })
            .collect();
        Ok(Operation {
            id,
            method: method.to_string(),
            path: path.to_string(),
            tags: op
                .get("tags")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            summary: text(op.get("summary")),
            description: text(op.get("description")),
            deprecated: op["deprecated"].as_bool().unwrap_or(false),
            params,
            body,
            responses,
        })
    }

    fn content(&self, holder: &Value) -> Vec<(String, Schema)> {
        holder
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(media, m)| {
                let schema = m
                    .get("schema")
                    .map(|s| self.schema(s, 0))
                    .unwrap_or_default();
                (media.clone(), schema)
            })
            .collect()
    }

    /// Follows `$ref`s to parameters, request bodies and responses.
    fn follow<'v>(&'v self, value: &'v Value) -> &'v Value {
        crate::rules::resolve(self.doc, value)
    }

    fn schema(&self, value: &Value, depth: usize) -> Schema {
        if let Some(target) = value.get("$ref").and_then(Value::as_str) {
            let name = target
                .strip_prefix("#/components/schemas/")
                .unwrap_or(target)
                .to_string();
            return Schema {
                reference: Some(name),
                kind: Kind::Ref,
                description: text(value.get("description")),
                ..Schema::default()
            };
        }
        let Some(obj) = value.as_object() else {
            return Schema::default();
        };
        let enum_values = obj.get("enum").and_then(Value::as_array);
        let mut schema = Schema {
            reference: None,
            nullable: obj.get("nullable") == Some(&Value::Bool(true))
                || enum_values.is_some_and(|v| v.iter().any(Value::is_null)),
            description: text(obj.get("description")),
            deprecated: obj.get("deprecated") == Some(&Value::Bool(true)),
            default: obj.get("default").cloned(),
            example: obj.get("example").cloned(),
            kind: Kind::Any,
        };
        let number = |key: &str| match obj.get(key) {
            Some(Value::Number(n)) => Some(n.clone()),
            _ => None,
        };
        let string = |key: &str| obj.get(key).and_then(Value::as_str).map(str::to_string);
        let union_key = ["oneOf", "anyOf"].into_iter().find(|k| {
            obj.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|branches| {
                    // Branches that only list required properties constrain one shape.
                    branches.iter().any(|b| {
                        b.as_object()
                            .is_some_and(|o| o.keys().any(|k| k != "required"))
                    })
                })
        });
        let has_properties = obj.contains_key("properties") || obj.contains_key("allOf");
        if let Some(rust) = obj.get("x-rust-type") {
            schema.kind = Kind::Rust(RustType {
                path: text(rust.get("path")),
                parameters: rust
                    .get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .map(|p| self.schema(p, depth + 1))
                    .collect(),
            });
            return schema;
        }
        schema.kind = match (obj.get("type").and_then(Value::as_str), union_key) {
            (_, Some(key)) if !obj.contains_key("properties") => {
                let variants = obj[key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|b| {
                        b.as_object()
                            .is_some_and(|o| o.keys().any(|k| k != "required"))
                    })
                    .map(|b| self.schema(b, depth + 1))
                    .collect();
                let discriminator = obj.get("discriminator").map(|d| Discriminator {
                    property: text(d.get("propertyName")),
                    mapping: d
                        .get("mapping")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                        .map(|(value, target)| {
                            let target = target.as_str().unwrap_or_default();
                            let name = target.rsplit('/').next().unwrap_or(target);
                            (value.clone(), name.to_string())
                        })
                        .collect(),
                });
                Kind::Union(Union {
                    exclusive: key == "oneOf",
                    variants,
                    discriminator,
                })
            }
            (Some("string"), _) => Kind::String(Strings {
                values: enum_values
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                format: string("format"),
                pattern: string("pattern"),
                min_length: obj.get("minLength").and_then(Value::as_u64),
                max_length: obj.get("maxLength").and_then(Value::as_u64),
            }),
            (Some("integer"), _) => Kind::Integer(Numbers {
                format: string("format"),
                minimum: number("minimum"),
                maximum: number("maximum"),
                exclusive_minimum: obj.get("exclusiveMinimum") == Some(&Value::Bool(true)),
                exclusive_maximum: obj.get("exclusiveMaximum") == Some(&Value::Bool(true)),
            }),
            (Some("number"), _) => Kind::Number(Numbers {
                format: string("format"),
                minimum: number("minimum"),
                maximum: number("maximum"),
                exclusive_minimum: obj.get("exclusiveMinimum") == Some(&Value::Bool(true)),
                exclusive_maximum: obj.get("exclusiveMaximum") == Some(&Value::Bool(true)),
            }),
            (Some("boolean"), _) => Kind::Boolean,
            (Some("array"), _) => Kind::Array(Box::new(
                obj.get("items")
                    .map(|i| self.schema(i, depth + 1))
                    .unwrap_or_default(),
            )),
            (Some("object"), _) | (None, _)
                if has_properties || obj.contains_key("additionalProperties") =>
            {
                Kind::Object(self.object(value, depth))
            }
            (Some("object"), _) => Kind::Object(Object {
                properties: Vec::new(),
                additional: Additional::Open,
            }),
            _ => Kind::Any,
        };
        schema
    }

    /// An object's properties, with those of its `allOf` parts merged in.
    fn object(&self, value: &Value, depth: usize) -> Object {
        let mut object = Object::default();
        let mut required: Vec<String> = Vec::new();
        self.merge(value, depth, &mut object, &mut required);
        for p in &mut object.properties {
            p.required = required.contains(&p.name);
        }
        object
    }

    fn merge(&self, value: &Value, depth: usize, object: &mut Object, required: &mut Vec<String>) {
        if depth > MAX_DEPTH {
            return;
        }
        let value = crate::rules::resolve(self.doc, value);
        required.extend(
            value
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_string),
        );
        for (name, prop) in value
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if object.property(name).is_none() {
                object.properties.push(Property {
                    name: name.clone(),
                    required: false,
                    schema: self.schema(prop, depth + 1),
                });
            }
        }
        match value.get("additionalProperties") {
            Some(Value::Bool(false)) => object.additional = Additional::Closed,
            Some(Value::Bool(true)) => object.additional = Additional::Open,
            Some(schema @ Value::Object(_)) => {
                object.additional = Additional::Schema(Box::new(self.schema(schema, depth + 1)))
            }
            _ => {}
        }
        for part in value
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.merge(part, depth + 1, object, required);
        }
    }
}

fn text(value: Option<&Value>) -> String {
    value
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "info": {"version": "2030-01-01"},
            "tags": [{"name": "Things", "description": " Things. ", "externalDocs": {"url": "https://x"}}],
            "paths": {"/things/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {
                    "operationId": "GetThing",
                    "tags": ["Things"],
                    "parameters": [
                        {"in": "query", "name": "status", "explode": false,
                         "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}}
                    ],
                    "responses": {
                        "200": {"$ref": "#/components/responses/Thing"},
                        "404": {"description": "missing"}
                    }
                },
                "patch": {
                    "operationId": "UpdateThing",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {
                        "allOf": [{"$ref": "#/components/schemas/Base"}, {
                            "type": "object", "required": ["name"],
                            "properties": {"name": {"type": "string", "nullable": true}}
                        }]
                    }}}},
                    "responses": {"204": {"description": "done"}}
                }
            }},
            "components": {
                "parameters": {"Id": {"in": "path", "name": "id", "schema": {"type": "string"}}},
                "responses": {"Thing": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"}
                }}}},
                "schemas": {
                    "Base": {"type": "object", "properties": {"note": {"type": "string"}}},
                    "Thing": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["id", "verification"],
                        "properties": {
                            "id": {"type": "string"},
                            "verification": {
                                "nullable": true,
                                "oneOf": [{"$ref": "#/components/schemas/Otp"}, {"$ref": "#/components/schemas/Base"}],
                                "discriminator": {"propertyName": "object", "mapping": {"otp": "#/components/schemas/Otp"}}
                            },
                            "labels": {"type": "object", "additionalProperties": {"type": "string"}}
                        },
                        "anyOf": [{"required": ["id"]}]
                    },
                    "Otp": {"type": "object", "properties": {"object": {"type": "string", "enum": ["otp"]}}}
                }
            }
        })
    }

    #[test]
    fn reads_operations_parameters_bodies_and_responses() {
        let api = Api::read(&doc()).unwrap();
        assert_eq!(api.version, "2030-01-01");
        assert_eq!(api.tag("Things").unwrap().description, "Things.");
        let get = api.operation("GetThing").unwrap();
        assert_eq!(
            (get.method.as_str(), get.path.as_str()),
            ("get", "/things/{id}")
        );
        let names: Vec<&str> = get.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["id", "status"], "path-level parameters first");
        assert!(get.params[0].required, "path parameters are required");
        assert!(!get.params[1].explode);
        let Kind::Array(item) = &get.params[1].schema.kind else {
            panic!()
        };
        assert!(matches!(&item.kind, Kind::String(s) if s.values == ["a", "b"]));
        let ok = get.responses.iter().find(|r| r.is_success()).unwrap();
        let thing = api.resolve(ok.json().unwrap());
        let Kind::Object(thing) = &thing.kind else {
            panic!("{thing:?}")
        };
        assert!(matches!(thing.additional, Additional::Closed));
        assert!(thing.property("id").unwrap().required);
        let verification = &thing.property("verification").unwrap().schema;
        assert!(verification.nullable);
        let Kind::Union(union) = &verification.kind else {
            panic!()
        };
        assert!(union.exclusive);
        assert_eq!(union.variants.len(), 2);
        assert_eq!(union.variants[0].reference.as_deref(), Some("Otp"));
        let tag = union.discriminator.as_ref().unwrap();
        assert_eq!(tag.property, "object");
        assert_eq!(tag.mapping, [("otp".to_string(), "Otp".to_string())]);
        let labels = &thing.property("labels").unwrap().schema.kind;
        assert!(matches!(labels, Kind::Object(o) if matches!(o.additional, Additional::Schema(_))));
    }

    #[test]
    fn all_of_parts_are_merged_with_their_required_lists() {
        let api = Api::read(&doc()).unwrap();
        let body = api.operation("UpdateThing").unwrap().body.as_ref().unwrap();
        assert!(body.required);
        let Kind::Object(object) = &body.media("application/json").unwrap().kind else {
            panic!()
        };
        let props: Vec<(&str, bool)> = object
            .properties
            .iter()
            .map(|p| (p.name.as_str(), p.required))
            .collect();
        assert_eq!(props, [("note", false), ("name", true)]);
        assert!(object.property("name").unwrap().schema.nullable);
    }
}
