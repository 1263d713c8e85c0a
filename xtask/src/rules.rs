//! The normalisation rules of `openapi/rules.toml`, applied to the spec as JSON.
//!
//! Rules are data; each `action` below is one transformation. A targeted rule whose
//! operation, parameter or field is missing is reported as skipped: specs change, and a
//! rule made for one version must not stop another from generating. A rule applies to
//! every spec family unless its `spec` names one (`bapi` or `webhooks`).

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::Result;
use crate::spec::Family;

pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

const CLERK_ERRORS: &str = "#/components/schemas/ClerkErrors";

#[derive(Debug, Deserialize)]
pub struct RulesFile {
    pub rule: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
pub struct Rule {
    pub id: String,
    pub why: String,
    /// The spec family the rule is for (`bapi`, `webhooks`); all when absent.
    #[serde(default)]
    pub spec: Option<String>,
    #[serde(flatten)]
    pub action: Action,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Action {
    /// Remove operations; with `hand_written`, the facade implements them itself.
    ExcludeOperations {
        operations: Vec<String>,
        #[serde(default)]
        hand_written: bool,
    },
    /// Give body-less error responses of these operations a ClerkErrors body.
    BodilessErrorsToClerkErrors { operations: Vec<String> },
    /// Remove one parameter of one operation.
    DropParameter {
        operation: String,
        parameter: String,
    },
    /// Replace inline `{errors: [...]}` error bodies with a reference to ClerkErrors.
    InlineErrorsToClerkErrors,
    /// Remove `anyOf`/`oneOf` whose branches only list required properties.
    DropRequiredOnlyAnyOf,
    /// Remove `default` from request bodies of these methods.
    StripBodyDefaults { methods: Vec<String> },
    /// Type these query parameters as integers where the spec says `number`.
    IntegerParameters { parameters: Vec<String> },
    /// Make `Operation.field` of a request body a `clerk_raw::Nullable`, which can send `null`.
    ExplicitNull { fields: Vec<String> },
    /// Type `Operation.field` of a request body as a 64-bit integer where the spec says `number`.
    IntegerFields { fields: Vec<String> },
    /// Make `Operation.field` of a request body a free-form JSON object.
    FreeFormObjects { fields: Vec<String> },
    /// Let `Operation.field` (a list or map) be sent empty: typify skips empty ones
    /// unless they are nullable, which makes them `Option`s.
    SendableEmpty { fields: Vec<String> },
    /// Type the array response of operations with a `paginated` parameter as
    /// "a page `{data, total_count}` or the bare array", since the parameter switches shapes.
    PaginatedListResponses,
    /// Remove `additionalProperties: false`.
    AllowAdditionalProperties,
    /// Take nullable properties out of `required`.
    NullableNotRequired,
    /// Remove `pattern` outside request parameters and bodies.
    StripResponsePatterns,
    /// Add `4XX`/`5XX` ClerkErrors responses to every operation that can take them.
    DefaultErrorResponses,
    /// Make one-valued string enums (outside requests) plain strings.
    SingleValueEnumsToStrings,
    /// Take `Component.property` out of `required`, on the component and its `allOf` parts.
    OptionalProperties { properties: Vec<String> },
}

impl RulesFile {
    pub fn load(root: &Path) -> Result<RulesFile> {
        let path = root.join("openapi/rules.toml");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let rules: RulesFile =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for rule in &rules.rule {
            if rule.why.trim().is_empty() || rule.why.contains('\n') {
                return Err(format!(
                    "rule {}: `why` must be one line saying why the rule exists",
                    rule.id
                )
                .into());
            }
            if let Some(spec) = &rule.spec
                && ![Family::Bapi, Family::Webhooks]
                    .iter()
                    .any(|f| f.key() == spec)
            {
                return Err(format!(
                    "rule {}: spec {spec:?} is neither \"bapi\" nor \"webhooks\"",
                    rule.id
                )
                .into());
            }
        }
        Ok(rules)
    }

    /// The operations the facade writes by hand (excluded with `hand_written = true`).
    /// `Operation.parameter` of every parameter a `drop-parameter` rule removes.
    pub fn dropped_parameters(&self) -> Vec<String> {
        self.rule
            .iter()
            .filter_map(|r| match &r.action {
                Action::DropParameter {
                    operation,
                    parameter,
                } => Some(format!("{operation}.{parameter}")),
                _ => None,
            })
            .collect()
    }

    pub fn hand_written(&self) -> BTreeSet<String> {
        self.rule
            .iter()
            .filter_map(|rule| match &rule.action {
                Action::ExcludeOperations {
                    operations,
                    hand_written: true,
                } => Some(operations.iter().cloned()),
                _ => None,
            })
            .flatten()
            .collect()
    }
}

/// What one rule did.
#[derive(Debug)]
pub struct Outcome {
    pub id: String,
    pub changes: usize,
    pub skipped: Vec<String>,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<28} {:>4} change(s)", self.id, self.changes)?;
        if !self.skipped.is_empty() {
            write!(f, "; skipped: {}", self.skipped.join(", "))?;
        }
        Ok(())
    }
}

/// Applies every rule for the Backend API in order, returning what each did.
pub fn apply(rules: &RulesFile, doc: &mut Value) -> Result<Vec<Outcome>> {
    apply_to(rules, Family::Bapi, doc)
}

/// Applies every rule for `family` in order, returning what each did.
pub fn apply_to(rules: &RulesFile, family: Family, doc: &mut Value) -> Result<Vec<Outcome>> {
    let mut outcomes = Vec::new();
    for rule in &rules.rule {
        if rule
            .spec
            .as_deref()
            .is_some_and(|spec| spec != family.key())
        {
            continue;
        }
        let mut out = Outcome {
            id: rule.id.clone(),
            changes: 0,
            skipped: Vec::new(),
        };
        apply_one(&rule.action, doc, &mut out)?;
        outcomes.push(out);
    }
    Ok(outcomes)
}

fn apply_one(action: &Action, doc: &mut Value, out: &mut Outcome) -> Result<()> {
    match action {
        Action::ExcludeOperations { operations, .. } => {
            for id in operations {
                match locate(doc, id) {
                    Some((path, method)) => {
                        let item = doc["paths"][&path].as_object_mut().expect("path item");
                        item.remove(&method);
                        if !item.keys().any(|k| METHODS.contains(&k.as_str())) {
                            doc["paths"].as_object_mut().expect("paths").remove(&path);
                        }
                        out.changes += 1;
                    }
                    None => out.skipped.push(gone(id)),
                }
            }
        }
        Action::BodilessErrorsToClerkErrors { operations } => {
            for id in operations {
                let Some(op) = operation_mut(doc, id) else {
                    out.skipped.push(gone(id));
                    continue;
                };
                for (status, response) in responses_mut(op) {
                    if is_error_status(&status)
                        && response.get("$ref").is_none()
                        && response.get("content").is_none()
                    {
                        response["content"] =
                            json!({"application/json": {"schema": {"$ref": CLERK_ERRORS}}});
                        out.changes += 1;
                    }
                }
            }
        }
        Action::DropParameter {
            operation,
            parameter,
        } => {
            let removed = operation_mut(doc, operation).and_then(|op| {
                let params = op.get_mut("parameters")?.as_array_mut()?;
                let before = params.len();
                params.retain(|p| p.get("name").and_then(Value::as_str) != Some(parameter));
                (params.len() < before).then_some(())
            });
            match removed {
                Some(()) => out.changes += 1,
                None => out.skipped.push(gone(&format!("{operation}.{parameter}"))),
            }
        }
        Action::InlineErrorsToClerkErrors => {
            for_each_operation(doc, |_, _, op| {
                for (status, response) in responses_mut(op) {
                    if !is_error_status(&status) {
                        continue;
                    }
                    let Some(content) = response.get_mut("content").and_then(Value::as_object_mut)
                    else {
                        continue;
                    };
                    for media in content.values_mut() {
                        let Some(schema) = media.get_mut("schema") else {
                            continue;
                        };
                        let inline_errors = schema.get("$ref").is_none()
                            && schema.pointer("/properties/errors").is_some();
                        if inline_errors {
                            *schema = json!({"$ref": CLERK_ERRORS});
                            out.changes += 1;
                        }
                    }
                }
            });
        }
        Action::DropRequiredOnlyAnyOf => {
            walk_all(doc, &mut |schema, _| {
                for key in ["anyOf", "oneOf"] {
                    let required_only =
                        schema
                            .get(key)
                            .and_then(Value::as_array)
                            .is_some_and(|branches| {
                                !branches.is_empty()
                                    && branches.iter().all(|b| {
                                        b.as_object().is_some_and(|o| {
                                            !o.is_empty() && o.keys().all(|k| k == "required")
                                        })
                                    })
                            });
                    if required_only {
                        schema.remove(key);
                        out.changes += 1;
                    }
                }
            });
        }
        Action::StripBodyDefaults { methods } => {
            let mut components = BTreeSet::new();
            for_each_operation(doc, |_, method, op| {
                if !methods.iter().any(|m| m == method) {
                    return;
                }
                for schema in request_body_schemas(op) {
                    if let Some(name) = component_ref(schema) {
                        components.insert(name);
                    }
                    walk(schema, &Site::request(""), &mut |s, _| {
                        if s.remove("default").is_some() {
                            out.changes += 1;
                        }
                    });
                }
            });
            for name in components {
                if let Some(schema) = doc.pointer_mut(&format!("/components/schemas/{name}")) {
                    walk(schema, &Site::request(""), &mut |s, _| {
                        if s.remove("default").is_some() {
                            out.changes += 1;
                        }
                    });
                }
            }
        }
        Action::IntegerParameters { parameters } => {
            let mut seen = BTreeSet::new();
            for_each_operation(doc, |_, _, op| {
                let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
                    return;
                };
                for param in params {
                    let Some(name) = param.get("name").and_then(Value::as_str) else {
                        continue;
                    };
                    if !parameters.iter().any(|p| p == name) {
                        continue;
                    }
                    seen.insert(name.to_string());
                    if let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut)
                        && schema.get("type").and_then(Value::as_str) == Some("number")
                    {
                        schema.insert("type".into(), json!("integer"));
                        schema.remove("format");
                        out.changes += 1;
                    }
                }
            });
            for name in parameters {
                if !seen.contains(name) {
                    out.skipped.push(gone(name));
                }
            }
        }
        Action::ExplicitNull { fields } => {
            for_each_body_field(doc, fields, out, make_nullable)?;
        }
        Action::IntegerFields { fields } => {
            for_each_body_field(doc, fields, out, |prop| {
                if let Some(obj) = prop.as_object_mut() {
                    obj.insert("type".into(), json!("integer"));
                    obj.insert("format".into(), json!("int64"));
                }
            })?;
        }
        Action::FreeFormObjects { fields } => {
            for_each_body_field(doc, fields, out, |prop| {
                let mut open = json!({"type": "object", "additionalProperties": true});
                if let Some(description) = prop.get("description") {
                    open["description"] = description.clone();
                }
                if prop.get("nullable") == Some(&Value::Bool(true)) {
                    open["nullable"] = json!(true);
                }
                *prop = open;
            })?;
        }
        Action::SendableEmpty { fields } => {
            for_each_body_field(doc, fields, out, |prop| {
                if let Some(obj) = prop.as_object_mut() {
                    obj.insert("nullable".into(), json!(true));
                }
            })?;
        }
        Action::PaginatedListResponses => {
            let snapshot = doc.clone();
            for_each_operation(doc, |_, _, op| {
                let has_paginated =
                    op.get("parameters")
                        .and_then(Value::as_array)
                        .is_some_and(|params| {
                            params.iter().any(|p| {
                                resolve(&snapshot, p).get("name").and_then(Value::as_str)
                                    == Some("paginated")
                            })
                        });
                if !has_paginated {
                    return;
                }
                let Some(ok) = op.pointer_mut("/responses/200") else {
                    return;
                };
                let resolved = resolve(&snapshot, ok).clone();
                let Some(array) = resolved.pointer("/content/application~1json/schema") else {
                    return;
                };
                if resolve(&snapshot, array)
                    .get("type")
                    .and_then(Value::as_str)
                    != Some("array")
                {
                    return;
                }
                // A referenced array stays a reference (its own type); an inline one gets a name.
                let items = if array.get("$ref").is_some() {
                    array.clone()
                } else {
                    let mut inline = array.clone();
                    inline["title"] = json!("Items");
                    inline
                };
                let page = json!({
                    "title": "Page",
                    "type": "object",
                    "required": ["data", "total_count"],
                    "properties": {
                        "data": array.clone(),
                        "total_count": {"type": "integer", "format": "int64"}
                    }
                });
                *ok = json!({
                    "description": resolved.get("description").cloned().unwrap_or(json!("Success")),
                    "content": {"application/json": {"schema": {"oneOf": [page, items]}}}
                });
                out.changes += 1;
            });
        }
        Action::AllowAdditionalProperties => {
            walk_all(doc, &mut |schema, _| {
                if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
                    schema.remove("additionalProperties");
                    out.changes += 1;
                }
            });
        }
        Action::NullableNotRequired => {
            let snapshot = doc.clone();
            walk_all(doc, &mut |schema, _| {
                // Properties may sit on the schema itself or in its allOf parts.
                let mut holders = vec![&*schema];
                if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
                    holders.extend(
                        parts
                            .iter()
                            .filter_map(|p| resolve(&snapshot, p).as_object()),
                    );
                }
                let nullable: BTreeSet<String> = holders
                    .iter()
                    .filter_map(|h| h.get("properties").and_then(Value::as_object))
                    .flat_map(|props| props.iter())
                    .filter(|(_, p)| {
                        resolve(&snapshot, p).get("nullable") == Some(&Value::Bool(true))
                    })
                    .map(|(k, _)| k.clone())
                    .collect();
                if nullable.is_empty() {
                    return;
                }
                if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
                    let before = required.len();
                    required.retain(|r| !r.as_str().is_some_and(|r| nullable.contains(r)));
                    out.changes += before - required.len();
                    if required.is_empty() {
                        schema.remove("required");
                    }
                }
            });
        }
        Action::StripResponsePatterns => {
            walk_all(doc, &mut |schema, site| {
                if site.side != Side::Request && schema.remove("pattern").is_some() {
                    out.changes += 1;
                }
            });
        }
        Action::DefaultErrorResponses => {
            let mut skipped = Vec::new();
            for_each_operation(doc, |id, _, op| {
                let responses = responses_mut(op);
                let bodiless_error = responses.iter().any(|(status, r)| {
                    is_error_status(status) && r.get("$ref").is_none() && r.get("content").is_none()
                });
                if bodiless_error {
                    // JSON errors beside body-less ones would make progenitor panic.
                    skipped.push(id.to_string());
                    return;
                }
                let Some(map) = op.get_mut("responses").and_then(Value::as_object_mut) else {
                    return;
                };
                for range in ["4XX", "5XX"] {
                    if !map.contains_key(range) {
                        map.insert(
                            range.into(),
                            json!({
                                "description": "Request was not successful",
                                "content": {"application/json": {"schema": {"$ref": CLERK_ERRORS}}}
                            }),
                        );
                        out.changes += 1;
                    }
                }
            });
            out.skipped.extend(
                skipped
                    .into_iter()
                    .map(|id| format!("{id} (body-less errors)")),
            );
        }
        Action::SingleValueEnumsToStrings => {
            walk_all(doc, &mut |schema, site| {
                if site.side == Side::Request
                    || schema.get("type").and_then(Value::as_str) != Some("string")
                    || schema.contains_key("x-rust-type")
                {
                    return;
                }
                let one = schema
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| values.iter().filter(|v| v.is_string()).count() == 1);
                if one {
                    schema.remove("enum");
                    schema.remove("default");
                    out.changes += 1;
                }
            });
        }
        Action::OptionalProperties { properties } => {
            for target in properties {
                let Some((component, property)) = target.split_once('.') else {
                    return Err(format!(
                        "optional-properties: {target:?} is not Component.property"
                    )
                    .into());
                };
                let pointer = format!("/components/schemas/{component}");
                let removed = doc.pointer_mut(&pointer).map_or(0, |schema| {
                    let mut removed = unrequire(schema, property);
                    if let Some(parts) = schema.get_mut("allOf").and_then(Value::as_array_mut) {
                        for part in parts {
                            removed += unrequire(part, property);
                        }
                    }
                    removed
                });
                if removed == 0 {
                    out.skipped.push(gone(target));
                }
                out.changes += removed;
            }
        }
    }
    Ok(())
}

/// Removes `property` from a schema's `required`; 1 if it was there.
fn unrequire(schema: &mut Value, property: &str) -> usize {
    let Some(obj) = schema.as_object_mut() else {
        return 0;
    };
    let Some(required) = obj.get_mut("required").and_then(Value::as_array_mut) else {
        return 0;
    };
    let before = required.len();
    required.retain(|r| r.as_str() != Some(property));
    let removed = before - required.len();
    if required.is_empty() {
        obj.remove("required");
    }
    removed
}

/// Applies `change` to each `Operation.field` of a request body, reporting missing targets.
fn for_each_body_field(
    doc: &mut Value,
    fields: &[String],
    out: &mut Outcome,
    change: impl Fn(&mut Value),
) -> Result<()> {
    for target in fields {
        let Some((op_id, field)) = target.split_once('.') else {
            return Err(format!("{target:?} is not Operation.field").into());
        };
        let done = operation_mut(doc, op_id).and_then(|op| {
            let schema = request_body_schemas(op).into_iter().next()?;
            let prop = schema.get_mut("properties")?.get_mut(field)?;
            change(prop);
            Some(())
        });
        match done {
            Some(()) => out.changes += 1,
            None => out.skipped.push(gone(target)),
        }
    }
    Ok(())
}

fn gone(target: &str) -> String {
    format!("{target} (gone)")
}

/// Wraps a property schema so typify emits `clerk_raw::Nullable<T>` for it.
fn make_nullable(prop: &mut Value) {
    let mut inner = prop.clone();
    let description = inner.as_object_mut().and_then(|o| {
        o.remove("nullable");
        // typify names constrained types after their owner; a type parameter has none
        // (it panics), so the constraints are left to the server.
        for constraint in [
            "maxLength",
            "minLength",
            "pattern",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
        ] {
            o.remove(constraint);
        }
        o.remove("description")
    });
    let mut wrapper = json!({
        "x-rust-type": {
            "crate": "clerk-raw",
            "version": "*",
            "path": "clerk_raw::Nullable",
            "parameters": [inner],
        }
    });
    if let Some(description) = description {
        wrapper["description"] = description;
    }
    *prop = wrapper;
}

// ---- Walking the spec ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// A component schema: it may be used by requests and responses alike.
    Component,
    /// A request parameter or body.
    Request,
    /// A response body.
    Response,
}

/// Where a schema sits: which side, and a PascalCase name like the one typify gives it.
#[derive(Clone, Debug)]
pub struct Site {
    pub side: Side,
    pub name: String,
}

impl Site {
    fn request(name: &str) -> Site {
        Site {
            side: Side::Request,
            name: name.to_string(),
        }
    }
    fn child(&self, suffix: &str) -> Site {
        Site {
            side: self.side,
            name: format!("{}{}", self.name, pascal(suffix)),
        }
    }
}

/// `user_id` -> `UserId`, `SAMLConnection` -> `SamlConnection`, like typify's names.
pub fn pascal(s: &str) -> String {
    let mut out = String::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let boundary = c.is_ascii_uppercase()
            && !word.is_empty()
            && (word
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()));
        if boundary {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(word);
    }
    for w in words {
        let mut cs = w.chars();
        if let Some(first) = cs.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(cs.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// Visits a schema and everything nested in it, parents first.
pub fn walk(schema: &mut Value, site: &Site, f: &mut dyn FnMut(&mut Map<String, Value>, &Site)) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    f(obj, site);
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, prop) in props.iter_mut() {
            walk(prop, &site.child(name), f);
        }
    }
    if let Some(items) = obj.get_mut("items") {
        walk(items, &site.child("item"), f);
    }
    if let Some(extra) = obj.get_mut("additionalProperties")
        && extra.is_object()
    {
        walk(extra, &site.child("value"), f);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(branches) = obj.get_mut(key).and_then(Value::as_array_mut) {
            for (i, branch) in branches.iter_mut().enumerate() {
                walk(branch, &site.child(&format!("variant{i}")), f);
            }
        }
    }
    if let Some(not) = obj.get_mut("not") {
        walk(not, &site.child("not"), f);
    }
}

/// Visits every schema of the document: components, parameters, bodies and responses.
pub fn walk_all(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>, &Site)) {
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            let site = Site {
                side: Side::Component,
                name: pascal(name),
            };
            walk(schema, &site, f);
        }
    }
    if let Some(responses) = doc
        .pointer_mut("/components/responses")
        .and_then(Value::as_object_mut)
    {
        for (name, response) in responses.iter_mut() {
            let site = Site {
                side: Side::Response,
                name: pascal(name),
            };
            for schema in media_schemas(response) {
                walk(schema, &site, f);
            }
        }
    }
    for_each_operation(doc, |id, _, op| {
        let op_name = pascal(id);
        if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            for param in params {
                let name = param
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                if let Some(schema) = param.get_mut("schema") {
                    walk(
                        schema,
                        &Site::request(&format!("{op_name}{}", pascal(&name))),
                        f,
                    );
                }
            }
        }
        for schema in request_body_schemas(op) {
            walk(schema, &Site::request(&format!("{op_name}Body")), f);
        }
        for (_, response) in responses_mut(op) {
            let site = Site {
                side: Side::Response,
                name: format!("{op_name}Response"),
            };
            for schema in media_schemas(response) {
                walk(schema, &site, f);
            }
        }
    });
}

fn media_schemas(holder: &mut Value) -> Vec<&mut Value> {
    match holder.get_mut("content").and_then(Value::as_object_mut) {
        Some(content) => content
            .values_mut()
            .filter_map(|m| m.get_mut("schema"))
            .collect(),
        None => Vec::new(),
    }
}

fn request_body_schemas(op: &mut Value) -> Vec<&mut Value> {
    match op.get_mut("requestBody") {
        Some(body) => media_schemas(body),
        None => Vec::new(),
    }
}

fn responses_mut(op: &mut Value) -> Vec<(String, &mut Value)> {
    match op.get_mut("responses").and_then(Value::as_object_mut) {
        Some(map) => map.iter_mut().map(|(k, v)| (k.clone(), v)).collect(),
        None => Vec::new(),
    }
}

/// Follows local `$ref`s (to parameters, responses, schemas).
pub fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..16 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(target) => match doc.pointer(target.trim_start_matches('#')) {
                Some(found) => current = found,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

fn component_ref(schema: &Value) -> Option<String> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
        .map(str::to_string)
}

pub fn is_error_status(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5') || status == "default"
}

pub fn for_each_operation(doc: &mut Value, mut f: impl FnMut(&str, &str, &mut Value)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            let id = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            f(&id, method, op);
        }
    }
}

/// The (path, method) of an operation.
pub fn locate(doc: &Value, operation_id: &str) -> Option<(String, String)> {
    let paths = doc.get("paths")?.as_object()?;
    paths.iter().find_map(|(path, item)| {
        item.as_object()?.iter().find_map(|(method, op)| {
            (METHODS.contains(&method.as_str()) && op.get("operationId")?.as_str()? == operation_id)
                .then(|| (path.clone(), method.clone()))
        })
    })
}

fn operation_mut<'a>(doc: &'a mut Value, operation_id: &str) -> Option<&'a mut Value> {
    let (path, method) = locate(doc, operation_id)?;
    doc.get_mut("paths")?.get_mut(&path)?.get_mut(&method)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": {
                "/things/{id}": {
                    "patch": {
                        "operationId": "UpdateThing",
                        "parameters": [
                            {"name": "limit", "in": "query", "schema": {"type": "number"}},
                            {"name": "frontendApi", "in": "query", "schema": {"type": "string"}}
                        ],
                        "requestBody": {"content": {"application/json": {"schema": {
                            "type": "object",
                            "properties": {
                                "notify": {"type": "boolean", "default": false},
                                "name": {"type": "string", "nullable": true}
                            }
                        }}}},
                        "responses": {
                            "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                            "400": {"description": "bad", "content": {"application/json": {"schema": {
                                "type": "object", "properties": {"errors": {"type": "array"}}
                            }}}},
                            "404": {"description": "missing"}
                        }
                    }
                }
            },
            "components": {"schemas": {
                "Thing": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["id", "status", "label"],
                    "properties": {
                        "id": {"type": "string", "pattern": "^th_"},
                        "label": {"type": "string", "nullable": true},
                        "status": {"type": "string", "enum": ["active", "gone"]}
                    },
                    "anyOf": [{"required": ["a"]}, {"required": ["b"]}]
                },
                "ClerkErrors": {"type": "object"}
            }}
        })
    }

    fn run(toml_text: &str, doc: &mut Value) -> Vec<Outcome> {
        let rules: RulesFile = toml::from_str(toml_text).unwrap();
        apply(&rules, doc).unwrap()
    }

    #[test]
    fn every_action_changes_what_it_names() {
        let mut d = doc();
        let outcomes = run(
            r#"
            [[rule]]
            id = "a"
            why = "w"
            action = "bodiless-errors-to-clerk-errors"
            operations = ["UpdateThing"]
            [[rule]]
            id = "b"
            why = "w"
            action = "drop-parameter"
            operation = "UpdateThing"
            parameter = "frontendApi"
            [[rule]]
            id = "c"
            why = "w"
            action = "inline-errors-to-clerk-errors"
            [[rule]]
            id = "d"
            why = "w"
            action = "drop-required-only-any-of"
            [[rule]]
            id = "e"
            why = "w"
            action = "strip-body-defaults"
            methods = ["patch"]
            [[rule]]
            id = "f"
            why = "w"
            action = "integer-parameters"
            parameters = ["limit"]
            [[rule]]
            id = "g"
            why = "w"
            action = "explicit-null"
            fields = ["UpdateThing.name"]
            [[rule]]
            id = "h"
            why = "w"
            action = "allow-additional-properties"
            [[rule]]
            id = "i"
            why = "w"
            action = "nullable-not-required"
            [[rule]]
            id = "j"
            why = "w"
            action = "strip-response-patterns"
            [[rule]]
            id = "l"
            why = "w"
            action = "default-error-responses"
            "#,
            &mut d,
        );
        assert!(
            outcomes
                .iter()
                .all(|o| o.changes > 0 && o.skipped.is_empty()),
            "{outcomes:#?}"
        );
        let op = &d["paths"]["/things/{id}"]["patch"];
        assert_eq!(
            op["responses"]["404"]["content"]["application/json"]["schema"]["$ref"],
            CLERK_ERRORS
        );
        assert_eq!(
            op["responses"]["400"]["content"]["application/json"]["schema"]["$ref"],
            CLERK_ERRORS
        );
        assert_eq!(op["parameters"].as_array().unwrap().len(), 1);
        assert_eq!(op["parameters"][0]["schema"]["type"], "integer");
        let body = &op["requestBody"]["content"]["application/json"]["schema"];
        assert!(body["properties"]["notify"].get("default").is_none());
        assert_eq!(
            body["properties"]["name"]["x-rust-type"]["path"],
            "clerk_raw::Nullable"
        );
        assert_eq!(
            op["responses"]["4XX"]["content"]["application/json"]["schema"]["$ref"],
            CLERK_ERRORS
        );
        let thing = &d["components"]["schemas"]["Thing"];
        assert!(thing.get("additionalProperties").is_none());
        assert!(thing.get("anyOf").is_none());
        assert_eq!(thing["required"], json!(["id", "status"]));
        assert!(thing["properties"]["id"].get("pattern").is_none());
    }

    #[test]
    fn missing_targets_are_reported_not_fatal() {
        let mut d = doc();
        let outcomes = run(
            r#"
            [[rule]]
            id = "gone"
            why = "w"
            action = "exclude-operations"
            operations = ["NoSuchOp", "UpdateThing"]
            [[rule]]
            id = "gone-param"
            why = "w"
            action = "drop-parameter"
            operation = "UpdateThing"
            parameter = "nope"
            "#,
            &mut d,
        );
        assert_eq!(outcomes[0].changes, 1);
        assert_eq!(outcomes[0].skipped, vec!["NoSuchOp (gone)".to_string()]);
        assert_eq!(
            outcomes[1].skipped,
            vec!["UpdateThing.nope (gone)".to_string()]
        );
        assert!(
            d["paths"].get("/things/{id}").is_none(),
            "empty path items go too"
        );
    }

    #[test]
    fn default_errors_skip_operations_with_bodiless_errors() {
        let mut d = doc();
        let outcomes = run(
            r#"
            [[rule]]
            id = "l"
            why = "w"
            action = "default-error-responses"
            "#,
            &mut d,
        );
        assert_eq!(outcomes[0].changes, 0);
        assert_eq!(
            outcomes[0].skipped,
            vec!["UpdateThing (body-less errors)".to_string()]
        );
    }

    #[test]
    fn nullable_properties_of_all_of_parts_leave_required_too() {
        let mut d = json!({
            "components": {"schemas": {
                "Base": {"type": "object", "properties": {"url": {"type": "string", "nullable": true}}},
                "Invitation": {
                    "required": ["id", "url", "expires_at"],
                    "allOf": [
                        {"$ref": "#/components/schemas/Base"},
                        {"type": "object", "properties": {"id": {"type": "string"}, "expires_at": {"type": "integer", "nullable": true}}}
                    ]
                }
            }}
        });
        run(
            r#"
            [[rule]]
            id = "n"
            why = "w"
            action = "nullable-not-required"
            "#,
            &mut d,
        );
        assert_eq!(
            d["components"]["schemas"]["Invitation"]["required"],
            json!(["id"])
        );
    }

    #[test]
    fn body_field_actions_retype_their_targets() {
        let mut d = doc();
        let outcomes = run(
            r#"
            [[rule]]
            id = "i"
            why = "w"
            action = "integer-fields"
            fields = ["UpdateThing.notify"]
            [[rule]]
            id = "f"
            why = "w"
            action = "free-form-objects"
            fields = ["UpdateThing.name", "UpdateThing.gone"]
            [[rule]]
            id = "e"
            why = "w"
            action = "sendable-empty"
            fields = ["UpdateThing.notify"]
            "#,
            &mut d,
        );
        let body = &d["paths"]["/things/{id}"]["patch"]["requestBody"]["content"]["application/json"]
            ["schema"];
        assert_eq!(body["properties"]["notify"]["type"], "integer");
        assert_eq!(body["properties"]["notify"]["nullable"], true);
        assert_eq!(
            body["properties"]["name"],
            json!({"type": "object", "additionalProperties": true, "nullable": true})
        );
        assert_eq!(
            outcomes[1].skipped,
            vec!["UpdateThing.gone (gone)".to_string()]
        );
    }

    #[test]
    fn paginated_lists_accept_both_shapes() {
        let mut d = json!({
            "paths": {"/sessions": {"get": {
                "operationId": "GetSessionList",
                "parameters": [{"$ref": "#/components/parameters/Paginated"}],
                "responses": {"200": {"$ref": "#/components/responses/Session.List"}}
            }}},
            "components": {
                "parameters": {"Paginated": {"name": "paginated", "in": "query", "schema": {"type": "boolean"}}},
                "responses": {"Session.List": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "array", "items": {"$ref": "#/components/schemas/Session"}
                }}}}}
            }
        });
        let outcomes = run(
            r#"
            [[rule]]
            id = "p"
            why = "w"
            action = "paginated-list-responses"
            "#,
            &mut d,
        );
        assert_eq!(outcomes[0].changes, 1);
        let one_of = &d["paths"]["/sessions"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["oneOf"];
        assert_eq!(one_of[0]["title"], "Page");
        assert_eq!(
            one_of[0]["properties"]["data"]["items"]["$ref"],
            "#/components/schemas/Session"
        );
        assert_eq!(one_of[1]["title"], "Items");
        assert_eq!(one_of[1]["type"], "array");
    }

    #[test]
    fn scoped_rules_apply_to_their_spec_only() {
        let rules: RulesFile = toml::from_str(
            r#"
            [[rule]]
            id = "one-value"
            why = "w"
            spec = "webhooks"
            action = "single-value-enums-to-strings"
            [[rule]]
            id = "optional"
            why = "w"
            spec = "webhooks"
            action = "optional-properties"
            properties = ["Invitation.url", "Invitation.nope", "Missing.id"]
            "#,
        )
        .unwrap();
        let original = json!({"components": {"schemas": {
            "Invitation": {
                "required": ["id", "url"],
                "allOf": [{"type": "object", "required": ["url"], "properties": {
                    "object": {"type": "string", "enum": ["invitation"]},
                    "status": {"type": "string", "enum": ["pending", "accepted"]}
                }}]
            }
        }}});
        let mut bapi = original.clone();
        assert!(apply(&rules, &mut bapi).unwrap().is_empty());
        assert_eq!(bapi, original);
        let mut hooks = original.clone();
        let outcomes = apply_to(&rules, Family::Webhooks, &mut hooks).unwrap();
        assert_eq!(outcomes[0].changes, 1);
        assert_eq!(outcomes[1].changes, 2);
        assert_eq!(
            outcomes[1].skipped,
            vec![
                "Invitation.nope (gone)".to_string(),
                "Missing.id (gone)".to_string()
            ]
        );
        let invitation = &hooks["components"]["schemas"]["Invitation"];
        assert_eq!(invitation["required"], json!(["id"]));
        assert!(invitation["allOf"][0].get("required").is_none());
        let props = &invitation["allOf"][0]["properties"];
        assert_eq!(props["object"], json!({"type": "string"}));
        assert_eq!(props["status"]["enum"], json!(["pending", "accepted"]));
    }

    #[test]
    fn pascal_matches_typify_style() {
        assert_eq!(pascal("user_id"), "UserId");
        assert_eq!(pascal("SAMLConnection"), "SamlConnection");
        assert_eq!(pascal("OAuthApplication"), "OAuthApplication");
        assert_eq!(pascal("verifyOAuthAccessToken"), "VerifyOAuthAccessToken");
    }
}
