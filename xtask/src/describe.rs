//! `cargo xtask describe [OperationId|Tag ...]`: what the generated client offers per
//! operation (builder method, parameters, body fields, response type), read from
//! `clerk-raw/src/generated.rs`. A guide for writing facade modules.

use std::collections::BTreeMap;
use std::path::Path;

use quote::ToTokens;
use serde_json::Value;

use crate::Result;

/// One generated operation.
pub struct Generated {
    pub method: String,
    pub params: Vec<(String, String)>,
    pub body: Option<(String, Vec<(String, String)>)>,
    pub ok: String,
}

fn tokens(t: &impl ToTokens) -> String {
    let s = t.to_token_stream().to_string();
    let s = s
        .replace(":: std :: string :: ", "")
        .replace(":: std :: vec :: ", "")
        .replace(":: std :: option :: ", "")
        .replace(":: std :: num :: ", "")
        .replace(":: std :: collections :: ", "")
        .replace(":: serde_json :: ", "serde_json::")
        .replace(":: clerk_raw :: ", "")
        .replace("types :: ", "types::")
        .replace("builder :: ", "builder::");
    s.replace(" < ", "<")
        .replace(" > ", ">")
        .replace(" >", ">")
        .replace(" , ", ", ")
}

/// `Result<T, String>` -> `T`.
fn inner_result(ty: &syn::Type) -> String {
    if let syn::Type::Path(p) = ty
        && let Some(last) = p.path.segments.last()
        && last.ident == "Result"
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(t)) = args.args.first()
    {
        return tokens(t);
    }
    tokens(ty)
}

/// Operation id -> what was generated for it.
pub fn read(root: &Path, doc: &Value) -> Result<BTreeMap<String, Generated>> {
    let ids = crate::generate::operation_ids(doc)?;
    let text = std::fs::read_to_string(root.join("clerk-raw/src/generated.rs"))?;
    let file = syn::parse_file(&text)?;
    let mut client_methods = BTreeMap::new(); // builder -> method
    let mut builder_fields: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut sends = BTreeMap::new(); // builder -> (op id, ok type)
    let mut body_fields: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Impl(imp) if tokens(&imp.self_ty) == "Client" => {
                for member in &imp.items {
                    if let syn::ImplItem::Fn(f) = member
                        && let syn::ReturnType::Type(_, ty) = &f.sig.output
                    {
                        let ret = tokens(ty);
                        if let Some(b) = ret.strip_prefix("builder::") {
                            let b = b.split('<').next().unwrap_or(b).trim().to_string();
                            client_methods.insert(b, f.sig.ident.to_string());
                        }
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "builder" => {
                for item in m.content.iter().flat_map(|(_, items)| items) {
                    match item {
                        syn::Item::Struct(s) => {
                            let fields = s
                                .fields
                                .iter()
                                .filter_map(|f| {
                                    Some((f.ident.as_ref()?.to_string(), inner_result(&f.ty)))
                                })
                                .filter(|(n, _)| n != "client")
                                .collect();
                            builder_fields.insert(s.ident.to_string(), fields);
                        }
                        syn::Item::Impl(imp) => {
                            let name = tokens(&imp.self_ty);
                            let name = name.split('<').next().unwrap_or(&name).trim().to_string();
                            for member in &imp.items {
                                let syn::ImplItem::Fn(f) = member else {
                                    continue;
                                };
                                if f.sig.ident != "send" {
                                    continue;
                                }
                                let body = tokens(&f.block);
                                let Some(start) = body.find("operation_id : \"") else {
                                    continue;
                                };
                                let rest = &body[start + 16..];
                                let method = &rest[..rest.find('"').unwrap_or(0)];
                                let Some(op) = ids.get(&crate::generate::squash(method)).cloned()
                                else {
                                    continue;
                                };
                                let ok = match &f.sig.output {
                                    syn::ReturnType::Type(_, ty) => {
                                        let t = tokens(ty);
                                        t.trim_start_matches("Result<ResponseValue<")
                                            .split(">, Error")
                                            .next()
                                            .unwrap_or("")
                                            .to_string()
                                    }
                                    _ => String::new(),
                                };
                                sends.insert(name.clone(), (op, ok));
                            }
                        }
                        _ => {}
                    }
                }
            }
            syn::Item::Mod(m) if m.ident == "types" => {
                for item in m.content.iter().flat_map(|(_, items)| items) {
                    let syn::Item::Mod(b) = item else { continue };
                    if b.ident != "builder" {
                        continue;
                    }
                    for item in b.content.iter().flat_map(|(_, items)| items) {
                        if let syn::Item::Struct(s) = item {
                            let fields = s
                                .fields
                                .iter()
                                .filter_map(|f| {
                                    Some((f.ident.as_ref()?.to_string(), inner_result(&f.ty)))
                                })
                                .collect();
                            body_fields.insert(s.ident.to_string(), fields);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for (builder, (op, ok)) in sends {
        let mut params = Vec::new();
        let mut body = None;
        for (name, ty) in builder_fields.get(&builder).cloned().unwrap_or_default() {
            if name == "body" {
                let b = ty.trim_start_matches("types::builder::").to_string();
                let fields = body_fields.get(&b).cloned().unwrap_or_default();
                body = Some((b, fields));
            } else {
                params.push((name, ty));
            }
        }
        out.insert(
            op,
            Generated {
                method: client_methods.get(&builder).cloned().unwrap_or_default(),
                params,
                body,
                ok,
            },
        );
    }
    Ok(out)
}

pub fn describe(root: &Path, doc: &Value, filters: &[&str]) -> Result<String> {
    let generated = read(root, doc)?;
    let mut out = String::new();
    for (id, method, path) in crate::spec::operations(doc) {
        let op = &doc["paths"][&path][&method];
        let tag = op.pointer("/tags/0").and_then(Value::as_str).unwrap_or("");
        if !filters.is_empty() && !filters.iter().any(|f| *f == id || *f == tag) {
            continue;
        }
        let deprecated = if op.get("deprecated") == Some(&Value::Bool(true)) {
            " (deprecated)"
        } else {
            ""
        };
        out.push_str(&format!(
            "{id} [{tag}] {} {path}{deprecated}\n",
            method.to_uppercase()
        ));
        let Some(g) = generated.get(&id) else {
            out.push_str("    not generated: hand-written in the facade\n");
            continue;
        };
        out.push_str(&format!("    raw.{}() -> {}\n", g.method, g.ok));
        for (name, ty) in &g.params {
            out.push_str(&format!("    .{name}({ty})\n"));
        }
        if let Some((name, fields)) = &g.body {
            out.push_str(&format!("    .body_map(|b: {name}| ...)\n"));
            for (f, ty) in fields {
                out.push_str(&format!("        .{f}({ty})\n"));
            }
        }
    }
    Ok(out)
}
