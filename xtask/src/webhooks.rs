//! `cargo xtask generate`, webhook half: the webhook events spec -> rules -> typify ->
//! `clerk/src/webhook/generated/events.rs`.
//!
//! The spec lists each event under `x-webhooks` as a POST whose request body is
//! `allOf [WebhookEventPayload, {properties: {data: ...}}]`. Progenitor knows nothing of
//! `x-webhooks`, so the events are turned into a components-only document: every
//! component schema of the spec, plus a `<Event>Data` component for each event whose
//! `data` is an inline schema rather than a reference. The BAPI rules run on that
//! document as components (so enums are opened and nullable fields relaxed as for
//! responses), progenitor generates the types, and the `types` module of its output is
//! kept. Around it this file writes `Event` (the envelope, fields taken from the
//! generated `WebhookEventPayload`), `EventData` (one variant per event, plus `Unknown`)
//! and a `Deserialize` that picks the variant from the `type` field.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proc_macro2::{Ident, Span, TokenStream};
use progenitor::InterfaceStyle;
use quote::{ToTokens, quote};
use serde_json::{Map, Value, json};

use crate::Result;
use crate::generate;
use crate::rules::{self, RulesFile};
use crate::spec::{Family, Spec};

/// The component holding the envelope fields every event shares.
const ENVELOPE: &str = "WebhookEventPayload";

/// Where the generated events go.
pub fn target(root: &Path) -> PathBuf {
    root.join("clerk/src/webhook/generated/events.rs")
}

/// One event of the spec.
#[derive(Debug)]
struct EventSpec {
    /// `user.created`.
    name: String,
    /// `UserCreated`.
    variant: String,
    /// The spec's description, e.g. "User created".
    description: String,
    /// The component its `data` decodes into.
    component: String,
}

/// Generates the text of `clerk/src/webhook/generated/events.rs` for `spec`.
pub fn generate(root: &Path, spec: &Spec, verbose: bool) -> Result<String> {
    let (mut doc, events) = components_document(&spec.doc)?;
    let rules = RulesFile::load(root)?;
    let outcomes = rules::apply_to(&rules, Family::Webhooks, &mut doc)?;
    if verbose {
        eprintln!("rules applied to webhooks {}:", spec.version);
        for outcome in &outcomes {
            eprintln!("  {outcome}");
        }
    }
    // Incoming payloads are only decoded: positional style, so no struct builders.
    let mut settings = generate::settings();
    settings.with_interface(InterfaceStyle::Positional);
    let tokens = generate::run_progenitor_with(&doc, &settings)?;
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor output does not parse: {e}"))?;
    let mut types = file
        .items
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => Some(m),
            _ => None,
        })
        .ok_or("progenitor output has no `types` module")?;
    types.attrs.retain(|a| !a.path().is_ident("doc"));
    if let Some((_, items)) = types.content.as_mut() {
        crate::open_types::open(items)?;
    }
    let names = type_names(&types);
    let events_code = events_code(spec, &events, &types, &names)?;
    let file: syn::File = syn::parse2(quote! {
        #events_code

        /// The types of the event payloads, generated from the webhook spec's schemas.
        ///
        /// They are not the types of `clerk_raw::types`: the webhook spec is a document
        /// of its own, and its `User` (say) may differ from the Backend API's.
        #types
    })
    .map_err(|e| format!("generated webhook events do not parse: {e}"))?;
    let body = prettyplease::unparse(&file);
    let header = generate::header_for("Clerk webhook events", spec, "clerk's webhook events");
    Ok(format!(
        "{header}\n\
         //! Clerk's webhook events, typed: [`Event`] is what a verified webhook body decodes\n\
         //! into, [`EventData`] has a variant per event of the spec.\n\n{body}"
    ))
}

/// The spec as a components-only document, and its events in spec order.
fn components_document(doc: &Value) -> Result<(Value, Vec<EventSpec>)> {
    let hooks = doc
        .get("x-webhooks")
        .and_then(Value::as_object)
        .ok_or("the webhooks spec has no x-webhooks")?;
    let mut schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if !schemas.contains_key(ENVELOPE) {
        return Err(format!("the webhooks spec has no {ENVELOPE} schema").into());
    }
    let mut events = Vec::new();
    let mut variants = BTreeSet::new();
    for (name, item) in hooks {
        let op = item
            .get("post")
            .or_else(|| {
                item.as_object()?
                    .iter()
                    .find(|(m, _)| rules::METHODS.contains(&m.as_str()))
                    .map(|(_, op)| op)
            })
            .ok_or_else(|| format!("x-webhooks {name}: no operation"))?;
        let schema = op
            .pointer("/requestBody/content/application~1json/schema")
            .ok_or_else(|| format!("x-webhooks {name}: no application/json request body"))?;
        let data = data_schema(doc, schema)
            .ok_or_else(|| format!("x-webhooks {name}: the body schema has no `data` property"))?;
        let variant = rules::pascal(name);
        if variant == "Unknown" || !variants.insert(variant.clone()) {
            return Err(format!("x-webhooks {name}: variant name {variant} is taken").into());
        }
        let component = match component_ref(data) {
            Some(component) if schemas.contains_key(&component) => component,
            Some(component) => {
                return Err(
                    format!("x-webhooks {name}: data refers to missing {component}").into(),
                );
            }
            None => {
                let component = format!("{variant}Data");
                if schemas.contains_key(&component) {
                    return Err(format!(
                        "x-webhooks {name}: a schema named {component} exists already"
                    )
                    .into());
                }
                schemas.insert(component.clone(), data.clone());
                component
            }
        };
        let description = op
            .get("description")
            .or_else(|| op.get("summary"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim()
            .to_string();
        events.push(EventSpec {
            name: name.clone(),
            variant,
            description,
            component,
        });
    }
    if events.is_empty() {
        return Err("the webhooks spec lists no events".into());
    }
    let mut info = Map::new();
    for key in ["title", "description", "version"] {
        if let Some(v) = doc.pointer(&format!("/info/{key}")) {
            info.insert(key.into(), v.clone());
        }
    }
    let openapi = json!({
        "openapi": doc.get("openapi").cloned().unwrap_or(json!("3.0.3")),
        "info": info,
        "paths": {},
        "components": {"schemas": schemas},
    });
    Ok((openapi, events))
}

/// The `data` property of an event body: on the schema or one of its `allOf` parts.
fn data_schema<'a>(doc: &'a Value, schema: &'a Value) -> Option<&'a Value> {
    let schema = resolve(doc, schema);
    if let Some(data) = schema.pointer("/properties/data") {
        return Some(data);
    }
    schema
        .get("allOf")?
        .as_array()?
        .iter()
        .find_map(|part| data_schema(doc, part))
}

fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..16 {
        match current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| doc.pointer(r.trim_start_matches('#')))
        {
            Some(target) => current = target,
            None => break,
        }
    }
    current
}

/// `X` of a schema that is exactly `{$ref: "#/components/schemas/X"}`.
fn component_ref(schema: &Value) -> Option<String> {
    let obj = schema.as_object()?;
    if obj.len() != 1 {
        return None;
    }
    obj.get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
        .map(str::to_string)
}

/// The names of the types typify generated.
fn type_names(types: &syn::ItemMod) -> BTreeSet<String> {
    let Some((_, items)) = &types.content else {
        return BTreeSet::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Type(t) => Some(t.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The named fields of the generated envelope struct.
fn envelope_fields(types: &syn::ItemMod) -> Result<Vec<syn::Field>> {
    let (_, items) = types.content.as_ref().ok_or("empty types module")?;
    let envelope = items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == ENVELOPE => Some(s),
            _ => None,
        })
        .ok_or_else(|| format!("typify generated no struct {ENVELOPE}"))?;
    let syn::Fields::Named(fields) = &envelope.fields else {
        return Err(format!("{ENVELOPE} is not a struct with named fields").into());
    };
    Ok(fields.named.iter().cloned().collect())
}

/// Prefixes the generated type names used in `ty` with `types::`.
fn qualify(ty: &mut syn::Type, names: &BTreeSet<String>) {
    let syn::Type::Path(path) = ty else {
        return;
    };
    for segment in path.path.segments.iter_mut() {
        if let syn::PathArguments::AngleBracketed(args) = &mut segment.arguments {
            for arg in args.args.iter_mut() {
                if let syn::GenericArgument::Type(inner) = arg {
                    qualify(inner, names);
                }
            }
        }
    }
    let local = path.qself.is_none()
        && path.path.leading_colon.is_none()
        && path.path.segments.len() == 1
        && names.contains(&path.path.segments[0].ident.to_string());
    if local {
        let qualified: syn::Type =
            syn::parse2(quote! { types::#path }).expect("a qualified path parses");
        *ty = qualified;
    }
}

/// The serde name of a field: its `rename`, else its identifier.
fn serde_name(field: &syn::Field) -> String {
    for attr in &field.attrs {
        if !attr.path().is_ident("serde") {
            continue;
        }
        let text = attr.to_token_stream().to_string();
        if let Some(start) = text.find("rename = \"") {
            let rest = &text[start + "rename = \"".len()..];
            if let Some(end) = rest.find('"') {
                return rest[..end].to_string();
            }
        }
    }
    field
        .ident
        .as_ref()
        .map(|i| i.to_string().trim_start_matches("r#").to_string())
        .unwrap_or_default()
}

/// The spec's description of an envelope property, for fields typify left undocumented.
fn envelope_doc(doc: &Value, name: &str) -> String {
    let pointer = format!("/components/schemas/{ENVELOPE}/properties/{name}/description");
    match doc.pointer(&pointer).and_then(Value::as_str) {
        Some(text) => text.trim().to_string(),
        None => format!("`{name}`."),
    }
}

/// `Event`, `EventData` and their impls.
fn events_code(
    spec: &Spec,
    events: &[EventSpec],
    types: &syn::ItemMod,
    names: &BTreeSet<String>,
) -> Result<TokenStream> {
    // The envelope: every field of WebhookEventPayload but `data`; `type` becomes `r#type`.
    let mut fields = Vec::new();
    let mut has_type = false;
    for mut field in envelope_fields(types)? {
        let name = serde_name(&field);
        if name == "data" {
            continue;
        }
        if name == "type" {
            has_type = true;
            field.ident = Some(Ident::new_raw("type", Span::call_site()));
            field.attrs.retain(|a| !a.path().is_ident("serde"));
            let ty = &field.ty;
            if ty.to_token_stream().to_string().replace(' ', "") != "::std::string::String" {
                return Err(
                    format!("{ENVELOPE}.type is {}, not a string", ty.to_token_stream()).into(),
                );
            }
        }
        if !field.attrs.iter().any(|a| a.path().is_ident("doc")) {
            let doc = envelope_doc(&spec.doc, &name);
            field.attrs.insert(0, syn::parse_quote! { #[doc = #doc] });
        }
        qualify(&mut field.ty, names);
        fields.push(field);
    }
    if !has_type {
        return Err(format!("{ENVELOPE} has no `type` field to dispatch on").into());
    }
    let idents: Vec<&Ident> = fields.iter().filter_map(|f| f.ident.as_ref()).collect();
    let wire_fields: Vec<syn::Field> = fields
        .iter()
        .cloned()
        .map(|mut f| {
            f.attrs.retain(|a| a.path().is_ident("serde"));
            f.vis = syn::Visibility::Inherited;
            f
        })
        .collect();

    let mut variants = Vec::new();
    let mut decode_arms = Vec::new();
    let mut type_arms = Vec::new();
    let mut serialize_arms = Vec::new();
    let mut event_types = Vec::new();
    for event in events {
        let rust_name = rules::pascal(&event.component);
        if !names.contains(&rust_name) {
            return Err(format!(
                "event {}: typify generated no type {rust_name} for {}",
                event.name, event.component
            )
            .into());
        }
        let variant = Ident::new(&event.variant, Span::call_site());
        let ty = Ident::new(&rust_name, Span::call_site());
        let name = &event.name;
        let doc = if event.description.is_empty() {
            format!("`{name}`.")
        } else {
            format!("`{name}`: {}.", event.description.trim_end_matches('.'))
        };
        variants.push(quote! {
            #[doc = #doc]
            #variant(types::#ty)
        });
        decode_arms.push(quote! {
            #name => EventData::#variant(::serde_json::from_value(data)?)
        });
        type_arms.push(quote! { EventData::#variant(_) => #name });
        serialize_arms.push(quote! { EventData::#variant(data) => data.serialize(serializer) });
        event_types.push(name.clone());
    }
    let version = &spec.version;
    let unknown_doc = format!(
        " An event this version of the crate does not know: one added to Clerk after the \
         {version} webhook spec. `data` is the payload as sent."
    );
    Ok(quote! {
        use ::serde::Serialize as _;

        /// The version of Clerk's webhook spec these events were generated from.
        pub const SPEC_VERSION: &str = #version;

        /// The `type` of every event [`EventData`] has a variant for, in spec order.
        pub const EVENT_TYPES: &[&str] = &[#(#event_types),*];

        /// A webhook event: the envelope Clerk sends every event in, and its typed `data`.
        ///
        /// Decoding dispatches on `type`: a known type whose `data` does not fit the
        /// payload type is an error; an unknown type becomes [`EventData::Unknown`].
        /// Unknown envelope fields are ignored.
        #[derive(Clone, Debug, ::serde::Serialize)]
        pub struct Event {
            #(#fields,)*
            /// The payload, typed by the event's `type`.
            pub data: EventData,
        }

        impl<'de> ::serde::Deserialize<'de> for Event {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                #[derive(::serde::Deserialize)]
                struct Wire {
                    #(#wire_fields,)*
                    #[serde(default)]
                    data: ::serde_json::Value,
                }
                let wire = Wire::deserialize(deserializer)?;
                let data = EventData::from_parts(&wire.r#type, wire.data)
                    .map_err(<D::Error as ::serde::de::Error>::custom)?;
                Ok(Event {
                    #(#idents: wire.#idents,)*
                    data,
                })
            }
        }

        /// The payload of an event, one variant per event type of the spec.
        ///
        /// Serialises as the payload alone, like the `data` field it came from.
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum EventData {
            #(#variants,)*
            #[doc = #unknown_doc]
            Unknown {
                /// The event type, e.g. `"thing.created"`.
                r#type: ::std::string::String,
                /// The payload.
                data: ::serde_json::Value,
            },
        }

        impl EventData {
            /// Decodes the `data` of an event of type `event_type`: into its variant when
            /// the type is known, else into [`EventData::Unknown`].
            pub fn from_parts(
                event_type: &str,
                data: ::serde_json::Value,
            ) -> ::std::result::Result<Self, ::serde_json::Error> {
                Ok(match event_type {
                    #(#decode_arms,)*
                    other => EventData::Unknown {
                        r#type: other.to_string(),
                        data,
                    },
                })
            }

            /// The event type this payload belongs to, e.g. `"user.created"`.
            pub fn event_type(&self) -> &str {
                match self {
                    #(#type_arms,)*
                    EventData::Unknown { r#type, .. } => r#type,
                }
            }
        }

        impl ::serde::Serialize for EventData {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: ::serde::Serializer,
            {
                match self {
                    #(#serialize_arms,)*
                    EventData::Unknown { data, .. } => data.serialize(serializer),
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_become_components() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "v1"},
            "x-webhooks": {
                "user.created": {"post": {"description": "User created", "requestBody": {"content": {"application/json": {"schema": {
                    "allOf": [
                        {"$ref": "#/components/schemas/WebhookEventPayload"},
                        {"properties": {"data": {"$ref": "#/components/schemas/User"}}}
                    ]
                }}}}}},
                "organizationInvitation.created": {"post": {"requestBody": {"content": {"application/json": {"schema": {
                    "allOf": [
                        {"$ref": "#/components/schemas/WebhookEventPayload"},
                        {"properties": {"data": {"allOf": [{"$ref": "#/components/schemas/User"}]}}}
                    ]
                }}}}}}
            },
            "components": {"schemas": {
                "WebhookEventPayload": {"type": "object", "properties": {"type": {"type": "string"}}},
                "User": {"type": "object"}
            }}
        });
        let (out, events) = components_document(&doc).unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].variant, "UserCreated");
        assert_eq!(events[0].component, "User");
        assert_eq!(events[0].description, "User created");
        assert_eq!(events[1].variant, "OrganizationInvitationCreated");
        assert_eq!(events[1].component, "OrganizationInvitationCreatedData");
        assert_eq!(out["paths"], json!({}));
        assert_eq!(
            out["components"]["schemas"]["OrganizationInvitationCreatedData"],
            json!({"allOf": [{"$ref": "#/components/schemas/User"}]})
        );
    }

    #[test]
    fn qualify_prefixes_generated_names_only() {
        let names: BTreeSet<String> = ["Attrs".to_string()].into();
        let mut ty: syn::Type = syn::parse2(quote! { ::std::option::Option<Attrs> }).unwrap();
        qualify(&mut ty, &names);
        assert_eq!(
            ty.to_token_stream().to_string().replace(' ', ""),
            "::std::option::Option<types::Attrs>"
        );
        let mut ty: syn::Type = syn::parse2(quote! { ::std::string::String }).unwrap();
        qualify(&mut ty, &names);
        assert_eq!(
            ty.to_token_stream().to_string().replace(' ', ""),
            "::std::string::String"
        );
    }
}
