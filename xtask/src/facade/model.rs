//! The facade's view of one operation, read from the normalised spec and from the
//! signatures of the generated client (whose types check inputs and decode outputs).

use std::collections::BTreeMap;

use quote::ToTokens;
use serde_json::Value;

use super::docs::sanitise;
use super::names::ident;
use crate::Result;
use crate::model::{self as spec, Api, Kind};

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
    /// A value Clerk's spec accepts when every field is set (the conformance run's
    /// second call).
    pub full: Option<Value>,
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

/// [`SpecShape`] of a schema.
pub fn spec_shape(api: &Api, schema: &spec::Schema) -> SpecShape {
    let s = api.resolve(schema);
    match &s.kind {
        Kind::Array(items) => spec_shape(api, items),
        // A rule's wrapper (explicit null) around the real schema.
        Kind::Rust(rust) => rust
            .parameters
            .first()
            .map_or(SpecShape::Plain, |inner| spec_shape(api, inner)),
        Kind::String(strings) if !strings.values.is_empty() && !is_string_bool(s) => {
            SpecShape::Enum
        }
        Kind::Object(object) if !object.properties.is_empty() => SpecShape::Schema,
        Kind::Union(union) if union.variants.len() >= 2 => SpecShape::Schema,
        Kind::Union(union) => union
            .variants
            .first()
            .map_or(SpecShape::Plain, |v| spec_shape(api, v)),
        _ => SpecShape::Plain,
    }
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
            let on_wire = crate::open_types::serde_rename(&f.attrs)
                .unwrap_or_else(|| ident.trim_start_matches("r#").to_string());
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

/// Reads every operation of `api` (the normalised spec); the operations the rules exclude
/// from generation (multipart uploads) are read from `original`.
pub fn operations(api: &Api, original: &Api, generated: &Generated) -> Result<Vec<Operation>> {
    let mut ops = Vec::new();
    for source in &original.operations {
        let (from, op) = match api.operation(&source.id) {
            Some(op) => (api, op),
            None => (original, source),
        };
        let mut operation = operation(from, op, generated)?;
        from_original(&mut operation, original, source);
        ops.push(operation);
    }
    Ok(ops)
}

/// What only Clerk's own spec says right (the rules relax it for decoding): which fields
/// are required, and the values of a minimal valid request.
fn from_original(op: &mut Operation, original: &Api, source: &spec::Operation) {
    use clerk_tests::synth::{self, Mode};
    for param in &source.params {
        let fields = op.path_params.iter_mut().chain(op.query.iter_mut());
        for field in fields.filter(|f| f.wire == param.name) {
            field.spec = spec_shape(original, &param.schema);
            field.required = param.required || field.location == Location::Path;
            // A flag spelled as the strings "true"/"false" is a Rust bool.
            let value = |mode| {
                let sample = synth::instance(&original.doc, &param.json, mode, 0);
                if field.ty == Ty::Bool && sample.is_string() {
                    Value::Bool(sample == "true")
                } else {
                    sample
                }
            };
            if field.required {
                field.sample = Some(value(Mode::Minimal));
            }
            field.full = Some(value(Mode::Full));
        }
    }
    let Some(request) = &source.body else {
        return;
    };
    let Some((media, json)) = ["application/json", "multipart/form-data"]
        .iter()
        .find_map(|m| Some((request.media(m)?, request.media_json(m)?)))
    else {
        return;
    };
    let (mut schema, mut json) = (original.resolve(media), json);
    let item_json;
    if let Kind::Array(items) = &schema.kind {
        schema = original.resolve(items);
        item_json = json.get("items").cloned().unwrap_or(Value::Null);
        json = &item_json;
    }
    let minimal = synth::instance(&original.doc, json, Mode::Minimal, 0);
    let full = synth::instance(&original.doc, json, Mode::Full, 0);
    let Kind::Object(object) = &schema.kind else {
        return;
    };
    let body = match &mut op.body {
        Body::Json { fields, .. } | Body::JsonArray { fields, .. } | Body::Multipart { fields } => {
            fields
        }
        Body::None => return,
    };
    for field in body.iter_mut() {
        let property = object.property(&field.wire);
        if let Some(property) = property {
            field.spec = spec_shape(original, &property.schema);
        }
        field.required = property.is_some_and(|p| p.required);
        field.sample = minimal.get(&field.wire).cloned();
        field.full = full.get(&field.wire).cloned();
    }
}

fn operation(api: &Api, op: &spec::Operation, generated: &Generated) -> Result<Operation> {
    let sig = generated.method(&op.id);
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
    for param in &op.params {
        let location = match param.location {
            spec::In::Path => Location::Path,
            spec::In::Query => Location::Query,
            // Headers and cookies: none in Clerk's spec; the transport sets its own.
            spec::In::Header | spec::In::Cookie => continue,
        };
        let schema = api.resolve(&param.schema);
        // A query flag spelled as the strings "true"/"false" is a bool to Rust callers;
        // it is sent the same way.
        let flag = location == Location::Query && is_string_bool(schema);
        // Path parameters stay `&str` (one segment, checked against the spec's pattern).
        let typed = match (flag, location) {
            (true, _) => Ty::Bool,
            (false, Location::Path) => ty(api, &param.schema),
            (false, _) => generated.refine(ty(api, &param.schema), sig_type(&param.name)),
        };
        let field = Field {
            ident: ident(&param.name),
            required: param.required,
            location,
            doc: field_doc(api, &param.description, &param.schema),
            check: if flag || typed.uses_types() {
                None
            } else {
                sig_type(&param.name).and_then(check_type)
            },
            ty: typed,
            constant: None,
            sample: None,
            full: None,
            values: enum_values(api, &param.schema),
            spec: SpecShape::Plain,
            wire: param.name.clone(),
        };
        match location {
            Location::Path => path_params.push(field),
            _ => query.push(field),
        }
    }
    // Path parameters in the order of the template.
    path_params.sort_by_key(|f| {
        op.path
            .find(&format!("{{{}}}", f.wire))
            .unwrap_or(usize::MAX)
    });
    let body = body(api, op, sig_type("body"), generated)?;
    let response = match sig {
        Some((_, ok)) => response(ok, generated),
        None => Response::Json("serde_json::Value".into()),
    };
    Ok(Operation {
        id: op.id.clone(),
        method: op.method.clone(),
        path: op.path.clone(),
        tags: op.tags.clone(),
        summary: op.summary.clone(),
        description: op.description.clone(),
        deprecated: op.deprecated,
        path_params,
        query,
        body,
        response,
    })
}

/// `{type: string, enum: ["true", "false"]}`.
fn is_string_bool(schema: &spec::Schema) -> bool {
    let Kind::String(strings) = &schema.kind else {
        return false;
    };
    let mut values: Vec<&str> = strings.values.iter().map(String::as_str).collect();
    values.sort_unstable();
    values == ["false", "true"]
}

fn body(
    api: &Api,
    op: &spec::Operation,
    check: Option<&syn::Type>,
    generated: &Generated,
) -> Result<Body> {
    let Some(request) = &op.body else {
        return Ok(Body::None);
    };
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
    if let Some(schema) = request.media("application/json") {
        let schema = api.resolve(schema);
        if let Kind::Array(items) = &schema.kind {
            let item_type = check
                .as_deref()
                .and_then(|c| c.strip_prefix("Vec<"))
                .and_then(|c| c.strip_suffix('>'));
            return Ok(Body::JsonArray {
                fields: typed(properties(api, items, Location::Body), item_type),
                check,
            });
        }
        return Ok(Body::Json {
            fields: typed(properties(api, schema, Location::Body), check.as_deref()),
            check,
        });
    }
    if let Some(schema) = request.media("multipart/form-data") {
        return Ok(Body::Multipart {
            fields: properties(api, schema, Location::Body),
        });
    }
    Err(format!(
        "{}: request body of type {:?} is not supported",
        op.id,
        request.content.iter().map(|(m, _)| m).collect::<Vec<_>>()
    )
    .into())
}

/// The properties of an object schema (its `allOf` parts merged) as fields.
fn properties(api: &Api, schema: &spec::Schema, location: Location) -> Vec<Field> {
    let Kind::Object(object) = &api.resolve(schema).kind else {
        return Vec::new();
    };
    let mut fields = Vec::new();
    for property in &object.properties {
        let wire = property.name.clone();
        let values = enum_values(api, &property.schema);
        let constant = match &values[..] {
            [only] if property.required && ty(api, &property.schema) == Ty::String => {
                Some(only.clone())
            }
            _ => None,
        };
        let resolved = api.resolve(&property.schema);
        let description = if resolved.description.is_empty() {
            &property.schema.description
        } else {
            &resolved.description
        };
        fields.push(Field {
            ident: ident(&wire),
            ty: ty(api, &property.schema),
            required: property.required,
            location,
            doc: field_doc(api, description, &property.schema),
            check: None,
            constant,
            sample: None,
            full: None,
            values,
            spec: SpecShape::Plain,
            wire,
        });
    }
    fields
}

/// The facade type of a schema.
pub fn ty(api: &Api, schema: &spec::Schema) -> Ty {
    let s = api.resolve(schema);
    match &s.kind {
        Kind::Rust(rust) => {
            let inner = rust
                .parameters
                .first()
                .map(|p| ty(api, p))
                .unwrap_or(Ty::Json);
            if rust.is_nullable() {
                Ty::Nullable(Box::new(inner))
            } else {
                Ty::Json
            }
        }
        Kind::String(strings) if strings.format.as_deref() == Some("binary") => Ty::File,
        Kind::String(_) => Ty::String,
        Kind::Boolean => Ty::Bool,
        Kind::Integer(_) => Ty::I64,
        Kind::Number(_) => Ty::F64,
        Kind::Array(items) => Ty::Vec(Box::new(ty(api, items))),
        // Unions: one type when every variant has it, else any JSON.
        Kind::Union(union) => {
            let variants: Vec<Ty> = union.variants.iter().map(|v| ty(api, v)).collect();
            match variants.split_first() {
                Some((first, rest)) if rest.iter().all(|v| v == first) => first.clone(),
                _ => Ty::Json,
            }
        }
        Kind::Object(_) | Kind::Ref | Kind::Any => Ty::Json,
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
fn field_doc(api: &Api, description: &str, schema: &spec::Schema) -> String {
    let s = api.resolve(schema);
    let mut out = sanitise(description.trim());
    let mut notes: Vec<String> = Vec::new();
    let values = enum_values(api, s);
    if !values.is_empty() {
        let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
        notes.push(format!("One of {}.", list.join(", ")));
    }
    if let Some(default) = &s.default {
        notes.push(format!("Default: `{default}`."));
    }
    let (minimum, maximum) = match &s.kind {
        Kind::Integer(n) | Kind::Number(n) => (n.minimum.clone(), n.maximum.clone()),
        _ => (None, None),
    };
    match (minimum, maximum) {
        (Some(min), Some(max)) => notes.push(format!("From {min} to {max}.")),
        (Some(min), None) => notes.push(format!("At least {min}.")),
        (None, Some(max)) => notes.push(format!("At most {max}.")),
        (None, None) => {}
    }
    let format = match &s.kind {
        Kind::String(strings) => {
            if let Some(max) = strings.max_length {
                notes.push(format!("At most {max} characters."));
            }
            strings.format.clone()
        }
        Kind::Integer(n) | Kind::Number(n) => n.format.clone(),
        _ => None,
    };
    if let Some(format) = format
        && format != "binary"
    {
        notes.push(format!("Format: `{format}`."));
    }
    if let Some(props) = nested_properties(api, s) {
        notes.push(props);
    }
    if out.is_empty() && notes.is_empty() {
        out = format!(
            "A {} (the spec does not describe it).",
            ty(api, schema).describe()
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

/// The values of a string enum, of the items of a list, or of a union's variants.
fn enum_values(api: &Api, schema: &spec::Schema) -> Vec<String> {
    let mut values = Vec::new();
    match &api.resolve(schema).kind {
        Kind::String(strings) => values.extend(strings.values.iter().cloned()),
        Kind::Array(items) => values.extend(enum_values(api, items)),
        Kind::Union(union) => {
            for v in &union.variants {
                values.extend(enum_values(api, v));
            }
        }
        _ => {}
    }
    values.dedup();
    values
}

/// For an object with known properties (nested settings), a list of them.
fn nested_properties(api: &Api, s: &spec::Schema) -> Option<String> {
    let object = match &s.kind {
        Kind::Array(items) => api.resolve(items),
        _ => s,
    };
    let Kind::Object(object) = &object.kind else {
        return None;
    };
    if object.properties.is_empty() {
        return None;
    }
    let mut lines = vec!["Fields:".to_string()];
    for property in &object.properties {
        let p = api.resolve(&property.schema);
        let kind = ty(api, &property.schema).describe();
        let req = if property.required { ", required" } else { "" };
        let description = if p.description.is_empty() {
            &property.schema.description
        } else {
            &p.description
        };
        let desc = if description.is_empty() {
            String::new()
        } else {
            format!(
                ": {}",
                sanitise(&description.split_whitespace().collect::<Vec<_>>().join(" "))
            )
        };
        lines.push(format!("- `{}` ({kind}{req}){desc}", property.name));
    }
    Some(format!("\n\n{}", lines.join("\n")))
}
