//! Decoding tests for the generated crate, built from the IR: for every JSON
//! body an operation documents, two samples (every field set, with the
//! document's examples; only required fields, with nulls, an unknown enum
//! value and a timestamp where a date is documented) must decode and survive
//! a round trip; every union variant must decode to itself.

use std::cell::Cell;
use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use serde_json::{json, Map, Value};

use crate::ir::{Api, BodyEncoding, TypeDef, TypeKind, TypeRef};
use crate::names::snake;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Every field, examples where the document gives them, an extra field.
    Full,
    /// Required fields only; nulls, an unknown enum value, timestamps for dates.
    Minimal,
    /// A request a strict server accepts: required fields only, documented
    /// examples, known enum values, digits for strings (ids are often `^\d+$`).
    Request,
}

/// Longest chain of nested types followed before a sample stops descending.
const MAX_DEPTH: usize = 12;
/// Values a full sample holds before the rest of it is sampled minimally
/// (required fields only): wide types nested deep would otherwise grow a
/// sample exponentially (one document's samples reached 31 MB).
const FULL_BUDGET: usize = 300;
/// Values past which a sample is given up: its test is not emitted.
const HARD_CAP: usize = 4_000;

pub(crate) struct Sampler<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
    /// Values produced for the sample being built.
    values: Cell<usize>,
}

impl<'a> Sampler<'a> {
    pub(crate) fn new(api: &'a Api) -> Self {
        Sampler { types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(), values: Cell::new(0) }
    }

    /// A sample of `ty`, or None when it would exceed [`HARD_CAP`] values.
    pub(crate) fn root(&self, ty: &TypeRef, mode: Mode) -> Option<Value> {
        self.values.set(0);
        let value = self.sample(ty, mode, false, 0);
        (self.values.get() <= HARD_CAP).then_some(value)
    }

    /// A sample of one union variant, or None past [`HARD_CAP`] values.
    fn root_variant(&self, union: &crate::ir::UnionDef, index: usize) -> Option<Value> {
        self.values.set(0);
        let value = self.union_variant(union, index, Mode::Full, 0);
        (self.values.get() <= HARD_CAP).then_some(value)
    }

    fn same_shape(&self, a: &TypeRef, b: &TypeRef) -> bool {
        let unboxed = |ty: &TypeRef| match ty {
            TypeRef::Box(inner) => (**inner).clone(),
            other => other.clone(),
        };
        match (unboxed(a), unboxed(b)) {
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                let key = |name: &str| self.types.get(name).and_then(|t| t.kind.shape_key());
                key(&a).is_some() && key(&a) == key(&b)
            }
            (a, b) => a == b,
        }
    }

    /// The parts of a multipart form type, if `name` is one.
    pub(crate) fn form(&self, name: &str) -> Option<&crate::ir::StructDef> {
        match &self.types.get(name)?.kind {
            TypeKind::Form(form) => Some(form),
            _ => None,
        }
    }

    fn sample(&self, ty: &TypeRef, mode: Mode, direct_field: bool, depth: usize) -> Value {
        self.values.set(self.values.get() + 1);
        if self.values.get() > HARD_CAP {
            return Value::Null;
        }
        match ty {
            TypeRef::String if mode == Mode::Request => json!("1"),
            TypeRef::String => json!("text"),
            TypeRef::Bool => json!(true),
            TypeRef::I32 | TypeRef::I64 => json!(7),
            TypeRef::F64 => json!(1.5),
            // A timestamp where a date is documented: servers do send one.
            TypeRef::Date if mode == Mode::Minimal && direct_field => json!("2024-05-01T09:30:00Z"),
            TypeRef::Date => json!("2024-05-01"),
            // Servers leave the offset out: that decodes too.
            TypeRef::DateTime if mode == Mode::Minimal => json!("2024-05-01 09:30:00"),
            TypeRef::DateTime => json!("2024-05-01T09:30:00+01:00"),
            TypeRef::Bytes | TypeRef::File | TypeRef::Redirect => json!("bytes"),
            TypeRef::Any | TypeRef::FreeFormObject => json!({"key": "value"}),
            TypeRef::Vec(inner) if depth < MAX_DEPTH => Value::Array(vec![self.sample(inner, mode, false, depth + 1)]),
            TypeRef::Vec(_) => json!([]),
            TypeRef::Map(inner) if depth < MAX_DEPTH => json!({ "key": self.sample(inner, mode, false, depth + 1) }),
            TypeRef::Map(_) => json!({}),
            TypeRef::Option(inner) | TypeRef::Nullable(inner) => match mode {
                Mode::Full | Mode::Request if depth < MAX_DEPTH => self.sample(inner, mode, direct_field, depth + 1),
                _ => Value::Null,
            },
            TypeRef::Box(inner) => self.sample(inner, mode, direct_field, depth),
            TypeRef::Named(name) => self.named(name, mode, depth),
        }
    }

    fn named(&self, name: &str, mode: Mode, depth: usize) -> Value {
        // Deep in a recursive type, only required fields are followed, so the
        // sample ends; a type that requires itself has no finite value at all.
        let Some(def) = self.types.get(name).filter(|_| depth < 2 * MAX_DEPTH) else { return Value::Null };
        let spent = self.values.get() > FULL_BUDGET;
        let mode = if (depth >= MAX_DEPTH || spent) && mode == Mode::Full { Mode::Minimal } else { mode };
        match &def.kind {
            TypeKind::Enum(e) => match mode {
                Mode::Full | Mode::Request => e.variants.first().map_or(json!("value"), |v| json!(v.wire_value)),
                // Forward compatibility: a value this crate has never seen.
                Mode::Minimal => json!("a-value-added-later"),
            },
            TypeKind::Alias(inner) => self.sample(inner, mode, false, depth + 1),
            // Forms are never JSON: no sample.
            TypeKind::Form(_) => Value::Null,
            TypeKind::Union(u) => {
                let index = if mode == Mode::Minimal { u.variants.len().saturating_sub(1) } else { 0 };
                self.union_variant(u, index, mode, depth + 1)
            }
            TypeKind::Struct(s) => {
                let mut object = Map::new();
                for field in &s.fields {
                    if field.flatten {
                        if let Value::Object(inner) = self.sample(&field.ty, mode, false, depth + 1) {
                            object.extend(inner);
                        }
                        continue;
                    }
                    if mode != Mode::Full && !field.required {
                        continue;
                    }
                    // The document's own sample, whatever it is: if it does not decode, that is news.
                    // (Not in requests where it contradicts the documented format.)
                    let example = field.example.as_ref().filter(|example| match mode {
                        Mode::Full => true,
                        Mode::Minimal => false,
                        Mode::Request => {
                            !matches!(unwrapped(&field.ty), TypeRef::DateTime) || is_rfc_3339_timestamp(example)
                        }
                    });
                    let value = match (example, mode, unwrapped(&field.ty), field.format.as_deref()) {
                        (Some(example), _, _, _) => example.clone(),
                        (None, Mode::Request, TypeRef::String, Some(format)) => formatted_string(format),
                        _ => self.sample(&field.ty, mode, true, depth + 1),
                    };
                    object.insert(field.wire_name.clone(), value);
                }
                if mode == Mode::Full && s.additional.is_none() && !object.contains_key("unexpected_extra_field") {
                    // Servers add fields; decoding must ignore them.
                    object.insert("unexpected_extra_field".to_owned(), json!(true));
                }
                Value::Object(object)
            }
        }
    }

    fn union_variant(&self, union: &crate::ir::UnionDef, index: usize, mode: Mode, depth: usize) -> Value {
        let Some(variant) = union.variants.get(index) else { return Value::Null };
        let mut value = self.sample(&variant.ty, mode, false, depth + 1);
        if let (Some(property), Some(tag), Value::Object(object)) =
            (&union.discriminator, variant.tags.first(), &mut value)
        {
            object.insert(property.clone(), json!(tag));
        }
        value
    }
}

fn unwrapped(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Box(inner) => unwrapped(inner),
        other => other,
    }
}

/// A string a validating server accepts for the `format`.
/// An example a request may send where `date-time` is documented: a
/// timestamp with its time (`1989-04-11` is a date, which a validating
/// server refuses there).
fn is_rfc_3339_timestamp(example: &Value) -> bool {
    example.as_str().is_some_and(|text| text.len() >= 20 && matches!(text.as_bytes().get(10), Some(b'T' | b't')))
}

fn formatted_string(format: &str) -> Value {
    match format {
        "email" => json!("person@example.com"),
        "uri" | "url" => json!("https://example.com/hooks/endpoint"),
        "uuid" => json!("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        "ipv4" => json!("192.0.2.1"),
        "hostname" => json!("example.com"),
        _ => json!("1"),
    }
}

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn type_tokens(ty: &TypeRef) -> TokenStream {
    super::rust::type_tokens_in_crate(ty)
}

/// `src/samples.rs`, compiled only for tests.
pub fn samples_rs(api: &Api) -> TokenStream {
    let sampler = Sampler::new(api);
    let mut tests = Vec::new();
    let mut names = crate::names::Scope::default();
    for (group, op) in api.groups.iter().flat_map(|group| group.operations.iter().map(move |op| (group, op))) {
        // The request body too: its samples are the document's examples, and
        // it must read back what it writes.
        let request = op.body.as_ref().map(|b| ("request", b.encoding, &b.ty));
        let responses =
            op.responses.iter().filter_map(|r| r.body.as_ref().map(|b| (r.variant.as_str(), b.encoding, &b.ty)));
        for (role, encoding, body_ty) in request.into_iter().chain(responses) {
            if encoding != BodyEncoding::Json {
                continue;
            }
            let body =
                crate::ir::ResponseBody { media_type: String::new(), encoding, ty: body_ty.clone(), also: Vec::new() };
            let ty = type_tokens(&body.ty);
            let (Some(full), Some(minimal)) =
                (sampler.root(&body.ty, Mode::Full), sampler.root(&body.ty, Mode::Minimal))
            else {
                continue;
            };
            let (full, minimal) = (full.to_string(), minimal.to_string());
            let test =
                ident(&names.claim(&format!("{}_{}_{}", group.module, op.method_name, snake(role, "status")), "_"));
            let what = format!("{} {} ({role})", op.http_method, op.path);
            let cfg = super::operations::group_cfg(group);
            tests.push(quote! {
                #cfg
                #[test]
                fn #test() {
                    for sample in [#full, #minimal] {
                        round_trip::<#ty>(sample, #what);
                    }
                }
            });
        }
    }
    for def in &api.types {
        let TypeKind::Union(union) = &def.kind else { continue };
        let name = ident(&def.name);
        for (index, variant) in union.variants.iter().enumerate() {
            let Some(sample) = sampler.root_variant(union, index) else { continue };
            let sample = sample.to_string();
            // Alternatives of the same shape cannot be told apart: the first wins.
            // (A discriminator tells them apart by its tag.)
            let expected = union.variants[..index]
                .iter()
                .find(|earlier| union.discriminator.is_none() && sampler.same_shape(&earlier.ty, &variant.ty))
                .unwrap_or(variant);
            let variant_ident = ident(&expected.rust_name);
            let test = ident(
                &names
                    .claim(&format!("{}_is_{}", snake(&def.name, "union"), snake(&variant.rust_name, "variant")), "_"),
            );
            let message = format!("a {} sample decodes as {}::{}", variant.rust_name, def.name, expected.rust_name);
            let cfg = super::rust::cfg_features(&def.features);
            tests.push(quote! {
                #cfg
                #[test]
                fn #test() {
                    let value: crate::types::#name = serde_json::from_str(#sample).expect(#message);
                    assert!(matches!(value, crate::types::#name::#variant_ident(_)), "{}, got {:?}", #message, value);
                }
            });
        }
    }
    quote! {
        //! Decoding tests generated from the document (see the generator's
        //! `emit/samples.rs`): every documented JSON body decodes from a full
        //! and a minimal sample and survives a round trip, and every union
        //! variant decodes to itself.

        #[allow(dead_code)] // a document with no JSON bodies has no sample to decode
        fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug>(sample: &str, what: &str) {
            let decoded: T = serde_json::from_str(sample).unwrap_or_else(|e| panic!("{what}: sample does not decode: {e}\n{sample}"));
            let encoded = serde_json::to_string(&decoded).unwrap_or_else(|e| panic!("{what}: does not encode: {e}"));
            let again: T = serde_json::from_str(&encoded).unwrap_or_else(|e| panic!("{what}: own output does not decode: {e}\n{encoded}"));
            assert_eq!(decoded, again, "{what}: round trip changed the value");
        }

        #(#tests)*
    }
}
