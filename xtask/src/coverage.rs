//! `cargo xtask coverage [--json]`: which facade function serves each operation.
//!
//! Every facade operation carries `#[doc(alias = "OperationId")]`; this reads them from
//! `clerk/src` (inside `operations! { ... }` or anywhere else) and maps the spec onto them.

use std::collections::BTreeMap;
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use serde_json::Value;

use crate::Result;

/// operationId -> facade path (`clerk::user::get`), for every alias found.
pub fn facade_aliases(root: &Path) -> Result<BTreeMap<String, String>> {
    let src = root.join("clerk/src");
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut files = Vec::new();
    collect(&src, &mut files)?;
    // `clerk::blocking` has a twin of every function; the async facade is the reference.
    files.retain(|f| !f.starts_with(src.join("blocking")));
    files.sort();
    for file in files {
        let module = module_path(&src, &file);
        let text = std::fs::read_to_string(&file)?;
        let tokens: TokenStream = text
            .parse()
            .map_err(|e| format!("{}: {e}", file.display()))?;
        let mut found = Vec::new();
        scan(tokens, &mut found);
        for (alias, function) in found {
            let path = format!("{module}::{function}");
            match out.get(&alias) {
                // `get` and `get_with_params` (or a method and its package-level twin)
                // serve one operation: the first found names it.
                Some(previous)
                    if previous.rsplit_once("::").map(|p| p.0) == Some(module.as_str()) => {}
                Some(previous) => {
                    return Err(format!("{alias} is served twice: {previous} and {path}").into());
                }
                None => {
                    out.insert(alias, path);
                }
            }
        }
    }
    Ok(out)
}

fn collect(dir: &Path, files: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

/// The public path of a file's items: `clerk/src/api/generated/user.rs` and
/// `clerk/src/api/custom/user.rs` -> `clerk::user` (re-exported at the root);
/// `a/mod.rs` -> `clerk::a`; `lib.rs` -> `clerk`.
fn module_path(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for prefix in [
        &["api", "generated"][..],
        &["api", "custom"][..],
        &["api"][..],
    ] {
        if parts.len() > prefix.len() && parts[..prefix.len()] == *prefix {
            parts.drain(..prefix.len());
            break;
        }
    }
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    std::iter::once("clerk".to_string())
        .chain(parts)
        .collect::<Vec<_>>()
        .join("::")
}

/// Finds `#[doc(alias = "X")]` followed (after other attributes) by `fn name`.
fn scan(tokens: TokenStream, found: &mut Vec<(String, String)>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut pending: Option<String> = None;
    let mut i = 0;
    while i < trees.len() {
        match &trees[i] {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                if let Some(TokenTree::Group(attr)) = trees.get(i + 1) {
                    if let Some(alias) = doc_alias(attr.stream()) {
                        pending = Some(alias);
                    }
                    i += 2;
                    continue;
                }
            }
            TokenTree::Ident(id) if *id == "fn" => {
                if let (Some(alias), Some(TokenTree::Ident(name))) =
                    (pending.take(), trees.get(i + 1))
                {
                    found.push((alias, name.to_string()));
                }
            }
            TokenTree::Group(g) => scan(g.stream(), found),
            _ => {}
        }
        i += 1;
    }
}

/// `doc(alias = "X")` -> X.
fn doc_alias(attr: TokenStream) -> Option<String> {
    let trees: Vec<TokenTree> = attr.into_iter().collect();
    match (trees.first(), trees.get(1)) {
        (Some(TokenTree::Ident(doc)), Some(TokenTree::Group(args))) if *doc == "doc" => {
            let inner: Vec<TokenTree> = args.stream().into_iter().collect();
            match (inner.first(), inner.get(2)) {
                (Some(TokenTree::Ident(alias)), Some(TokenTree::Literal(lit)))
                    if *alias == "alias" =>
                {
                    Some(lit.to_string().trim_matches('"').to_string())
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The report: covered and missing operations of the spec, and request fields no facade
/// function can send.
pub struct Coverage {
    pub map: BTreeMap<String, Option<String>>,
    pub unknown_aliases: Vec<String>,
    pub unreachable_fields: Vec<String>,
    pub fields_checked: usize,
    /// Request fields typed looser than the spec says, not excepted in the overlay:
    /// (`Operation.field`, what it is).
    pub untyped: Vec<(String, &'static str)>,
    /// The overlay's `[untyped]` exceptions that apply: (`Operation.field`, what, reason).
    pub excepted: Vec<(String, &'static str, String)>,
    /// Exceptions of the overlay that no longer match a loose field.
    pub stale_exceptions: Vec<String>,
}

impl Coverage {
    pub fn covered(&self) -> usize {
        self.map.values().filter(|v| v.is_some()).count()
    }
}

pub fn coverage(root: &Path, doc: &Value) -> Result<Coverage> {
    let aliases = facade_aliases(root)?;
    let rules = crate::rules::RulesFile::load(root)?;
    let mut normalised = doc.clone();
    crate::rules::apply(&rules, &mut normalised)?;
    let file = crate::generate::read_generated(root)?;
    let api = crate::model::Api::read(&normalised)?;
    let original = crate::model::Api::read(doc)?;
    let planned = crate::facade::plans(root, &api, &original, &file)?;
    let (mut unreachable_fields, fields_checked) =
        crate::facade::unreachable_fields(&planned, &original);
    // Parameters a rule drops (a deprecated duplicate) are not sent on purpose.
    let dropped = rules.dropped_parameters();
    unreachable_fields.retain(|f| !dropped.contains(f));
    let exceptions = crate::facade::untyped_exceptions(root)?;
    let mut untyped = Vec::new();
    let mut excepted = Vec::new();
    for (field, what) in crate::facade::untyped_fields(&planned) {
        match exceptions.get(&field) {
            Some(reason) => excepted.push((field, what, reason.clone())),
            None => untyped.push((field, what)),
        }
    }
    let stale_exceptions = exceptions
        .keys()
        .filter(|k| !excepted.iter().any(|(f, _, _)| f == *k))
        .cloned()
        .collect();
    let ops: Vec<String> = crate::spec::operations(doc)
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    let map = ops
        .iter()
        .map(|id| (id.clone(), aliases.get(id).cloned()))
        .collect();
    let unknown_aliases = aliases
        .keys()
        .filter(|a| !ops.contains(a))
        .cloned()
        .collect();
    Ok(Coverage {
        map,
        unknown_aliases,
        unreachable_fields,
        fields_checked,
        untyped,
        excepted,
        stale_exceptions,
    })
}

pub fn report(c: &Coverage, json: bool) -> String {
    if json {
        let obj: serde_json::Map<String, Value> = c
            .map
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    v.clone().map(Value::String).unwrap_or(Value::Null),
                )
            })
            .collect();
        return serde_json::to_string_pretty(&Value::Object(obj)).expect("json") + "\n";
    }
    let mut out = String::new();
    for (op, path) in &c.map {
        out.push_str(&format!(
            "{op:<45} {}\n",
            path.as_deref().unwrap_or("-- missing --")
        ));
    }
    for alias in &c.unknown_aliases {
        out.push_str(&format!("alias {alias} names no operation of the spec\n"));
    }
    for field in &c.unreachable_fields {
        out.push_str(&format!(
            "request field {field} cannot be sent by the facade\n"
        ));
    }
    for (field, what) in &c.untyped {
        out.push_str(&format!("request field {field}: {what}\n"));
    }
    for (field, what, reason) in &c.excepted {
        out.push_str(&format!(
            "request field {field}: {what}, excepted: {reason}\n"
        ));
    }
    for field in &c.stale_exceptions {
        out.push_str(&format!(
            "[untyped] {field} in openapi/facade.toml is typed now: remove it\n"
        ));
    }
    out.push_str(&format!(
        "coverage: {}/{} operations, {}/{} request fields\n",
        c.covered(),
        c.map.len(),
        c.fields_checked - c.unreachable_fields.len(),
        c.fields_checked
    ));
    let count = |kind: &str| {
        c.untyped
            .iter()
            .filter(|(_, w)| w.starts_with(kind))
            .count()
    };
    out.push_str(&format!(
        "typed-ness: {} String-for-enum, {} Value-for-schema request fields ({} excepted in openapi/facade.toml [untyped])\n",
        count("String"),
        count("JSON"),
        c.excepted.len()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_aliases_inside_macros_and_impls() {
        let src = r#"
            operations! {
                /// Gets.
                #[doc(alias = "GetUser")]
                pub async fn get(&self, id: &str) -> Result<User> { todo!() }
                #[doc(alias = "DeleteUser")]
                #[allow(unused)]
                pub async fn delete(&self) -> Result<()> { todo!() }
            }
            /// Not an operation.
            pub fn helper() {}
        "#;
        let mut found = Vec::new();
        scan(src.parse().unwrap(), &mut found);
        assert_eq!(
            found,
            vec![
                ("GetUser".to_string(), "get".to_string()),
                ("DeleteUser".to_string(), "delete".to_string())
            ]
        );
    }

    #[test]
    fn go_sdk_functions_have_snake_case_twins() {
        let root = crate::root();
        let aliases = facade_aliases(&root).unwrap();
        let list = std::fs::read_to_string(root.join("xtask/data/go-sdk-v2.txt")).unwrap();
        let mut checked = 0;
        for line in list
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let [module, function, operation] = line.split_whitespace().collect::<Vec<_>>()[..]
            else {
                panic!("bad line {line:?}");
            };
            assert_eq!(
                aliases.get(operation).map(String::as_str),
                Some(format!("clerk::{module}::{function}").as_str()),
                "Go's {module}.{function} ({operation})"
            );
            checked += 1;
        }
        assert!(checked >= 100, "{checked} Go functions checked");
    }

    #[test]
    fn every_operation_of_the_pinned_spec_has_a_facade_function() {
        let root = crate::root();
        let pins = crate::spec::Pins::load(&root).unwrap();
        let spec = match crate::spec::load(&root, &pins, crate::spec::Family::Bapi, None, None) {
            Ok(spec) => spec,
            Err(e) => {
                eprintln!("skipping: {e}");
                return;
            }
        };
        let c = coverage(&root, &spec.doc).unwrap();
        let missing: Vec<&String> = c
            .map
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k)
            .collect();
        assert!(
            missing.is_empty(),
            "operations without a facade function: {missing:?}"
        );
        assert!(
            c.unknown_aliases.is_empty(),
            "aliases naming no operation: {:?}",
            c.unknown_aliases
        );
        assert!(
            c.unreachable_fields.is_empty(),
            "request fields the facade cannot send: {:?}",
            c.unreachable_fields
        );
        assert!(
            c.fields_checked > 500,
            "{} fields checked",
            c.fields_checked
        );
        assert!(
            c.untyped.is_empty(),
            "request fields typed looser than the spec (type them, or list them with a reason in [untyped] of openapi/facade.toml): {:?}",
            c.untyped
        );
        assert!(
            c.stale_exceptions.is_empty(),
            "[untyped] exceptions that are typed now: {:?}",
            c.stale_exceptions
        );
    }
}
