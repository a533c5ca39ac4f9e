//! `src/webhooks.rs`: the typed event, its fetch helper and the verifier of signed deliveries.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, ours};
use super::rust::{ident, type_tokens, TypesPath};

/// `src/webhooks.rs`: verifying and parsing signed deliveries.
pub fn webhooks_rs(hooks: &crate::ir::Webhooks, api: &crate::ir::Api) -> TokenStream {
    // A fetch goes through its group's method: built with that group.
    let group_cfg = |module: &str| {
        api.groups.iter().find(|group| group.module == module).map(super::operations::group_cfg).unwrap_or_default()
    };
    let timestamp = &hooks.timestamp_header;
    let signature = &hooks.signature_header;
    let event_type = hooks.event_type.as_ref().map(|name| {
        let name = ident(name);
        quote! {
            /// The event types, as the document lists them (regenerate to pick up new ones; unknown ones are kept).
            pub type EventType = crate::types::#name;
        }
    });
    let payload = hooks.payload.as_ref().map(|payload| {
        let payload_ident = ident(payload);
        let event_method = match (&hooks.event_type, &hooks.event_field) {
            (Some(_), Some(field)) => {
                let field = ident(field);
                quote! {
                    /// The event type, typed.
                    pub fn event_type(&self) -> EventType {
                        EventType::from(self.#field.as_str())
                    }
                }
            }
            _ => quote!(),
        };
        let (fetch_method, fetch_items) = match (&hooks.object_field, &hooks.id_field) {
            (Some(object), Some(id)) if !hooks.fetch.is_empty() => {
                let object = ident(object);
                let id = ident(id);
                let arms = hooks.fetch.iter().map(|f| {
                    let kind = &f.object;
                    let variant = ident(&f.variant);
                    let module = ident(&f.module);
                    let method = ident(&f.method);
                    let cfg = group_cfg(&f.module);
                    quote! {
                        #cfg
                        #kind => client.#module().#method(self.#id.clone()).await.map(|found| Resource::#variant(Box::new(found))).map_err(|error| Box::new(error) as FetchError),
                    }
                });
                let variants = hooks.fetch.iter().map(|f| {
                    let variant = ident(&f.variant);
                    let ty = type_tokens(&f.ty, TypesPath::Crate);
                    let docs = doc_attrs([ours(format!("A `{}`, fetched with `{}().{}`.", f.object, f.module, f.method))]);
                    let cfg = group_cfg(&f.module);
                    quote!(#docs #cfg #variant(Box<#ty>),)
                });
                let method = quote! {
                    /// Fetches the resource the event is about, where the API has an operation for it.
                    pub async fn fetch(&self, client: &crate::Client) -> Result<Resource, FetchError> {
                        match self.#object.as_str() {
                            #(#arms)*
                            _ => Ok(Resource::Other { object: self.#object.to_string(), id: self.#id.to_string() }),
                        }
                    }
                };
                let items = quote! {
                    /// What [`Event::fetch`] failed with (an [`Error`](crate::Error) of the operation it called).
                    pub type FetchError = Box<dyn std::error::Error + Send + Sync>;

                    /// The resource an event is about.
                    #[derive(Debug, Clone, PartialEq)]
                    #[non_exhaustive]
                    pub enum Resource {
                        #(#variants)*
                        /// A kind of object no operation fetches.
                        Other {
                            /// The object kind.
                            object: String,
                            /// Its id.
                            id: String,
                        },
                    }
                };
                (method, items)
            }
            _ => (quote!(), quote!()),
        };
        quote! {
            /// A delivery's payload.
            pub type Event = crate::types::#payload_ident;

            impl crate::types::#payload_ident {
                #event_method
                #fetch_method
            }

            #fetch_items

            /// Why [`parse`] refused a delivery.
            #[derive(Debug)]
            #[non_exhaustive]
            pub enum WebhookError {
                /// The signature check failed: answer 4xx.
                Verify(VerifyError),
                /// Signed correctly, but the body is not the documented payload.
                Payload(serde_json::Error),
            }

            impl std::fmt::Display for WebhookError {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        Self::Verify(error) => write!(f, "webhook not verified: {error}"),
                        Self::Payload(error) => write!(f, "webhook payload not understood: {error}"),
                    }
                }
            }

            impl std::error::Error for WebhookError {}

            /// Verifies a delivery, then parses its payload.
            pub fn parse(verifier: &WebhookVerifier, headers: &HeaderMap, body: &[u8]) -> Result<Event, WebhookError> {
                verifier.verify(headers, body).map_err(WebhookError::Verify)?;
                crate::runtime::from_slice(body).map_err(WebhookError::Payload)
            }
        }
    });
    quote! {
        //! Receiving webhooks: each delivery carries a timestamp and an HMAC-SHA256
        //! signature, keyed with the webhook's signing key, over
        //! `"{timestamp}.{raw body}"`. Verify before you trust it: [`verifier`],
        //! then [`WebhookVerifier::verify`] (or [`parse`], which also decodes).
        //!
        //! The signature's encoding and the timestamp's format are not
        //! documented: hex and base64 signatures, and epoch seconds, epoch
        //! milliseconds and ISO 8601 timestamps are all accepted. Deliveries
        //! older or newer than the replay window (5 minutes by default) are refused.

        pub use crate::runtime::webhooks::{sign, EmptySigningKey, VerifyError, WebhookVerifier};
        /// The header map [`WebhookVerifier::verify`] reads (the `http` crate's, as axum and hyper use).
        pub use reqwest::header::HeaderMap;

        /// The header carrying the delivery's timestamp.
        pub const TIMESTAMP_HEADER: &str = #timestamp;
        /// The header carrying the delivery's signature.
        pub const SIGNATURE_HEADER: &str = #signature;

        /// A verifier for deliveries signed with `signing_key` (the key given when the webhook was created).
        ///
        /// An empty or blank key is refused: it would accept deliveries anyone can sign
        /// (typically an unset environment variable read as `""`).
        pub fn verifier(signing_key: impl Into<crate::SecretString>) -> Result<WebhookVerifier, EmptySigningKey> {
            WebhookVerifier::new(signing_key.into(), TIMESTAMP_HEADER, SIGNATURE_HEADER)
        }

        #event_type
        #payload
    }
}
