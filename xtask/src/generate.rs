//! `cargo xtask generate`: spec -> rules -> progenitor -> `clerk-raw/src/generated/`
//! (`types.rs`, the API's types; `client.rs`, the client, behind clerk-raw's `client`
//! feature; `mod.rs`, the version and operation tables).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use progenitor::{CrateVers, GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle};
use quote::ToTokens;
use serde_json::Value;

use crate::Result;
use crate::rules::{self, RulesFile};
use crate::spec::{self, Family, Pins, PinsExt, Spec};

pub const PROGENITOR_VERSION: &str = "0.15.1";

/// The generated files of one spec version, as text.
pub struct Output {
    /// `clerk-raw/src/generated/mod.rs`: the version and operation tables.
    pub index: String,
    /// `clerk-raw/src/generated/types.rs`: the `types` module's items.
    pub types: String,
    /// `clerk-raw/src/generated/client.rs`: the client (feature `client`).
    pub client: String,
    /// `tests/tests/support/registry.rs`: operationId -> response types, for the fidelity tests.
    pub registry: String,
    /// The generated client's syntax tree (the facade generator reads its signatures).
    pub file: syn::File,
    /// The spec after the rules, read into the model every emitter reads.
    pub api: crate::model::Api,
}

/// Applies the rules and generates the client for `spec`. `types_path` is how the
/// registry names the generated crate (`clerk_raw` or `crate`).
pub fn generate(root: &Path, spec: &Spec, types_path: &str, verbose: bool) -> Result<Output> {
    let rules = RulesFile::load(root)?;
    let mut doc = spec.doc.clone();
    let outcomes = rules::apply(&rules, &mut doc)?;
    // For debugging the rules: the spec exactly as progenitor sees it.
    if let Some(path) = std::env::var_os("XTASK_DUMP_NORMALISED") {
        std::fs::write(path, serde_json::to_string_pretty(&doc)?)?;
    }
    if verbose {
        eprintln!("rules applied to bapi {}:", spec.version);
        for outcome in &outcomes {
            eprintln!("  {outcome}");
        }
        let by_hand: Vec<String> = rules.hand_written().into_iter().collect();
        eprintln!("hand-written in the facade: {}", by_hand.join(", "));
    }
    let tokens = run_progenitor(&doc)?;
    let mut file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor output does not parse: {e}"))?;
    confine_paths(&mut file)?;
    let opened = open_types_module(&mut file.items)?;
    if verbose {
        eprintln!(
            "open types: {} enums, {} unions ({} with a tag), {} variant structs",
            opened.enums, opened.unions, opened.discriminated, opened.variant_structs
        );
    }
    // The `types` module goes to its own file, so that a build without the client
    // (the `clerk` facade's) compiles the types only.
    let mut types_items = Vec::new();
    let mut client_items = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "types" => {
                let (_, items) = m.content.as_ref().ok_or("the types module has no body")?;
                types_items = items.clone();
            }
            other => client_items.push(other.clone()),
        }
    }
    if types_items.is_empty() {
        return Err("progenitor's output has no types module".into());
    }
    let unparse = |items: Vec<syn::Item>| {
        let mut out = file.clone();
        out.attrs.clear();
        out.items = items;
        prettyplease::unparse(&out)
    };
    let index = format!(
        "{}\n//! The generated parts of clerk-raw: [`types`], and the client (feature `client`).\n\n\
         /// The API's types (request bodies, responses, enums), generated from the spec.\n\
         pub mod types;\n\
         #[cfg(feature = \"client\")]\nmod client;\n\
         #[cfg(feature = \"client\")]\npub use client::*;\n\n\
         /// The dated Backend API version this client was generated from, sent as `Clerk-API-Version`.\n\
         pub const API_VERSION: &str = {:?};\n\n{}",
        header(spec, "clerk-raw's version and operation tables"),
        spec.version,
        operations_table(&spec.doc),
    );
    let types = format!(
        "{}\n{}",
        header(spec, "clerk-raw's types"),
        unparse(types_items)
    );
    let client = format!(
        "{}\nuse super::types;\n\n{}\n{}",
        header(spec, "clerk-raw's client"),
        path_templates(&file, &doc)?,
        unparse(client_items)
    );
    let registry = registry(&file, spec, &doc, types_path)?;
    let api = crate::model::Api::read(&doc)?;
    Ok(Output {
        index,
        types,
        client,
        registry,
        file,
        api,
    })
}

fn header(spec: &Spec, what: &str) -> String {
    header_for("Clerk Backend API", spec, what)
}

/// The `@generated` header of a file generated from `spec`, a spec of `title`.
pub fn header_for(title: &str, spec: &Spec, what: &str) -> String {
    format!(
        "// @generated by `cargo xtask generate`: {what}. Do not edit by hand;\n\
         // change openapi/rules.toml or the xtask settings and regenerate.\n\
         // Spec: {title} {} (sha256 {}).\n\
         // Generator: progenitor {PROGENITOR_VERSION}.\n",
        spec.version, spec.sha256
    )
}

/// Applies [`crate::open_types::open`] to the `types` module among `items`.
pub fn open_types_module(items: &mut [syn::Item]) -> Result<crate::open_types::Opened> {
    for item in items {
        if let syn::Item::Mod(m) = item
            && m.ident == "types"
        {
            let (_, types) = m.content.as_mut().ok_or("the types module has no body")?;
            return crate::open_types::open(types);
        }
    }
    Err("progenitor's output has no types module".into())
}

/// The progenitor settings of the BAPI client.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_inner_type("crate::Hooks".parse().expect("tokens"))
        .with_hooks(HooksMode::Expected)
        .with_crate("clerk-raw", CrateVers::Any, None);
    settings
}

/// Runs progenitor, turning its panics and errors into messages naming the operations at fault.
fn run_progenitor(doc: &Value) -> Result<proc_macro2::TokenStream> {
    run_progenitor_with(doc, &settings())
}

/// [`run_progenitor`] with other settings.
pub fn run_progenitor_with(
    doc: &Value,
    settings: &GenerationSettings,
) -> Result<proc_macro2::TokenStream> {
    let openapi: openapiv3::OpenAPI = serde_json::from_value(doc.clone())
        .map_err(|e| format!("normalised spec is not OpenAPI 3.0: {e}"))?;
    match generate_quietly(&openapi, settings) {
        Ok(tokens) => Ok(tokens),
        Err(whole) => {
            let culprits = probe(doc);
            if culprits.is_empty() {
                Err(format!("progenitor failed: {whole}").into())
            } else {
                let list: Vec<String> = culprits
                    .iter()
                    .map(|(id, why)| format!("  {id}: {why}"))
                    .collect();
                Err(format!(
                    "progenitor failed on {} operation(s); add a rule in openapi/rules.toml:\n{}",
                    culprits.len(),
                    list.join("\n")
                )
                .into())
            }
        }
    }
}

fn generate_quietly(
    openapi: &openapiv3::OpenAPI,
    settings: &GenerationSettings,
) -> std::result::Result<proc_macro2::TokenStream, String> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(|| {
        Generator::new(settings).generate_tokens(openapi)
    }));
    std::panic::set_hook(hook);
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic_message(&panic)),
    }
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        format!("panic: {s}")
    } else if let Some(s) = panic.downcast_ref::<String>() {
        format!("panic: {s}")
    } else {
        "panic".to_string()
    }
}

/// Generates each operation on its own (with all components) to find which ones fail.
pub fn probe(doc: &Value) -> Vec<(String, String)> {
    let mut failures = Vec::new();
    for (id, method, path) in spec::operations(doc) {
        let mut one = doc.clone();
        let op = doc["paths"][&path][&method].clone();
        let mut item = serde_json::Map::new();
        item.insert(method.clone(), op);
        one["paths"] = Value::Object(serde_json::Map::from_iter([(
            path.clone(),
            Value::Object(item),
        )]));
        let result = serde_json::from_value::<openapiv3::OpenAPI>(one)
            .map_err(|e| e.to_string())
            .and_then(|openapi| generate_quietly(&openapi, &settings()));
        if let Err(why) = result {
            failures.push((id, why));
        }
    }
    failures
}

/// The operation methods of the generated (positional) client: `impl Client { pub async fn op(..) }`,
/// as (method name, signature).
pub fn client_methods(file: &syn::File) -> Vec<(String, syn::Signature)> {
    let mut methods = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let is_client = matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        if !is_client || imp.trait_.is_some() {
            continue;
        }
        for member in &imp.items {
            if let syn::ImplItem::Fn(f) = member
                && f.sig.asyncness.is_some()
            {
                methods.push((f.sig.ident.to_string(), f.sig.clone()));
            }
        }
    }
    methods
}

/// Builds the operationId -> (success type, error type) table from the generated client.
fn registry(file: &syn::File, spec: &Spec, doc: &Value, types_path: &str) -> Result<String> {
    let ids = operation_ids(doc)?;
    let mut entries = Vec::new();
    for (method, sig) in client_methods(file) {
        let op = ids
            .get(&squash(&method))
            .cloned()
            .ok_or_else(|| format!("generated method {method} matches no operationId"))?;
        let syn::ReturnType::Type(_, ty) = &sig.output else {
            continue;
        };
        let (ok, err) = result_types(ty).ok_or_else(|| format!("{op}: unexpected return type"))?;
        entries.push((op, ok, err));
    }
    if entries.is_empty() {
        return Err("no operation methods found in the generated client".into());
    }
    entries.sort();
    let mut arms = String::new();
    for (op, ok, err) in &entries {
        arms.push_str(&format!(
            "        ({op:?}, true) => {},\n        ({op:?}, false) => {},\n",
            decoder(ok, types_path),
            decoder(err, types_path)
        ));
    }
    Ok(format!(
        "{}\n\
         //! Which generated type each operation's responses decode into.\n\n\
         /// How a response body of `operation_id` decodes: `success` picks the 2xx type\n\
         /// over the error type. `None` when the operation is unknown or has no JSON body.\n\
         pub fn decode(operation_id: &str, success: bool, body: &[u8]) -> Option<Result<(), serde_json::Error>> {{\n\
         \x20   match (operation_id, success) {{\n{arms}        _ => None,\n    }}\n}}\n\n\
         /// The operations of the client this table was generated with.\n\
         pub const OPERATIONS: &[&str] = &[\n{}];\n\n\
         fn check<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<Result<(), serde_json::Error>> {{\n\
         \x20   Some(serde_json::from_slice::<T>(body).map(|_| ()))\n}}\n",
        header(spec, "response-type table"),
        entries
            .iter()
            .map(|(op, _, _)| format!("    {op:?},\n"))
            .collect::<String>()
    ))
}

/// progenitor names methods (and `OperationInfo::operation_id`) after the snake-cased
/// operationId; comparing lowercase alphanumerics maps them back.
pub fn squash(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// squashed name -> spec operationId, refusing ambiguous specs.
pub fn operation_ids(doc: &Value) -> Result<std::collections::BTreeMap<String, String>> {
    let mut ids = std::collections::BTreeMap::new();
    for (id, _, _) in spec::operations(doc) {
        if let Some(other) = ids.insert(squash(&id), id.clone()) {
            return Err(
                format!("operationIds {other} and {id} would get the same Rust name").into(),
            );
        }
    }
    Ok(ids)
}

fn decoder(ty: &str, types_path: &str) -> String {
    match ty {
        "()" | "ByteStream" => "None".to_string(),
        other => format!(
            "check::<{}>(body)",
            other.replace("types ::", &format!("{types_path}::types::"))
        ),
    }
}

/// `Result<ResponseValue<T>, Error<E>>` -> (T, E) as token strings.
fn result_types(ty: &syn::Type) -> Option<(String, String)> {
    let args = generic_args(ty, "Result")?;
    let ok = generic_args(args.first()?, "ResponseValue")?
        .into_iter()
        .next()?;
    let err = generic_args(args.get(1)?, "Error")?.into_iter().next()?;
    Some((type_string(&ok), type_string(&err)))
}

fn generic_args(ty: &syn::Type, name: &str) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

fn type_string(ty: &syn::Type) -> String {
    ty.to_token_stream().to_string()
}

/// Where `generate` writes for a given spec version.
pub struct Targets {
    /// The directory of `mod.rs`, `types.rs` and `client.rs`.
    pub generated: PathBuf,
    pub registry: PathBuf,
}

pub fn targets(root: &Path, pins: &Pins, version: &str, out: Option<&Path>) -> Targets {
    match out {
        Some(dir) => Targets {
            generated: dir.join("src/generated"),
            registry: dir.join("src/registry.rs"),
        },
        None if version == pins.current(Family::Bapi) => Targets {
            generated: root.join("clerk-raw/src/generated"),
            registry: root.join("tests/tests/support/registry.rs"),
        },
        None => {
            let dir = root.join("target/xtask").join(format!("bapi-{version}"));
            Targets {
                generated: dir.join("src/generated"),
                registry: dir.join("src/registry.rs"),
            }
        }
    }
}

/// Compares generated text with what is on disk; returns a short summary when they differ.
pub fn drift(path: &Path, expected: &str) -> Option<String> {
    let actual = std::fs::read_to_string(path).unwrap_or_default();
    if actual == expected {
        return None;
    }
    let a: Vec<&str> = actual.lines().collect();
    let e: Vec<&str> = expected.lines().collect();
    let first = a
        .iter()
        .zip(&e)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(e.len()));
    Some(format!(
        "{} is out of date: {} line(s) committed, {} generated, first difference at line {}{}",
        path.display(),
        a.len(),
        e.len(),
        first + 1,
        e.get(first)
            .map(|l| format!(":\n    generated: {}", truncate(l)))
            .unwrap_or_default()
            + &a.get(first)
                .map(|l| format!("\n    committed: {}", truncate(l)))
                .unwrap_or_default()
    ))
}

fn truncate(line: &str) -> String {
    if line.len() > 120 {
        format!(
            "{}...",
            &line[..line.char_indices().nth(117).map_or(line.len(), |(i, _)| i)]
        )
    } else {
        line.to_string()
    }
}

/// Makes the generated client encode path parameters with `crate::path::encode_path`
/// (every byte outside RFC 3986 "unreserved", `\\` included) instead of progenitor-client's
/// `encode_path`, which leaves `\\` as is: URL parsing turns it into `/`, so an id like
/// `..\\organizations\\org_1` would reach another endpoint.
fn confine_paths(file: &mut syn::File) -> Result<()> {
    let mut replaced = 0;
    for item in &mut file.items {
        let syn::Item::Use(use_item) = item else {
            continue;
        };
        let text = use_item.tree.to_token_stream().to_string();
        if !text.starts_with("progenitor_client") || !text.contains("encode_path") {
            continue;
        }
        let rest = text
            .replace("encode_path ,", "")
            .replace(", encode_path", "");
        use_item.tree =
            syn::parse_str(&rest).map_err(|e| format!("rewriting `use {text}`: {e}"))?;
        file.items.insert(
            0,
            syn::parse_quote!(
                use crate::path::encode_path;
            ),
        );
        replaced += 1;
        break;
    }
    if replaced == 0 {
        return Err(
            "progenitor's output no longer imports encode_path: update confine_paths".into(),
        );
    }
    Ok(())
}

/// `PATH_TEMPLATES`: the path template of each operation method of the generated client,
/// sorted by method name, for the path check in `Hooks` (the second line of defence).
fn path_templates(file: &syn::File, doc: &Value) -> Result<String> {
    let paths: std::collections::BTreeMap<String, String> = spec::operations(doc)
        .into_iter()
        .map(|(id, _, path)| (squash(&id), path))
        .collect();
    let mut rows = Vec::new();
    for (method, _) in client_methods(file) {
        let path = paths
            .get(&squash(&method))
            .ok_or_else(|| format!("generated method {method} matches no operation"))?;
        rows.push(format!("    ({method:?}, {path:?}),\n"));
    }
    rows.sort();
    Ok(format!(
        "/// The path template of each method of [`Client`], sorted by method name.\n\
         pub(crate) const PATH_TEMPLATES: &[(&str, &str)] = &[\n{}];\n",
        rows.concat()
    ))
}

/// `OPERATIONS`: every operation of the spec (hand-written ones too) as
/// (operationId, method, path template), for routing and logs.
fn operations_table(doc: &Value) -> String {
    let rows: String = spec::operations(doc)
        .iter()
        .map(|(id, method, path)| format!("    ({id:?}, {:?}, {path:?}),\n", method.to_uppercase()))
        .collect();
    format!(
        "/// Every operation of the spec as (operationId, HTTP method, path template).\n\
         pub const OPERATIONS: &[(&str, &str, &str)] = &[\n{rows}];\n"
    )
}

/// The generated client's syntax tree as written: `types.rs` inside a `types` module,
/// and `client.rs` (for the xtask commands that read the committed files).
pub fn read_generated(root: &Path) -> Result<syn::File> {
    let dir = root.join("clerk-raw/src/generated");
    let types: syn::File = syn::parse_file(&std::fs::read_to_string(dir.join("types.rs"))?)?;
    let mut client: syn::File = syn::parse_file(&std::fs::read_to_string(dir.join("client.rs"))?)?;
    let items = types.items;
    client
        .items
        .push(syn::parse_quote!(pub mod types { #(#items)* }));
    Ok(client)
}
