//! `clerk/src/blocking/generated/`: the blocking twin of each resource module (feature
//! `blocking`), as `reqwest::blocking` does it: the same functions, params and types,
//! each call run to completion on the SDK's own runtime.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::Planned;
use super::custom::{Method, Returns};
use super::docs::{comment, sanitise};
use super::emit::{Extras, arguments};
use super::model::Response;

/// The directory of the blocking modules.
pub fn target_dir(root: &std::path::Path) -> std::path::PathBuf {
    root.join("clerk/src/blocking/generated")
}

/// `mod.rs`: the generated blocking modules.
pub fn index<'a>(modules: impl Iterator<Item = &'a String>, version: &str) -> String {
    let mut out = super::emit::header(version, "the list of blocking modules");
    out.push_str(
        "\n//! The blocking twin of each resource module (hand-written operations included);\n\
         //! `crate::blocking` re-exports them.\n\n",
    );
    for m in modules {
        let _ = writeln!(out, "pub mod {m};");
    }
    out
}

/// One blocking module.
pub fn module(module: &str, ops: &[Planned], version: &str, extras: &Extras) -> String {
    let mut out = super::emit::header(version, &format!("the blocking `{module}` module"));
    let _ = write!(
        out,
        "\n//! The blocking twin of [`crate::{module}`]: the same functions, params and types,\n\
         //! each call run to completion on the SDK's runtime.\n\n\
         // The spec's descriptions are prose, not rustdoc: bare URLs, HTML and bracketed text.\n\
         #![allow(rustdoc::bare_urls, rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links)]\n\
         #![allow(clippy::too_many_arguments, clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]\n\n"
    );
    // The params structs the module's operations take, wherever they are defined.
    let mut structs = BTreeSet::new();
    for p in ops {
        for r in p.params.iter().chain(p.items.iter().map(|(_, r)| r)) {
            structs.insert(format!("crate::{}::{}", r.module, r.name));
        }
    }
    let generated: Vec<&Planned> = ops
        .iter()
        .filter(|p| !p.placement.settings.custom)
        .collect();
    let uses_list = generated
        .iter()
        .any(|p| matches!(p.op.response, Response::List(_) | Response::Page { .. }));
    let uses_types = generated.iter().any(|p| {
        p.op.response.rust().contains("types::") || p.positional.iter().any(|f| f.ty.uses_types())
    });
    let custom = extras.custom.as_ref();
    let paginates = generated.iter().any(|p| p.paginator.is_some())
        || custom.is_some_and(|c| {
            c.methods
                .iter()
                .any(|m| matches!(m.returns, Returns::Paginator(_)))
        });
    for s in &structs {
        let _ = writeln!(out, "pub use {s};");
    }
    if !extras.types.is_empty() {
        let _ = writeln!(
            out,
            "pub use crate::types::{{{}}};",
            extras.types.join(", ")
        );
    }
    if !structs.is_empty() || !extras.types.is_empty() {
        out.push('\n');
    }
    let mut root = vec!["ClientConfig"];
    if uses_list {
        root.push("List");
    }
    root.push("Result");
    if uses_types {
        root.push("types");
    }
    let _ = writeln!(out, "use crate::{{{}}};", root.join(", "));
    if paginates {
        out.push_str("use crate::blocking::{Iter, run};\n\n");
    } else {
        out.push_str("use crate::blocking::run;\n\n");
    }
    let _ = write!(
        out,
        "/// The blocking twin of [`crate::{module}::Client`]: the same methods, run to completion\n\
         /// on the SDK's runtime. Calling it inside an async runtime is an error, not a deadlock.\n\
         #[derive(Clone, Debug)]\n\
         pub struct Client {{\n    pub(crate) inner: crate::{module}::Client,\n}}\n\n\
         impl Client {{\n\
         \x20   /// A client using `config`.\n\
         \x20   pub fn new(config: &ClientConfig) -> Self {{\n        Client {{ inner: crate::{module}::Client::new(config) }}\n    }}\n\n"
    );
    for p in &generated {
        for (name, with_params) in functions(p) {
            let (args, names) = arguments(module, p, with_params);
            out.push_str(&docs(p, module, &name, 4));
            let _ = write!(
                out,
                "    pub fn {name}(&self{}) -> Result<{}> {{\n        run(self.inner.{name}({}))\n    }}\n\n",
                args.iter().map(|a| format!(", {a}")).collect::<String>(),
                p.op.response.rust(),
                names.join(", ")
            );
        }
        if let Some(pag) = &p.paginator {
            let (args, names) = arguments(module, p, true);
            let item = item(p);
            let _ = write!(
                out,
                "    /// Every item of [`Client::{}`], fetched a page at a time as the iterator\n    /// advances.\n\
                 \x20   pub fn {pag}(&self{}) -> Iter<{item}> {{\n        Iter::new(self.inner.{pag}({}))\n    }}\n\n",
                functions(p)
                    .last()
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default(),
                args.iter().map(|a| format!(", {a}")).collect::<String>(),
                names.join(", ")
            );
        }
    }
    if let Some(custom) = custom {
        for m in &custom.methods {
            let (args, names, ret, call) = custom_parts(m);
            out.push_str(&comment(
                &format!(
                    "{}\n\nThe blocking twin of [`crate::{module}::Client::{}`].",
                    m.summary, m.name
                ),
                4,
            ));
            if let Some(alias) = &m.alias {
                let _ = writeln!(out, "    #[doc(alias = {alias:?})]");
            }
            let _ = write!(
                out,
                "    pub fn {}(&self{}) -> {ret} {{\n        {call}(self.inner.{}({names}))\n    }}\n\n",
                m.name,
                args.iter().map(|a| format!(", {a}")).collect::<String>(),
                m.name,
            );
        }
    }
    out.push_str("}\n\n");
    if let Some(custom) = custom {
        for m in &custom.methods {
            let (args, names, ret, call) = custom_parts(m);
            out.push_str(&comment(
                &format!(
                    "{}\n\nUses the process-wide config; the blocking twin of [`crate::{module}::{}`].",
                    m.summary, m.name
                ),
                0,
            ));
            if let Some(alias) = &m.alias {
                let _ = writeln!(out, "#[doc(alias = {alias:?})]");
            }
            let _ = write!(
                out,
                "pub fn {}({}) -> {ret} {{\n    {call}(crate::{module}::{}({names}))\n}}\n\n",
                m.name,
                args.join(", "),
                m.name,
            );
        }
    }
    for p in &generated {
        for (name, with_params) in functions(p) {
            let (args, names) = arguments(module, p, with_params);
            out.push_str(&docs(p, module, &name, 0));
            let _ = write!(
                out,
                "///\n/// Uses the process-wide config ([`crate::set_key`]).\n\
                 pub fn {name}({}) -> Result<{}> {{\n    run(crate::{module}::{name}({}))\n}}\n\n",
                args.join(", "),
                p.op.response.rust(),
                names.join(", ")
            );
        }
        if let Some(pag) = &p.paginator {
            let (args, names) = arguments(module, p, true);
            let _ = write!(
                out,
                "/// Every item, fetched a page at a time as the iterator advances; uses the process-wide config.\n\
                 pub fn {pag}({}) -> Iter<{}> {{\n    Iter::new(crate::{module}::{pag}({}))\n}}\n\n",
                args.join(", "),
                item(p),
                names.join(", ")
            );
        }
    }
    out
}

/// A hand-written method as a blocking one: its arguments, the names to pass on, its
/// return type and how the async call is run (`run` or `Iter::new`).
fn custom_parts(m: &Method) -> (Vec<String>, String, String, &'static str) {
    let args = m.args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    let names = m
        .args
        .iter()
        .map(|(n, _)| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match &m.returns {
        Returns::Result(t) => (args, names, format!("crate::Result<{t}>"), "run"),
        Returns::Paginator(t) => (args, names, format!("Iter<{t}>"), "Iter::new"),
    }
}

/// The functions of an operation: its name, and the `with_params` twin.
fn functions(p: &Planned) -> Vec<(String, bool)> {
    let s = &p.placement.settings;
    match &s.with_params {
        Some(with) => vec![(s.name.clone(), false), (with.clone(), true)],
        None => vec![(s.name.clone(), true)],
    }
}

fn item(p: &Planned) -> String {
    match &p.op.response {
        Response::List(item) | Response::Page { item, .. } => item.clone(),
        _ => "serde_json::Value".into(),
    }
}

/// The summary of the operation and a link to its async twin.
fn docs(p: &Planned, module: &str, name: &str, indent: usize) -> String {
    let summary = sanitise(p.op.summary.trim_end_matches('.'));
    comment(
        &format!(
            "{summary}.\n\nThe blocking twin of [`crate::{module}::{name}`], which has the details."
        ),
        indent,
    )
}
