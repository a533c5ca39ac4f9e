//! `src/api/*`: one module per group, an accessor per operation, its request
//! builder, response dispatch, pagination and per-status enums.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, inner_doc_attrs, ours, text};
use super::rust::{ident, location_word, type_tokens, TypesPath};
use crate::ir::{
    Api, BodyEncoding, Group, Operation, Param, ParamLocation, PathPart, QueryStyle, RequestBody, StatusMatch, TypeRef,
};

pub fn api_mod_rs(api: &Api) -> TokenStream {
    let modules = api.groups.iter().map(|g| {
        let (cfg, module) = (group_cfg(g), ident(&g.module));
        quote!(#cfg pub mod #module;)
    });
    let accessors = api.groups.iter().map(|group| {
        let module = ident(&group.module);
        let type_name = ident(&group.type_name);
        let docs = doc_attrs([ours(format!("{}.", group_summary(group))), text(group.description.as_deref())]);
        let cfg = group_cfg(group);
        quote! {
            #docs
            #cfg
            pub fn #module(&self) -> #module::#type_name<'_> {
                #module::#type_name::new(self)
            }
        }
    });
    quote! {
        //! Operations, one module per tag of the document (or, untagged, per
        //! resource: the first segment of the path). Each method returns a
        //! request builder: set optional parameters on it, then `.await` it (or
        //! call `.send().await`).
        #(#modules)*

        impl crate::Client {
            #(#accessors)*
        }
    }
}

/// `#[cfg(feature = "...")]` of a group with a feature of its own.
pub(super) fn group_cfg(group: &Group) -> TokenStream {
    if group.feature.is_empty() {
        TokenStream::new()
    } else {
        super::rust::cfg_features(std::slice::from_ref(&group.feature))
    }
}

/// What the operations of a group have in common, for its docs.
fn group_summary(group: &Group) -> String {
    if group.untagged {
        format!(
            "Operations on the `{}` resource (untagged in the document: grouped by the first segment of their paths)",
            group.tag
        )
    } else {
        match &group.parent {
            Some(parent) => format!("Operations tagged `{}`, nested under `{parent}`", group.tag),
            None => format!("Operations tagged `{}`", group.tag),
        }
    }
}

pub fn group_module(group: &Group) -> TokenStream {
    let type_name = ident(&group.type_name);
    let module_docs = inner_doc_attrs([ours(format!("{}.", group_summary(group))), text(group.description.as_deref())]);
    let methods = group.operations.iter().map(group_method);
    let builders = group.operations.iter().map(|op| builder(group, op));
    let struct_docs = doc_attrs([ours(format!(
        "{}; reach them with [`Client::{}`](crate::Client::{}).",
        group_summary(group),
        group.module,
        group.module
    ))]);
    quote! {
        #module_docs
        // Parameter and body types mirror the document's nesting.
        #![allow(clippy::type_complexity)]

        #struct_docs
        #[derive(Debug, Clone, Copy)]
        pub struct #type_name<'a> {
            client: &'a crate::Client,
        }

        impl<'a> #type_name<'a> {
            pub(crate) fn new(client: &'a crate::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#builders)*
    }
}

/// The statuses the runtime follows as redirects when none is documented.
const FOLLOWED_REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

/// A request body's field type and how the caller gives it: a raw body is
/// the runtime's `RawBody` (bytes or a stream), anything else its own type.
fn body_argument(body: &RequestBody) -> (TokenStream, TokenStream, TokenStream) {
    if body.encoding == BodyEncoding::Bytes {
        return (quote!(crate::RawBody), quote!(impl Into<crate::RawBody>), quote!(.into()));
    }
    let (arg, convert) = argument(&body.ty);
    (type_tokens(&body.ty, TypesPath::Crate), arg, convert)
}

/// How a value is taken from the caller: `impl Into<String>` for strings.
pub(super) fn argument(ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(.into())),
        TypeRef::Bytes => (quote!(impl Into<bytes::Bytes>), quote!(.into())),
        other => (type_tokens(other, TypesPath::Crate), quote!()),
    }
}

/// Query strings take anything printable: the document types some numeric
/// parameters (`page_index`) as strings, and `42` should work as `"42"` does.
fn param_argument(param: &Param) -> (TokenStream, TokenStream) {
    match (&param.ty, param.location) {
        (TypeRef::String, ParamLocation::Query) => (quote!(impl std::fmt::Display), quote!(.to_string())),
        (ty, _) => argument(ty),
    }
}

fn operation_docs(op: &Operation) -> TokenStream {
    doc_attrs([
        text(op.summary.as_deref()),
        text(op.description.as_deref()),
        ours(format!("`{} {}` (operation `{}`)", op.http_method, op.path, op.id)),
    ])
}

fn required_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required)
}

fn group_method(op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let docs = operation_docs(op);
    let deprecated = if op.deprecated { quote!(#[deprecated]) } else { quote!() };
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for param in required_params(op) {
        let name = ident(&param.rust_name);
        let (ty, convert) = param_argument(param);
        args.push(quote!(#name: #ty));
        inits.push(if convert.is_empty() { quote!(#name) } else { quote!(#name: #name #convert) });
    }
    for param in op.params.iter().filter(|p| !p.required) {
        let name = ident(&param.rust_name);
        inits.push(quote!(#name: None));
    }
    if let Some(body) = &op.body {
        if body.required {
            let (_, ty, convert) = body_argument(body);
            args.push(quote!(body: #ty));
            inits.push(if convert.is_empty() { quote!(body) } else { quote!(body: body #convert) });
        } else {
            inits.push(quote!(body: None));
        }
    }
    quote! {
        #docs
        #deprecated
        pub fn #method(&self, #(#args),*) -> #builder<'a> {
            #builder { client: self.client, #(#inits,)* options: crate::RequestOptions::default() }
        }
    }
}

fn success_type(op: &Operation) -> TokenStream {
    if let Some(name) = &op.success_type {
        let name = ident(name);
        return quote!(#name);
    }
    match op.responses.iter().find(|r| r.success).and_then(|r| r.body.as_ref()) {
        Some(body) => type_tokens(&body.ty, TypesPath::Crate),
        None => quote!(()),
    }
}

fn error_type(op: &Operation) -> TokenStream {
    match &op.error_type {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => quote!(std::convert::Infallible),
    }
}

fn builder(group: &Group, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let method = &op.method_name;
    let builder_docs = doc_attrs([ours(format!(
        "Request builder for [`{}::{method}`]: set optional parameters, then `.await` it or call [`send`](Self::send).",
        group.type_name
    ))]);
    let mut fields = vec![quote!(client: &'a crate::Client)];
    let mut setters = Vec::new();
    for param in &op.params {
        let name = ident(&param.rust_name);
        let ty = type_tokens(&param.ty, TypesPath::Crate);
        if param.required {
            fields.push(quote!(#name: #ty));
        } else {
            fields.push(quote!(#name: Option<#ty>));
            let (arg, convert) = param_argument(param);
            let docs = doc_attrs([
                text(param.description.as_deref()),
                ours(format!("Sent as the {} `{}`.", location_word(param.location), param.wire_name)),
            ]);
            let deprecated = if param.deprecated { quote!(#[deprecated]) } else { quote!() };
            setters.push(quote! {
                #docs
                #deprecated
                pub fn #name(mut self, value: #arg) -> Self {
                    self.#name = Some(value #convert);
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let (ty, arg, convert) = body_argument(body);
        if body.required {
            fields.push(quote!(body: #ty));
        } else {
            fields.push(quote!(body: Option<#ty>));
            let docs = doc_attrs([
                text(body.description.as_deref()),
                ours("Sets the request body (optional for this operation)."),
            ]);
            setters.push(quote! {
                #docs
                pub fn body(mut self, value: #arg) -> Self {
                    self.body = Some(value #convert);
                    self
                }
            });
        }
    }
    let success = success_type(op);
    let error = error_type(op);
    let send_body = send_body(op, false);
    let pages = super::pages::pages_method(op, &error);
    let stream = super::pages::stream_method(op, &error);
    let wire_setters = wire_setters(op, &error);
    let prepare = prepare_method(op);
    let (error_enum, success_enum) = (error_enum(op), success_enum(op));
    let op_docs = operation_docs(op);
    // A file part may be a stream, read once: such a request cannot be copied.
    let derives = if op.body.as_ref().is_some_and(|b| b.encoding == BodyEncoding::Multipart) {
        quote!()
    } else {
        quote!(#[derive(Clone)])
    };
    let builder_name = &op.builder_name;
    quote! {
        #builder_docs
        #derives
        #[must_use = "a request builder does nothing until it is sent: `.await` it"]
        pub struct #builder<'a> {
            #(#fields,)*
            options: crate::RequestOptions,
        }

        // Parameters and bodies are ids and patient data: Debug names the call only.
        impl std::fmt::Debug for #builder<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#builder_name).field("options", &self.options).finish_non_exhaustive()
            }
        }

        impl<'a> #builder<'a> {
            #(#setters)*

            /// Time allowed for this call (each attempt), overriding the client's.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// Adds a header to this call. The credentials' headers and `Host`, `Content-Length`,
            /// `Transfer-Encoding` and the other framing headers are refused with
            /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.options.headers.push((name.into(), value.into()));
                self
            }

            /// The longest response body this call reads, in bytes, overriding the client's
            /// ([`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body)).
            pub fn max_response_body(mut self, bytes: u64) -> Self {
                self.options.max_response_body = Some(bytes);
                self
            }

            /// How this call is retried, overriding the client's policy.
            pub fn retry(mut self, policy: crate::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }

            /// Adds a query parameter the document does not list, sent after the documented
            /// ones. A credential's parameter is refused with
            /// [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent.
            pub fn query_param(mut self, name: impl Into<String>, value: impl std::fmt::Display) -> Self {
                self.options.query.push((name.into(), value.to_string()));
                self
            }

            /// Follows a redirect to another origin (a download on a CDN, a signed URL)
            /// instead of refusing it with [`Error::Redirect`](crate::Error::Redirect). The
            /// request there carries no credentials, cookies or headers of this call, and
            /// only a `GET` or `HEAD` to `https` (or this machine) is followed. A redirect
            /// elsewhere that the operation documents is its answer ([`Redirect`](crate::Redirect)).
            pub fn follow_redirects_elsewhere(mut self, follow: bool) -> Self {
                self.options.follow_redirects_elsewhere = follow;
                self
            }

            #wire_setters

            #op_docs
            pub fn send(self) -> impl std::future::Future<Output = Result<#success, crate::Error<#error>>> + 'a {
                crate::runtime::body_of(self.send_with_response())
            }

            /// Like [`send`](Self::send), with the response's status and headers.
            pub fn send_with_response(
                self,
            ) -> impl std::future::Future<Output = Result<crate::Response<#success>, crate::Error<#error>>> + 'a {
                #send_body
            }

            #pages

            #stream

            #prepare
        }

        impl<'a> std::future::IntoFuture for #builder<'a> {
            type Output = Result<#success, crate::Error<#error>>;
            type IntoFuture = crate::BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        #error_enum
        #success_enum
    }
}

/// The per-call settings an operation has only where its document offers
/// the choice: extra JSON fields, a raw body's media type, the response's
/// media type (with `send_raw` for one that is not decoded).
fn wire_setters(op: &Operation, error: &TokenStream) -> TokenStream {
    let mut setters = Vec::new();
    match op.body.as_ref().map(|body| body.encoding) {
        Some(BodyEncoding::Json) => setters.push(quote! {
            /// Adds a field the document does not list to the JSON body (a field newer than
            /// the document); one the body already has is replaced. A body that is not a JSON
            /// object is refused with [`Error::InvalidRequest`](crate::Error::InvalidRequest).
            pub fn body_field(mut self, name: impl Into<String>, value: impl serde::Serialize) -> Self {
                self.options.body_field(name.into(), value);
                self
            }
        }),
        Some(BodyEncoding::Bytes) => {
            let media = op.body.as_ref().map(|body| body.media_type.as_str()).unwrap_or_default();
            let docs = doc_attrs([ours(format!(
                "The body's media type (default `{media}`): the body is sent as it is, never encoded."
            ))]);
            setters.push(quote! {
                #docs
                pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
                    self.options.content_type = Some(media_type.into());
                    self
                }
            });
        }
        _ => {}
    }
    if !op.accepts.is_empty() {
        let listed = op.accepts.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
        let docs = doc_attrs([ours(format!(
            "Asks for the answer in one of the media types the document offers: {listed} (sent as `Accept`). `send` decodes the JSON ones; any other arrives whole from [`send_raw`](Self::send_raw). Another media type is refused with [`Error::InvalidRequest`](crate::Error::InvalidRequest), before anything is sent."
        ))]);
        let raw = send_body(op, true);
        setters.push(quote! {
            #docs
            pub fn accept(mut self, media_type: impl Into<String>) -> Self {
                self.options.accept = Some(media_type.into());
                self
            }

            /// Like [`send_with_response`](Self::send_with_response), with the success body
            /// as the bytes the server sent, whatever their media type (see
            /// [`accept`](Self::accept)). Error statuses are errors as they are for `send`.
            pub fn send_raw(
                self,
            ) -> impl std::future::Future<Output = Result<crate::Response<bytes::Bytes>, crate::Error<#error>>> + 'a {
                #raw
            }
        });
    }
    quote!(#(#setters)*)
}

/// The calls that hand the runtime the operation's non-path parameters.
fn param_calls(op: &Operation) -> Vec<TokenStream> {
    let settings = op.setting_queries.iter().map(|wire| {
        quote!(request.query(#wire, self.client.setting(#wire), crate::runtime::QueryStyle::Form { explode: true });)
    });
    let params = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|param| {
        let name = ident(&param.rust_name);
        let wire = &param.wire_name;
        match param.location {
            ParamLocation::Query => {
                let style = match param.style {
                    QueryStyle::Form { explode } => quote!(Form { explode: #explode }),
                    QueryStyle::SpaceDelimited => quote!(SpaceDelimited),
                    QueryStyle::PipeDelimited => quote!(PipeDelimited),
                    QueryStyle::DeepObject => quote!(DeepObject),
                    // Path styles never reach a query parameter.
                    QueryStyle::Simple { explode } | QueryStyle::Label { explode } | QueryStyle::Matrix { explode } => {
                        quote!(Form { explode: #explode })
                    }
                };
                quote!(request.query(#wire, &self.#name, crate::runtime::QueryStyle::#style);)
            }
            ParamLocation::Header => quote!(request.header(#wire, &self.#name);),
            ParamLocation::Cookie => quote!(request.cookie(#wire, &self.#name);),
            ParamLocation::Path => quote!(),
        }
    });
    settings.chain(params).collect()
}

/// The call that hands the runtime the request body, if there is one.
fn body_call(op: &Operation) -> TokenStream {
    op.body
        .as_ref()
        .map(|body| {
            let media = &body.media_type;
            let value = if body.required { quote!(self.body) } else { quote!(body) };
            let set = match body.encoding {
                BodyEncoding::Json => quote!(request.json(#media, &#value);),
                BodyEncoding::Form => quote!(request.form(&#value);),
                BodyEncoding::Multipart => quote!(request.multipart(#value.into_multipart());),
                BodyEncoding::Text => quote!(request.text(#media, #value);),
                BodyEncoding::Bytes => quote!(request.raw(#media, #value);),
            };
            if body.required {
                set
            } else {
                quote! { if let Some(body) = self.body { #set } }
            }
        })
        .unwrap_or_default()
}

/// The `match` of a response's status over `arms`.
pub(super) fn dispatch(arms: &[(TokenStream, TokenStream)]) -> TokenStream {
    match arms {
        // Only `default` is documented: every status takes one path.
        [(pattern, expression)] if pattern.to_string() == "_" => quote!(#expression),
        _ => {
            let arms = arms.iter().map(|(pattern, expression)| quote!(#pattern => #expression,));
            quote! {
                match response.status() {
                    #(#arms)*
                }
            }
        }
    }
}

/// Whether `tokens` use the identifier `name` anywhere, inside groups too.
fn names_ident(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => ident == name,
        proc_macro2::TokenTree::Group(group) => names_ident(&group.stream(), name),
        _ => false,
    })
}

/// The body of `send_with_response` (or, `raw`, of `send_raw`: success
/// bodies as bytes).
fn send_body(op: &Operation, raw: bool) -> TokenStream {
    let arms = response_arms(op, if raw { SuccessAs::Bytes } else { SuccessAs::Documented });
    let dispatch = dispatch(&arms);
    // The async part is the runtime's, written once for every operation. An
    // answer taken whatever it says (`default: {}` only) needs no response.
    let response = if names_ident(&dispatch, "response") { quote!(response) } else { quote!(_) };
    quote! {
        self.prepare().send_and_decode(move |#response| #dispatch)
    }
}

/// The methods `reqwest::Method` names as constants.
const STANDARD_METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

/// `prepare`: the request as the runtime assembles it, shared by the
/// builder's ways of sending.
fn prepare_method(op: &Operation) -> TokenStream {
    let path = path_expr(op);
    let id = &op.id;
    let template = &op.path;
    let wire = request_wire(op);
    let (params, body) = (param_calls(op), body_call(op));
    let request = if STANDARD_METHODS.contains(&op.http_method.as_str()) {
        let method = ident(&op.http_method);
        quote!(self.client.request(reqwest::Method::#method, path, #template, #id))
    } else {
        // 3.2's `query` and `additionalOperations`: the method as sent.
        let method = &op.http_method;
        quote!(self.client.request_named(#method, path, #template, #id))
    };
    quote! {
        fn prepare(self) -> crate::runtime::RequestBuilder<'a> {
            let path = #path;
            let mut request = #request;
            request.options(self.options);
            #wire
            #(#params)*
            #body
            request
        }
    }
}

/// What the runtime is told about the operation beyond its parameters: its
/// own server, the parameter that spans segments, the redirects it
/// documents, the media types it offers.
fn request_wire(op: &Operation) -> TokenStream {
    let mut calls = Vec::new();
    if let Some(server) = &op.server {
        calls.push(quote!(request.server(#server);));
    }
    if let Some(param) = op.params.iter().find(|param| param.spans_segments) {
        let wire = &param.wire_name;
        calls.push(quote!(request.spanning_parameter(#wire);));
    }
    let mut redirects: Vec<u16> = Vec::new();
    for response in &op.responses {
        match response.status {
            StatusMatch::Code(code) if FOLLOWED_REDIRECTS.contains(&code) => redirects.push(code),
            StatusMatch::Range(3) => redirects.extend(FOLLOWED_REDIRECTS),
            _ => {}
        }
    }
    if !redirects.is_empty() {
        redirects.sort_unstable();
        redirects.dedup();
        let codes = redirects.iter().map(|code| Literal::u16_unsuffixed(*code));
        calls.push(quote!(request.documented_redirects(&[#(#codes),*]);));
    }
    if !op.accepts.is_empty() {
        let media_types = &op.accepts;
        calls.push(quote!(request.accepts(&[#(#media_types),*]);));
    }
    quote!(#(#calls)*)
}

fn path_expr(op: &Operation) -> TokenStream {
    if op.path_parts.iter().all(|p| matches!(p, PathPart::Literal(_))) {
        let path = &op.path;
        return quote!(#path.to_owned());
    }
    let pieces = op.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote!(#text),
        PathPart::Setting(wire) => quote!(&crate::runtime::encode_path(self.client.setting(#wire))),
        PathPart::Param(index) => {
            let param = &op.params[*index];
            let name = ident(&param.rust_name);
            let wire = &param.wire_name;
            match param.style {
                QueryStyle::Label { explode } => quote!(&crate::runtime::encode_path_styled(&self.#name, #wire, crate::runtime::PathStyle::Label, #explode)),
                QueryStyle::Matrix { explode } => quote!(&crate::runtime::encode_path_styled(&self.#name, #wire, crate::runtime::PathStyle::Matrix, #explode)),
                QueryStyle::Simple { explode: true } => quote!(&crate::runtime::encode_path_styled(&self.#name, #wire, crate::runtime::PathStyle::Simple, true)),
                _ if param.spans_segments => quote!(&crate::runtime::encode_path_segments(&self.#name)),
                _ => quote!(&crate::runtime::encode_path(&self.#name)),
            }
        }
    });
    quote!([#(#pieces),*].concat())
}

fn status_pattern(status: &StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(*code);
            quote!(#code)
        }
        StatusMatch::Range(range) => {
            let low = Literal::u16_unsuffixed(range * 100);
            let high = Literal::u16_unsuffixed(range * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn decode_call(body: &crate::ir::ResponseBody) -> TokenStream {
    let ty = &body.ty;
    if *ty == TypeRef::Redirect {
        return quote!(response.redirect());
    }
    match body.encoding {
        BodyEncoding::Json | BodyEncoding::Form if !body.also.is_empty() => {
            let also = &body.also;
            let ty = type_tokens(ty, TypesPath::Crate);
            quote!(response.json_labelled::<#ty, _>(&[#(#also),*]))
        }
        BodyEncoding::Json | BodyEncoding::Form => {
            let ty = type_tokens(ty, TypesPath::Crate);
            quote!(response.json::<#ty, _>())
        }
        BodyEncoding::Text => quote!(response.text()),
        BodyEncoding::Bytes | BodyEncoding::Multipart => quote!(response.bytes()),
    }
}

/// What a success's arm makes of its body.
pub(super) enum SuccessAs<'t> {
    /// As the document says.
    Documented,
    /// The bytes the server sent.
    Bytes,
    /// JSON decoded into this type (a page's view).
    Json(&'t TokenStream),
    /// Never reached with its body read (a stream's success is left open).
    Unexpected,
}

/// `(pattern, expression)` per documented status, in matching order.
pub(super) fn response_arms(op: &Operation, success_as: SuccessAs<'_>) -> Vec<(TokenStream, TokenStream)> {
    // Exact codes before ranges before `default`, as the spec says.
    let mut ordered: Vec<&crate::ir::Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let error_enum = op.error_type.as_ref().map(|n| ident(n));
    let success_enum = op.success_type.as_ref().map(|n| ident(n));
    let mut arms: Vec<(TokenStream, TokenStream)> = ordered
        .iter()
        .map(|response| {
            let pattern = status_pattern(&response.status);
            let variant = ident(&response.variant);
            // Beside other answers, a redirect or an empty one is not the page
            // (a declared page may have no documented body at all).
            let not_a_page = !response.has_content() && (response.body.is_some() || op.success_type.is_some());
            let expression = if response.success && matches!(success_as, SuccessAs::Json(_)) && not_a_page {
                // No page, so the stream ends with the status.
                quote!(Err(response.unexpected()))
            } else if response.success && !matches!(success_as, SuccessAs::Documented) {
                success_arm(&success_as)
            } else if response.success {
                let value = match &response.body {
                    Some(body) => decode_call(body),
                    None => quote!(Ok(())),
                };
                match (&success_enum, &response.body) {
                    (Some(name), Some(_)) => quote!(#value.map(#name::#variant)),
                    (Some(name), None) => quote!(Ok(#name::#variant)),
                    (None, _) => value,
                }
            } else {
                match (error_enum.as_ref(), &response.body) {
                    (Some(name), Some(body)) if matches!(body.encoding, BodyEncoding::Json) => {
                        let ty = type_tokens(&body.ty, TypesPath::Crate);
                        quote!(Err(response.api_error::<#ty, _>(#name::#variant)))
                    }
                    (Some(name), _) => quote!(Err(response.api_error_empty(#name::#variant))),
                    (None, _) => quote!(Err(response.unexpected())),
                }
            };
            (pattern, expression)
        })
        .collect();
    if !op.responses.iter().any(|r| r.success) {
        let nothing = match success_as {
            SuccessAs::Documented => quote!(Ok(())),
            other => success_arm(&other),
        };
        arms.insert(0, (quote!(200..=299), nothing));
    }
    if !op.responses.iter().any(|r| r.status == StatusMatch::Default) {
        arms.push((quote!(_), quote!(Err(response.unexpected()))));
    }
    arms
}

fn success_arm(success_as: &SuccessAs<'_>) -> TokenStream {
    match success_as {
        SuccessAs::Documented | SuccessAs::Bytes => quote!(response.bytes()),
        SuccessAs::Json(ty) => quote!(response.json::<#ty, _>()),
        SuccessAs::Unexpected => quote!(Err(response.unexpected())),
    }
}

fn error_enum(op: &Operation) -> TokenStream {
    let Some(name) = &op.error_type else { return quote!() };
    let docs = format!(
        "The documented error responses of `{}`, carried by [`Error::Api`](crate::Error::Api).",
        op.method_name
    );
    response_enum(op, name, false, docs)
}

fn success_enum(op: &Operation) -> TokenStream {
    let Some(name) = &op.success_type else { return quote!() };
    let docs = format!("The success responses of `{}`, which differ by status.", op.method_name);
    response_enum(op, name, true, docs)
}

/// One variant per success (or error) response. Error variants carry only
/// JSON bodies (others stay in the error's raw response); success variants
/// carry whatever body was decoded.
fn response_enum(op: &Operation, name: &str, success: bool, docs: String) -> TokenStream {
    let name = ident(name);
    let variants = op.responses.iter().filter(|r| r.success == success).map(|response| {
        let variant = ident(&response.variant);
        let docs = doc_attrs([ours(status_label(&response.status)), text(Some(&response.description))]);
        match &response.body {
            Some(body) if success || body.encoding == BodyEncoding::Json => {
                let ty = type_tokens(&body.ty, TypesPath::Crate);
                quote!(#docs #variant(#ty),)
            }
            _ => quote!(#docs #variant,),
        }
    });
    let docs = doc_attrs([ours(docs)]);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

fn status_label(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("HTTP {code}"),
        StatusMatch::Range(range) => format!("HTTP {range}XX"),
        StatusMatch::Default => "Any other status".to_owned(),
    }
}
