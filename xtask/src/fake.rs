//! `cargo xtask generate`, the fake's part: `clerk/src/testing/fake/generated/api.rs`,
//! the table `FakeClerk` routes, validates and answers every operation with.
//!
//! For each operation of the original spec (what the API accepts and answers, before
//! the rules shape the client): its method and path, its query and path parameters and
//! request body as compact JSON Schema (components they use listed once), its success
//! status, and its answer as a template: a JSON instance of the success schema
//! synthesised and validated by the tests crate's tools, in which ids and timestamps are
//! marked so that each answer gets fresh, Clerk-shaped ones. The fields of the request
//! the answer can echo (same name, and the answer's schema accepts every value the
//! request's does) are listed too. It is data, written as one JSON string: the `clerk`
//! crate never reads the spec, and a refresh extends the fake by regenerating it.
//!
//! Markers are strings starting with U+0001, which no spec value does:
//! `\u{1}id:<prefix>:<shape>:<free>:<seed>` is an id (`shape` `b62`, Clerk's
//! `user_2...` with 27 characters, or `hex`, 32 hex digits; `free` 1 when the schema
//! takes any string there, so a request's value may replace it; `seed` the synthesised
//! value, so that equal values in one answer get one fresh id) and `\u{1}ms:<seconds>`
//! a timestamp in milliseconds, that many seconds from now.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use clerk_tests::synth::{self, Mode};
use clerk_tests::validate::validate;
use serde_json::{Map, Value, json};

use crate::Result;
use crate::model::{Additional, Api, In, Kind, Operation, Schema};

/// Where the table goes.
pub fn target(root: &Path) -> PathBuf {
    root.join("clerk/src/testing/fake/generated/api.rs")
}

/// The id prefix of an object by its `object` value, as Clerk's ids have them.
const OBJECT_PREFIXES: &[(&str, &str)] = &[
    ("actor_token", "act"),
    ("agent_task", "agt"),
    ("allowlist_identifier", "alid"),
    ("api_key", "ak"),
    ("blocklist_identifier", "blid"),
    ("clerk_idp_oauth_access_token", "oat"),
    ("client", "client"),
    ("commerce_discount_redemption", "cdr"),
    ("commerce_payer", "cpayer"),
    ("commerce_payment", "cpay"),
    ("commerce_payment_method", "cpm"),
    ("commerce_plan", "cplan"),
    ("commerce_price", "cprice"),
    ("commerce_price_transition", "cpt"),
    ("commerce_source", "cpm"),
    ("commerce_statement", "cstmt"),
    ("commerce_subscription", "csub"),
    ("commerce_subscription_item", "csubi"),
    ("directory", "dir"),
    ("directory_group_role_mapping", "grm"),
    ("domain", "dmn"),
    ("email_address", "idn"),
    ("enterprise_account", "eacc"),
    ("enterprise_connection", "ent"),
    ("external_account", "eac"),
    ("facebook_account", "eac"),
    ("feature", "feat"),
    ("google_account", "eac"),
    ("instance", "ins"),
    ("invitation", "inv"),
    ("jwt_template", "jtmp"),
    ("machine", "mch"),
    ("machine_to_machine_token", "mt"),
    ("oauth_application", "oa"),
    ("organization", "org"),
    ("organization_domain", "orgdmn"),
    ("organization_invitation", "orginv"),
    ("organization_membership", "orgmem"),
    ("passkey", "idn"),
    ("permission", "perm"),
    ("phone_number", "idn"),
    ("proxy_check", "pxc"),
    ("redirect_url", "ru"),
    ("role", "role"),
    ("role_set", "rs"),
    ("saml_account", "samlacc"),
    ("saml_connection", "samlc"),
    ("scim_directory", "dir"),
    ("scim_group_role_mapping", "grm"),
    ("session", "sess"),
    ("sign_in_token", "sit"),
    ("sign_up_attempt", "sua"),
    ("template", "tmpl"),
    ("trusted_device", "tdev"),
    ("user", "user"),
    ("waitlist_entry", "wle"),
    ("web3_wallet", "idn"),
];

/// The id prefix of a `<name>_id` field.
const NAME_PREFIXES: &[(&str, &str)] = &[
    ("active_organization", "org"),
    ("admin_portal_link", "apl"),
    ("agent_task", "agt"),
    ("client", "client"),
    ("created_session", "sess"),
    ("created_user", "user"),
    ("creator_role", "role"),
    ("dest_role_set", "rs"),
    ("directory", "dir"),
    ("discount", "cdisc"),
    ("domain", "dmn"),
    ("domains_default_role", "role"),
    ("enterprise_connection", "ent"),
    ("external_account", "eac"),
    ("from_machine", "mch"),
    ("from_price", "cprice"),
    ("identification", "idn"),
    ("instance", "ins"),
    ("invitation", "inv"),
    ("inviter", "user"),
    ("inviter_user", "user"),
    ("last_active_organization", "org"),
    ("last_active_session", "sess"),
    ("machine", "mch"),
    ("org", "org"),
    ("organization", "org"),
    ("payee", "cpayee"),
    ("payer", "cpayer"),
    ("payment", "cpay"),
    ("payment_method", "cpm"),
    ("payment_source", "cpm"),
    ("plan", "cplan"),
    ("previous_subscription_item", "csubi"),
    ("price", "cprice"),
    ("primary_email_address", "idn"),
    ("primary_phone_number", "idn"),
    ("primary_web3_wallet", "idn"),
    ("profile_image", "img"),
    ("requesting_user", "user"),
    ("role", "role"),
    ("scim_directory", "dir"),
    ("session", "sess"),
    ("sign_in", "sia"),
    ("sign_up", "sua"),
    ("source_role_set", "rs"),
    ("statement", "cstmt"),
    ("subscription_item", "csubi"),
    ("task", "agt"),
    ("to_machine", "mch"),
    ("to_price", "cprice"),
    ("uploader_user", "user"),
    ("user", "user"),
    ("verification", "ver"),
];

/// The marker's first character.
const MARK: char = '\u{1}';

/// The table as the `api.rs` the fake includes, for the spec `version`.
pub fn generate(api: &Api, version: &str) -> Result<String> {
    let table = table(api)?;
    let json = table.to_json();
    // A raw string with more `#` than the data ever has in a row after a quote.
    let mut hashes = String::from("#");
    while json.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    let mut out = format!(
        "// @generated by `cargo xtask generate`: FakeClerk's operations,\n\
         // from Clerk's Backend API spec {version}. Do not edit by hand:\n\
         // change the generator (xtask/src/fake.rs) and regenerate.\n\n\
         //! The operations FakeClerk serves: routes, request schemas, answer templates\n\
         //! ({} operations, {} answer templates, {} request schemas).\n\n",
        table.operations.len(),
        table.templates.len(),
        table.schemas.len(),
    );
    let _ = write!(
        out,
        "/// The table as JSON (see `xtask/src/fake.rs` for its format).\n\
         pub(crate) const API: &str = r{hashes}\"{json}\"{hashes};\n"
    );
    Ok(out)
}

/// What the fake is told about the API.
#[derive(Debug, Default)]
struct Table {
    version: String,
    operations: Vec<Value>,
    /// Component schemas the request schemas refer to, compact.
    schemas: BTreeMap<String, Value>,
    /// Answer templates, each once.
    templates: Vec<Value>,
}

impl Table {
    /// One operation, template and schema per line, so that a refresh's diff reads.
    fn to_json(&self) -> String {
        let line = |v: &Value| serde_json::to_string(v).expect("JSON");
        let mut out = format!(
            "{{\n\"version\": {},\n\"operations\": [\n",
            json!(self.version)
        );
        out.push_str(&join(self.operations.iter().map(line)));
        out.push_str("],\n\"templates\": [\n");
        out.push_str(&join(self.templates.iter().map(line)));
        out.push_str("],\n\"schemas\": {\n");
        out.push_str(&join(
            self.schemas
                .iter()
                .map(|(name, schema)| format!("{}: {}", json!(name), line(schema))),
        ));
        out.push_str("}\n}\n");
        out
    }
}

fn join(lines: impl Iterator<Item = String>) -> String {
    let lines: Vec<String> = lines.collect();
    if lines.is_empty() {
        String::new()
    } else {
        lines.join(",\n") + "\n"
    }
}

fn table(api: &Api) -> Result<Table> {
    let mut table = Table {
        version: api.version.clone(),
        ..Table::default()
    };
    let mut templates: BTreeMap<String, usize> = BTreeMap::new();
    let mut refs = BTreeSet::new();
    for op in &api.operations {
        let mut entry = Map::new();
        entry.insert("id".into(), json!(op.id));
        entry.insert("method".into(), json!(op.method.to_uppercase()));
        entry.insert("path".into(), json!(op.path));
        let query: Vec<Value> = op
            .params_in(In::Query)
            .map(|p| {
                let mut q = json!({"name": p.name, "schema": compact(&p.schema, &mut refs)});
                if p.required {
                    q["required"] = json!(true);
                }
                if !p.explode {
                    q["explode"] = json!(false);
                }
                q
            })
            .collect();
        if !query.is_empty() {
            entry.insert("query".into(), Value::Array(query));
        }
        let path: Vec<Value> = op
            .params_in(In::Path)
            .map(|p| json!({"name": p.name, "schema": compact(&p.schema, &mut refs)}))
            .collect();
        if !path.is_empty() {
            entry.insert("path_params".into(), Value::Array(path));
        }
        if let Some(body) = &op.body {
            let (media, schema) = body
                .content
                .iter()
                .find(|(m, _)| m == "application/json")
                .or(body.content.first())
                .ok_or_else(|| format!("{}: a request body without content", op.id))?;
            let mut b = json!({"media": media});
            if media == "application/json" {
                b["schema"] = compact(schema, &mut refs);
            }
            if body.required {
                b["required"] = json!(true);
            }
            entry.insert("body".into(), b);
        }
        answer(api, op, &mut entry, &mut table.templates, &mut templates)?;
        table.operations.push(Value::Object(entry));
    }
    // The components the request schemas name, and those they name in turn.
    let mut done = BTreeSet::new();
    while let Some(name) = refs.iter().find(|r| !done.contains(*r)).cloned() {
        done.insert(name.clone());
        let schema = api
            .schemas
            .get(&name)
            .ok_or_else(|| format!("a request schema names the missing component {name}"))?;
        let compact = compact(schema, &mut refs);
        table.schemas.insert(name, compact);
    }
    Ok(table)
}

/// The success answer of `op`: status, media type, template, page shape and echoes.
fn answer(
    api: &Api,
    op: &Operation,
    entry: &mut Map<String, Value>,
    templates: &mut Vec<Value>,
    seen: &mut BTreeMap<String, usize>,
) -> Result<()> {
    let success = op
        .responses
        .iter()
        .filter(|r| r.is_success())
        .min_by_key(|r| r.status.clone());
    let status: u16 = success
        .and_then(|r| r.status.parse().ok())
        .unwrap_or(if success.is_some() { 200 } else { 204 });
    entry.insert("status".into(), json!(status));
    let Some(response) = success else {
        return Ok(());
    };
    let Some((media, schema_json)) = response
        .json
        .iter()
        .find(|(m, _)| m == "application/json")
        .or(response.json.first())
    else {
        return Ok(());
    };
    if media != "application/json" {
        entry.insert("media".into(), json!(media));
        return Ok(());
    }
    let doc = &api.doc;
    let resolved = clerk_tests::spec::resolve(doc, schema_json);
    let is_array = resolved["type"] == "array";
    let page_key = page_key(doc, resolved);
    let instance = instance(doc, schema_json)
        .ok_or_else(|| format!("{}: no valid instance of its success schema", op.id))?;
    let template = if is_array {
        let items = clerk_tests::spec::resolve(doc, &resolved["items"]);
        let item = instance
            .get(0)
            .cloned()
            .or_else(|| self::instance(doc, items))
            .ok_or_else(|| format!("{}: no valid item of its array", op.id))?;
        entry.insert("list".into(), json!(true));
        mark(doc, &resolved["items"], item)
    } else {
        if let Some(key) = &page_key {
            entry.insert("page".into(), json!(key));
        }
        mark(doc, schema_json, instance)
    };
    let key = serde_json::to_string(&template)?;
    let index = *seen.entry(key).or_insert_with(|| {
        templates.push(template);
        templates.len() - 1
    });
    entry.insert("answer".into(), json!(index));
    if op.params_in(In::Query).any(|p| p.name == "paginated") {
        entry.insert("paginated".into(), json!(true));
    }
    // The record: the object the answer is, or lists.
    let Some(record) = response.json().and_then(|s| record(api, s)) else {
        return Ok(());
    };
    let body = op
        .body
        .as_ref()
        .and_then(|b| b.media("application/json"))
        .map(|s| api.resolve(s));
    if let Some(Kind::Object(body)) = body.map(|b| &b.kind) {
        let echo: Vec<Value> = body
            .properties
            .iter()
            .filter_map(|p| {
                let target = record.property(&p.name)?;
                accepts(api, &target.schema, &p.schema, 0).then(|| {
                    if api.resolve(&target.schema).nullable {
                        json!([p.name, true])
                    } else {
                        json!([p.name])
                    }
                })
            })
            .collect();
        if !echo.is_empty() {
            entry.insert("echo".into(), Value::Array(echo));
        }
    }
    let mut echo_path = Vec::new();
    for p in op.params_in(In::Path) {
        if let Some(target) = record.property(&p.name)
            && plain_string(api.resolve(&target.schema))
        {
            echo_path.push(json!([p.name, p.name]));
        }
    }
    // The id only when the parameter's kind of id (by its name) is the answer's.
    let answer_prefix = template_id_prefix(&table_template(templates, index));
    if let Some(param) = id_param(api, op) {
        let param_prefix = param
            .strip_suffix("_id")
            .and_then(|name| NAME_PREFIXES.iter().find(|(n, _)| *n == name))
            .map(|(_, p)| *p);
        if param_prefix.is_none()
            || answer_prefix.is_none()
            || param_prefix == answer_prefix.as_deref()
        {
            echo_path.push(json!(["id", param]));
        }
    }
    if !echo_path.is_empty() {
        entry.insert("echo_path".into(), Value::Array(echo_path));
    }
    Ok(())
}

/// The list property of a page: an object with `total_count` and one array of objects
/// (`data`, or `m2m_tokens`).
fn page_key(doc: &Value, schema: &Value) -> Option<String> {
    let properties = schema["properties"].as_object()?;
    properties.get("total_count")?;
    let mut arrays = properties.iter().filter(|(_, p)| {
        let p = clerk_tests::spec::resolve(doc, p);
        p["type"] == "array" && is_object(doc, &p["items"])
    });
    let (key, _) = arrays.next()?;
    arrays.next().is_none().then(|| key.clone())
}

/// Whether `schema` describes an object: typed so, or an `allOf` of objects (`Machine`).
fn is_object(doc: &Value, schema: &Value) -> bool {
    let schema = clerk_tests::spec::resolve(doc, schema);
    schema["type"] == "object"
        || schema["allOf"]
            .as_array()
            .is_some_and(|parts| !parts.is_empty() && parts.iter().all(|p| is_object(doc, p)))
}

/// A valid instance of `schema` with every property, else with the required ones.
fn instance(doc: &Value, schema: &Value) -> Option<Value> {
    [Mode::Full, Mode::Minimal].into_iter().find_map(|mode| {
        let value = synth::instance(doc, schema, mode, 0);
        validate(doc, schema, &value).is_ok().then_some(value)
    })
}

/// The object an answer is about: the schema itself, the items of an array, or those
/// of a page's list.
fn record<'a>(api: &'a Api, schema: &'a Schema) -> Option<&'a crate::model::Object> {
    match &api.resolve(schema).kind {
        Kind::Array(items) => match &api.resolve(items).kind {
            Kind::Object(o) => Some(o),
            _ => None,
        },
        Kind::Object(o) if o.property("total_count").is_some() => {
            let mut lists =
                o.properties
                    .iter()
                    .filter_map(|p| match &api.resolve(&p.schema).kind {
                        Kind::Array(items) => match &api.resolve(items).kind {
                            Kind::Object(item) => Some(item),
                            _ => None,
                        },
                        _ => None,
                    });
            match (lists.next(), lists.next()) {
                (Some(item), None) => Some(item),
                _ => Some(o),
            }
        }
        Kind::Object(o) => Some(o),
        _ => None,
    }
}

/// Whether every value `given` allows is one `target` allows too (so a request field
/// can be echoed into the answer). Conservative: unsure is no.
fn accepts(api: &Api, target: &Schema, given: &Schema, depth: usize) -> bool {
    if depth > 8 {
        return false;
    }
    if target.reference.is_some() && target.reference == given.reference {
        return true;
    }
    let (t, g) = (api.resolve(target), api.resolve(given));
    if depth > 0 && g.nullable && !t.nullable {
        return false;
    }
    let within = |t: &crate::model::Numbers, g: &crate::model::Numbers| {
        let num = |n: &Option<serde_json::Number>| n.as_ref().and_then(|n| n.as_f64());
        let low = match (num(&t.minimum), num(&g.minimum)) {
            (None, _) => true,
            (Some(a), Some(b)) => {
                b > a || (b == a && (!t.exclusive_minimum || g.exclusive_minimum))
            }
            (Some(_), None) => false,
        };
        let high = match (num(&t.maximum), num(&g.maximum)) {
            (None, _) => true,
            (Some(a), Some(b)) => {
                b < a || (b == a && (!t.exclusive_maximum || g.exclusive_maximum))
            }
            (Some(_), None) => false,
        };
        low && high
    };
    match (&t.kind, &g.kind) {
        (Kind::Any, _) => true,
        (Kind::String(a), Kind::String(b)) => {
            let values = a.values.is_empty()
                || (!b.values.is_empty() && b.values.iter().all(|v| a.values.contains(v)));
            let pattern = a.pattern.is_none() || a.pattern == b.pattern;
            let format =
                !matches!(a.format.as_deref(), Some("date-time" | "date")) || a.format == b.format;
            let max = a
                .max_length
                .is_none_or(|m| b.max_length.is_some_and(|x| x <= m));
            let min = a
                .min_length
                .is_none_or(|m| m == 0 || b.min_length.is_some_and(|x| x >= m));
            values && pattern && format && max && min
        }
        (Kind::Integer(a), Kind::Integer(b))
        | (Kind::Number(a), Kind::Integer(b))
        | (Kind::Number(a), Kind::Number(b)) => within(a, b),
        (Kind::Boolean, Kind::Boolean) => true,
        (Kind::Array(a), Kind::Array(b)) => accepts(api, a, b, depth + 1),
        (Kind::Object(a), Kind::Object(_)) => {
            a.properties.is_empty() && !matches!(a.additional, Additional::Closed)
        }
        _ => false,
    }
}

/// A string any value fits: no enum, pattern, format or length.
fn plain_string(schema: &Schema) -> bool {
    matches!(&schema.kind, Kind::String(s) if s.values.is_empty() && s.pattern.is_none()
        && s.format.is_none() && s.max_length.is_none() && s.min_length.unwrap_or(0) <= 1)
}

fn table_template(templates: &[Value], index: usize) -> Value {
    templates.get(index).cloned().unwrap_or(Value::Null)
}

/// The prefix of a template's own id marker (`user` of `\u{1}id:user:...`).
fn template_id_prefix(template: &Value) -> Option<String> {
    let marker = template.get("id")?.as_str()?.strip_prefix(MARK)?;
    Some(marker.strip_prefix("id:")?.split(':').next()?.to_string())
}

/// The path parameter an answer's `id` is: the last one, when the path ends with it, or
/// continues with one verb after it and answers what reading that item answers (or, for
/// items no one reads, what creating one answers): `POST /users/{user_id}/ban` is the
/// user, `GET /users/{user_id}/billing/subscription` is not.
fn id_param(api: &Api, op: &Operation) -> Option<String> {
    let segments: Vec<&str> = op.path.trim_start_matches('/').split('/').collect();
    let last = segments.iter().rposition(|s| s.starts_with('{'))?;
    let name = segments[last]
        .trim_matches(|c| c == '{' || c == '}')
        .to_string();
    let after = segments.len() - last - 1;
    if after == 0 {
        return Some(name);
    }
    if after != 1 {
        return None;
    }
    let item = format!("/{}", segments[..=last].join("/"));
    let collection = format!("/{}", segments[..last].join("/"));
    let answers = |path: &str, method: &str| {
        api.operations
            .iter()
            .find(|o| o.path == path && o.method == method)
            .and_then(success_ref)
    };
    let mine = success_ref(op)?;
    let same = match answers(&item, "get") {
        Some(read) => read == mine,
        None => answers(&collection, "post").is_some_and(|created| created == mine),
    };
    same.then_some(name)
}

/// The component the success answer of `op` names, if it names one.
fn success_ref(op: &Operation) -> Option<String> {
    let response = op.responses.iter().find(|r| r.is_success())?;
    let (_, schema) = response
        .json
        .iter()
        .find(|(m, _)| m == "application/json")?;
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .map(str::to_string)
}

// ---- Templates ----

/// What a marked value becomes.
#[derive(Clone, Debug)]
enum Slot {
    Id { prefix: String, seed: String },
    Ms(i64),
    Text(&'static str),
}

/// `instance` with its ids and timestamps marked and its texts made plausible, each only
/// where the new value keeps the instance valid against `schema`.
fn mark(doc: &Value, schema: &Value, instance: Value) -> Value {
    let mut slots = Vec::new();
    collect(&instance, String::new(), &mut slots);
    let mut current = instance.clone();
    let mut marked = instance;
    for (pointer, slot) in slots {
        let marker = match &slot {
            Slot::Text(text) => {
                if fits(doc, schema, &current, &pointer, json!(text)) {
                    set(&mut current, &pointer, json!(text));
                    set(&mut marked, &pointer, json!(text));
                }
                continue;
            }
            Slot::Ms(offset) => {
                let sample = json!(1_735_689_600_000_i64 + offset * 1000);
                if !fits(doc, schema, &current, &pointer, sample.clone()) {
                    continue;
                }
                set(&mut current, &pointer, sample);
                format!("{MARK}ms:{offset}")
            }
            Slot::Id { prefix, seed } => {
                let shape = ["b62", "hex"].into_iter().find(|shape| {
                    fits(
                        doc,
                        schema,
                        &current,
                        &pointer,
                        json!(sample_id(prefix, shape)),
                    )
                });
                let Some(shape) = shape else { continue };
                let free = fits(doc, schema, &current, &pointer, json!("any value"));
                set(&mut current, &pointer, json!(sample_id(prefix, shape)));
                format!("{MARK}id:{prefix}:{shape}:{}:{seed}", u8::from(free))
            }
        };
        set(&mut marked, &pointer, json!(marker));
    }
    marked
}

fn sample_id(prefix: &str, shape: &str) -> String {
    match shape {
        "hex" => format!("{prefix}_{}", "0123456789abcdef".repeat(2)),
        _ => format!("{prefix}_2{}", "abcdefghijklmnopqrstuvwxyz"),
    }
}

/// Whether `instance` with `value` at `pointer` is still valid.
fn fits(doc: &Value, schema: &Value, instance: &Value, pointer: &str, value: Value) -> bool {
    let mut trial = instance.clone();
    set(&mut trial, pointer, value);
    validate(doc, schema, &trial).is_ok()
}

fn set(instance: &mut Value, pointer: &str, value: Value) {
    if let Some(slot) = instance.pointer_mut(pointer) {
        *slot = value;
    }
}

/// The id, timestamp and text fields of `value`, by JSON pointer. An id's seed is its
/// sample when that is an example id, else where it sits (`/email_addresses/id`), so
/// that `primary_email_address_id` can name the first of `email_addresses`.
fn collect(value: &Value, at: String, out: &mut Vec<(String, Slot)>) {
    match value {
        Value::Object(map) => {
            let object = map.get("object").and_then(Value::as_str);
            let place = at
                .split('/')
                .filter(|s| s.parse::<usize>().is_err())
                .collect::<Vec<_>>()
                .join("/");
            for (key, child) in map {
                let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match child {
                    Value::String(s) => {
                        if let Some(prefix) = id_prefix(key, object, s) {
                            let seed = if example_id(s).is_some() {
                                s.clone()
                            } else if let Some(list) = key
                                .strip_prefix("primary_")
                                .and_then(|k| k.strip_suffix("_id"))
                                .and_then(|k| {
                                    [format!("{k}s"), format!("{k}es")]
                                        .into_iter()
                                        .find(|l| map.contains_key(l))
                                })
                            {
                                format!("{place}/{list}/id")
                            } else {
                                format!("{place}/{key}")
                            };
                            out.push((pointer, Slot::Id { prefix, seed }));
                        } else if s == "string"
                            && let Some(text) = realistic(key)
                        {
                            out.push((pointer, Slot::Text(text)));
                        }
                    }
                    Value::Number(_) => {
                        if let Some(offset) = time_offset(key) {
                            out.push((pointer, Slot::Ms(offset)));
                        }
                    }
                    _ => collect(child, pointer, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A value of the kind a field's name says, for the synthesiser's plain `"string"`.
fn realistic(key: &str) -> Option<&'static str> {
    Some(match key {
        "first_name" => "Ada",
        "last_name" => "Lovelace",
        "username" => "ada",
        "name" => "Example",
        "slug" => "example",
        "locale" => "en-US",
        "phone_number" => "+15555550100",
        "domain" | "host" | "frontend_api_url" => "example.com",
        k if k.contains("email_address") => "ada@example.com",
        k if k == "url" || k.ends_with("_url") => "https://example.com",
        _ => return None,
    })
}

/// The prefix of an example id (`user_2xhF...`).
fn example_id(sample: &str) -> Option<&str> {
    let (prefix, rest) = sample.split_once('_')?;
    (!prefix.is_empty()
        && prefix.bytes().all(|b| b.is_ascii_lowercase())
        && rest.len() >= 10
        && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    .then_some(prefix)
}

/// The prefix of an id field: the one its sample already has (`user_2x...` from an
/// example), else the one of its object (`id`) or of its name (`user_id`).
fn id_prefix(key: &str, object: Option<&str>, sample: &str) -> Option<String> {
    let name = if key == "id" {
        None
    } else {
        Some(key.strip_suffix("_id")?)
    };
    if let Some(prefix) = example_id(sample) {
        return Some(prefix.to_string());
    }
    let table = |t: &[(&str, &str)], k: &str| {
        t.iter()
            .find(|(name, _)| *name == k)
            .map(|(_, p)| p.to_string())
    };
    match name {
        None => table(OBJECT_PREFIXES, object?),
        Some(name) => table(NAME_PREFIXES, name),
    }
}

/// Seconds from now of a timestamp field (`created_at`: now; `expire_at`: in a week;
/// `abandon_at`: in a month); `None` for other fields.
fn time_offset(key: &str) -> Option<i64> {
    if !(key.ends_with("_at") || key == "expiration") {
        return None;
    }
    Some(if key.contains("expir") {
        7 * 86_400
    } else if key == "abandon_at" {
        30 * 86_400
    } else {
        0
    })
}

// ---- Request schemas ----

/// A schema as the fake validates requests with it: types, nullability, enums, required
/// and undeclared properties, bounds and lengths (no patterns or formats); components
/// by name (`{"$ref": "Name"}`, collected in `refs`).
fn compact(schema: &Schema, refs: &mut BTreeSet<String>) -> Value {
    let mut out = Map::new();
    if let (Kind::Ref, Some(name)) = (&schema.kind, &schema.reference) {
        refs.insert(name.clone());
        out.insert("$ref".into(), json!(name));
        return Value::Object(out);
    }
    if schema.nullable {
        out.insert("nullable".into(), json!(true));
    }
    let number = |out: &mut Map<String, Value>, n: &crate::model::Numbers| {
        if let Some(min) = &n.minimum {
            out.insert("minimum".into(), Value::Number(min.clone()));
            if n.exclusive_minimum {
                out.insert("exclusiveMinimum".into(), json!(true));
            }
        }
        if let Some(max) = &n.maximum {
            out.insert("maximum".into(), Value::Number(max.clone()));
            if n.exclusive_maximum {
                out.insert("exclusiveMaximum".into(), json!(true));
            }
        }
    };
    match &schema.kind {
        Kind::String(s) => {
            out.insert("type".into(), json!("string"));
            if !s.values.is_empty() {
                out.insert("enum".into(), json!(s.values));
            }
            if let Some(min) = s.min_length.filter(|m| *m > 0) {
                out.insert("minLength".into(), json!(min));
            }
            if let Some(max) = s.max_length {
                out.insert("maxLength".into(), json!(max));
            }
        }
        Kind::Integer(n) => {
            out.insert("type".into(), json!("integer"));
            number(&mut out, n);
        }
        Kind::Number(n) => {
            out.insert("type".into(), json!("number"));
            number(&mut out, n);
        }
        Kind::Boolean => {
            out.insert("type".into(), json!("boolean"));
        }
        Kind::Array(items) => {
            out.insert("type".into(), json!("array"));
            out.insert("items".into(), compact(items, refs));
        }
        Kind::Object(o) => {
            out.insert("type".into(), json!("object"));
            if !o.properties.is_empty() {
                let props: Map<String, Value> = o
                    .properties
                    .iter()
                    .map(|p| (p.name.clone(), compact(&p.schema, refs)))
                    .collect();
                out.insert("properties".into(), Value::Object(props));
                let required: Vec<&str> = o
                    .properties
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| p.name.as_str())
                    .collect();
                if !required.is_empty() {
                    out.insert("required".into(), json!(required));
                }
            }
            // Undeclared keys are refused where the object declares its properties and
            // says nothing of others, as the wire judge of the tests does.
            match &o.additional {
                Additional::Closed => {
                    out.insert("additionalProperties".into(), json!(false));
                }
                Additional::Unsaid if !o.properties.is_empty() => {
                    out.insert("additionalProperties".into(), json!(false));
                }
                Additional::Schema(extra) => {
                    out.insert("additionalProperties".into(), compact(extra, refs));
                }
                _ => {}
            }
        }
        Kind::Union(u) => {
            let variants: Vec<Value> = u.variants.iter().map(|v| compact(v, refs)).collect();
            out.insert("anyOf".into(), Value::Array(variants));
        }
        Kind::Rust(_) | Kind::Ref | Kind::Any => {}
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> Api {
        Api::read(&json!({
            "info": {"version": "2030-01-01"},
            "paths": {
                "/things": {
                    "get": {"operationId": "ListThings", "parameters": [
                        {"in": "query", "name": "limit", "schema": {"type": "integer", "minimum": 1}},
                        {"in": "query", "name": "paginated", "schema": {"type": "boolean"}}
                    ], "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}
                    }}}}},
                    "post": {"operationId": "CreateThing",
                        "requestBody": {"required": true, "content": {"application/json": {"schema": {
                            "type": "object", "required": ["name"],
                            "properties": {
                                "name": {"type": "string"},
                                "kind": {"type": "string", "enum": ["a", "b", "c"]},
                                "owner_id": {"$ref": "#/components/schemas/OwnerId"}
                            }
                        }}}},
                        "responses": {"200": {"description": "ok", "content": {"application/json": {
                            "schema": {"$ref": "#/components/schemas/Thing"}
                        }}}}}
                },
                "/things/{thing_id}": {
                    "parameters": [{"in": "path", "name": "thing_id", "required": true, "schema": {"type": "string"}}],
                    "get": {"operationId": "GetThing", "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Thing"}
                    }}}}},
                    "delete": {"operationId": "DeleteThing", "responses": {"204": {"description": "gone"}}}
                },
                "/things/{thing_id}/polish": {
                    "post": {"operationId": "PolishThing", "parameters": [
                        {"in": "path", "name": "thing_id", "required": true, "schema": {"type": "string"}}
                    ], "responses": {"200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Thing"}
                    }}}}}
                }
            },
            "components": {"schemas": {
                "OwnerId": {"type": "string"},
                "Thing": {
                    "type": "object", "additionalProperties": false,
                    "required": ["object", "id", "name", "kind", "created_at", "owner_id"],
                    "properties": {
                        "object": {"type": "string", "enum": ["user"]},
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                        "owner_id": {"type": "string", "pattern": "^user_\\w{27}$"},
                        "secret_id": {"type": "string", "pattern": "^ak_[0-9a-f]{32}$", "example": "ak_0123456789abcdef0123456789abcdef"},
                        "created_at": {"type": "integer"},
                        "expire_at": {"type": "integer", "maximum": 5}
                    }
                }
            }}
        }))
        .unwrap()
    }

    fn op<'a>(table: &'a Table, id: &str) -> &'a Value {
        table.operations.iter().find(|o| o["id"] == id).unwrap()
    }

    #[test]
    fn answers_are_marked_templates_with_their_echoes() {
        let api = api();
        let table = table(&api).unwrap();
        let create = op(&table, "CreateThing");
        assert_eq!(create["status"], 200);
        // `kind` allows c, the answer does not: not echoed; `owner_id` has a pattern.
        assert_eq!(create["echo"], json!([["name"]]));
        let template = &table.templates[create["answer"].as_u64().unwrap() as usize];
        assert_eq!(template["id"], json!(format!("{MARK}id:user:b62:1:/id")));
        assert_eq!(template["name"], json!("Example"));
        let marker = |key: &str| template[key].as_str().unwrap().to_string();
        assert!(
            marker("owner_id").starts_with(&format!("{MARK}id:user:b62:0:user_")),
            "learned, fixed"
        );
        assert!(
            marker("secret_id").starts_with(&format!("{MARK}id:ak:hex:0:")),
            "{}",
            marker("secret_id")
        );
        assert_eq!(template["created_at"], json!(format!("{MARK}ms:0")));
        assert!(
            template["expire_at"].is_number(),
            "a week from now is above 5: left as is"
        );
        let list = op(&table, "ListThings");
        assert_eq!(
            (list["list"].as_bool(), list["paginated"].as_bool()),
            (Some(true), Some(true))
        );
        assert_eq!(list["answer"], create["answer"], "one template per shape");
        assert_eq!(
            list["query"][0],
            json!({"name": "limit", "schema": {"type": "integer", "minimum": 1}})
        );
        assert_eq!(
            op(&table, "GetThing")["echo_path"],
            json!([["id", "thing_id"]])
        );
        assert_eq!(
            op(&table, "PolishThing")["echo_path"],
            json!([["id", "thing_id"]])
        );
        let delete = op(&table, "DeleteThing");
        assert_eq!(
            (delete["status"].as_u64(), delete.get("answer")),
            (Some(204), None)
        );
        assert_eq!(
            create["body"]["schema"]["properties"]["owner_id"],
            json!({"$ref": "OwnerId"})
        );
        assert_eq!(
            create["body"]["schema"]["additionalProperties"],
            json!(false)
        );
        assert_eq!(table.schemas["OwnerId"], json!({"type": "string"}));
    }

    #[test]
    fn the_file_is_one_raw_string() {
        let text = generate(&api(), "2030-01-01").unwrap();
        assert!(text.starts_with("// @generated"));
        assert!(text.contains("pub(crate) const API: &str = r#\"{"));
        let start = text.find("r#\"").unwrap() + 3;
        let end = text.rfind("\"#;").unwrap();
        let data: Value = serde_json::from_str(&text[start..end]).unwrap();
        assert_eq!(data["operations"].as_array().unwrap().len(), 5);
    }
}
