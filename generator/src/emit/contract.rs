//! `tests/generated/every_operation.rs`: one call to every operation with
//! arguments a strict server accepts (required parameters and body fields,
//! the document's examples, known enum values), for a contract test to run
//! against a mock server. It is a module, not a test: the crate's own test
//! harness decides which server it talks to.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::samples::{Mode, Sampler};
use crate::ir::{Api, BodyEncoding, TypeRef};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A file part, or a list of them.
fn is_file_like(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::File => true,
        TypeRef::Vec(inner) => **inner == TypeRef::File,
        _ => false,
    }
}

/// A Rust type path as seen from outside the crate.
fn external_type(ty: &TypeRef, lib: &Ident) -> TokenStream {
    super::rust::type_tokens_in_crate(ty)
        .to_string()
        .replace("crate ::", &format!("{lib} ::"))
        .parse()
        .unwrap_or_default()
}

/// A Rust expression building a value of `ty` from its sample JSON.
fn value(sampler: &Sampler, ty: &TypeRef, lib: &Ident) -> TokenStream {
    let sample = match ty {
        // Path and query strings: digits pass `^\d+$` id patterns.
        TypeRef::String => return quote!("1"),
        TypeRef::Bytes => return quote!(bytes::Bytes::from_static(b"contract")),
        TypeRef::File => return quote!(#lib::FilePart::bytes(&b"contract"[..]).file_name("contract.txt")),
        TypeRef::Vec(inner) if **inner == TypeRef::File => {
            let file = value(sampler, inner, lib);
            return quote!(vec![#file]);
        }
        TypeRef::Option(inner) if is_file_like(inner) => {
            let inner = value(sampler, inner, lib);
            return quote!(Some(#inner));
        }
        TypeRef::Named(name) => match sampler.form(name) {
            // A form is not JSON: build it field by field.
            Some(form) => {
                let path = external_type(ty, lib);
                let fields = form.fields.iter().map(|field| {
                    let name = ident(&field.rust_name);
                    let value = value(sampler, &field.ty, lib);
                    quote!(#name: #value)
                });
                return quote!(#path { #(#fields),* });
            }
            None => sampler.root(ty, Mode::Request).unwrap_or_default().to_string(),
        },
        other => sampler.root(other, Mode::Request).unwrap_or_default().to_string(),
    };
    let ty = external_type(ty, lib);
    quote!(serde_json::from_str::<#ty>(#sample).expect("a generated sample decodes"))
}

pub fn every_operation_rs(api: &Api, lib_name: &str) -> TokenStream {
    let lib = ident(lib_name);
    let sampler = Sampler::new(api);
    let calls = api.groups.iter().flat_map(|group| {
        let sampler = &sampler;
        let lib = &lib;
        group.operations.iter().map(move |op| {
            let module = ident(&group.module);
            let method = ident(&op.method_name);
            let id = &op.id;
            let mut args: Vec<TokenStream> = op.params.iter().filter(|p| p.required).map(|p| value(sampler, &p.ty, lib)).collect();
            if let Some(body) = op.body.as_ref().filter(|b| b.required) {
                args.push(match body.encoding {
                    BodyEncoding::Bytes => quote!(bytes::Bytes::from_static(b"contract")),
                    _ => value(sampler, &body.ty, lib),
                });
            }
            let optional_body = op.body.as_ref().filter(|b| !b.required && b.encoding == BodyEncoding::Json).map(|body| {
                let body = value(sampler, &body.ty, lib);
                quote!(.body(#body))
            });
            let cfg = super::operations::group_cfg(group);
            quote! {
                #cfg
                calls.push(Call::record(#id, client.#module().#method(#(#args),*) #optional_body .send_with_response().await));
            }
        })
    });
    let count = api.operations().count();
    quote! {
        //! Calls every operation once with arguments a strict server accepts.
        //! Include it from a test with `#[path = "generated/every_operation.rs"] mod every_operation;`.
        #![allow(dead_code, unused_imports, clippy::all)]

        /// How many operations the document has.
        pub const OPERATION_COUNT: usize = #count;

        /// One call's outcome.
        #[derive(Debug)]
        pub struct Call {
            /// The operationId.
            pub operation: &'static str,
            /// The HTTP status, if the server answered.
            pub status: Option<u16>,
            /// Prism's `sl-violations` header: what it found wrong with the request.
            pub violations: Option<String>,
            /// Why the call failed, if it did (the body did not decode, an error status...).
            pub error: Option<String>,
        }

        impl Call {
            fn record<T, E: std::fmt::Debug>(operation: &'static str, result: Result<#lib::Response<T>, #lib::Error<E>>) -> Self {
                match result {
                    Ok(response) => Call {
                        operation,
                        status: Some(response.status.as_u16()),
                        violations: response.headers.get("sl-violations").and_then(|v| v.to_str().ok()).map(str::to_owned),
                        error: None,
                    },
                    Err(error) => Call {
                        operation,
                        status: error.status().map(|s| s.as_u16()),
                        violations: error.response().and_then(|r| r.headers.get("sl-violations")).and_then(|v| v.to_str().ok()).map(str::to_owned),
                        error: Some(format!("{error}")),
                    },
                }
            }
        }

        /// Calls every operation of the client once, in document order.
        pub async fn call_every_operation(client: &#lib::Client) -> Vec<Call> {
            let mut calls = Vec::with_capacity(OPERATION_COUNT);
            #(#calls)*
            calls
        }
    }
}
