//! The hand-written part of a resource module: `clerk/src/api/custom/<module>.rs`, the
//! `Client` methods of its `custom` operations (and any helpers). The generator includes
//! the file in the module's generated part, and writes the package-level functions and
//! blocking twins of its public methods from their signatures, so the hand-written code
//! is only the logic.

use std::path::{Path, PathBuf};

use quote::ToTokens;

use crate::Result;

/// The directory of the hand-written parts.
pub fn dir(root: &Path) -> PathBuf {
    root.join("clerk/src/api/custom")
}

/// What a public method of the hand-written `impl Client` returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Returns {
    /// `async fn ... -> Result<T>`.
    Result(String),
    /// `fn ... -> Paginator<T>`.
    Paginator(String),
}

/// One public method of the hand-written `impl Client`.
#[derive(Clone, Debug)]
pub struct Method {
    pub name: String,
    /// The first paragraph of its docs.
    pub summary: String,
    /// Its `#[doc(alias = "...")]`: the operation it serves.
    pub alias: Option<String>,
    /// (name, type) of each argument after `&self`, types qualified for any module.
    pub args: Vec<(String, String)>,
    pub returns: Returns,
}

/// A module's hand-written file, read.
#[derive(Clone, Debug)]
pub struct Custom {
    pub path: PathBuf,
    pub methods: Vec<Method>,
    /// Public items besides the `impl Client` (re-exported by the module).
    pub items: Vec<String>,
}

impl Custom {
    /// The operations its methods serve.
    pub fn operations(&self) -> impl Iterator<Item = &str> {
        self.methods.iter().filter_map(|m| m.alias.as_deref())
    }
}

/// Every hand-written file: (module, file).
pub fn read_all(root: &Path) -> Result<Vec<(String, Custom)>> {
    let dir = dir(root);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let module = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let text = std::fs::read_to_string(&path)?;
        out.push((module, parse(&path, &text)?));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Reads the public methods of `impl Client` blocks and the other public items.
pub fn parse(path: &Path, text: &str) -> Result<Custom> {
    let file =
        syn::parse_file(text).map_err(|e| format!("{}: does not parse: {e}", path.display()))?;
    let mut methods = Vec::new();
    let mut items = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Impl(imp)
                if imp.trait_.is_none()
                    && matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")) =>
            {
                for member in &imp.items {
                    let syn::ImplItem::Fn(f) = member else {
                        continue;
                    };
                    if !matches!(f.vis, syn::Visibility::Public(_)) {
                        continue;
                    }
                    methods.push(method(path, f)?);
                }
            }
            syn::Item::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => {
                items.push(f.sig.ident.to_string());
            }
            syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                items.push(s.ident.to_string());
            }
            syn::Item::Enum(e) if matches!(e.vis, syn::Visibility::Public(_)) => {
                items.push(e.ident.to_string());
            }
            syn::Item::Type(t) if matches!(t.vis, syn::Visibility::Public(_)) => {
                items.push(t.ident.to_string());
            }
            syn::Item::Const(c) if matches!(c.vis, syn::Visibility::Public(_)) => {
                items.push(c.ident.to_string());
            }
            _ => {}
        }
    }
    Ok(Custom {
        path: path.to_path_buf(),
        methods,
        items,
    })
}

fn method(path: &Path, f: &syn::ImplItemFn) -> Result<Method> {
    let name = f.sig.ident.to_string();
    let mut docs: Vec<String> = Vec::new();
    let mut alias = None;
    for attr in &f.attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            {
                docs.push(s.value());
            }
        } else {
            let _ = attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("alias") {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    alias = Some(value.value());
                }
                Ok(())
            });
        }
    }
    let summary = docs
        .iter()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut args = Vec::new();
    for input in &f.sig.inputs {
        match input {
            syn::FnArg::Receiver(_) => {}
            syn::FnArg::Typed(t) => {
                let syn::Pat::Ident(ident) = &*t.pat else {
                    return Err(format!(
                        "{}: {name}: arguments must be plain names",
                        path.display()
                    )
                    .into());
                };
                args.push((ident.ident.to_string(), qualify(&t.ty)));
            }
        }
    }
    let syn::ReturnType::Type(_, ret) = &f.sig.output else {
        return Err(format!("{}: {name} returns nothing", path.display()).into());
    };
    let (outer, inner) = generic(ret).ok_or_else(|| {
        format!(
            "{}: {name} must return Result<T> (async) or Paginator<T>",
            path.display()
        )
    })?;
    let returns = match (outer.as_str(), f.sig.asyncness.is_some()) {
        ("Result", true) => Returns::Result(inner),
        ("Paginator", false) => Returns::Paginator(inner),
        _ => {
            return Err(format!(
                "{}: {name} must be `async fn -> Result<T>` or `fn -> Paginator<T>`",
                path.display()
            )
            .into());
        }
    };
    Ok(Method {
        name,
        summary,
        alias,
        args,
        returns,
    })
}

/// `Result<T>` -> ("Result", T qualified).
fn generic(ty: &syn::Type) -> Option<(String, String)> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let inner = args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(qualify(t)),
        _ => None,
    })?;
    Some((last.ident.to_string(), inner))
}

/// Names of the crate root a hand-written signature may use unqualified.
const ROOT: &[&str] = &[
    "List",
    "Paginator",
    "Upload",
    "Result",
    "Nullable",
    "Metadata",
    "ClientConfig",
];

/// A type as text that means the same in any module: crate-root names and `types::`
/// paths made absolute.
pub fn qualify(ty: &syn::Type) -> String {
    let mut ty = ty.clone();
    qualify_in_place(&mut ty);
    ty.to_token_stream().to_string()
}

fn qualify_in_place(ty: &mut syn::Type) {
    match ty {
        syn::Type::Reference(r) => qualify_in_place(&mut r.elem),
        syn::Type::Slice(s) => qualify_in_place(&mut s.elem),
        syn::Type::Path(p) => {
            for segment in p.path.segments.iter_mut() {
                if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
                    for arg in args.args.iter_mut() {
                        if let syn::GenericArgument::Type(t) = arg {
                            qualify_in_place(t);
                        }
                    }
                }
            }
            let first = p.path.segments.first().map(|s| s.ident.to_string());
            let root =
                p.path.segments.len() == 1 && first.as_deref().is_some_and(|f| ROOT.contains(&f));
            if root || first.as_deref() == Some("types") {
                p.path.segments.insert(0, syn::parse_quote!(crate));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_public_methods_with_their_signatures() {
        let custom = parse(
            Path::new("user.rs"),
            r#"
            use crate::Result;
            impl Client {
                /// Lists users.
                /// With their count.
                ///
                /// More details.
                #[doc(alias = "GetUserList")]
                pub async fn list(&self, params: &ListParams) -> Result<List<User>> { todo!() }
                /// Every user.
                pub fn list_all(&self, params: &ListParams) -> Paginator<User> { todo!() }
                async fn helper(&self) -> Result<()> { Ok(()) }
            }
            /// A helper type users see.
            pub struct Extra;
            fn private() {}
            "#,
        )
        .unwrap();
        assert_eq!(custom.methods.len(), 2);
        let list = &custom.methods[0];
        assert_eq!(list.summary, "Lists users. With their count.");
        assert_eq!(list.alias.as_deref(), Some("GetUserList"));
        assert_eq!(
            list.args,
            [("params".to_string(), "& ListParams".to_string())]
        );
        assert_eq!(
            list.returns,
            Returns::Result("crate :: List < User >".into())
        );
        assert_eq!(custom.methods[1].returns, Returns::Paginator("User".into()));
        assert_eq!(custom.items, ["Extra"]);
        assert_eq!(custom.operations().collect::<Vec<_>>(), ["GetUserList"]);
    }

    #[test]
    fn refuses_signatures_it_cannot_wrap() {
        let err = parse(
            Path::new("x.rs"),
            "impl Client { pub fn get(&self) -> Result<()> { todo!() } }",
        )
        .unwrap_err();
        assert!(err.to_string().contains("async fn"), "{err}");
    }
}
