//! The intermediate representation: plain Rust data that owns every decision
//! about the generated crate (names, types, docs). Emitters only print it.
//! No openapiv3 type appears here, and no token stream.

mod facts;

pub use facts::{NameFacts, WireFacts};
use serde::Serialize;

/// A whole API, ready to emit.
#[derive(Debug, Clone, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub security: Vec<SecurityScheme>,
    /// Names of the schemes every request must carry (the document's first
    /// global security requirement).
    pub required_security: Vec<String>,
    pub groups: Vec<Group>,
    /// Path parameters set once on the client (`PathPart::Setting`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<ClientSetting>,
    pub types: Vec<TypeDef>,
    /// How many inline types were merged into an identical one.
    pub merged_types: usize,
    /// How many types several operations share, named by their role.
    #[serde(skip)]
    pub shared_types: usize,
    /// Signed webhook deliveries, when the document (or overlay) describes them.
    pub webhooks: Option<Webhooks>,
    /// Requests the API sends to you (OpenAPI 3.1 `webhooks`).
    pub incoming_webhooks: Vec<IncomingWebhook>,
    /// The document's `info.license`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<DocumentLicense>,
}

/// What the document says about its licence (`info.license`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DocumentLicense {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The SPDX identifier: 3.1's `identifier`, or the name when it spells
    /// one (`Apache 2.0` is `Apache-2.0`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spdx: Option<String>,
}

impl DocumentLicense {
    pub fn new(name: &str, url: Option<&str>, identifier: Option<&str>) -> DocumentLicense {
        let spdx = identifier
            .filter(|id| crate::license::is_spdx_expression(id))
            .map(str::to_owned)
            .or_else(|| crate::license::spdx_of_name(name));
        DocumentLicense { name: name.trim().to_owned(), url: url.map(str::to_owned), spdx }
    }
}

/// One OpenAPI 3.1 webhook: its payload type lets a receiver decode it.
#[derive(Debug, Clone, Serialize)]
pub struct IncomingWebhook {
    pub name: String,
    pub method: String,
    pub summary: Option<String>,
    pub payload: Option<TypeRef>,
}

/// From the root extension `x-openapi-rs-webhook-signing` (see ARCHITECTURE.md).
#[derive(Debug, Clone, Serialize)]
pub struct Webhooks {
    pub timestamp_header: String,
    pub signature_header: String,
    /// The payload's type.
    pub payload: Option<String>,
    /// The event-type enum, found by the JSON pointer of the schema it came from.
    pub event_type: Option<String>,
    /// The payload field holding the event type, when it is a plain string.
    pub event_field: Option<String>,
    /// The payload fields naming the object kind and its id.
    pub object_field: Option<String>,
    pub id_field: Option<String>,
    /// Object kind -> (group module, method, success type) of the operation that fetches it.
    pub fetch: Vec<WebhookFetch>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WebhookFetch {
    pub object: String,
    pub variant: String,
    pub module: String,
    pub method: String,
    pub ty: TypeRef,
}

impl Api {
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        self.groups.iter().flat_map(|g| g.operations.iter())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Server {
    /// Rust variant name of the environment (e.g. `Production`).
    pub variant: String,
    pub url: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecurityScheme {
    /// The key under `components/securitySchemes`.
    pub key: String,
    /// The `ClientBuilder` method that sets it.
    pub setter: String,
    /// The environment variable `build` reads when it is not set.
    pub env: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub enum SecurityKind {
    ApiKey { location: ParamLocation, name: String },
    Bearer,
    Basic,
}

/// Operations sharing a tag: one module and one accessor on the client.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The tag as written in the document.
    pub tag: String,
    /// snake_case module and accessor name.
    pub module: String,
    /// PascalCase name of the group's struct.
    pub type_name: String,
    pub description: Option<String>,
    /// The document tags none of these operations: `tag` is their paths'
    /// resource segment instead.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub untagged: bool,
    /// The cargo feature that builds this group (its module, kebab-case).
    pub feature: String,
    /// The tag this group's tag is nested under (3.2 `parent`), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The features of the groups nested under this one, at any depth, which
    /// this group's feature turns on too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nested_features: Vec<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// operationId, or the stable name made from method and path.
    pub id: String,
    /// snake_case method name on the group.
    pub method_name: String,
    /// PascalCase name of the request builder.
    pub builder_name: String,
    pub http_method: String,
    pub path: String,
    pub path_parts: Vec<PathPart>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// Name of the enum of documented error responses, if any are documented.
    pub error_type: Option<String>,
    /// Name of the enum of success responses, when they carry different bodies.
    pub success_type: Option<String>,
    /// How to walk its pages, when it is a paged list.
    pub pagination: Option<Pagination>,
    /// What the document says about its pages, for the `pagination` pass.
    #[serde(skip)]
    pub page_hints: PageHints,
    /// Its streamed answer, when a success offers one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream: Option<Streaming>,
    /// The operation's own server (`servers` on it or its path item,
    /// variables at their defaults), when it is not the document's first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
    /// The media types its success responses offer, when there is a choice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub accepts: Vec<String>,
    /// Query parameters whose value is the client's setting (`Api::settings`), by wire name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub setting_queries: Vec<String>,
    /// JSON pointer to the operation in the source document.
    pub pointer: String,
}

/// A list operation that can be walked page by page.
#[derive(Debug, Clone, Serialize)]
pub struct Pagination {
    pub style: PageStyle,
    /// Wire names from the body down to the list of items; empty when the
    /// body is the list.
    pub items: Vec<String>,
    pub item_ty: TypeRef,
    /// Where the body says how many items there are in all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<Vec<String>>,
    /// Where the body says how many pages there are in all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Vec<String>>,
    /// Where the body says whether more pages follow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub has_more: Option<Vec<String>>,
    /// Declared (our `x-openapi-rs-pagination`, Azure's `x-ms-pageable`), not inferred.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub declared: bool,
}

/// How the next page is asked for. `param` is the Rust name of the query
/// parameter that moves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum PageStyle {
    /// A page number, from `first` (the documented default or minimum; when
    /// unknown, the server's first page, then 1).
    Number { param: String, ty: TypeRef, first: Option<u64> },
    /// How many items to skip: up by the items each page had.
    Offset { param: String, ty: TypeRef },
    /// A cursor or token each page gives at `next` in its body.
    Cursor { param: String, next: Vec<String> },
    /// The last item's `field` (an id) is the next cursor (`starting_after`).
    LastItem { param: String, field: String },
    /// The `rel="next"` URL of the `Link` header (RFC 8288).
    LinkHeader,
    /// A next page's URL at `next` in the body.
    NextUrl { next: Vec<String> },
}

impl PageStyle {
    /// Every [`label`](Self::label), in the corpus report's order.
    pub const LABELS: [&'static str; 5] = ["page-number", "offset", "cursor", "link-header", "next-url"];

    /// The style's name, as the corpus counts it.
    pub fn label(&self) -> &'static str {
        match self {
            PageStyle::Number { .. } => "page-number",
            PageStyle::Offset { .. } => "offset",
            PageStyle::Cursor { .. } | PageStyle::LastItem { .. } => "cursor",
            PageStyle::LinkHeader => "link-header",
            PageStyle::NextUrl { .. } => "next-url",
        }
    }
}

/// What the document says about an operation's pages, read while its
/// parameters and responses are converted, for the `pagination` pass (which
/// runs once types have their final names).
#[derive(Debug, Clone, Default)]
pub struct PageHints {
    /// Our declaration (`x-openapi-rs-pagination`) and where it sits.
    pub(crate) declared: Option<(crate::extensions::PaginationDeclaration, String)>,
    /// The item type the declaration names.
    pub(crate) declared_item: Option<TypeRef>,
    /// Azure's `x-ms-pageable`: the next link's field (none: one page) and the items' field.
    pub(crate) ms_pageable: Option<(Option<String>, String)>,
    /// A success response documents a `Link` header.
    pub(crate) link_header: bool,
    /// Query parameters' documented default, else minimum, as a whole number (wire name -> value).
    pub(crate) first_values: Vec<(String, u64)>,
}

/// A streamed answer: server-sent events or JSON lines.
#[derive(Debug, Clone, Serialize)]
pub struct Streaming {
    pub kind: StreamKind,
    /// The media type asked for (`Accept`).
    pub media_type: String,
    /// What each event's data or line decodes into; `None`: text.
    pub item_ty: Option<TypeRef>,
    /// A boolean request-body field that asks for the stream (`stream`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub select_field: Option<String>,
    /// The Rust name of the `Last-Event-ID` header parameter, when the operation takes one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_event_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StreamKind {
    Events,
    JsonLines,
}

/// Media types of JSON lines (NDJSON and its aliases).
const JSON_LINES: &[&str] = &[
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonl",
    "application/jsonlines",
    "application/x-jsonlines",
    "application/json-seq",
    "application/stream+json",
];

impl StreamKind {
    /// How a body of `media_type` streams, if it does: server-sent events or
    /// JSON lines.
    pub fn of(media_type: &str) -> Option<StreamKind> {
        let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if essence == "text/event-stream" {
            Some(StreamKind::Events)
        } else if JSON_LINES.contains(&essence.as_str()) {
            Some(StreamKind::JsonLines)
        } else {
            None
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub enum PathPart {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
    /// A client setting's value (`Api::settings`), by its wire name.
    Setting(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QueryStyle {
    Form {
        explode: bool,
    },
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// Path only: `style: simple` (the default), `label` (`.x`), `matrix` (`;name=x`).
    Simple {
        explode: bool,
    },
    Label {
        explode: bool,
    },
    Matrix {
        explode: bool,
    },
}

#[derive(Debug, Clone, Serialize)]
pub struct Param {
    /// The name on the wire (e.g. `status[]`).
    pub wire_name: String,
    /// The Rust identifier (e.g. `status`).
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub style: QueryStyle,
    pub description: Option<String>,
    pub deprecated: bool,
    /// A path parameter that may hold `/` (`x-multi-segment: true`): its
    /// segments are encoded one by one and the `/` between them kept.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub spans_segments: bool,
    /// The schema's `default`, or the one value its `enum` allows, for the
    /// pass `client_settings`.
    #[serde(skip)]
    pub default: Option<serde_json::Value>,
}

/// A path or required query parameter every operation that has it takes
/// with the same type and default: set once on the client builder, not
/// passed to each call.
#[derive(Debug, Clone, Serialize)]
pub struct ClientSetting {
    pub wire_name: String,
    pub location: ParamLocation,
    /// The builder method that sets it.
    pub setter: String,
    pub ty: TypeRef,
    /// The document's default, as JSON.
    pub default: serde_json::Value,
    pub description: Option<String>,
    /// How many operations take it.
    pub operations: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestBody {
    pub media_type: String,
    /// The media type the document wrote, when the wire's differs (a
    /// wildcard such as `*/*` is sent as `application/octet-stream`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documented_media_type: Option<String>,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BodyEncoding {
    Json,
    Form,
    /// `multipart/form-data`: the body type is a [`TypeKind::Form`].
    Multipart,
    Text,
    Bytes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum StatusMatch {
    Code(u16),
    /// `2XX` is `Range(2)`.
    Range(u16),
    Default,
}

impl StatusMatch {
    /// How the document spells it, as a JSON pointer's token (`404`, `4XX`, `default`).
    pub fn pointer_token(&self) -> String {
        match self {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(range) => format!("{range}XX"),
            StatusMatch::Default => "default".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub status: StatusMatch,
    /// Success (2xx, or `default` when nothing else succeeds) or error.
    pub success: bool,
    /// Variant name in the operation's error or success enum.
    pub variant: String,
    pub description: String,
    pub body: Option<ResponseBody>,
}

impl Response {
    /// Whether it carries a body of its own (a redirect's `Location` is not one).
    pub fn has_content(&self) -> bool {
        self.body.as_ref().is_some_and(|body| body.ty != TypeRef::Redirect)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ResponseBody {
    pub media_type: String,
    pub encoding: BodyEncoding,
    pub ty: TypeRef,
    /// Other media types documented for the status with the same schema,
    /// decoded as this one is (ASP.NET's `text/plain` beside JSON).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}

/// A Rust type as used at a field, parameter or body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TypeRef {
    String,
    Bool,
    I32,
    I64,
    F64,
    Date,
    /// `format: date-time`: the runtime's `Timestamp`, which keeps what the
    /// server wrote (no offset, a bare date, RFC 2822...).
    DateTime,
    Bytes,
    /// A documented redirect's answer: the runtime's `Redirect` (status and
    /// `Location`), never followed.
    Redirect,
    /// A file part of a multipart body (`format: binary` there).
    File,
    /// Any JSON value: the document does not say what it is.
    Any,
    /// A JSON object the document leaves free-form.
    FreeFormObject,
    Named(String),
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Box(Box<TypeRef>),
    /// Optional and nullable in a request: absent, null or a value.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    /// The type inside `Option`, `Nullable` and `Box`.
    pub fn peeled(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) | TypeRef::Nullable(inner) | TypeRef::Box(inner) => inner.peeled(),
            other => other,
        }
    }

    pub fn option(self) -> TypeRef {
        match self {
            TypeRef::Option(_) => self,
            other => TypeRef::Option(Box::new(other)),
        }
    }
}

/// A named type the crate defines.
#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    pub name: String,
    /// Module under `types/` it is emitted in.
    pub module: String,
    pub description: Option<String>,
    /// JSON pointer to the schema it comes from.
    pub pointer: String,
    pub kind: TypeKind,
    /// The group features that build it, any one of them: the groups whose
    /// operations reach it. Empty: always built (every group reaches it, or
    /// something outside the groups does).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub enum TypeKind {
    Struct(StructDef),
    Enum(EnumDef),
    Union(UnionDef),
    Alias(TypeRef),
    /// The parts of a `multipart/form-data` body: fields typed
    /// [`TypeRef::File`] are file parts, the others value parts.
    Form(StructDef),
}

#[derive(Debug, Clone, Serialize)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// Properties beyond the listed ones (`additionalProperties`).
    pub additional: Option<TypeRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub wire_name: String,
    pub rust_name: String,
    /// The full Rust type, `Option` included where the field may be absent or null.
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Its fields sit in the parent's JSON object (`#[serde(flatten)]`).
    pub flatten: bool,
    /// The document's example value, used to build decoding samples.
    pub example: Option<serde_json::Value>,
    /// The string `format` (`email`, `uri`...), used to build valid samples.
    pub format: Option<String>,
    /// What the schema says besides a description (format, pattern, bounds,
    /// default, values, example), as Markdown sentences: the docs of a field
    /// the document does not describe.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumDef {
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire_value: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionDef {
    pub variants: Vec<UnionVariant>,
    /// The property whose value names the variant; without it, decoding
    /// tries the variants in order.
    pub discriminator: Option<String>,
    /// With a discriminator: the variant (its `rust_name`) a value whose tag
    /// is absent or unknown decodes as (3.2 `defaultMapping`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default_variant: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnionVariant {
    pub rust_name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tags: Vec<String>,
    /// The wire names of its fields, when it is an object: a value holding
    /// more of them than the chosen alternative kept was written as this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
}

/// Module under `types/` for component schemas.
pub const COMPONENTS_MODULE: &str = "components";

// The walks over the IR: the one place that knows where a `TypeRef` can sit.

impl TypeRef {
    /// Pushes the named types this reference mentions, through lists, maps,
    /// options and boxes.
    pub fn push_named(&self, out: &mut Vec<String>) {
        match self {
            TypeRef::Named(name) => out.push(name.clone()),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Box(inner)
            | TypeRef::Nullable(inner) => inner.push_named(out),
            _ => {}
        }
    }

    /// Renames every named type inside this reference.
    pub fn rename(&mut self, resolve: &impl Fn(&str) -> String) {
        match self {
            TypeRef::Named(name) => *name = resolve(name),
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Option(inner)
            | TypeRef::Box(inner)
            | TypeRef::Nullable(inner) => inner.rename(resolve),
            _ => {}
        }
    }

    /// The named type held in place (not behind a list, map or box): the one
    /// whose size this reference's size depends on.
    pub fn held_in_place(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Option(inner) | TypeRef::Nullable(inner) => inner.held_in_place(),
            _ => None,
        }
    }
}

impl TypeKind {
    /// Every type reference of this definition: fields, `additionalProperties`,
    /// variants, the aliased type.
    pub fn refs(&self) -> Vec<&TypeRef> {
        let mut refs = self.refs_in_place();
        if let TypeKind::Struct(s) | TypeKind::Form(s) = self {
            refs.extend(&s.additional);
        }
        refs
    }

    /// As [`TypeKind::refs`], without `additionalProperties`, whose values a
    /// map holds on the heap.
    pub fn refs_in_place(&self) -> Vec<&TypeRef> {
        match self {
            TypeKind::Struct(s) | TypeKind::Form(s) => s.fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        }
    }

    /// Every type reference of this definition, to change in place.
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        match self {
            TypeKind::Struct(s) | TypeKind::Form(s) => {
                s.fields.iter_mut().map(|f| &mut f.ty).chain(s.additional.as_mut()).collect()
            }
            TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.ty).collect(),
            TypeKind::Alias(ty) => vec![ty],
            TypeKind::Enum(_) => Vec::new(),
        }
    }

    /// The shape of a type, docs left out: equal keys mean interchangeable types.
    pub fn shape_key(&self) -> Option<String> {
        let mut kind = self.clone();
        if let TypeKind::Struct(s) = &mut kind {
            for field in &mut s.fields {
                field.description = None;
                field.example = None;
                field.format = None;
                // Docs only: two fields that differ in their default are still one shape.
                field.facts.clear();
            }
        }
        serde_json::to_string(&kind).ok()
    }
}

/// Where an operation holds a type: its parameters, body, responses, stream
/// and pages, in one list for the shared and the `mut` walk.
macro_rules! operation_type_slots {
    ($op:expr, $iter:ident, $as_option:ident $(, $mutable:tt)?) => {{
        let op = $op;
        let params = op.params.$iter().map(|p| &$($mutable)? p.ty);
        let body = op.body.$as_option().map(|b| &$($mutable)? b.ty);
        let responses = op.responses.$iter().filter_map(|r| r.body.$as_option()).map(|b| &$($mutable)? b.ty);
        let stream = op.stream.$as_option().and_then(|s| s.item_ty.$as_option());
        let pages = op.pagination.$as_option().map(|p| &$($mutable)? p.item_ty);
        let declared = op.page_hints.declared_item.$as_option();
        params.chain(body).chain(responses).chain(stream).chain(pages).chain(declared)
    }};
}

impl Operation {
    /// The named types its parameters, body, responses, stream and pages mention.
    pub fn named_types(&self) -> Vec<String> {
        let mut out = Vec::new();
        for ty in operation_type_slots!(self, iter, as_ref) {
            ty.push_named(&mut out);
        }
        out
    }

    /// The type references of the parameters, the body and the responses, to
    /// change in place.
    pub fn refs_mut(&mut self) -> Vec<&mut TypeRef> {
        operation_type_slots!(self, iter_mut, as_mut, mut).collect()
    }
}

/// Every named type reachable from `roots` through fields,
/// `additionalProperties`, variants and aliases.
pub fn reachable_types(types: &[TypeDef], mut pending: Vec<String>) -> std::collections::HashSet<String> {
    let by_name: std::collections::HashMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut reachable = std::collections::HashSet::new();
    while let Some(name) = pending.pop() {
        if reachable.contains(&name) {
            continue;
        }
        if let Some(def) = by_name.get(name.as_str()) {
            def.kind.refs().into_iter().for_each(|ty| ty.push_named(&mut pending));
        }
        reachable.insert(name);
    }
    reachable
}
