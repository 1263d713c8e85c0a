//! Open types: whatever a newer API sends must decode. A rewrite of the `types` module
//! progenitor (typify) generates, for the Backend API and the webhook events alike:
//!
//! * every string enum becomes a flat open enum, `enum SessionStatus { Active, ...,
//!   Unknown(String) }` with `as_str`, `Display`, `From<&str>`/`From<String>` and a serde
//!   round trip that keeps an unknown value byte for byte (one-value enums such as
//!   `object: "user"` included), non-exhaustive so that a refresh adding values is not a
//!   breaking release;
//! * every union (`oneOf`/`anyOf`, an untagged enum) gets an `Unknown(serde_json::Value)`
//!   variant and a `Deserialize` that picks the variant the value's enum-valued fields
//!   say it is (by a discriminating field such as `object` where the variants have one),
//!   keeping the JSON of a variant it does not know;
//! * struct-like union variants become newtypes of named structs (so every variant can be
//!   decoded on its own), and every type derives `PartialEq`.
//!
//! Unknown fields need nothing here: the rules remove `additionalProperties: false`, so
//! no type denies them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote};

use crate::Result;

/// What [`open`] changed.
#[derive(Debug, Default)]
pub struct Opened {
    /// String enums made open.
    pub enums: usize,
    /// Unions given a fallback variant.
    pub unions: usize,
    /// Of those, unions with a discriminating field.
    pub discriminated: usize,
    /// Struct-like union variants turned into named structs.
    pub variant_structs: usize,
}

/// One value of a string enum.
struct Value {
    ident: syn::Ident,
    wire: String,
    docs: Vec<syn::Attribute>,
}

/// Rewrites the items of a generated `types` module (see the module docs).
pub fn open(items: &mut Vec<syn::Item>) -> Result<Opened> {
    let mut opened = Opened::default();
    let taken: BTreeSet<String> = items.iter().filter_map(item_name).collect();
    let mut string_enums: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut unions: BTreeSet<String> = BTreeSet::new();
    for item in items.iter() {
        let syn::Item::Enum(e) = item else { continue };
        if has_serde(&e.attrs, "untagged") {
            unions.insert(e.ident.to_string());
        } else if let Some(values) = string_values(e) {
            string_enums.insert(e.ident.to_string(), values);
        }
    }
    // Struct-like variants of unions -> named structs.
    let mut new_structs = Vec::new();
    let mut names = taken.clone();
    for item in items.iter_mut() {
        let syn::Item::Enum(e) = item else { continue };
        if !unions.contains(&e.ident.to_string()) {
            continue;
        }
        for variant in e.variants.iter_mut() {
            let syn::Fields::Named(fields) = &variant.fields else {
                continue;
            };
            let mut name = format!("{}{}", e.ident, variant.ident);
            while names.contains(&name) {
                name.push('_');
            }
            names.insert(name.clone());
            let ident = syn::Ident::new(&name, Span::call_site());
            let mut fields = fields.clone();
            for field in fields.named.iter_mut() {
                field.vis = syn::parse_quote!(pub);
            }
            let doc = format!(" The `{}` variant of [`{}`].", variant.ident, e.ident);
            new_structs.push(syn::Item::Struct(syn::parse_quote! {
                #[doc = #doc]
                #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]
                pub struct #ident #fields
            }));
            variant.fields = syn::Fields::Unnamed(syn::parse_quote!((#ident)));
            opened.variant_structs += 1;
        }
    }
    items.extend(new_structs);

    // What each struct's enum-valued fields allow: (wire name, values).
    let mut signatures: BTreeMap<String, Vec<(String, Vec<String>)>> = BTreeMap::new();
    for item in items.iter() {
        let syn::Item::Struct(s) = item else { continue };
        let mut sig = Vec::new();
        for field in &s.fields {
            let Some(ident) = &field.ident else { continue };
            let Some(ty) = type_name(&field.ty) else {
                continue;
            };
            if let Some(values) = string_enums.get(&ty) {
                let wire = serde_rename(&field.attrs)
                    .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string());
                sig.push((wire, values.iter().map(|v| v.wire.clone()).collect()));
            }
        }
        signatures.insert(s.ident.to_string(), sig);
    }

    let mut out = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        match item {
            syn::Item::Enum(e) if string_enums.contains_key(&e.ident.to_string()) => {
                let values = &string_enums[&e.ident.to_string()];
                out.extend(open_enum(&e, values)?);
                opened.enums += 1;
            }
            syn::Item::Enum(e) if unions.contains(&e.ident.to_string()) => {
                let (items, discriminated) = open_union(e, &signatures)?;
                out.extend(items);
                opened.unions += 1;
                opened.discriminated += usize::from(discriminated);
            }
            syn::Item::Impl(imp)
                if self_name(&imp)
                    .is_some_and(|n| string_enums.contains_key(&n) || unions.contains(&n))
                    && is_conversion_or_display(&imp) =>
            {
                // Replaced by the open enum's own (or, for unions, no longer exhaustive).
                let name = self_name(&imp).unwrap_or_default();
                if string_enums.contains_key(&name) || !is_from(&imp) {
                    continue;
                }
                out.push(syn::Item::Impl(imp));
            }
            syn::Item::Struct(mut s) => {
                add_partial_eq(&mut s.attrs);
                out.push(syn::Item::Struct(s));
            }
            syn::Item::Enum(mut e) => {
                add_partial_eq(&mut e.attrs);
                out.push(syn::Item::Enum(e));
            }
            other => out.push(other),
        }
    }
    if opened.enums > 0 || opened.unions > 0 {
        out.push(helpers());
    }
    *items = out;
    Ok(opened)
}

fn item_name(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Mod(m) => Some(m.ident.to_string()),
        _ => None,
    }
}

/// The values of an enum whose variants are all units with a `serde(rename)` (typify's
/// string enums).
fn string_values(e: &syn::ItemEnum) -> Option<Vec<Value>> {
    let derives = e
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .map(|a| a.to_token_stream().to_string())
        .collect::<String>();
    if !derives.contains("Deserialize") || e.variants.is_empty() {
        return None;
    }
    let mut values = Vec::new();
    for variant in &e.variants {
        if !matches!(variant.fields, syn::Fields::Unit) || variant.discriminant.is_some() {
            return None;
        }
        let wire = serde_rename(&variant.attrs).unwrap_or_else(|| variant.ident.to_string());
        let ident = readable(&variant.ident, &wire, e).unwrap_or_else(|| variant.ident.clone());
        let docs = variant
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .cloned()
            .collect();
        values.push(Value { ident, wire, docs });
    }
    Some(values)
}

/// A readable name for a value typify had to mangle (`-manual_invitation` ->
/// `XmanualXinvitation`, `*` -> `X`): the value's words, with leading symbols spelled out
/// (`MinusManualInvitation`, `Star`). `None` when typify's name is fine, or when the
/// readable one would clash.
fn readable(ident: &syn::Ident, wire: &str, e: &syn::ItemEnum) -> Option<syn::Ident> {
    let name = ident.to_string();
    let chars: Vec<char> = name.chars().collect();
    let mangled = name == "X"
        || chars.windows(3).any(|w| {
            w[1] == 'X'
                && (w[0].is_ascii_lowercase() || w[0].is_ascii_digit())
                && w[2].is_ascii_lowercase()
        })
        || (chars.first() == Some(&'X') && chars.get(1).is_some_and(char::is_ascii_lowercase));
    if !mangled {
        return None;
    }
    let mut out = String::new();
    let mut rest = wire;
    loop {
        let spelled = match rest.chars().next() {
            Some('-') => "Minus",
            Some('+') => "Plus",
            Some('*') => "Star",
            _ => break,
        };
        out.push_str(spelled);
        rest = &rest[1..];
    }
    out.push_str(&crate::rules::pascal(rest));
    if out.is_empty() {
        out.push_str("Empty");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    let clash = e.variants.iter().any(|v| v.ident == out) || out == "Unknown" || out == "Other";
    (!clash && syn::parse_str::<syn::Ident>(&out).is_ok())
        .then(|| syn::Ident::new(&out, Span::call_site()))
}

/// `#[serde(... flag ...)]` among `attrs`.
fn has_serde(attrs: &[syn::Attribute], flag: &str) -> bool {
    attrs.iter().any(|a| {
        if !a.path().is_ident("serde") {
            return false;
        }
        let mut found = false;
        let _ = a.parse_nested_meta(|meta| {
            if meta.path.is_ident(flag) {
                found = true;
            }
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
        found
    })
}

/// `#[serde(rename = "x")]` -> `x`.
pub fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
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
                    rename = Some(s.value());
                }
            }
            Ok(())
        });
    }
    rename
}

/// The name of a type, through `Option<..>` (`::std::option::Option<Foo>` -> `Foo`).
fn type_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident == "Option" {
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            return None;
        };
        return args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => type_name(t),
            _ => None,
        });
    }
    (p.path.segments.len() == 1 && matches!(last.arguments, syn::PathArguments::None))
        .then(|| last.ident.to_string())
}

fn self_name(imp: &syn::ItemImpl) -> Option<String> {
    type_name(&imp.self_ty)
}

/// `Display`, `FromStr`, `TryFrom<..>` or `From<..>` impls.
fn is_conversion_or_display(imp: &syn::ItemImpl) -> bool {
    let Some((path, _)) = &imp.trait_ else {
        return false;
    };
    let last = path.segments.last().map(|s| s.ident.to_string());
    matches!(
        last.as_deref(),
        Some("Display" | "FromStr" | "TryFrom" | "From")
    )
}

fn is_from(imp: &syn::ItemImpl) -> bool {
    imp.trait_
        .as_ref()
        .is_some_and(|(path, _)| path.segments.last().is_some_and(|s| s.ident == "From"))
}

/// Adds `PartialEq` to a `#[derive(...)]` that lacks it.
fn add_partial_eq(attrs: &mut [syn::Attribute]) {
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(list) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        if list.iter().any(|p| p.is_ident("PartialEq")) {
            return;
        }
        let paths = list.iter();
        *attr = syn::parse_quote!(#[derive(#(#paths,)* PartialEq)]);
        return;
    }
}

/// The catch-all variant's name: `Unknown`, unless a known variant has it.
fn fallback<'a>(mut known: impl Iterator<Item = &'a syn::Ident>) -> syn::Ident {
    if known.any(|i| i == "Unknown") {
        format_ident!("Other")
    } else {
        format_ident!("Unknown")
    }
}

/// A flat open enum and its impls, for a typify string enum.
fn open_enum(e: &syn::ItemEnum, values: &[Value]) -> Result<Vec<syn::Item>> {
    let name = &e.ident;
    let docs: Vec<&syn::Attribute> = e
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    let unknown = fallback(values.iter().map(|v| &v.ident));
    let variants = values.iter().map(|v| {
        let ident = &v.ident;
        let docs = &v.docs;
        let wire_doc = format!("`{}`", v.wire);
        if docs.is_empty() {
            quote!(#[doc = #wire_doc] #ident,)
        } else {
            quote!(#(#docs)* #ident,)
        }
    });
    let as_str = values.iter().map(|v| {
        let (ident, wire) = (&v.ident, &v.wire);
        quote!(Self::#ident => #wire,)
    });
    let known = values.iter().map(|v| {
        let (ident, wire) = (&v.ident, &v.wire);
        quote!(#wire => Self::#ident,)
    });
    let tokens: TokenStream = quote! {
        #(#docs)*
        ///
        /// Open: a value this version does not know decodes into the catch-all variant,
        /// kept as sent (and sent back as it came). Non-exhaustive: a value a later spec
        /// adds is a new variant, not a breaking change.
        #[derive(Clone, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know, kept as sent.
            #unknown(::std::string::String),
        }
        impl #name {
            /// The value as it is sent and received.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
            fn known(value: &str) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(match value {
                    #(#known)*
                    _ => return ::std::option::Option::None,
                })
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::known(value).unwrap_or_else(|| Self::#unknown(value.to_owned()))
            }
        }
        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::known(&value).unwrap_or(Self::#unknown(value))
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                open::string(deserializer)
            }
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("open enum {name}: {e}"))?;
    Ok(file.items)
}

/// A union with a fallback variant and a `Deserialize` that picks its variant; and
/// whether it has a discriminating field.
fn open_union(
    mut e: syn::ItemEnum,
    signatures: &BTreeMap<String, Vec<(String, Vec<String>)>>,
) -> Result<(Vec<syn::Item>, bool)> {
    let name = e.ident.clone();
    let unknown = fallback(e.variants.iter().map(|v| &v.ident));
    // Each variant: its ident, payload type and the enum values its fields declare.
    let mut variants = Vec::new();
    for v in &e.variants {
        let syn::Fields::Unnamed(fields) = &v.fields else {
            return Err(format!("union {name}: variant {} is not a newtype", v.ident).into());
        };
        let [field] = &fields.unnamed.iter().collect::<Vec<_>>()[..] else {
            return Err(format!("union {name}: variant {} has several fields", v.ident).into());
        };
        let signature = type_name(&field.ty)
            .and_then(|t| signatures.get(&t).cloned())
            .unwrap_or_default();
        variants.push((v.ident.clone(), field.ty.clone(), signature));
    }
    let tag = discriminator(&variants);
    for attr in e.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(list) = attr.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let mut kept: Vec<syn::Path> = list
            .into_iter()
            .filter(|p| p.segments.last().is_none_or(|s| s.ident != "Deserialize"))
            .collect();
        if !kept.iter().any(|p| p.is_ident("PartialEq")) {
            kept.push(syn::parse_quote!(PartialEq));
        }
        *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
    }
    e.variants.push(syn::parse_quote! {
        /// A variant this version of the crate does not know, kept as JSON.
        #unknown(::serde_json::Value)
    });
    let arms = variants.iter().map(|(ident, ty, signature)| {
        let fields = signature
            .iter()
            .map(|(wire, values)| quote!((#wire, &[#(#values),*])));
        quote! {
            open::Variant {
                values: &[#(#fields),*],
                decode: |value| <#ty as ::serde::Deserialize>::deserialize(value).map(Self::#ident),
            },
        }
    });
    let tag_tokens = match &tag {
        Some(t) => quote!(::std::option::Option::Some(#t)),
        None => quote!(::std::option::Option::None),
    };
    let how = match &tag {
        Some(t) => format!(
            " Decoding picks the variant its `{t}` names; a `{t}` this version does not know \
             decodes into [`{name}::{unknown}`] with the JSON."
        ),
        None => format!(
            " Decoding tries the variants whose enum-valued fields hold values they know \
             first, then the others; JSON no variant takes decodes into [`{name}::{unknown}`]."
        ),
    };
    e.attrs.push(syn::parse_quote!(#[doc = ""]));
    e.attrs.push(syn::parse_quote!(#[doc = #how]));
    // A variant a later spec adds is not a breaking change.
    e.attrs.push(syn::parse_quote!(#[non_exhaustive]));
    let tokens = quote! {
        #e
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                open::union(deserializer, #tag_tokens, &[#(#arms)*], Self::#unknown)
            }
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("open union {name}: {e}"))?;
    Ok((file.items, tag.is_some()))
}

/// A field every variant declares with one value of its own: the union's tag.
#[allow(clippy::type_complexity)]
fn discriminator(
    variants: &[(syn::Ident, syn::Type, Vec<(String, Vec<String>)>)],
) -> Option<String> {
    let (_, _, first) = variants.first()?;
    first
        .iter()
        .map(|(wire, _)| wire)
        .find(|wire| {
            let mut seen = BTreeSet::new();
            variants.iter().all(|(_, _, signature)| {
                signature
                    .iter()
                    .find(|(w, _)| w == *wire)
                    .is_some_and(|(_, values)| values.len() == 1 && seen.insert(values[0].clone()))
            })
        })
        .cloned()
}

/// The decoding helpers the open enums and unions share (private to the module).
fn helpers() -> syn::Item {
    syn::parse_quote! {
        /// Decoding of open enums and unions.
        mod open {
            use ::serde::de::{Deserializer, Error, Visitor};
            use ::serde_json::Value;

            /// An open enum from a string, borrowing where the input allows.
            pub(super) fn string<'de, D, T>(deserializer: D) -> ::std::result::Result<T, D::Error>
            where
                D: Deserializer<'de>,
                T: for<'a> ::std::convert::From<&'a str> + ::std::convert::From<::std::string::String>,
            {
                struct Open<T>(::std::marker::PhantomData<T>);
                impl<'de, T> Visitor<'de> for Open<T>
                where
                    T: for<'a> ::std::convert::From<&'a str> + ::std::convert::From<::std::string::String>,
                {
                    type Value = T;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a string")
                    }
                    fn visit_str<E: Error>(self, value: &str) -> ::std::result::Result<T, E> {
                        ::std::result::Result::Ok(T::from(value))
                    }
                    fn visit_string<E: Error>(self, value: ::std::string::String) -> ::std::result::Result<T, E> {
                        ::std::result::Result::Ok(T::from(value))
                    }
                }
                deserializer.deserialize_str(Open(::std::marker::PhantomData))
            }

            /// One variant of a union: the values its enum-valued fields allow, and its decoder.
            pub(super) struct Variant<T> {
                pub(super) values: &'static [(&'static str, &'static [&'static str])],
                pub(super) decode: fn(&Value) -> ::std::result::Result<T, ::serde_json::Error>,
            }

            impl<T> Variant<T> {
                /// Whether every enum-valued field `value` has holds a value this variant knows.
                fn fits(&self, value: &Value) -> bool {
                    self.values.iter().all(|(field, known)| match value.get(*field) {
                        ::std::option::Option::Some(Value::String(s)) => known.contains(&s.as_str()),
                        _ => true,
                    })
                }
            }

            /// A union: the variant `tag` names (when the value has it), else the first
            /// variant that fits and decodes, then any that decodes, else `unknown`.
            pub(super) fn union<'de, D: Deserializer<'de>, T>(
                deserializer: D,
                tag: ::std::option::Option<&str>,
                variants: &[Variant<T>],
                unknown: fn(Value) -> T,
            ) -> ::std::result::Result<T, D::Error> {
                let value = <Value as ::serde::Deserialize>::deserialize(deserializer)?;
                if let ::std::option::Option::Some(tag) = tag {
                    if let ::std::option::Option::Some(name) = value.get(tag).and_then(Value::as_str) {
                        return match variants.iter().find(|v| {
                            v.values.iter().any(|(field, known)| *field == tag && known.contains(&name))
                        }) {
                            ::std::option::Option::Some(v) => (v.decode)(&value).map_err(D::Error::custom),
                            ::std::option::Option::None => ::std::result::Result::Ok(unknown(value)),
                        };
                    }
                }
                let fitting = variants.iter().filter(|v| v.fits(&value));
                let others = variants.iter().filter(|v| !v.fits(&value));
                for v in fitting.chain(others) {
                    if let ::std::result::Result::Ok(found) = (v.decode)(&value) {
                        return ::std::result::Result::Ok(found);
                    }
                }
                ::std::result::Result::Ok(unknown(value))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str) -> (String, Opened) {
        let mut file: syn::File = syn::parse_str(src).unwrap();
        let opened = open(&mut file.items).unwrap();
        (prettyplease::unparse(&file), opened)
    }

    #[test]
    fn string_enums_become_flat_and_open() {
        let (out, opened) = run(r#"
            ///Status
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]
            pub enum Status {
                #[serde(rename = "active")]
                Active,
                #[serde(rename = "unknown")]
                Unknown,
            }
            impl ::std::fmt::Display for Status {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result { Ok(()) }
            }
            impl ::std::str::FromStr for Status {
                type Err = ();
                fn from_str(v: &str) -> Result<Self, ()> { Err(()) }
            }
            impl ::std::default::Default for Status {
                fn default() -> Self { Status::Active }
            }
        "#);
        assert_eq!(opened.enums, 1);
        assert!(out.contains("Other(::std::string::String)"), "{out}");
        assert!(out.contains("Self::Unknown => \"unknown\""), "{out}");
        assert!(
            out.contains("impl ::std::default::Default for Status"),
            "{out}"
        );
        assert_eq!(
            out.matches("impl ::std::str::FromStr for Status").count(),
            1
        );
        assert!(out.contains("type Err = ::std::convert::Infallible"));
        assert!(out.contains("mod open"));
    }

    #[test]
    fn mangled_value_names_are_made_readable() {
        let (out, _) = run(r#"
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub enum Mode {
                #[serde(rename = "manual_invitation")]
                ManualXinvitation,
                #[serde(rename = "-manual_invitation")]
                XmanualXinvitation,
                #[serde(rename = "*")]
                X,
                #[serde(rename = "active")]
                Active,
            }
        "#);
        for (ident, wire) in [
            ("ManualInvitation", "manual_invitation"),
            ("MinusManualInvitation", "-manual_invitation"),
            ("Star", "*"),
            ("Active", "active"),
        ] {
            assert!(
                out.contains(&format!("Self::{ident} => \"{wire}\"")),
                "{ident}: {out}"
            );
        }
    }

    #[test]
    fn unions_get_a_fallback_a_tag_and_named_variant_structs() {
        let (out, opened) = run(r#"
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub enum OtpObject { #[serde(rename = "verification_otp")] VerificationOtp }
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub enum AdminObject { #[serde(rename = "verification_admin")] VerificationAdmin }
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub struct Otp { pub object: ::std::option::Option<OtpObject>, pub attempts: i64 }
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub struct Admin { pub object: AdminObject }
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            #[serde(untagged)]
            pub enum Verification { Otp(Otp), Admin(Admin) }
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            #[serde(untagged)]
            pub enum Page { Page { data: ::std::vec::Vec<Otp>, total_count: i64 }, Items(::std::vec::Vec<Otp>) }
        "#);
        assert_eq!(opened.unions, 2);
        assert_eq!(opened.discriminated, 1);
        assert_eq!(opened.variant_structs, 1);
        assert!(out.contains("pub struct PagePage"), "{out}");
        assert!(out.contains("Page(PagePage)"), "{out}");
        assert!(out.contains("Some(\"object\")"), "{out}");
        assert!(out.contains("Unknown(::serde_json::Value)"), "{out}");
        assert!(out.contains("#[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug, PartialEq)]\npub struct Otp"), "{out}");
    }
}
