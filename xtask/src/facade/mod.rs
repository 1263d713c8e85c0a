//! `cargo xtask generate`, second half: the `clerk` facade's generated part
//! (`clerk/src/api/generated/`), from the normalised spec, the generated client's
//! signatures and `openapi/facade.toml`.
//!
//! What the spec says (fields, their types and docs, plain operations, paginators) is
//! transcribed here so it cannot lag; what people decide (modules, names, positional
//! arguments, shared structs, custom operations) comes from the overlay.

mod blocking;
mod calls;
pub mod custom;
mod docs;
mod emit;
pub mod model;
pub mod names;
mod overlay;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::Result;
use crate::model::Api;
use model::{Body, Field, Generated, Location, Operation, Response, Ty};
use overlay::{Overlay, Paginator, Placement};

/// The facade's generated directories (the resource modules, their blocking twins).
pub fn target_dirs(root: &Path) -> [PathBuf; 2] {
    [
        root.join("clerk/src/api/generated"),
        blocking::target_dir(root),
    ]
}

/// One operation, placed.
#[derive(Clone, Debug)]
pub struct Planned {
    pub op: Operation,
    pub placement: Placement,
    /// Query and body fields taken as arguments, after the path parameters.
    pub positional: Vec<Field>,
    /// Body fields with the one value the spec allows, always sent.
    pub constants: Vec<Field>,
    /// The params struct and the operation's fields in it.
    pub params: Option<StructRef>,
    /// For an array body: the argument's name and the item struct.
    pub items: Option<(String, StructRef)>,
    /// Whether `paginated=true` is sent (and the parameter hidden).
    pub paginated: bool,
    pub paginator: Option<String>,
}

/// A params struct as an operation uses it.
#[derive(Clone, Debug)]
pub struct StructRef {
    /// The module that defines it.
    pub module: String,
    pub name: String,
    /// The operation's own fields in it (a shared struct may have more).
    pub fields: Vec<Field>,
}

impl StructRef {
    /// How code in `module` names it.
    pub fn path_from(&self, module: &str) -> String {
        if self.module == module {
            self.name.clone()
        } else {
            format!("crate::{}::{}", self.module, self.name)
        }
    }
}

/// A params struct to emit: the union of the fields of the operations using it.
#[derive(Clone, Debug, Default)]
pub struct StructDef {
    pub name: String,
    pub fields: Vec<Field>,
    /// (module, function name, operationId, the wire names it sends) per user.
    pub users: Vec<(String, String, String, Vec<String>)>,
    /// Whether a user sends it as a JSON body (it then derives `Serialize`).
    pub serialised: bool,
    /// Whether a user walks it page by page (it then implements `Paged`).
    pub paged: bool,
}

/// Every operation of the spec, placed and planned.
pub fn plans(root: &Path, api: &Api, original: &Api, file: &syn::File) -> Result<Vec<Planned>> {
    Ok(plan_all(root, api, original, file)?.0)
}

/// [`plans`], and what the generator reports about them.
fn plan_all(
    root: &Path,
    api: &Api,
    original: &Api,
    file: &syn::File,
) -> Result<(Vec<Planned>, Vec<String>)> {
    let overlay = Overlay::load(root)?;
    let generated = Generated::new(file)?;
    let ops = model::operations(api, original, &generated)?;
    let mut notes = Vec::new();
    let known: std::collections::BTreeSet<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    let stale: Vec<String> = overlay
        .listed()
        .filter(|(_, id)| !known.contains(id))
        .map(|(m, id)| format!("{m}.{id}"))
        .collect();
    // An operation Clerk removed leaves the facade (a breaking change the refresh pull
    // request shows); its entry is reported, not fatal, so the refresh still runs.
    if !stale.is_empty() {
        notes.push(format!(
            "openapi/facade.toml lists operations the spec does not have (remove them): {}",
            stale.join(", ")
        ));
    }
    let reserved = root_names(root)?;
    let mut planned = Vec::new();
    for op in ops {
        let placement = overlay.place(&op.id, &op.tags, &reserved)?;
        planned.push(plan(op, placement)?);
    }
    // A params struct shared from a module that has no operations left moves to its
    // first user's module.
    let modules: std::collections::BTreeSet<String> =
        planned.iter().map(|p| p.placement.module.clone()).collect();
    for p in &mut planned {
        let own = p.placement.module.clone();
        for r in p
            .params
            .iter_mut()
            .chain(p.items.iter_mut().map(|(_, r)| r))
        {
            if !modules.contains(&r.module) {
                notes.push(format!(
                    "{}: its params struct {}::{} is defined in {own} instead, as module {} has no operations",
                    p.op.id, r.module, r.name, r.module
                ));
                r.module = own.clone();
            }
        }
    }
    Ok((planned, notes))
}

/// The names the crate root of `clerk` defines itself (modules, functions, types,
/// re-exports): a module named after a new tag must not take one.
pub fn root_names(root: &Path) -> Result<Vec<String>> {
    let path = root.join("clerk/src/lib.rs");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = syn::parse_file(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut names = Vec::new();
    fn leaves(tree: &syn::UseTree, names: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => leaves(&p.tree, names),
            syn::UseTree::Name(n) => names.push(n.ident.to_string()),
            syn::UseTree::Rename(r) => names.push(r.rename.to_string()),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| leaves(t, names)),
            syn::UseTree::Glob(_) => {}
        }
    }
    for item in &file.items {
        match item {
            syn::Item::Mod(m) => names.push(m.ident.to_string()),
            syn::Item::Fn(f) => names.push(f.sig.ident.to_string()),
            syn::Item::Const(c) => names.push(c.ident.to_string()),
            syn::Item::Type(t) => names.push(t.ident.to_string()),
            syn::Item::Struct(s) => names.push(s.ident.to_string()),
            syn::Item::Use(u) => leaves(&u.tree, &mut names),
            _ => {}
        }
    }
    // The crate's dependencies and the modules of its tree, whatever lib.rs says today.
    names.extend(
        [
            "api",
            "http",
            "auth",
            "integrations",
            "generated",
            "custom",
            "request",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    Ok(names)
}

/// What the facade generator writes, and what it reports.
pub struct Output {
    /// (path, text) of every generated file.
    pub files: Vec<(PathBuf, String)>,
    /// Things a person should look at: placements by default, hand-written files left
    /// out, overlay entries gone stale.
    pub notes: Vec<String>,
}

/// All generated files: (path, text), and notes.
pub fn generate(
    root: &Path,
    api: &Api,
    original: &Api,
    file: &syn::File,
    version: &str,
) -> Result<Output> {
    let overlay = Overlay::load(root)?;
    let (planned, mut notes) = plan_all(root, api, original, file)?;
    for p in planned.iter().filter(|p| p.placement.defaulted) {
        notes.push(format!(
            "{} is not in openapi/facade.toml: generated as {}::{}",
            p.op.id, p.placement.module, p.placement.settings.name
        ));
    }
    let new_tags: std::collections::BTreeSet<String> = planned
        .iter()
        .filter(|p| p.placement.defaulted)
        .filter_map(|p| p.op.tags.first().cloned())
        .filter(|t| !overlay.tags.contains_key(t))
        .collect();
    for tag in new_tags {
        let module = overlay.module_of_tag(&tag, &root_names(root)?);
        notes.push(format!(
            "tag {tag:?} is not in [tags] of openapi/facade.toml: its operations are in the new module {module}"
        ));
    }
    let structs = structs(&planned)?;
    // A shared struct has one type per field (the first user's generated type when
    // each operation has its own, identical one).
    let mut planned = planned;
    for p in &mut planned {
        for r in p
            .params
            .iter_mut()
            .chain(p.items.iter_mut().map(|(_, r)| r))
        {
            let Some(def) = structs.get(&(r.module.clone(), r.name.clone())) else {
                continue;
            };
            for f in &mut r.fields {
                if let Some(shared) = def.fields.iter().find(|d| d.wire == f.wire) {
                    f.ty = shared.ty.clone();
                }
            }
        }
    }
    let mut modules: BTreeMap<String, Vec<Planned>> = BTreeMap::new();
    for p in planned {
        modules
            .entry(p.placement.module.clone())
            .or_default()
            .push(p);
    }
    // The hand-written parts that still fit: every operation their methods serve is in
    // their module. Others are left out of the build, and reported.
    let mut customs: BTreeMap<String, custom::Custom> = BTreeMap::new();
    for (module, c) in custom::read_all(root)? {
        let shown = c
            .path
            .strip_prefix(root)
            .unwrap_or(&c.path)
            .display()
            .to_string();
        let Some(ops) = modules.get(&module) else {
            notes.push(format!(
                "{shown} is left out of the build: no module {module} is generated any more (its operations left the spec); delete it or move its code"
            ));
            continue;
        };
        let missing: Vec<&str> = c
            .operations()
            .filter(|id| !ops.iter().any(|p| p.op.id == *id))
            .collect();
        if !missing.is_empty() {
            notes.push(format!(
                "{shown} is left out of the build: it serves {}, which module {module} no longer has; update it",
                missing.join(", ")
            ));
            continue;
        }
        customs.insert(module, c);
    }
    for (module, ops) in &modules {
        for p in ops.iter().filter(|p| p.placement.settings.custom) {
            let served = customs
                .get(module)
                .is_some_and(|c| c.operations().any(|id| id == p.op.id));
            if !served {
                notes.push(format!(
                    "{} is `custom` in openapi/facade.toml, but clerk/src/api/custom/{module}.rs has no method for it",
                    p.op.id
                ));
            }
        }
    }
    let tag_docs = tag_docs(api);
    let [dir, _] = target_dirs(root);
    let mut files = Vec::new();
    let mut extras_of = BTreeMap::new();
    for (module, ops) in &modules {
        let own: Vec<&StructDef> = structs
            .iter()
            .filter(|((m, _), _)| m == module)
            .map(|(_, s)| s)
            .collect();
        let extras = emit::Extras {
            doc: module_doc(&overlay, &tag_docs, module, ops),
            types: reexported_types(ops, &own, customs.get(module)),
            foreign: foreign_structs(module, ops),
            custom: customs.get(module).cloned(),
        };
        let text = emit::module(module, ops, &own, version, &extras)?;
        files.push((dir.join(format!("{module}.rs")), format(root, &text)?));
        extras_of.insert(module.clone(), extras);
    }
    for module in structs.keys().map(|(m, _)| m) {
        if !modules.contains_key(module) {
            return Err(format!(
                "a params struct is shared from module {module}, which has no operations"
            )
            .into());
        }
    }
    files.push((
        dir.join("mod.rs"),
        format(root, &emit::index(modules.keys(), version))?,
    ));
    files.push((
        dir.join("exports.rs"),
        format(root, &emit::exports(modules.keys(), version))?,
    ));
    files.push((dir.join("api_version.rs"), emit::version_file(version)));
    let all: Vec<Planned> = modules.values().flatten().cloned().collect();
    files.push((
        calls::target(root),
        format(root, &calls::file(&all, version))?,
    ));
    let blocking_dir = blocking::target_dir(root);
    for (module, ops) in &modules {
        let text = blocking::module(module, ops, version, &extras_of[module]);
        files.push((
            blocking_dir.join(format!("{module}.rs")),
            format(root, &text)?,
        ));
    }
    files.push((
        blocking_dir.join("mod.rs"),
        format(root, &blocking::index(modules.keys(), version))?,
    ));
    Ok(Output { files, notes })
}

/// Tag -> (description, link) from the spec's `tags`.
fn tag_docs(api: &Api) -> BTreeMap<String, (String, Option<String>)> {
    api.tags
        .iter()
        .map(|t| (t.name.clone(), (t.description.clone(), t.link.clone())))
        .collect()
}

/// A module's docs: the overlay's, else its tag's description from the spec.
fn module_doc(
    overlay: &Overlay,
    tags: &BTreeMap<String, (String, Option<String>)>,
    module: &str,
    ops: &[Planned],
) -> String {
    let tag = ops
        .iter()
        .find_map(|p| p.op.tags.first())
        .cloned()
        .unwrap_or_default();
    let (description, link) = tags.get(&tag).cloned().unwrap_or_default();
    let mut doc = match overlay.docs.get(module) {
        Some(doc) => doc.trim().to_string(),
        None if description.is_empty() => format!("The `{tag}` operations of the Backend API."),
        None => docs::sanitise(&description),
    };
    doc.push_str(&format!(
        "\n\nSee the Backend API reference: <https://clerk.com/docs/reference/backend-api/tag/{}>",
        tag.replace(' ', "%20")
            .replace('&', "%26")
            .replace('/', "%2F")
    ));
    if let Some(link) = link {
        doc.push_str(&format!(" and the guide: <{link}>"));
    }
    doc.push('.');
    doc
}

/// The API types a module's operations return, re-exported by the module (unless the
/// module has an item of that name).
fn reexported_types(
    ops: &[Planned],
    own: &[&StructDef],
    custom: Option<&custom::Custom>,
) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    for p in ops {
        let ty = match &p.op.response {
            Response::Json(t) => t.as_str(),
            Response::List(item) | Response::Page { item, .. } => item.as_str(),
            Response::Empty | Response::Text => continue,
        };
        if let Some(name) = ty.strip_prefix("types::")
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            names.insert(name.to_string());
        }
    }
    // Types the hand-written methods return (as `types::Name`).
    for m in custom.iter().flat_map(|c| c.methods.iter()) {
        let (custom::Returns::Result(ty) | custom::Returns::Paginator(ty)) = &m.returns;
        for part in ty.split("crate :: types :: ").skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.insert(name);
            }
        }
    }
    names.retain(|n| {
        n != "Client"
            && !own.iter().any(|s| s.name == *n)
            && !custom.is_some_and(|c| c.items.contains(n))
    });
    names.into_iter().collect()
}

/// Params structs of other modules that this module's functions take (re-exported).
fn foreign_structs(module: &str, ops: &[Planned]) -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    for p in ops {
        for r in p.params.iter().chain(p.items.iter().map(|(_, r)| r)) {
            if r.module != module {
                out.insert(format!("crate::{}::{}", r.module, r.name));
            }
        }
    }
    out.into_iter().collect()
}

/// Decides an operation's arguments and structs.
fn plan(mut op: Operation, placement: Placement) -> Result<Planned> {
    let s = &placement.settings;
    match s.response.as_deref() {
        None => {}
        Some("text") => op.response = Response::Text,
        Some(other) => return Err(format!("{}: unknown response {other:?}", op.id).into()),
    }
    let paginated = op.query.iter().any(|f| f.wire == "paginated");
    let mut remaining: Vec<Field> = op
        .fields()
        .into_iter()
        .filter(|f| f.wire != "paginated" && f.ty != Ty::File)
        .cloned()
        .collect();
    let constants: Vec<Field> = remaining
        .iter()
        .filter(|f| f.constant.is_some())
        .cloned()
        .collect();
    remaining.retain(|f| f.constant.is_none());
    let mut positional = Vec::new();
    for name in &s.positional {
        let i = remaining
            .iter()
            .position(|f| &f.wire == name)
            .ok_or_else(|| {
                format!(
                    "{}: positional {name:?} is not a query or body field",
                    op.id
                )
            })?;
        positional.push(remaining.remove(i));
    }
    let mut items = None;
    if let Some(body_items) = &s.body_items {
        let Body::JsonArray { fields, .. } = &op.body else {
            return Err(format!("{}: body_items needs an array body", op.id).into());
        };
        items = Some((
            body_items.arg.clone(),
            struct_ref(&placement.module, &body_items.params, fields.clone()),
        ));
        remaining.retain(|f| f.location != Location::Body);
    } else if matches!(op.body, Body::JsonArray { .. }) {
        return Err(format!(
            "{}: an array body needs `body_items` in openapi/facade.toml",
            op.id
        )
        .into());
    }
    let explicit = s.params.is_some();
    let params = if remaining.is_empty() {
        if explicit && !s.custom {
            return Err(format!("{}: `params` is set but no field is left for it", op.id).into());
        }
        None
    } else if s.custom && !explicit {
        None
    } else {
        let default = format!(
            "{}Params",
            names::pascal(s.with_params.as_deref().unwrap_or(&s.name))
        );
        Some(struct_ref(
            &placement.module,
            s.params.as_deref().unwrap_or(&default),
            remaining,
        ))
    };
    let pages = matches!(op.response, Response::List(_) | Response::Page { .. })
        && params.as_ref().is_some_and(|p| {
            ["limit", "offset"]
                .iter()
                .all(|n| p.fields.iter().any(|f| f.wire == *n && f.ty == Ty::I64))
        });
    let paginator = match (&s.paginator, pages && !s.custom) {
        (Some(Paginator::Named(name)), true) => Some(name.clone()),
        (Some(Paginator::Named(name)), false) => {
            return Err(format!(
                "{}: paginator {name} needs a list with limit and offset",
                op.id
            )
            .into());
        }
        (Some(Paginator::Enabled(false)), _) | (_, false) => None,
        (_, true) => Some(match s.name.strip_prefix("list") {
            Some(rest) => format!("list_all{rest}"),
            None => format!("{}_all", s.name),
        }),
    };
    Ok(Planned {
        op,
        placement,
        positional,
        constants,
        params,
        items,
        paginated,
        paginator,
    })
}

fn struct_ref(module: &str, name: &str, fields: Vec<Field>) -> StructRef {
    match name.split_once("::") {
        Some((m, n)) => StructRef {
            module: m.to_string(),
            name: n.to_string(),
            fields,
        },
        None => StructRef {
            module: module.to_string(),
            name: name.to_string(),
            fields,
        },
    }
}

/// Every params struct: fields merged over the operations sharing it. Structs sent as a
/// body must have the same fields for every user (a field one operation does not know
/// would be sent to it); query-only structs may be supersets.
fn structs(planned: &[Planned]) -> Result<BTreeMap<(String, String), StructDef>> {
    let mut out: BTreeMap<(String, String), StructDef> = BTreeMap::new();
    for p in planned {
        let mut uses: Vec<(&StructRef, bool)> = Vec::new();
        if let Some(params) = &p.params {
            uses.push((params, false));
        }
        if let Some((_, item)) = &p.items {
            uses.push((item, true));
        }
        for (r, is_items) in uses {
            let def = out
                .entry((r.module.clone(), r.name.clone()))
                .or_insert_with(|| StructDef {
                    name: r.name.clone(),
                    ..StructDef::default()
                });
            let sends_body = is_items || r.fields.iter().any(|f| f.location == Location::Body);
            if sends_body && !def.users.is_empty() {
                let mine: Vec<&str> = r.fields.iter().map(|f| f.wire.as_str()).collect();
                let theirs: Vec<&str> = def.fields.iter().map(|f| f.wire.as_str()).collect();
                let (mut a, mut b) = (mine.clone(), theirs.clone());
                a.sort();
                b.sort();
                if a != b {
                    return Err(format!(
                        "{}::{} is shared by {} and {}, whose bodies differ ({a:?} vs {b:?}); give them their own structs",
                        r.module, r.name, def.users[0].2, p.op.id
                    )
                    .into());
                }
            }
            for field in &r.fields {
                match def.fields.iter().find(|f| f.wire == field.wire) {
                    Some(existing)
                        if !existing.ty.same_shape(&field.ty)
                            || existing.values != field.values
                            || existing.location != field.location =>
                    {
                        return Err(format!(
                            "{}::{}: field {} differs between {} and {}",
                            r.module, r.name, field.wire, def.users[0].2, p.op.id
                        )
                        .into());
                    }
                    Some(_) => {}
                    None => def.fields.push(field.clone()),
                }
            }
            def.serialised |= sends_body;
            def.paged = ["limit", "offset"]
                .iter()
                .all(|n| def.fields.iter().any(|f| f.wire == *n && f.ty == Ty::I64));
            def.users.push((
                p.placement.module.clone(),
                p.placement
                    .settings
                    .with_params
                    .clone()
                    .unwrap_or(p.placement.settings.name.clone()),
                p.op.id.clone(),
                r.fields.iter().map(|f| f.wire.clone()).collect(),
            ));
        }
    }
    Ok(out)
}

/// Request fields of Clerk's spec (query parameters, JSON and multipart body properties)
/// that the facade function of their operation cannot send, as `Operation.field`; and
/// how many fields were checked. Hand-written operations are credited with their params
/// struct, their `positional` fields and their file parts.
pub fn unreachable_fields(planned: &[Planned], original: &Api) -> (Vec<String>, usize) {
    let mut missing = Vec::new();
    let mut checked = 0;
    for p in planned {
        let Some(source) = original.operation(&p.op.id) else {
            continue;
        };
        let mut wanted: Vec<String> = source
            .params_in(crate::model::In::Query)
            .map(|param| param.name.clone())
            .collect();
        for (_, schema) in source.body.iter().flat_map(|b| b.content.iter()) {
            let mut schema = original.resolve(schema);
            if let crate::model::Kind::Array(items) = &schema.kind {
                schema = original.resolve(items);
            }
            if let crate::model::Kind::Object(object) = &schema.kind {
                wanted.extend(object.properties.iter().map(|p| p.name.clone()));
            }
        }
        let mut reachable: Vec<&str> = Vec::new();
        reachable.extend(p.positional.iter().map(|f| f.wire.as_str()));
        reachable.extend(p.constants.iter().map(|f| f.wire.as_str()));
        reachable.extend(
            p.params
                .iter()
                .flat_map(|s| s.fields.iter().map(|f| f.wire.as_str())),
        );
        reachable.extend(
            p.items
                .iter()
                .flat_map(|(_, s)| s.fields.iter().map(|f| f.wire.as_str())),
        );
        reachable.extend(
            p.op.fields()
                .iter()
                .filter(|f| f.ty == Ty::File)
                .map(|f| f.wire.as_str()),
        );
        if p.paginated {
            reachable.push("paginated");
        }
        if p.placement.settings.custom {
            reachable.extend(p.placement.settings.positional.iter().map(String::as_str));
        }
        wanted.sort();
        wanted.dedup();
        for field in wanted {
            checked += 1;
            if !reachable.contains(&field.as_str()) {
                missing.push(format!("{}.{field}", p.op.id));
            }
        }
    }
    (missing, checked)
}

/// The overlay's `[untyped]` exceptions: `Operation.field` -> reason.
pub fn untyped_exceptions(root: &Path) -> Result<BTreeMap<String, String>> {
    Ok(Overlay::load(root)?.untyped)
}

/// Request fields whose facade type is looser than the spec's: `String` where the spec
/// gives an enum, JSON where it gives a schema; as (`Operation.field`, what it is).
pub fn untyped_fields(planned: &[Planned]) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for p in planned {
        let fields = p
            .positional
            .iter()
            .chain(p.params.iter().flat_map(|s| s.fields.iter()))
            .chain(p.items.iter().flat_map(|(_, s)| s.fields.iter()));
        for f in fields {
            let loose = match (f.spec, f.ty.base()) {
                (model::SpecShape::Enum, Ty::String) => "String where the spec gives an enum",
                (model::SpecShape::Schema, Ty::Json) => "JSON where the spec gives a schema",
                _ => continue,
            };
            let name = format!("{}.{}", p.op.id, f.wire);
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name, loose));
            }
        }
    }
    out
}

/// `cargo xtask describe`: how the facade offers each operation matching `filters`
/// (operationIds or tags; all when empty).
pub fn describe(planned: &[Planned], filters: &[&str]) -> String {
    let mut out = String::new();
    for p in planned {
        let matches = filters.is_empty()
            || filters
                .iter()
                .any(|f| *f == p.op.id || p.op.tags.iter().any(|t| t == f));
        if !matches {
            continue;
        }
        let s = &p.placement.settings;
        let mut args: Vec<String> =
            p.op.path_params
                .iter()
                .map(|f| format!("{}: &str", f.ident))
                .collect();
        args.extend(
            p.positional
                .iter()
                .map(|f| format!("{}: {}", f.ident, f.ty.argument(f.required))),
        );
        if let Some((arg, item)) = &p.items {
            args.push(format!("{arg}: &[{}]", item.path_from(&p.placement.module)));
        }
        if let Some(params) = &p.params {
            args.push(format!(
                "params: &{}",
                params.path_from(&p.placement.module)
            ));
        }
        out.push_str(&format!(
            "{} {} {}\n    clerk::{}::{}({}) -> Result<{}>{}{}\n",
            p.op.id,
            p.op.method.to_uppercase(),
            p.op.path,
            p.placement.module,
            s.with_params.as_deref().unwrap_or(&s.name),
            args.join(", "),
            p.op.response.rust(),
            if s.custom {
                "  [custom: written by hand]"
            } else {
                ""
            },
            if p.placement.defaulted {
                "  [not in facade.toml]"
            } else {
                ""
            },
        ));
        if let Some(params) = &p.params {
            for f in &params.fields {
                out.push_str(&format!(
                    "        {}.{}: Option<{}>{}\n",
                    params.name,
                    f.ident,
                    f.ty.owned(),
                    if f.required { " (required)" } else { "" }
                ));
            }
        }
        if let Some(paginator) = &p.paginator {
            out.push_str(&format!(
                "    paginator: clerk::{}::{paginator}\n",
                p.placement.module
            ));
        }
    }
    out
}

/// Formats generated Rust with rustfmt (edition 2024), as `cargo fmt` would.
fn format(root: &Path, text: &str) -> Result<String> {
    use std::io::Write;
    let mut child = std::process::Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .current_dir(root)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt (rustup component add rustfmt): {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output()?;
    writer.join().map_err(|_| "rustfmt writer panicked")??;
    if !output.status.success() {
        let dump = std::env::temp_dir().join("xtask-facade-unformatted.rs");
        std::fs::write(&dump, text)?;
        return Err(format!(
            "rustfmt failed on generated code (written to {}):\n{}",
            dump.display(),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(String::from_utf8(output.stdout)?)
}
