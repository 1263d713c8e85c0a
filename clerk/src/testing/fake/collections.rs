//! The resources the fake keeps beyond users, organizations, memberships, invitations and
//! sessions, with one engine: each is a collection path of the spec
//! (`/organizations/{organization_id}/domains`), and what an operation does to it
//! follows from where its path goes from there: `GET` and `POST` on the collection list
//! and create, `GET`, `PATCH`/`PUT` and `DELETE` on `/{id}` read, update and delete,
//! `/{id}/<verb>` acts on one (`revoke`), `/<verb>` on the collection (`verify`).
//! Records are created from the create operation's answer template, with the request's
//! fields it repeats and the hooks' derived ones (secrets, types, statuses); reads answer
//! them in each operation's shape; lists filter by any query parameter naming a field,
//! search with `query`, sort with `order_by` and page with `limit`/`offset`; what does
//! not exist is a 404.

use serde_json::{Map, Value, json};

use super::ApiError;
use super::answer::{self, Answer};
use super::engine::Ctx;
use super::resources;
use super::spec::Op;
use super::state::Store;
use crate::testing::TokenIssuer;

/// A kept record: its id, the ids of its parents (the collection path's parameters,
/// in order) and the record as the create operation answered it.
#[derive(Clone, Debug)]
pub(crate) struct Record {
    pub id: String,
    pub parent: Vec<String>,
    pub value: Value,
}

/// A resource the fake keeps.
pub(super) struct Collection {
    /// The collection's path template, below `/v1`.
    pub base: &'static str,
    /// What a record is called in a 404: `allowlist identifier`.
    pub noun: &'static str,
    /// The id prefix, and whether the ids are 32 hex digits (`ak_...`) rather than
    /// Clerk's base62.
    pub prefix: &'static str,
    pub hex: bool,
    /// Operations elsewhere that list these records across parents.
    pub lists: &'static [&'static str],
    pub hooks: Hooks,
}

/// What is particular to a resource. [`PLAIN`] does nothing particular.
#[derive(Clone, Copy)]
pub(super) struct Hooks {
    /// Completes or refuses a new record (derived fields, secrets, references).
    pub create: fn(&mut Store, &Ctx, &mut Value, &TokenIssuer) -> Result<(), ApiError>,
    /// Applies `verb` to a record; `Some` answers with something else than the record.
    pub act: Act,
    /// Applies an update's fields the answer does not repeat, or refuses it (a new name
    /// another record has); the repeated ones are saved after.
    pub update: fn(&mut Store, &Ctx, &mut Value) -> Result<(), ApiError>,
    /// Answers `verb` on the collection (`verify`, `bulk`, `pending`); `None`: unknown.
    pub collection: fn(&mut Store, &Ctx, &str) -> Result<Option<Answer>, ApiError>,
    /// Whether a list (beyond the query's field filters) shows a record.
    pub listed: fn(&Store, &Ctx, &Value) -> bool,
}

/// Applies a verb to a record: `Some` answers with something else than the record.
pub(super) type Act = fn(&mut Store, &Ctx, &str, &mut Value) -> Result<Option<Value>, ApiError>;

pub(super) const PLAIN: Hooks = Hooks {
    create: |_, _, _, _| Ok(()),
    act: default_act,
    update: |_, _, _| Ok(()),
    collection: |_, _, _| Ok(None),
    listed: |_, _, _| true,
};

/// What an operation does to its collection.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Role {
    List,
    /// A list across parents (`GET /organization_domains`).
    ListAll,
    Create,
    Get,
    Update,
    Delete,
    /// `verb` (the path after the id, `secret_key/rotate`) on the record.
    Act(String),
    /// `verb` on the collection.
    CollectionAct(String),
}

/// The collection `op` works on, and how: the one whose path is the longest prefix of
/// the operation's that gives it a role.
pub(super) fn of_op(op: &Op) -> Option<(&'static Collection, Role)> {
    let segments: Vec<&str> = op.path.trim_matches('/').split('/').collect();
    let mut best: Option<(usize, &'static Collection, Role)> = None;
    for c in resources::COLLECTIONS {
        if c.lists.contains(&op.id.as_str()) && op.method == "GET" {
            return Some((c, Role::ListAll));
        }
        let base: Vec<&str> = c.base.trim_matches('/').split('/').collect();
        if segments.len() < base.len() || segments[..base.len()] != base[..] {
            continue;
        }
        let rest = &segments[base.len()..];
        let is_param = |s: &str| s.starts_with('{');
        let role = match (rest, op.method.as_str()) {
            ([], "GET") => Role::List,
            ([], "POST") => Role::Create,
            ([id], "GET") if is_param(id) => Role::Get,
            ([id], "PATCH" | "PUT") if is_param(id) => Role::Update,
            ([id], "DELETE") if is_param(id) => Role::Delete,
            ([id, verb @ ..], _) if is_param(id) && !verb.is_empty() => Role::Act(verb.join("/")),
            ([verb], _) if !is_param(verb) => Role::CollectionAct(verb.to_string()),
            _ => continue,
        };
        if best.as_ref().is_none_or(|(n, _, _)| base.len() > *n) {
            best = Some((base.len(), c, role));
        }
    }
    best.map(|(_, c, role)| (c, role))
}

impl Collection {
    /// The values of the collection path's parameters in this request.
    fn parent(&self, ctx: &Ctx) -> Vec<String> {
        self.base
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .filter_map(|name| ctx.param(name).map(str::to_string))
            .collect()
    }

    /// The record's id in a path below the collection: the parameter after its path.
    fn item_id<'c>(&self, ctx: &'c Ctx) -> Option<&'c str> {
        let depth = self.base.trim_matches('/').split('/').count();
        let name = ctx
            .op
            .path
            .trim_matches('/')
            .split('/')
            .nth(depth)?
            .strip_prefix('{')?
            .strip_suffix('}')?;
        ctx.param(name)
    }

    fn not_found(&self) -> ApiError {
        ApiError::not_found(self.noun)
    }
}

/// The records of `base`.
pub(super) fn records<'s>(store: &'s Store, base: &str) -> &'s [Record] {
    store.collections.get(base).map_or(&[], Vec::as_slice)
}

/// Keeps `value` (whose `id` is its id) in `collection` under `parent`.
pub(super) fn insert(
    store: &mut Store,
    collection: &Collection,
    parent: Vec<String>,
    value: Value,
) {
    let id = value["id"].as_str().unwrap_or_default().to_string();
    store
        .collections
        .entry(collection.base)
        .or_default()
        .push(Record { id, parent, value });
}

/// A fresh id of the collection's kind.
pub(super) fn new_id(store: &mut Store, collection: &Collection) -> String {
    if collection.hex {
        store.new_hex_id(collection.prefix)
    } else {
        store.new_id(collection.prefix)
    }
}

/// Serves `role` of `collection`.
pub(super) fn handle(
    store: &mut Store,
    collection: &'static Collection,
    role: Role,
    ctx: &Ctx,
    issuer: &TokenIssuer,
) -> Result<Answer, ApiError> {
    let op = ctx.op;
    let parent = collection.parent(ctx);
    match role {
        Role::List => list(store, collection, ctx, Some(&parent)),
        Role::ListAll => list(store, collection, ctx, None),
        Role::Create => {
            let template = op
                .template()
                .ok_or_else(|| ApiError::not_found(collection.noun))?;
            let mut record = answer::materialize(store, template, &answer::overrides(ctx));
            record["id"] = json!(new_id(store, collection));
            (collection.hooks.create)(store, ctx, &mut record, issuer)?;
            insert(store, collection, parent, record.clone());
            Ok(Answer::of(op, record))
        }
        Role::Get => {
            let record = find(store, collection, ctx, &parent)?.clone();
            Ok(Answer::of(op, shaped(store, op, &record)))
        }
        Role::Update => {
            let mut record = find(store, collection, ctx, &parent)?.clone();
            (collection.hooks.update)(store, ctx, &mut record)?;
            let now = store.now_ms();
            update(&mut record, ctx, now);
            *find_mut(store, collection, ctx, &parent)? = record.clone();
            Ok(Answer::of(op, shaped(store, op, &record)))
        }
        Role::Delete => {
            let id = collection
                .item_id(ctx)
                .ok_or_else(|| collection.not_found())?
                .to_string();
            let records = store.collections.entry(collection.base).or_default();
            let at = records
                .iter()
                .position(|r| r.id == id && r.parent == parent)
                .ok_or_else(|| collection.not_found())?;
            let record = records.remove(at).value;
            Ok(Answer::of(op, deleted(store, op, &record)))
        }
        Role::Act(verb) => {
            let now = store.now_ms();
            let act = collection.hooks.act;
            let mut record = find(store, collection, ctx, &parent)?.clone();
            let answer = act(store, ctx, &verb, &mut record)?;
            if record.get("updated_at").is_some_and(Value::is_number) {
                record["updated_at"] = json!(now);
            }
            *find_mut(store, collection, ctx, &parent)? = record.clone();
            Ok(Answer::of(
                op,
                answer.unwrap_or_else(|| shaped(store, op, &record)),
            ))
        }
        Role::CollectionAct(verb) => match (collection.hooks.collection)(store, ctx, &verb)? {
            Some(answer) => Ok(answer),
            None => Ok(answer::synthesized(store, ctx)),
        },
    }
}

fn find<'s>(
    store: &'s Store,
    collection: &Collection,
    ctx: &Ctx,
    parent: &[String],
) -> Result<&'s Value, ApiError> {
    let id = collection
        .item_id(ctx)
        .ok_or_else(|| collection.not_found())?;
    records(store, collection.base)
        .iter()
        .find(|r| r.id == id && r.parent == parent)
        .map(|r| &r.value)
        .ok_or_else(|| collection.not_found())
}

fn find_mut<'s>(
    store: &'s mut Store,
    collection: &Collection,
    ctx: &Ctx,
    parent: &[String],
) -> Result<&'s mut Value, ApiError> {
    let id = collection
        .item_id(ctx)
        .ok_or_else(|| collection.not_found())?;
    store
        .collections
        .get_mut(collection.base)
        .and_then(|records| {
            records
                .iter_mut()
                .find(|r| r.id == id && r.parent == parent)
        })
        .map(|r| &mut r.value)
        .ok_or_else(|| collection.not_found())
}

/// The request's repeated fields saved into `record`, and the time of the change.
pub(super) fn update(record: &mut Value, ctx: &Ctx, now: i64) {
    for (field, value) in answer::overrides(ctx) {
        if field != "id" && record.get(&field).is_some() {
            record[field] = value;
        }
    }
    if record.get("updated_at").is_some_and(Value::is_number) {
        record["updated_at"] = json!(now);
    }
}

/// `record` in the shape of `op`'s answer (a record of another kind answers as the
/// template says).
pub(super) fn shaped(store: &mut Store, op: &Op, record: &Value) -> Value {
    let Some(template) = answer::item_template(op) else {
        return record.clone();
    };
    let shape = answer::materialize(store, template, &Map::new());
    if shape.get("object").is_some() && shape.get("object") != record.get("object") {
        return shape;
    }
    answer::project(record, shape)
}

/// The answer of a delete: the template with the record's id and kind, `deleted: true`.
fn deleted(store: &mut Store, op: &Op, record: &Value) -> Value {
    let Some(template) = op.template() else {
        return json!({"id": record["id"], "deleted": true});
    };
    let mut answer = answer::materialize(store, template, &Map::new());
    if let (Value::Object(answer), Value::Object(record)) = (&mut answer, record) {
        for (key, value) in answer.iter_mut() {
            match (record.get(key), &*value) {
                (Some(kept @ Value::String(_)), Value::String(_)) => *value = kept.clone(),
                _ if key == "deleted" => *value = json!(true),
                _ => {}
            }
        }
    }
    answer
}

/// The default action: nothing changes but the time.
fn default_act(_: &mut Store, _: &Ctx, _: &str, _: &mut Value) -> Result<Option<Value>, ApiError> {
    Ok(None)
}

/// A list: the records under `parent` (any when `None`) the query's fields and the
/// collection's hook let through, searched, sorted and paged.
fn list(
    store: &mut Store,
    collection: &Collection,
    ctx: &Ctx,
    parent: Option<&[String]>,
) -> Result<Answer, ApiError> {
    let (limit, offset) = ctx.query.page()?;
    let mut items: Vec<Value> = records(store, collection.base)
        .iter()
        .filter(|r| parent.is_none_or(|p| r.parent == p))
        .map(|r| r.value.clone())
        .filter(|v| (collection.hooks.listed)(store, ctx, v))
        .filter(|v| matches(ctx, v))
        .collect();
    sort(&mut items, ctx.query.get("order_by"))?;
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let page: Vec<Value> = page.iter().map(|r| shaped(store, ctx.op, r)).collect();
    let body = answer::page(store, ctx, page, total);
    Ok(Answer::of(ctx.op, body))
}

/// Whether `record` passes the query: each parameter naming a field of the record
/// (values of one parameter: any of them), `<field>_query` and `query` as
/// case-insensitive searches of that field and of its text fields.
fn matches(ctx: &Ctx, record: &Value) -> bool {
    const NOT_FILTERS: &[&str] = &["limit", "offset", "order_by", "paginated", "query"];
    let mut names: Vec<&str> = ctx.query.0.iter().map(|(k, _)| k.as_str()).collect();
    names.dedup();
    let fields_match = names
        .iter()
        .filter(|k| !NOT_FILTERS.contains(k))
        .all(|key| {
            let search = key.strip_suffix("_query").and_then(|f| record.get(f));
            match (record.get(*key), search) {
                (Some(field), _) => ctx
                    .query
                    .all(key)
                    .iter()
                    .any(|wanted| equals(field, wanted)),
                // `name_query`: a case-insensitive search of `name`.
                (None, Some(Value::String(text))) => {
                    let text = text.to_lowercase();
                    ctx.query
                        .all(key)
                        .iter()
                        .any(|wanted| text.contains(&wanted.to_lowercase()))
                }
                _ => true,
            }
        });
    let searched = ctx.query.get("query").is_none_or(|needle| {
        let needle = needle.to_lowercase();
        record.as_object().is_some_and(|map| {
            map.values()
                .filter_map(Value::as_str)
                .any(|s| s.to_lowercase().contains(&needle))
        })
    });
    fields_match && searched
}

fn equals(field: &Value, wanted: &str) -> bool {
    match field {
        Value::String(s) => s.eq_ignore_ascii_case(wanted),
        Value::Bool(b) => wanted == if *b { "true" } else { "false" },
        Value::Number(n) => n.to_string() == wanted,
        Value::Array(items) => items.iter().any(|i| equals(i, wanted)),
        _ => false,
    }
}

/// Newest first, or by `order_by` (`field`, `+field`, `-field`) of a field records have.
fn sort(items: &mut [Value], order_by: Option<&str>) -> Result<(), ApiError> {
    let spec = order_by.unwrap_or("-created_at");
    let (descending, field) = match spec.as_bytes().first() {
        Some(b'-') => (true, &spec[1..]),
        Some(b'+') => (false, &spec[1..]),
        _ => (false, spec),
    };
    if order_by.is_some() && !items.iter().all(|i| i.get(field).is_some()) {
        return Err(ApiError::invalid(
            "form_param_value_invalid",
            "order_by",
            format!("order_by cannot sort by {field}"),
        ));
    }
    let key = |v: &Value| v.get(field).cloned().unwrap_or(Value::Null);
    items.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        let ord = match (&a, &b) {
            (Value::Number(x), Value::Number(y)) => x
                .as_f64()
                .partial_cmp(&y.as_f64())
                .unwrap_or(std::cmp::Ordering::Equal),
            (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
            _ => std::cmp::Ordering::Equal,
        };
        if descending { ord.reverse() } else { ord }
    });
    Ok(())
}
