//! The crate root (`lib.rs`), `config.rs` (servers, credentials, the client builder's
//! settings) and the doc-tested `guides` module.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs, ours, text};
use super::rust::{ident, location_word, type_tokens, TypesPath};
use crate::ir::{Api, ParamLocation, SecurityKind};

/// Hand-written guides, one documented empty module each: their Markdown is
/// the module's docs, so their Rust examples are compiled as doctests.
pub fn guides_rs(guides: &[super::Guide]) -> TokenStream {
    let modules = guides.iter().map(|guide| {
        let name = ident(&guide.module);
        let lines = guide.markdown.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
        quote! { #( #[doc = #lines] )* pub mod #name {} }
    });
    quote! {
        //! Walk-throughs of the main flows, each a compiled example.
        #(#modules)*
    }
}

pub fn lib_rs(webhooks: bool, guides: bool) -> TokenStream {
    let webhooks = if webhooks {
        quote!(
            #[cfg(feature = "webhooks")]
            pub mod webhooks;
        )
    } else {
        quote!()
    };
    let guides = if guides {
        quote!(
            pub mod guides;
        )
    } else {
        quote!()
    };
    let docs = inner_doc_attrs([ours(
        "Build a [`Client`] with [`Client::builder`]; operations are grouped by the document's tags, one accessor per group on the client (see [`api`]); request and response types are in [`types`]. Every failure is an [`Error`].",
    )]);
    quote! {
        // The README is the crate's front page, so its example is compiled as a doctest.
        #![doc = include_str!("../README.md")]
        #![doc = ""]
        #docs
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]
        // With only some groups built, runtime helpers the others use are idle.
        #![cfg_attr(not(feature = "all-groups"), allow(dead_code, unused_imports, unused_variables))]

        #[cfg(not(any(feature = "rustls-tls", feature = "native-tls")))]
        compile_error!("enable a TLS backend: the `rustls-tls` feature (default) or `native-tls`");

        pub mod api;
        mod config;
        mod runtime;
        #[cfg(test)]
        mod samples;
        pub mod types;
        #webhooks
        #guides

        pub use config::Environment;
        pub use runtime::{
            BaseUrlProblem, BoxFuture, Call, Client, ClientBuilder, ConfigError, Error, Event, EventStream, FilePart, Json, JsonLines, JsonObject, Nullable, Pages, RawBody, Redirect, RedirectRefusal, RequestOptions, Response, ResponseParts, RetryBudget, RetryPolicy, SecretString, Timestamp, TimestampError, TransportError, DEFAULT_MAX_RESPONSE_BODY, DEFAULT_POOL_IDLE_TIMEOUT, DEFAULT_POOL_MAX_IDLE_PER_HOST, MAX_ECHOED_CHARS,
        };
    }
}

pub fn config_rs(api: &Api) -> TokenStream {
    let default_url = api.servers.first().map(|s| s.url.clone()).unwrap_or_default();
    let required = api.required_security.iter().filter_map(|key| {
        let scheme = api.security.iter().find(|s| &s.key == key)?;
        let setter = &scheme.setter;
        let env = &scheme.env;
        Some(quote!((#key, #setter, #env)))
    });
    let from_env = api.security.iter().map(|scheme| {
        let key = &scheme.key;
        let setter = ident(&scheme.setter);
        match scheme.kind {
            SecurityKind::Basic => quote! {
                #key => match value.split_once(':') {
                    Some((username, password)) => builder.#setter(username, password.to_owned()),
                    None => builder.#setter(&value, String::new()),
                },
            },
            _ => quote! { #key => builder.#setter(value), },
        }
    });
    let variants = api.servers.iter().map(|server| {
        let docs = doc_attrs([text(server.description.as_deref()), ours(format!("`{}`", server.url))]);
        let variant = ident(&server.variant);
        quote! { #docs #variant, }
    });
    let urls = api.servers.iter().map(|server| {
        let variant = ident(&server.variant);
        let url = &server.url;
        quote! { Self::#variant => #url, }
    });
    let setters = api.security.iter().map(|scheme| {
        let key = &scheme.key;
        let setter = ident(&scheme.setter);
        match &scheme.kind {
            SecurityKind::ApiKey { location, name } => {
                let docs = doc_attrs([
                    ours(format!(
                        "Sets the `{name}` {} sent with every request (security scheme `{key}`). When not set, `build` reads the environment variable `{}`.",
                        location_word(*location),
                        scheme.env
                    )),
                    text(scheme.description.as_deref()),
                ]);
                let location = match location {
                    ParamLocation::Header => quote!(Header),
                    ParamLocation::Query => quote!(Query),
                    _ => quote!(Cookie),
                };
                quote! {
                    #docs
                    pub fn #setter(self, value: impl Into<SecretString>) -> Self {
                        self.credential(#key, CredentialLocation::#location, #name, value.into())
                    }
                }
            }
            SecurityKind::Bearer => {
                let docs = doc_attrs([ours(format!("Sends `Authorization: Bearer <token>` with every request (security scheme `{key}`).")), text(scheme.description.as_deref())]);
                quote! {
                    #docs
                    pub fn #setter(self, token: impl Into<SecretString>) -> Self {
                        let value = SecretString::new(format!("Bearer {}", token.into().expose()));
                        self.credential(#key, CredentialLocation::Header, "authorization", value)
                    }
                }
            }
            SecurityKind::Basic => {
                let docs = doc_attrs([ours(format!("Sends HTTP basic credentials with every request (security scheme `{key}`).")), text(scheme.description.as_deref())]);
                quote! {
                    #docs
                    pub fn #setter(self, username: &str, password: impl Into<SecretString>) -> Self {
                        let value = crate::runtime::basic_auth_value(username, password.into().expose());
                        self.credential(#key, CredentialLocation::Header, "authorization", value)
                    }
                }
            }
        }
    });
    let generic = generic_authorization(api);
    let settings = settings(api);
    let setting_defaults = api.settings.iter().map(|setting| {
        let wire = &setting.wire_name;
        let default = setting.default.to_string();
        quote!((#wire, #default))
    });
    let uses = if api.security.is_empty() {
        quote!(
            use crate::runtime::SecretString;
        )
    } else {
        quote!(
            use crate::runtime::{CredentialLocation, SecretString};
        )
    };
    let set_credential = if api.security.is_empty() {
        quote! {
            fn set_credential(builder: crate::ClientBuilder, _scheme: &str, _value: String) -> crate::ClientBuilder {
                builder
            }
        }
    } else {
        quote! {
            fn set_credential(builder: crate::ClientBuilder, scheme: &str, value: String) -> crate::ClientBuilder {
                match scheme {
                    #(#from_env)*
                    _ => builder,
                }
            }
        }
    };
    quote! {
        //! Servers and credentials, from the document's `servers` and `securitySchemes`.
        #uses

        /// What the runtime is told about this API.
        static API: crate::runtime::ApiConfig = crate::runtime::ApiConfig {
            default_base_url: #default_url,
            required_credentials: &[#(#required),*],
            set_credential,
            settings: &[#(#setting_defaults),*],
        };

        /// Sets a credential read from its environment variable.
        #set_credential

        impl crate::Client {
            /// Starts configuring a client for the document's default server.
            pub fn builder() -> crate::ClientBuilder {
                crate::ClientBuilder::new(&API)
            }
        }

        /// The servers the document lists, or any other base URL.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Environment {
            #(#variants)*
            /// Any other base URL, e.g. a local mock server.
            Custom(String),
        }

        impl Environment {
            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                match self {
                    #(#urls)*
                    Self::Custom(url) => url,
                }
            }
        }

        impl crate::ClientBuilder {
            /// Sends requests to one of the document's servers (or a custom URL).
            pub fn environment(self, environment: Environment) -> Self {
                let url = environment.base_url().to_owned();
                self.base_url(url)
            }

            #(#setters)*

            #generic

            #settings
        }
    }
}

/// A setter for each path parameter set on the client (`Api::settings`).
fn settings(api: &Api) -> TokenStream {
    let setters = api.settings.iter().map(|setting| {
        let setter = ident(&setting.setter);
        let wire = &setting.wire_name;
        let ty = type_tokens(&setting.ty, TypesPath::Crate);
        // Taken as an operation's argument of the same type is.
        let (arg, convert) = super::operations::argument(&setting.ty);
        let docs = doc_attrs([
            text(setting.description.as_deref()),
            ours(format!(
                "Sets the {} `{wire}` of every call that takes it ({} operations); default `{}`, the document's.",
                location_word(setting.location),
                setting.operations,
                setting.default
            )),
        ]);
        let body = if convert.is_empty() {
            quote!(self.setting(#wire, value))
        } else {
            quote! {
                let value: #ty = value #convert;
                self.setting(#wire, value)
            }
        };
        quote! {
            #docs
            pub fn #setter(self, value: #arg) -> Self {
                #body
            }
        }
    });
    quote!(#(#setters)*)
}

/// `bearer_token` and `basic_auth` on every builder, schemes or not (many
/// documents of APIs that take a token name no scheme). A scheme whose
/// setter already has the name keeps it: a bearer or basic scheme's setter
/// does the same.
fn generic_authorization(api: &Api) -> TokenStream {
    let taken = |name: &str| api.security.iter().any(|scheme| scheme.setter == name);
    let bearer = (!taken("bearer_token")).then(|| {
        quote! {
            /// Sends `Authorization: Bearer <token>` with every request, whether or not the
            /// document names a security scheme for it. A scheme of the document that also
            /// sends `Authorization` wins over it.
            pub fn bearer_token(self, token: impl Into<SecretString>) -> Self {
                self.authorization(SecretString::new(format!("Bearer {}", token.into().expose())))
            }
        }
    });
    let basic = (!taken("basic_auth")).then(|| {
        quote! {
            /// Sends HTTP basic credentials (`Authorization: Basic ...`) with every request,
            /// whether or not the document names a security scheme for them. A scheme of the
            /// document that also sends `Authorization` wins over it.
            pub fn basic_auth(self, username: &str, password: impl Into<SecretString>) -> Self {
                self.authorization(crate::runtime::basic_auth_value(username, password.into().expose()))
            }
        }
    });
    quote!(#bearer #basic)
}
