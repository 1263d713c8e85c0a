//! The facade's view of one operation, read from the normalised spec and from the
//! signatures of the generated client (whose types check inputs and decode outputs).

use std::collections::BTreeMap;

use quote::ToTokens;
use serde_json::Value;

use super::docs::sanitise;
use super::names::ident;
use crate::Result;
use crate::rules::resolve;

/// Where a field travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Body,
}

/// The Rust shape of a field, as the facade takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ty {
    String,
    Bool,
    I64,
    F64,
    /// Any JSON: objects (metadata, nested settings) and unions.
    Json,
    Vec(Box<Ty>),
    /// A field the API clears on `null` (rules.toml `explicit-null`).
    Nullable(Box<Ty>),
    /// A multipart file part.
    File,
    /// A type of `clerk_raw::types` (as `types::Name`): an open enum, a struct or a union.
    Raw(String, RawKind),
}

/// What a [`Ty::Raw`] type is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RawKind {
    /// An open string enum (`as_str`, `From<&str>`).
    Enum,
    /// A struct (nested settings) or a union.
    Object,
}

impl Ty {
    /// The same shape, whatever the generated types are called: operations sharing a
    /// params struct may each have their own (identical) generated enum or struct.
    pub fn same_shape(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Raw(_, a), Ty::Raw(_, b)) => a == b,
            (Ty::Vec(a), Ty::Vec(b)) | (Ty::Nullable(a), Ty::Nullable(b)) => a.same_shape(b),
            (a, b) => a == b,
        }
    }

    /// The owned type, as a params struct field holds it inside `Option`.
    pub fn owned(&self) -> String {
        match self {
            Ty::String => "String".into(),
            Ty::Bool => "bool".into(),
            Ty::I64 => "i64".into(),
            Ty::F64 => "f64".into(),
            Ty::Json => "serde_json::Value".into(),
            Ty::Vec(item) => format!("Vec<{}>", item.owned()),
            Ty::Nullable(inner) => format!("crate::Nullable<{}>", inner.owned()),
            Ty::File => "crate::Upload".into(),
            Ty::Raw(path, _) => path.clone(),
        }
    }

    /// The type inside lists and `Nullable`.
    pub fn base(&self) -> &Ty {
        match self {
            Ty::Vec(inner) | Ty::Nullable(inner) => inner.base(),
            other => other,
        }
    }

    /// Whether the type names a `clerk_raw::types` type (the module then imports `types`).
    pub fn uses_types(&self) -> bool {
        match self {
            Ty::Raw(..) => true,
            Ty::Vec(inner) | Ty::Nullable(inner) => inner.uses_types(),
            _ => false,
        }
    }

    /// The type of a positional argument: borrowed where that is natural.
    pub fn argument(&self, required: bool) -> String {
        let borrowed = match self {
            Ty::String => "&str".to_string(),
            Ty::Vec(item) => format!("&[{}]", item.owned()),
            Ty::Json | Ty::Nullable(_) | Ty::File | Ty::Raw(..) => format!("&{}", self.owned()),
            Ty::Bool | Ty::I64 | Ty::F64 => self.owned(),
        };
        if required {
            borrowed
        } else {
            format!("Option<{borrowed}>")
        }
    }

    /// The type of a positional argument inside a serialised body struct (with `'a`).
    pub fn body_argument(&self, required: bool) -> String {
        self.argument(required).replace('&', "&'a ")
    }

    /// A short name for docs.
    pub fn describe(&self) -> String {
        match self {
            Ty::String => "string".into(),
            Ty::Bool => "boolean".into(),
            Ty::I64 => "integer".into(),
            Ty::F64 => "number".into(),
            Ty::Json => "JSON".into(),
            Ty::Vec(item) => format!("list of {}", item.describe()),
            Ty::Nullable(inner) => format!("{} or null", inner.describe()),
            Ty::File => "file".into(),
            Ty::Raw(path, RawKind::Enum) => format!("`{path}` value"),
            Ty::Raw(path, RawKind::Object) => format!("`{path}`"),
        }
    }
}

/// One parameter or body property.
#[derive(Clone, Debug)]
pub struct Field {
    /// The name on the wire.
    pub wire: String,
    /// The Rust identifier.
    pub ident: String,
    pub ty: Ty,
    /// Required by the spec (required body properties stay `Option` in params structs;
    /// the generated body type refuses a missing one before sending).
    pub required: bool,
    pub location: Location,
    /// The spec's description and constraints, as Markdown.
    pub doc: String,
    /// The generated type the value must decode into (a pattern, range or enum), if any.
    pub check: Option<String>,
    /// The one value a required single-value enum allows: always sent, never asked for.
    pub constant: Option<String>,
    /// A value Clerk's spec accepts, when a minimal request carries the field (it is
    /// required, or needed by an `anyOf`): for the generated calls of the tests.
    pub sample: Option<Value>,
    /// The values the spec lists for it (a string enum, or a list of one).
    pub values: Vec<String>,
    /// What Clerk's spec (before the rules) says the field is, for the typed-ness report.
    pub spec: SpecShape,
}

/// What Clerk's spec says a request field is, beyond its JSON type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SpecShape {
    /// Scalars, free-form objects and maps, and lists of them.
    #[default]
    Plain,
    /// A string enum (or a list of one).
    Enum,
    /// An object with declared properties, a union, or a list of one.
    Schema,
}

/// [`SpecShape`] of a schema of `doc`.
pub fn spec_shape(doc: &Value, schema: &Value) -> SpecShape {
    let s = resolve(doc, schema);
    if s["type"] == "array" {
        return s
            .get("items")
            .map_or(SpecShape::Plain, |i| spec_shape(doc, i));
    }
    if s.get("x-rust-type").is_some() {
        // A rule's wrapper (explicit null) around the real schema.
        return s
            .pointer("/x-rust-type/parameters/0")
            .map_or(SpecShape::Plain, |inner| spec_shape(doc, inner));
    }
    let strings = s
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|v| v.iter().any(Value::is_string));
    if strings && !is_string_bool(s) {
        return SpecShape::Enum;
    }
    let has_properties = s
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty());
    if has_properties {
        return SpecShape::Schema;
    }
    // Branches that only list required properties constrain the object; they add no shape.
    let shaped = |key: &str| -> Vec<&Value> {
        s.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|b| {
                b.as_object()
                    .is_some_and(|o| o.keys().any(|k| k != "required"))
            })
            .collect()
    };
    let variants: Vec<&Value> = shaped("oneOf").into_iter().chain(shaped("anyOf")).collect();
    if variants.len() >= 2 {
        return SpecShape::Schema;
    }
    // One variant, or `allOf` parts: the most any part says.
    variants
        .into_iter()
        .chain(shaped("allOf"))
        .map(|part| spec_shape(doc, part))
        .max_by_key(|shape| match shape {
            SpecShape::Plain => 0,
            SpecShape::Enum => 1,
            SpecShape::Schema => 2,
        })
        .unwrap_or(SpecShape::Plain)
}

/// The request body of an operation.
#[derive(Clone, Debug)]
pub enum Body {
    None,
    /// A JSON object; `check` is the generated body type.
    Json {
        fields: Vec<Field>,
        check: Option<String>,
    },
    /// A JSON array of objects (bulk creates).
    JsonArray {
        fields: Vec<Field>,
        check: Option<String>,
    },
    /// A multipart form (written by hand).
    Multipart {
        fields: Vec<Field>,
    },
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    /// No body worth decoding.
    Empty,
    /// A JSON value of this type.
    Json(String),
    /// A page or whole list, as `List<item>` (decoded directly: `{data, total_count}` or an array).
    List(String),
    /// A page whose items are in another field: decoded as the generated type `raw`,
    /// then turned into `List<item>`.
    Page {
        raw: String,
        item: String,
        field: String,
        /// `total_count` is a JSON number (`f64`) in the spec.
        float_total: bool,
    },
    /// Text (HTML).
    Text,
}

impl Response {
    pub fn rust(&self) -> String {
        match self {
            Response::Empty => "()".into(),
            Response::Json(ty) => ty.clone(),
            Response::List(item) | Response::Page { item, .. } => format!("List<{item}>"),
            Response::Text => "String".into(),
        }
    }
}

/// One operation of the spec.
#[derive(Clone, Debug)]
pub struct Operation {
    pub id: String,
    pub method: String,
    pub path: String,
    pub tags: Vec<String>,
    pub summary: String,
    pub description: String,
    pub deprecated: bool,
    pub path_params: Vec<Field>,
    pub query: Vec<Field>,
    pub body: Body,
    pub response: Response,
}

impl Operation {
    /// Query and body fields (the path parameters are always positional).
    pub fn fields(&self) -> Vec<&Field> {
        let body: &[Field] = match &self.body {
            Body::None => &[],
            Body::Json { fields, .. }
            | Body::JsonArray { fields, .. }
            | Body::Multipart { fields } => fields,
        };
        self.query.iter().chain(body).collect()
    }
}

/// The generated client's signatures and types, from its syntax tree.
pub struct Generated {
    /// squashed operationId -> the method's parameters and success type.
    methods: BTreeMap<String, (Vec<(String, syn::Type)>, syn::Type)>,
    /// Items of the `types` module by name.
    types: BTreeMap<String, syn::Item>,
}

impl Generated {
    pub fn new(file: &syn::File) -> Result<Generated> {
        let mut methods = BTreeMap::new();
        for (name, sig) in crate::generate::client_methods(file) {
            let params = sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => match &*t.pat {
                        syn::Pat::Ident(i) => Some((i.ident.to_string(), (*t.ty).clone())),
                        _ => None,
                    },
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            let syn::ReturnType::Type(_, ret) = &sig.output else {
                continue;
            };
            let ok = generic_arg(ret, "Result")
                .and_then(|t| generic_arg(&t, "ResponseValue"))
                .ok_or_else(|| format!("{name}: unexpected return type"))?;
            methods.insert(crate::generate::squash(&name), (params, ok));
        }
        let mut types = BTreeMap::new();
        for item in &file.items {
            if let syn::Item::Mod(m) = item
                && m.ident == "types"
                && let Some((_, items)) = &m.content
            {
                for item in items {
                    let name = match item {
                        syn::Item::Struct(s) => s.ident.to_string(),
                        syn::Item::Enum(e) => e.ident.to_string(),
                        syn::Item::Type(t) => t.ident.to_string(),
                        _ => continue,
                    };
                    types.insert(name, item.clone());
                }
            }
        }
        Ok(Generated { methods, types })
    }

    fn method(&self, id: &str) -> Option<&(Vec<(String, syn::Type)>, syn::Type)> {
        self.methods.get(&crate::generate::squash(id))
    }

    /// The type of the field that `wire` is on the wire in struct `name`.
    fn field_type(&self, name: &str, wire: &str) -> Option<&syn::Type> {
        let syn::Item::Struct(s) = self.types.get(name)? else {
            return None;
        };
        s.fields.iter().find_map(|f| {
            let ident = f.ident.as_ref()?.to_string();
            let on_wire =
                rename(&f.attrs).unwrap_or_else(|| ident.trim_start_matches("r#").to_string());
            (on_wire == wire).then_some(&f.ty)
        })
    }

    /// What kind of type `name` of the `types` module is, when the facade takes it as is.
    fn kind(&self, name: &str) -> Option<RawKind> {
        match self.types.get(name)? {
            syn::Item::Enum(e) => {
                let last = e.variants.last()?;
                let open_string = e
                    .variants
                    .iter()
                    .rev()
                    .skip(1)
                    .all(|v| matches!(v.fields, syn::Fields::Unit))
                    && render(&last.fields.iter().next()?.ty, false) == "String";
                Some(if open_string {
                    RawKind::Enum
                } else {
                    RawKind::Object
                })
            }
            syn::Item::Struct(s) if matches!(s.fields, syn::Fields::Named(_)) => {
                Some(RawKind::Object)
            }
            _ => None,
        }
    }

    /// The facade type of a field the spec types `spec` and the generated client `raw`:
    /// the generated enum, struct or union where the spec gives one, else `spec`.
    pub fn refine(&self, spec: Ty, raw: Option<&syn::Type>) -> Ty {
        let Some(raw) = raw else { return spec };
        let rendered = render(raw, true);
        let inner = unwrap(&rendered);
        match spec {
            Ty::String | Ty::Json => {
                let Some(name) = inner.strip_prefix("types::") else {
                    return spec;
                };
                match (self.kind(name), &spec) {
                    (Some(RawKind::Enum), Ty::String) => Ty::Raw(inner.to_string(), RawKind::Enum),
                    (Some(RawKind::Object), Ty::Json) => {
                        Ty::Raw(inner.to_string(), RawKind::Object)
                    }
                    _ => spec,
                }
            }
            Ty::Vec(item) => {
                let Some(raw_item) = inner.strip_prefix("Vec<").and_then(|r| r.strip_suffix('>'))
                else {
                    return Ty::Vec(item);
                };
                let raw_item: syn::Type = match syn::parse_str(raw_item) {
                    Ok(t) => t,
                    Err(_) => return Ty::Vec(item),
                };
                Ty::Vec(Box::new(self.refine(*item, Some(&raw_item))))
            }
            Ty::Nullable(item) => {
                let Some(raw_inner) = inner
                    .strip_prefix("crate::Nullable<")
                    .and_then(|r| r.strip_suffix('>'))
                    .and_then(|r| syn::parse_str::<syn::Type>(r).ok())
                else {
                    return Ty::Nullable(item);
                };
                Ty::Nullable(Box::new(self.refine(*item, Some(&raw_inner))))
            }
            other => other,
        }
    }
}

/// `Option<X>`, `&X`, `&[X]` -> `X` / `Vec<X>`, as rendered.
fn unwrap(rendered: &str) -> &str {
    let mut s = rendered;
    loop {
        if let Some(inner) = s.strip_prefix("Option<").and_then(|r| r.strip_suffix('>')) {
            s = inner;
        } else {
            return s;
        }
    }
}

/// `#[serde(rename = "x")]` -> `x`.
fn rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut found = None;
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = a.parse_nested_meta(|meta| {
            if meta.input.peek(syn::Token![=]) {
                let value: syn::Expr = meta.value()?.parse()?;
                if meta.path.is_ident("rename")
                    && let syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) = value
                {
                    found = Some(s.value());
                }
            }
            Ok(())
        });
    }
    found
}

fn generic_arg(ty: &syn::Type, name: &str) -> Option<syn::Type> {
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
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    })
}

/// A generated type as the facade names it: `types::X`, `Vec<..>`, `std::num::NonZeroU64`.
/// `bare_is_type`: whether a bare name is a type of the `types` module (inside it, they
/// are not qualified).
pub fn render(ty: &syn::Type, bare_is_type: bool) -> String {
    match ty {
        syn::Type::Reference(r) => render(&r.elem, bare_is_type),
        syn::Type::Tuple(t) if t.elems.is_empty() => "()".into(),
        syn::Type::Path(p) => {
            let segments: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let last = p.path.segments.last().expect("a path has a segment");
            let args: Vec<String> = match &last.arguments {
                syn::PathArguments::AngleBracketed(a) => a
                    .args
                    .iter()
                    .filter_map(|g| match g {
                        syn::GenericArgument::Type(t) => Some(render(t, bare_is_type)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            let joined = segments.join("::");
            let base = match joined.as_str() {
                "std::string::String" | "String" => "String".to_string(),
                "std::vec::Vec" | "Vec" => "Vec".to_string(),
                "std::option::Option" | "Option" => "Option".to_string(),
                "std::collections::HashMap" => "std::collections::HashMap".to_string(),
                "clerk_raw::Nullable" => "crate::Nullable".to_string(),
                "str" | "bool" | "i64" | "u64" | "f64" | "i32" | "u32" | "f32" => joined,
                _ if segments.len() == 1 && bare_is_type => format!("types::{joined}"),
                _ => joined,
            };
            if args.is_empty() {
                base
            } else {
                format!("{base}<{}>", args.join(", "))
            }
        }
        other => other.to_token_stream().to_string(),
    }
}

/// The type a value must decode into to meet the spec's constraints, or `None` when the
/// facade's own type says all there is (strings, booleans, i64, lists of strings).
fn check_type(ty: &syn::Type) -> Option<String> {
    let mut rendered = render(ty, false);
    if let Some(inner) = rendered
        .strip_prefix("Option<")
        .and_then(|r| r.strip_suffix('>'))
    {
        rendered = inner.to_string();
    }
    match rendered.as_str() {
        "str" | "String" | "bool" | "i64" | "f64" | "Vec<String>" => None,
        _ => Some(rendered),
    }
}

/// Reads every operation of `doc` (the normalised spec); the operations the rules exclude
/// from generation (multipart uploads) are read from `original`.
pub fn operations(doc: &Value, original: &Value, generated: &Generated) -> Result<Vec<Operation>> {
    let mut ops = Vec::new();
    for (id, method, path) in crate::spec::operations(original) {
        let in_doc = doc
            .pointer(&format!("/paths/{}/{method}", pointer_escape(&path)))
            .is_some();
        let (source, op) = if in_doc {
            (doc, &doc["paths"][&path][&method])
        } else {
            (original, &original["paths"][&path][&method])
        };
        let mut operation = operation(source, &id, &method, &path, op, generated)?;
        from_original(&mut operation, original);
        ops.push(operation);
    }
    Ok(ops)
}

/// What only Clerk's own spec says right (the rules relax it for decoding): which fields
/// are required, and the values of a minimal valid request.
fn from_original(op: &mut Operation, original: &Value) {
    use clerk_tests::synth::{self, Mode};
    let Some(source) = original.pointer(&format!(
        "/paths/{}/{}",
        pointer_escape(&op.path),
        op.method
    )) else {
        return;
    };
    let shared = original["paths"][&op.path]
        .get("parameters")
        .and_then(Value::as_array);
    let own = source.get("parameters").and_then(Value::as_array);
    for param in shared.into_iter().chain(own).flatten() {
        let param = resolve(original, param);
        let name = param["name"].as_str().unwrap_or_default();
        let required = param["required"].as_bool().unwrap_or(false);
        let fields = op.path_params.iter_mut().chain(op.query.iter_mut());
        for field in fields.filter(|f| f.wire == name) {
            field.spec = spec_shape(original, &param["schema"]);
            field.required = required || field.location == Location::Path;
            if field.required {
                let sample = synth::instance(original, &param["schema"], Mode::Minimal, 0);
                field.sample = Some(if field.ty == Ty::Bool && sample.is_string() {
                    Value::Bool(sample == "true")
                } else {
                    sample
                });
            }
        }
    }
    let Some(request) = source.get("requestBody") else {
        return;
    };
    let request = resolve(original, request);
    let Some(media) = request["content"]
        .get("application/json")
        .or_else(|| request["content"].get("multipart/form-data"))
    else {
        return;
    };
    let mut schema = resolve(original, &media["schema"]);
    if schema["type"] == "array" {
        schema = resolve(original, &schema["items"]);
    }
    let minimal = synth::instance(original, schema, Mode::Minimal, 0);
    let mut required: Vec<&str> = Vec::new();
    let mut shapes: Vec<(&str, SpecShape)> = Vec::new();
    for part in std::iter::once(schema).chain(
        schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    ) {
        let part = resolve(original, part);
        if let Some(r) = part.get("required").and_then(Value::as_array) {
            required.extend(r.iter().filter_map(Value::as_str));
        }
        for (name, prop) in part
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            shapes.push((name, spec_shape(original, prop)));
        }
    }
    let body = match &mut op.body {
        Body::Json { fields, .. } | Body::JsonArray { fields, .. } | Body::Multipart { fields } => {
            fields
        }
        Body::None => return,
    };
    for field in body.iter_mut() {
        if let Some((_, shape)) = shapes.iter().find(|(n, _)| *n == field.wire) {
            field.spec = *shape;
        }
        field.required = required.contains(&field.wire.as_str());
        field.sample = minimal.get(&field.wire).cloned();
    }
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn operation(
    doc: &Value,
    id: &str,
    method: &str,
    path: &str,
    op: &Value,
    generated: &Generated,
) -> Result<Operation> {
    let sig = generated.method(id);
    let sig_type = |wire: &str| -> Option<&syn::Type> {
        let squashed = crate::generate::squash(wire);
        sig.and_then(|(params, _)| {
            params
                .iter()
                .find(|(name, _)| crate::generate::squash(name) == squashed)
                .map(|(_, ty)| ty)
        })
    };
    let mut path_params = Vec::new();
    let mut query = Vec::new();
    let shared = doc["paths"][path]
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let own = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for param in shared.iter().chain(&own) {
        let param = resolve(doc, param);
        let wire = param["name"].as_str().unwrap_or_default().to_string();
        let location = match param["in"].as_str() {
            Some("path") => Location::Path,
            Some("query") => Location::Query,
            // Headers and cookies: none in Clerk's spec; the transport sets its own.
            _ => continue,
        };
        let schema = param.get("schema").cloned().unwrap_or(Value::Null);
        // A query flag spelled as the strings "true"/"false" is a bool to Rust callers;
        // it is sent the same way.
        let flag = location == Location::Query && is_string_bool(resolve(doc, &schema));
        // Path parameters stay `&str` (one segment, checked against the spec's pattern).
        let typed = match (flag, location) {
            (true, _) => Ty::Bool,
            (false, Location::Path) => ty(doc, &schema),
            (false, _) => generated.refine(ty(doc, &schema), sig_type(&wire)),
        };
        let field = Field {
            ident: ident(&wire),
            required: param["required"]
                .as_bool()
                .unwrap_or(location == Location::Path),
            location,
            doc: field_doc(doc, param.get("description"), &schema),
            check: if flag || typed.uses_types() {
                None
            } else {
                sig_type(&wire).and_then(check_type)
            },
            ty: typed,
            constant: None,
            sample: None,
            values: enum_values(doc, resolve(doc, &schema)),
            spec: SpecShape::Plain,
            wire,
        };
        match location {
            Location::Path => path_params.push(field),
            _ => query.push(field),
        }
    }
    // Path parameters in the order of the template.
    path_params.sort_by_key(|f| path.find(&format!("{{{}}}", f.wire)).unwrap_or(usize::MAX));
    let body = body(doc, op, sig_type("body"), generated)?;
    let response = match sig {
        Some((_, ok)) => response(ok, generated),
        None => Response::Json("serde_json::Value".into()),
    };
    Ok(Operation {
        id: id.to_string(),
        method: method.to_string(),
        path: path.to_string(),
        tags: op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        summary: op["summary"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_string(),
        description: op["description"]
            .as_str()
            .unwrap_or_default()
            .trim()
            .to_string(),
        deprecated: op["deprecated"].as_bool().unwrap_or(false),
        path_params,
        query,
        body,
        response,
    })
}

/// `{type: string, enum: ["true", "false"]}`.
fn is_string_bool(schema: &Value) -> bool {
    let Some(values) = schema.get("enum").and_then(Value::as_array) else {
        return false;
    };
    let mut values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    values.sort_unstable();
    schema["type"] == "string" && values == ["false", "true"]
}

fn body(doc: &Value, op: &Value, check: Option<&syn::Type>, generated: &Generated) -> Result<Body> {
    let Some(request) = op.get("requestBody") else {
        return Ok(Body::None);
    };
    let request = resolve(doc, request);
    let content = request["content"].as_object().cloned().unwrap_or_default();
    let check = check.map(|t| render(t, false));
    // The generated body struct, whose field types the facade takes where they are typed.
    let typed = |mut fields: Vec<Field>, body_type: Option<&str>| {
        if let Some(name) = body_type.and_then(|t| t.strip_prefix("types::")) {
            for f in &mut fields {
                let raw = generated.field_type(name, &f.wire);
                f.ty = generated.refine(f.ty.clone(), raw);
            }
        }
        fields
    };
    if let Some(media) = content.get("application/json") {
        let schema = resolve(doc, &media["schema"]);
        if schema["type"] == "array" {
            let item = resolve(doc, &schema["items"]);
            let item_type = check
                .as_deref()
                .and_then(|c| c.strip_prefix("Vec<"))
                .and_then(|c| c.strip_suffix('>'));
            return Ok(Body::JsonArray {
                fields: typed(properties(doc, item, Location::Body), item_type),
                check,
            });
        }
        return Ok(Body::Json {
            fields: typed(properties(doc, schema, Location::Body), check.as_deref()),
            check,
        });
    }
    if let Some(media) = content.get("multipart/form-data") {
        let schema = resolve(doc, &media["schema"]);
        return Ok(Body::Multipart {
            fields: properties(doc, schema, Location::Body),
        });
    }
    Err(format!(
        "{}: request body of type {:?} is not supported",
        op["operationId"],
        content.keys().collect::<Vec<_>>()
    )
    .into())
}

/// The properties of an object schema (and of its `allOf` parts) as fields.
fn properties(doc: &Value, schema: &Value, location: Location) -> Vec<Field> {
    let mut fields = Vec::new();
    let mut required: Vec<String> = Vec::new();
    let mut props: Vec<(String, Value)> = Vec::new();
    let mut collect = |s: &Value| {
        let s = resolve(doc, s);
        if let Some(r) = s.get("required").and_then(Value::as_array) {
            required.extend(r.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(p) = s.get("properties").and_then(Value::as_object) {
            for (name, prop) in p {
                if !props.iter().any(|(n, _)| n == name) {
                    props.push((name.clone(), prop.clone()));
                }
            }
        }
    };
    collect(schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            collect(part);
        }
    }
    for (wire, prop) in props {
        let resolved = resolve(doc, &prop);
        let required = required.contains(&wire);
        let values = enum_values(doc, resolved);
        let constant = match &values[..] {
            [only] if required && ty(doc, &prop) == Ty::String => Some(only.clone()),
            _ => None,
        };
        fields.push(Field {
            ident: ident(&wire),
            ty: ty(doc, &prop),
            required,
            location,
            doc: field_doc(
                doc,
                resolved.get("description").or(prop.get("description")),
                &prop,
            ),
            check: None,
            constant,
            sample: None,
            values,
            spec: SpecShape::Plain,
            wire,
        });
    }
    fields
}

/// The facade type of a schema.
pub fn ty(doc: &Value, schema: &Value) -> Ty {
    let s = resolve(doc, schema);
    if let Some(rust) = s.get("x-rust-type") {
        let inner = rust
            .pointer("/parameters/0")
            .map(|p| ty(doc, p))
            .unwrap_or(Ty::Json);
        return if rust["path"] == "clerk_raw::Nullable" {
            Ty::Nullable(Box::new(inner))
        } else {
            Ty::Json
        };
    }
    match s.get("type").and_then(Value::as_str) {
        Some("string") if s["format"] == "binary" => Ty::File,
        Some("string") => Ty::String,
        Some("boolean") => Ty::Bool,
        Some("integer") => Ty::I64,
        Some("number") => Ty::F64,
        Some("array") => Ty::Vec(Box::new(
            s.get("items").map(|i| ty(doc, i)).unwrap_or(Ty::Json),
        )),
        Some(_) => Ty::Json,
        None => {
            // Unions (the open-enum rule writes string enums as `oneOf` with a plain
            // string): one type when every branch has it, else any JSON.
            let branches: Vec<Ty> = ["oneOf", "anyOf", "allOf"]
                .iter()
                .filter_map(|k| s.get(*k).and_then(Value::as_array))
                .flatten()
                .map(|b| ty(doc, b))
                .collect();
            match branches.split_first() {
                Some((first, rest)) if rest.iter().all(|b| b == first) => first.clone(),
                _ => Ty::Json,
            }
        }
    }
}

/// The success type of a generated method, as the facade returns it.
fn response(ok: &syn::Type, generated: &Generated) -> Response {
    let rendered = render(ok, false);
    match rendered.as_str() {
        "()" => return Response::Empty,
        "ByteStream" => return Response::Text,
        _ => {}
    }
    if let Some(name) = rendered.strip_prefix("types::") {
        if let Some(item) = list_item(name, generated) {
            return Response::List(item);
        }
        if let Some(page) = other_page(name, &rendered, generated) {
            return page;
        }
    }
    Response::Json(rendered)
}

/// For a page type (`{data: [item], total_count}`, or the union of a page and a bare
/// array), its item type.
fn list_item(name: &str, generated: &Generated) -> Option<String> {
    match generated.types.get(name)? {
        syn::Item::Struct(s) => {
            let fields: Vec<(String, &syn::Type)> = s
                .fields
                .iter()
                .filter_map(|f| Some((f.ident.as_ref()?.to_string(), &f.ty)))
                .collect();
            let has_total = fields.iter().any(|(n, _)| n == "total_count");
            let data = fields.iter().find(|(n, _)| n == "data")?.1;
            if !has_total {
                return None;
            }
            vec_item(data, generated)
        }
        // A union of a page and a bare array: its page variant.
        syn::Item::Enum(e) => e.variants.iter().find_map(|v| {
            let [field] = &v.fields.iter().collect::<Vec<_>>()[..] else {
                return None;
            };
            let inner = render(&field.ty, false);
            list_item(inner.strip_prefix("types::").unwrap_or(&inner), generated)
        }),
        _ => None,
    }
}

/// A struct with `total_count` and one list field not named `data` (M2M tokens).
fn other_page(name: &str, rendered: &str, generated: &Generated) -> Option<Response> {
    let syn::Item::Struct(s) = generated.types.get(name)? else {
        return None;
    };
    let total = s
        .fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == "total_count"))?;
    let lists: Vec<(String, String)> = s
        .fields
        .iter()
        .filter_map(|f| {
            let name = f.ident.as_ref()?.to_string();
            let item = render(&f.ty, true)
                .strip_prefix("Vec<")?
                .strip_suffix('>')?
                .to_string();
            Some((name, item))
        })
        .collect();
    let [(field, item)] = &lists[..] else {
        return None;
    };
    Some(Response::Page {
        raw: rendered.to_string(),
        item: item.clone(),
        field: field.clone(),
        float_total: render(&total.ty, true) == "f64",
    })
}

/// `Vec<X>` or a newtype around one -> `X` (rendered).
fn vec_item(ty: &syn::Type, generated: &Generated) -> Option<String> {
    let rendered = render(ty, true);
    if let Some(item) = rendered
        .strip_prefix("Vec<")
        .and_then(|r| r.strip_suffix('>'))
    {
        return Some(item.to_string());
    }
    let name = rendered.strip_prefix("types::")?;
    match generated.types.get(name)? {
        syn::Item::Struct(s) => {
            let field = s.fields.iter().next()?;
            if s.fields.len() == 1 && field.ident.is_none() {
                vec_item(&field.ty, generated)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// A field's docs: the spec's description, then its constraints.
fn field_doc(doc: &Value, description: Option<&Value>, schema: &Value) -> String {
    let s = resolve(doc, schema);
    let mut out = sanitise(
        description
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim(),
    );
    let mut notes: Vec<String> = Vec::new();
    let values = enum_values(doc, s);
    if !values.is_empty() {
        let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        notes.push(format!("One of {}.", list.join(", ")));
    }
    if let Some(default) = s.get("default") {
        notes.push(format!("Default: `{default}`."));
    }
    let bound = |k: &str| s.get(k).map(|v| v.to_string());
    match (bound("minimum"), bound("maximum")) {
        (Some(min), Some(max)) => notes.push(format!("From {min} to {max}.")),
        (Some(min), None) => notes.push(format!("At least {min}.")),
        (None, Some(max)) => notes.push(format!("At most {max}.")),
        (None, None) => {}
    }
    if let Some(max) = s.get("maxLength") {
        notes.push(format!("At most {max} characters."));
    }
    if let Some(format) = s.get("format").and_then(Value::as_str)
        && format != "binary"
    {
        notes.push(format!("Format: `{format}`."));
    }
    if let Some(props) = nested_properties(doc, s) {
        notes.push(props);
    }
    if out.is_empty() && notes.is_empty() {
        out = format!(
            "A {} (the spec does not describe it).",
            ty(doc, schema).describe()
        );
    }
    if !notes.is_empty() {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&notes.join(" "));
    }
    out
}

/// The values of a string enum, also when written as the open-enum `oneOf`.
fn enum_values(doc: &Value, s: &Value) -> Vec<String> {
    let mut values: Vec<String> = s
        .get("enum")
        .and_then(Value::as_array)
        .map(|v| {
            v.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if let Some(items) = s.get("items") {
        values.extend(enum_values(doc, resolve(doc, items)));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = s.get(key).and_then(Value::as_array) {
            for b in branches {
                values.extend(enum_values(doc, resolve(doc, b)));
            }
        }
    }
    values.dedup();
    values
}

/// For an object with known properties (nested settings), a list of them.
fn nested_properties(doc: &Value, s: &Value) -> Option<String> {
    let object = if s["type"] == "array" {
        resolve(doc, s.get("items")?)
    } else {
        s
    };
    let props = object.get("properties")?.as_object()?;
    if props.is_empty() {
        return None;
    }
    let required: Vec<&str> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut lines = vec!["Fields:".to_string()];
    for (name, prop) in props {
        let p = resolve(doc, prop);
        let kind = ty(doc, prop).describe();
        let req = if required.contains(&name.as_str()) {
            ", required"
        } else {
            ""
        };
        let desc = p
            .get("description")
            .and_then(Value::as_str)
            .map(|d| {
                format!(
                    ": {}",
                    sanitise(&d.split_whitespace().collect::<Vec<_>>().join(" "))
                )
            })
            .unwrap_or_default();
        lines.push(format!("- `{name}` ({kind}{req}){desc}"));
    }
    Some(format!("\n\n{}", lines.join("\n")))
}
