//! `cargo xtask generate`, second half: the `clerk` facade's generated part
//! (`clerk/src/api/generated/`), from the normalised spec, the generated client's
//! signatures and `openapi/facade.toml`.
//!
//! What the spec says (fields, their types and docs, plain operations, paginators) is
//! transcribed here so it cannot lag; what people decide (modules, names, positional
//! arguments, shared structs, custom operations) comes from the overlay.

mod blocking;
mod calls;
mod docs;
mod emit;
pub mod model;
pub mod names;
mod overlay;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::Result;
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
pub fn plans(root: &Path, doc: &Value, original: &Value, file: &syn::File) -> Result<Vec<Planned>> {
    let overlay = Overlay::load(root)?;
    let generated = Generated::new(file)?;
    let ops = model::operations(doc, original, &generated)?;
    let known: std::collections::BTreeSet<&str> = ops.iter().map(|o| o.id.as_str()).collect();
    let stale: Vec<String> = overlay
        .listed()
        .filter(|(_, id)| !known.contains(id))
        .map(|(m, id)| format!("{m}.{id}"))
        .collect();
    // An operation Clerk removed leaves the facade (a breaking change the refresh pull
    // request shows); its entry is reported, not fatal, so the refresh still runs.
    if !stale.is_empty() {
        eprintln!(
            "facade: openapi/facade.toml lists operations the spec does not have (remove them): {}",
            stale.join(", ")
        );
    }
    let mut planned = Vec::new();
    for op in ops {
        let placement = overlay.place(&op.id, &op.tags)?;
        planned.push(plan(op, placement)?);
    }
    Ok(planned)
}

/// All generated files: (path, text).
pub fn generate(
    root: &Path,
    doc: &Value,
    original: &Value,
    file: &syn::File,
    version: &str,
) -> Result<Vec<(PathBuf, String)>> {
    let planned = plans(root, doc, original, file)?;
    for p in planned.iter().filter(|p| p.placement.defaulted) {
        eprintln!(
            "facade: {} is not in openapi/facade.toml: generated as {}::{}",
            p.op.id, p.placement.module, p.placement.settings.name
        );
    }
    let structs = structs(&planned)?;
    let mut modules: BTreeMap<String, Vec<Planned>> = BTreeMap::new();
    for p in planned {
        modules
            .entry(p.placement.module.clone())
            .or_default()
            .push(p);
    }
    let [dir, _] = target_dirs(root);
    let mut files = Vec::new();
    for (module, ops) in &modules {
        if !root.join(format!("clerk/src/api/{module}.rs")).exists() {
            return Err(format!(
                "module {module} has no file clerk/src/api/{module}.rs: create it (a module doc and `pub use super::generated::{module}::*;`)"
            )
            .into());
        }
        let own: Vec<&StructDef> = structs
            .iter()
            .filter(|((m, _), _)| m == module)
            .map(|(_, s)| s)
            .collect();
        let text = emit::module(module, ops, &own, version)?;
        files.push((dir.join(format!("{module}.rs")), format(root, &text)?));
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
    files.push((dir.join("api_version.rs"), emit::version_file(version)));
    let all: Vec<Planned> = modules.values().flatten().cloned().collect();
    files.push((
        calls::target(root),
        format(root, &calls::file(&all, version))?,
    ));
    let blocking_dir = blocking::target_dir(root);
    for (module, ops) in &modules {
        let text = blocking::module(module, ops, version);
        files.push((
            blocking_dir.join(format!("{module}.rs")),
            format(root, &text)?,
        ));
    }
    files.push((
        blocking_dir.join("mod.rs"),
        format(root, &blocking::index(modules.keys(), version))?,
    ));
    Ok(files)
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
pub fn unreachable_fields(planned: &[Planned], original: &Value) -> (Vec<String>, usize) {
    let mut missing = Vec::new();
    let mut checked = 0;
    for p in planned {
        let Some(source) = original.pointer(&format!(
            "/paths/{}/{}",
            p.op.path.replace('~', "~0").replace('/', "~1"),
            p.op.method
        )) else {
            continue;
        };
        let mut wanted: Vec<String> = Vec::new();
        let shared = original["paths"][&p.op.path]
            .get("parameters")
            .and_then(Value::as_array);
        let own = source.get("parameters").and_then(Value::as_array);
        for param in shared.into_iter().chain(own).flatten() {
            let param = crate::rules::resolve(original, param);
            if param["in"] == "query" {
                wanted.push(param["name"].as_str().unwrap_or_default().to_string());
            }
        }
        if let Some(body) = source.get("requestBody") {
            let body = crate::rules::resolve(original, body);
            for media in body["content"]
                .as_object()
                .into_iter()
                .flat_map(|c| c.values())
            {
                let mut schema = crate::rules::resolve(original, &media["schema"]);
                if schema["type"] == "array" {
                    schema = crate::rules::resolve(original, &schema["items"]);
                }
                let parts = std::iter::once(schema).chain(
                    schema
                        .get("allOf")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten(),
                );
                for part in parts {
                    let part = crate::rules::resolve(original, part);
                    if let Some(props) = part.get("properties").and_then(Value::as_object) {
                        wanted.extend(props.keys().cloned());
                    }
                }
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
