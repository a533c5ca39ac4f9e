//! `src/types/*`: structs, enums, unions and form types.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, ours, text};
use super::rust::{cfg_features, gated_items, ident, type_label, type_tokens, TypesPath};
use crate::ir::{EnumDef, Field, StructDef, TypeDef, TypeKind, TypeRef, UnionDef};

pub fn types_mod_rs(modules: &[String]) -> TokenStream {
    let mods = modules.iter().map(|m| ident(m));
    let uses = modules.iter().map(|m| ident(m));
    quote! {
        //! Every request and response type, re-exported flat: names are unique
        //! across modules. Component schemas are in `components`; types defined
        //! inline in an operation live in the module of its group.
        #(mod #mods;)*
        #(pub use #uses::*;)*
    }
}

/// Aliases of a scalar (`pub type PostalCode = String`), by name: a field of
/// an alias of a date needs the date's parser.
pub fn scalar_aliases(api: &crate::ir::Api) -> std::collections::HashMap<&str, &TypeRef> {
    api.types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Alias(ty) => Some((def.name.as_str(), ty)),
            _ => None,
        })
        .collect()
}

type Aliases<'a> = std::collections::HashMap<&'a str, &'a TypeRef>;

pub fn types_module(types: &[&TypeDef], aliases: &Aliases<'_>) -> TokenStream {
    let items = types.iter().map(|t| gated_items(&cfg_features(&t.features), type_def(t, aliases)));
    quote! {
        // Field types mirror the document's nesting.
        #![allow(clippy::type_complexity)]
        #(#items)*
    }
}

/// Docs, or leave to allow the missing ones: a blank description in the
/// document must not trip the crate's `deny(missing_docs)`.
fn or_allow_missing(docs: TokenStream) -> TokenStream {
    if docs.is_empty() {
        quote!(#[allow(missing_docs)])
    } else {
        docs
    }
}

fn type_def(def: &TypeDef, aliases: &Aliases<'_>) -> TokenStream {
    let docs = or_allow_missing(doc_attrs([text(def.description.as_deref())]));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(&name, &docs, s, aliases),
        TypeKind::Enum(e) => enum_def(&name, &docs, e),
        TypeKind::Union(u) => union_def(&name, &docs, u),
        TypeKind::Form(form) => form_def(&name, &docs, form),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty, TypesPath::Sibling);
            // Nothing to say beyond the name and the type the code shows.
            let docs = if def.description.is_some() { docs } else { quote!(#[allow(missing_docs)]) };
            quote! { #docs pub type #name = #ty; }
        }
    }
}

/// The docs of a field the document does not describe: what its schema does
/// say, or nothing (never its own name again).
fn field_facts(field: &Field) -> TokenStream {
    let mut facts = field.facts.clone();
    match &field.ty {
        TypeRef::Nullable(_) => facts.push("Send `null` to clear it; leave it unset to keep it as it is.".to_owned()),
        TypeRef::Option(_) if field.nullable => facts.push("May be `null`.".to_owned()),
        _ => {}
    }
    if facts.is_empty() {
        quote!(#[allow(missing_docs)])
    } else {
        doc_attrs([ours(facts.join(" "))])
    }
}

fn struct_def(name: &Ident, docs: &TokenStream, def: &StructDef, aliases: &Aliases<'_>) -> TokenStream {
    let all_optional = def.fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_)));
    let default = if all_optional { quote!(Default,) } else { quote!() };
    let fields = def.fields.iter().map(|field| {
        let docs = match (field.description.as_deref(), field.flatten) {
            (Some(description), _) if !description.trim().is_empty() => doc_attrs([text(Some(description))]),
            (_, true) => doc_attrs([ours("One of several sets of fields, flattened into this object.")]),
            (_, false) => field_facts(field),
        };
        let rust_name = ident(&field.rust_name);
        let ty = type_tokens(&field.ty, TypesPath::Sibling);
        let mut serde_args = Vec::new();
        if field.flatten {
            serde_args.push(quote!(flatten));
        } else if field.rust_name != field.wire_name {
            let wire = &field.wire_name;
            serde_args.push(quote!(rename = #wire));
        }
        match &field.ty {
            TypeRef::Nullable(_) => {
                serde_args.push(quote!(default, skip_serializing_if = "crate::Nullable::is_absent"))
            }
            _ if !field.required && !field.flatten => {
                serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"))
            }
            _ => {}
        }
        // Scalars decode leniently through the runtime's deserializer
        // wrapper, with no attribute; dates need their own parser.
        match &field.ty {
            ty if is_date(ty, aliases) => serde_args.push(quote!(deserialize_with = "crate::runtime::lenient_date")),
            TypeRef::Option(inner) if is_date(inner, aliases) => {
                serde_args.push(quote!(deserialize_with = "crate::runtime::lenient_option_date"));
                if field.required {
                    serde_args.push(quote!(default));
                }
            }
            _ => {}
        }
        let serde_attr = if serde_args.is_empty() { quote!() } else { quote!(#[serde(#(#serde_args),*)]) };
        let deprecated = if field.deprecated { quote!(#[deprecated]) } else { quote!() };
        quote! { #docs #deprecated #serde_attr pub #rust_name: #ty, }
    });
    let additional = def.additional.as_ref().map(|ty| {
        let ty = type_tokens(ty, TypesPath::Sibling);
        let field_name = ident(&additional_field_name(def));
        quote! {
            /// Properties beyond those listed above.
            #[serde(flatten)]
            pub #field_name: std::collections::HashMap<String, #ty>,
        }
    });
    let allow_deprecated =
        if def.fields.iter().any(|f| f.deprecated) { quote!(#[allow(deprecated)]) } else { quote!() };
    let constructor = constructor(name, def, &allow_deprecated);
    quote! {
        #docs
        #allow_deprecated
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructor
    }
}

/// The type an alias stands for, through aliases of aliases (a loop of them,
/// never valid Rust, is cut); any other type as it is.
fn resolved<'t>(mut ty: &'t TypeRef, aliases: &Aliases<'t>) -> &'t TypeRef {
    for _ in 0..8 {
        match ty {
            TypeRef::Named(name) => match aliases.get(name.as_str()) {
                Some(target) => ty = target,
                None => break,
            },
            _ => break,
        }
    }
    ty
}

/// A date, or an alias of one.
fn is_date(ty: &TypeRef, aliases: &Aliases<'_>) -> bool {
    matches!(resolved(ty, aliases), TypeRef::Date)
}

/// The field holding `additionalProperties`: a name no listed field took.
fn additional_field_name(def: &StructDef) -> String {
    (1..)
        .map(|n| if n == 1 { "additional_properties".to_owned() } else { format!("additional_properties_{n}") })
        .find(|candidate| def.fields.iter().all(|f| &f.rust_name != candidate))
        .unwrap_or_default()
}

/// `new(required fields)` for a struct that has both required and optional
/// fields: callers name what they must and leave the rest unset
/// (`Name { x: Some(1), ..Name::new(a, b) }`).
fn constructor(name: &Ident, def: &StructDef, allow_deprecated: &TokenStream) -> TokenStream {
    let is_optional =
        |f: &crate::ir::Field| !f.required && !f.flatten && matches!(f.ty, TypeRef::Option(_) | TypeRef::Nullable(_));
    let required: Vec<_> = def.fields.iter().filter(|f| !is_optional(f)).collect();
    if required.is_empty() || required.len() == def.fields.len() && def.additional.is_none() {
        return quote!();
    }
    let args = required.iter().map(|field| {
        let arg = ident(&field.rust_name);
        match &field.ty {
            TypeRef::String => quote!(#arg: impl Into<String>),
            ty => {
                let ty = type_tokens(ty, TypesPath::Sibling);
                quote!(#arg: #ty)
            }
        }
    });
    let inits = def.fields.iter().map(|field| {
        let name = ident(&field.rust_name);
        match (&field.ty, is_optional(field)) {
            (TypeRef::String, false) => quote!(#name: #name.into()),
            (_, false) => quote!(#name),
            (TypeRef::Nullable(_), true) => quote!(#name: crate::Nullable::Absent),
            (_, true) => quote!(#name: None),
        }
    });
    let additional = def.additional.as_ref().map(|_| {
        let field_name = ident(&additional_field_name(def));
        quote!(#field_name: Default::default(),)
    });
    let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.rust_name)).collect();
    let doc = format!(" With the required fields ({}); every optional field unset.", names.join(", "));
    quote! {
        #allow_deprecated
        impl #name {
            #[doc = #doc]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #additional }
            }
        }
    }
}

/// A `multipart/form-data` body: a plain struct (files cannot be
/// serialised) that turns itself into parts.
fn form_def(name: &Ident, docs: &TokenStream, def: &StructDef) -> TokenStream {
    let all_optional = def.fields.iter().all(|f| matches!(f.ty, TypeRef::Option(_)));
    let default = if all_optional { quote!(Default,) } else { quote!() };
    let fields = def.fields.iter().map(|field| {
        let docs = match field.description.as_deref() {
            Some(description) => doc_attrs([text(Some(description))]),
            None => doc_attrs([ours(format!("Part `{}`.", field.wire_name))]),
        };
        let rust_name = ident(&field.rust_name);
        let ty = type_tokens(&field.ty, TypesPath::Sibling);
        let deprecated = if field.deprecated { quote!(#[deprecated]) } else { quote!() };
        quote! { #docs #deprecated pub #rust_name: #ty, }
    });
    let parts = def.fields.iter().map(|field| {
        let rust_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let files = TypeRef::Vec(Box::new(TypeRef::File));
        match &field.ty {
            TypeRef::File => quote!(form.file(#wire, self.#rust_name);),
            TypeRef::Option(inner) if **inner == TypeRef::File => quote!(form.optional_file(#wire, self.#rust_name);),
            ty if *ty == files => quote!(form.files(#wire, self.#rust_name);),
            TypeRef::Option(inner) if **inner == files => {
                quote!(form.files(#wire, self.#rust_name.into_iter().flatten());)
            }
            _ => quote!(form.value(#wire, &self.#rust_name)?;),
        }
    });
    let allow_deprecated =
        if def.fields.iter().any(|f| f.deprecated) { quote!(#[allow(deprecated)]) } else { quote!() };
    quote! {
        #docs
        ///
        /// Sent as `multipart/form-data`: file fields as file parts, the
        /// others as text (objects as JSON).
        #allow_deprecated
        #[derive(Debug, #default)]
        pub struct #name {
            #(#fields)*
        }

        #allow_deprecated
        impl #name {
            pub(crate) fn into_multipart(self) -> Result<crate::runtime::Multipart, String> {
                let mut form = crate::runtime::Multipart::new();
                #(#parts)*
                Ok(form)
            }
        }
    }
}

/// A variant's wire value, where the Rust name does not already spell it
/// (`Sms` is `"sms"`; `GpDermatologySpecialist` is not `"GP – Dermatology Specialist"`).
fn variant_docs(rust_name: &str, wire_value: &str) -> TokenStream {
    use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase};
    let spellings = [
        rust_name.to_owned(),
        rust_name.to_lowercase(),
        rust_name.to_snake_case(),
        rust_name.to_kebab_case(),
        rust_name.to_shouty_snake_case(),
        rust_name.to_uppercase(),
    ];
    if spellings.iter().any(|spelling| spelling == wire_value) {
        return quote!(#[allow(missing_docs)]);
    }
    let shown = serde_json::to_string(wire_value).unwrap_or_default();
    if shown.contains('`') {
        return doc_attrs([text(Some(wire_value))]);
    }
    doc_attrs([ours(format!("Sent as `{shown}`."))])
}

fn enum_def(name: &Ident, docs: &TokenStream, def: &EnumDef) -> TokenStream {
    let variants: Vec<Ident> = def.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<&str> = def.variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = def.variants.iter().map(|variant| variant_docs(&variant.rust_name, &variant.wire_value));
    let unknown = ident(&unknown_variant(def));
    quote! {
        #docs
        ///
        /// Unknown values are kept, not rejected, so a value the API adds later
        /// still decodes and is sent back unchanged; a value added to the
        /// document later is a new variant, not a breaking change, since
        /// matches need a wildcard arm.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value this version of the crate does not know.
            #unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                match Self::from(value.as_str()) {
                    Self::#unknown(_) if crate::runtime::strict_enums() => {
                        Err(serde::de::Error::custom(format_args!("unknown value {:?}", value)))
                    }
                    known => Ok(known),
                }
            }
        }
    }
}

/// The catch-all variant's name, clear of the document's own variants.
fn unknown_variant(def: &EnumDef) -> String {
    (1..)
        .map(|n| if n == 1 { "UnknownValue".to_owned() } else { format!("UnknownValue{n}") })
        .find(|candidate| def.variants.iter().all(|v| &v.rust_name != candidate))
        .unwrap_or_default()
}

fn union_def(name: &Ident, docs: &TokenStream, def: &UnionDef) -> TokenStream {
    let variants = def.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let ty = type_tokens(&variant.ty, TypesPath::Sibling);
        let docs = doc_attrs([ours(format!("The value is {}.", type_label(&variant.ty)))]);
        quote! { #docs #rust_name(#ty), }
    });
    let Some(property) = &def.discriminator else {
        let attempts = def.variants.iter().map(|variant| {
            let rust_name = ident(&variant.rust_name);
            let ty = type_tokens(&variant.ty, TypesPath::Sibling);
            let label = &variant.rust_name;
            let fields = &variant.fields;
            // A free-form alternative keeps everything: it is the last resort,
            // taken only when no typed alternative kept anything of the value.
            let catch_all = matches!(variant.ty, TypeRef::Any | TypeRef::FreeFormObject | TypeRef::Map(_));
            let attempt = quote! {
                choice.attempt::<#ty>(&value, #label, &[#(#fields),*], Self::#rust_name);
            };
            if catch_all {
                quote! { if choice.nothing_kept() { #attempt } }
            } else {
                attempt
            }
        });
        let union_name = name.to_string();
        return quote! {
            #docs
            ///
            /// One of several shapes. Decoding keeps the alternative that
            /// decodes and accounts for most of the value (ties go to the more
            /// specific); when one that did not decode holds more of the
            /// value's fields, decoding fails and says where, instead of
            /// dropping them.
            #[derive(Debug, Clone, PartialEq, serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    // First strictly (enums refuse unknown values, scalars
                    // are taken only as documented), which tells apart
                    // alternatives named by an enum; then leniently.
                    for strict in [true, false] {
                        let decided = crate::runtime::with_strict_enums(strict, || {
                            let mut choice = crate::runtime::Choice::new();
                            #(#attempts)*
                            choice.decide(!strict, #union_name)
                        });
                        if let Some(decided) = decided {
                            return decided.map_err(serde::de::Error::custom);
                        }
                    }
                    Err(serde::de::Error::custom(concat!(#union_name, ": no alternative decodes")))
                }
            }
        };
    };
    // Each tag value selects the first variant that claims it; a variant left
    // with no tag of its own (the document maps none to it) cannot be chosen
    // by tag and gets no arm, so the match stays valid and has no dead arms.
    let mut claimed: Vec<&String> = Vec::new();
    let arms: Vec<TokenStream> = def
        .variants
        .iter()
        .filter_map(|variant| {
            let rust_name = ident(&variant.rust_name);
            let tags: Vec<&String> = variant.tags.iter().filter(|tag| !claimed.contains(tag)).collect();
            claimed.extend(tags.iter().copied());
            (!tags.is_empty()).then(|| {
                quote! { #(Some(#tags))|* => crate::runtime::from_value(value).map(Self::#rust_name).map_err(serde::de::Error::custom), }
            })
        })
        .collect();
    let tag_arms = def.variants.iter().map(|variant| {
        let rust_name = ident(&variant.rust_name);
        let tag = variant.tags.first().cloned().unwrap_or_default();
        quote! { Self::#rust_name(inner) => (serde_json::to_value(inner), #tag), }
    });
    let note = format!("The `{property}` property says which variant a value is.");
    let fallback = match &def.default_variant {
        Some(variant) => {
            let variant = ident(variant);
            quote! { _ => crate::runtime::from_value(value).map(Self::#variant).map_err(serde::de::Error::custom), }
        }
        None => quote! {
            Some(other) => Err(serde::de::Error::custom(format_args!("unknown {} {:?}", #property, other))),
            None => Err(serde::de::Error::missing_field(#property)),
        },
    };
    quote! {
        #docs
        ///
        #[doc = #note]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let (value, tag) = match self {
                    #(#tag_arms)*
                };
                let mut value = value.map_err(serde::ser::Error::custom)?;
                // The tag is sent even when the variant's own schema omits it.
                if let serde_json::Value::Object(fields) = &mut value {
                    fields.entry(#property).or_insert_with(|| serde_json::Value::from(tag));
                }
                serde::Serialize::serialize(&value, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    #fallback
                }
            }
        }
    }
}
