//! Paths -> groups of operations with parameters, bodies and responses.

use indexmap::IndexMap;
use openapiv3::{
    MediaType, Parameter, ParameterSchemaOrContent, ReferenceOr, Response as OaResponse, Schema, StatusCode,
};

use super::{wire, Normaliser};
use crate::diagnostics::join;
use crate::ir::{
    BodyEncoding, Group, Operation, Param, ParamLocation, PathPart, QueryStyle, RequestBody, Response, ResponseBody,
    StatusMatch, StructDef, TypeKind, TypeRef,
};
use crate::names::{is_version_segment, pascal, snake, status_variant, Scope};

/// Names a group accessor must not take: `Client`'s own methods.
const CLIENT_METHODS: &[&str] = &["builder", "base_url", "request", "http", "credentials", "clone", "fmt", "eq"];
/// Names a parameter must not take: the request builder's own members.
const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "body",
    "send",
    "send_with_response",
    "into_future",
    "options",
    "timeout",
    "header",
    "retry",
    "items",
    "pages",
    "clone",
    "max_response_body",
    "query_param",
    "body_field",
    "content_type",
    "accept",
    "send_raw",
    "follow_redirects_elsewhere",
    "prepare",
    "events",
    "json_lines",
    "open_stream",
];

/// Follows a `#/components/{section}/NAME` reference chain.
pub(super) fn resolve_component<'a, T>(
    map: Option<&'a IndexMap<String, ReferenceOr<T>>>,
    item: &'a ReferenceOr<T>,
    section: &str,
) -> Option<&'a T> {
    let mut current = item;
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(&format!("#/components/{section}/"))?;
                current = map?.get(&super::schema::unescape(name))?;
            }
        }
    }
    None
}

/// The group of an untagged operation: its path's first significant segment,
/// the resource (`/v1/customers/{id}` -> `customers`, `/chat.postMessage` ->
/// `chat`), so a document without tags still gets one accessor per resource.
/// Versions, `api`/`rest` prefixes and parameters are not resources.
pub(super) fn resource_of(path: &str) -> String {
    path.split('/')
        .filter(|segment| !segment.is_empty() && !segment.contains('{'))
        .map(|segment| segment.split(['.', ':']).find(|part| !part.is_empty()).unwrap_or_default())
        .find(|segment| {
            !segment.is_empty()
                && !is_version_segment(segment)
                && !["api", "apis", "rest"].contains(&segment.to_ascii_lowercase().as_str())
                && segment.chars().any(|c| c.is_alphabetic())
        })
        .unwrap_or("other")
        .to_owned()
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*" || essence == "application/*"
}

/// A request media type with a wildcard (`*/*`, `application/*`,
/// `image/*`): any bytes may be sent, so the body is raw, never JSON.
fn is_wildcard(media_type: &str) -> bool {
    media_type.split(';').next().unwrap_or("").contains('*')
}

/// A path item's operations: (method as sent, pointer, operation), the fixed
/// methods first, then 3.2's `query` and `additionalOperations`.
pub(super) fn path_operations<'d>(
    item: &'d openapiv3::PathItem,
    item_pointer: &str,
    additional: Option<&'d Vec<crate::extensions::AdditionalOperation>>,
) -> Vec<(String, String, &'d openapiv3::Operation)> {
    let fixed =
        item.iter().map(|(method, operation)| (method.to_ascii_uppercase(), join(item_pointer, method), operation));
    let additional =
        additional.into_iter().flatten().map(|extra| (extra.method.clone(), extra.pointer.clone(), &extra.operation));
    fixed.chain(additional).collect()
}

impl<'d> Normaliser<'d> {
    pub(super) fn convert_operations(&mut self) -> Vec<Group> {
        let doc = self.doc;
        let mut groups: Vec<Group> = Vec::new();
        let mut module_scope = Scope::with_reserved(CLIENT_METHODS);
        let mut operation_ids = Scope::default();
        for (path, item) in &doc.paths.paths {
            let item_pointer = join("/paths", path);
            let ReferenceOr::Item(item) = item else {
                self.diagnostics
                    .warn(&item_pointer, "path item references are not followed: path skipped; inline the path item");
                continue;
            };
            for (http_method, pointer, operation) in
                path_operations(item, &item_pointer, self.extensions.additional_operations.get(path))
            {
                let method = http_method.to_ascii_lowercase();
                let resource;
                let declared = operation.tags.iter().find(|tag| !tag.trim().is_empty());
                let tag = match declared {
                    Some(tag) => tag.as_str(),
                    None => {
                        resource = resource_of(path);
                        resource.as_str()
                    }
                };
                let untagged = declared.is_none();
                let group = group_for(&mut groups, doc, tag, untagged, &mut module_scope);
                let module = group.module.clone();
                let raw_id = match &operation.operation_id {
                    Some(id) if !id.trim().is_empty() => id.clone(),
                    _ => {
                        let id = synthetic_id(&method, path);
                        self.diagnostics.warn(&pointer, format!("no operationId: named `{id}` from its method and path; add an operationId to choose the name"));
                        id
                    }
                };
                let id = operation_ids.claim(&raw_id, "_");
                if id != raw_id {
                    self.diagnostics.warn(
                        &pointer,
                        format!("operationId {raw_id:?} is used more than once: this one is named {id:?}"),
                    );
                }
                // Provisional: the pass `name_methods` names every method of a group at once.
                let method_name = snake(&id, "call");
                let builder_name = pascal(&id, "Call");
                let error_name = format!("{builder_name}Error");
                let success_name = format!("{builder_name}Success");
                self.module = module.clone();
                let errors_before = self.diagnostics.mark();
                let hint = super::shared::operation_type_prefix(&id);
                let mut params = self.params(&item.parameters, &operation.parameters, &hint, &item_pointer, &pointer);
                let path_parts = self.path_parts(path, &mut params, &pointer);
                let body = operation
                    .request_body
                    .as_ref()
                    .and_then(|body| self.request_body(body, &hint, &join(&pointer, "requestBody")));
                let (responses, accepts) = self.responses(&operation.responses, &hint, &join(&pointer, "responses"));
                let has_errors = responses.iter().any(|r| !r.success);
                let mut success_bodies: Vec<Option<&TypeRef>> =
                    responses.iter().filter(|r| r.success).map(|r| r.body.as_ref().map(|b| &b.ty)).collect();
                success_bodies.dedup();
                let success_type = (success_bodies.len() > 1).then_some(success_name);
                let server = self.operation_server(&operation.servers, &item.servers, &pointer, &item_pointer);
                let page_hints = self.page_hints(operation, &item.parameters, &pointer);
                let stream =
                    self.streaming(&operation.responses, body.as_ref(), &params, &hint, &join(&pointer, "responses"));
                self.one_spanning_parameter(path, &mut params, &pointer);
                let operation = Operation {
                    id,
                    method_name,
                    builder_name,
                    http_method,
                    path: path.clone(),
                    path_parts,
                    summary: operation.summary.clone(),
                    description: operation.description.clone(),
                    deprecated: operation.deprecated,
                    params,
                    body,
                    responses,
                    error_type: has_errors.then_some(error_name),
                    success_type,
                    pagination: None,
                    page_hints,
                    stream,
                    server,
                    accepts,
                    setting_queries: Vec::new(),
                    pointer,
                };
                // One bad operation does not sink the others: it is left out.
                if self.diagnostics.demote_errors_since(errors_before) {
                    self.diagnostics.warn(&operation.pointer, "operation skipped because of the problem(s) above: fix them to get its method (--strict stops on them)");
                    continue;
                }
                group_for(&mut groups, doc, tag, untagged, &mut module_scope).operations.push(operation);
            }
        }
        groups.retain(|g| !g.operations.is_empty());
        // Document tag order first, then tags met only on operations.
        let order = |tag: &str| doc.tags.iter().position(|t| t.name == tag).unwrap_or(usize::MAX);
        groups.sort_by_key(|g| order(&g.tag));
        groups
    }

    fn params(
        &mut self,
        path_level: &'d [ReferenceOr<Parameter>],
        operation_level: &'d [ReferenceOr<Parameter>],
        hint: &str,
        item_pointer: &str,
        pointer: &str,
    ) -> Vec<Param> {
        let components = self.doc.components.as_ref().map(|c| &c.parameters);
        let mut merged: Vec<(&'d Parameter, String)> = Vec::new();
        // Operation-level parameters override path-level ones of the same name and place.
        for (owner, list) in [(item_pointer, path_level), (pointer, operation_level)] {
            for (index, parameter) in list.iter().enumerate() {
                let param_pointer = format!("{owner}/parameters/{index}");
                let Some(parameter) = resolve_component(components, parameter, "parameters") else {
                    self.diagnostics.error(&param_pointer, "parameter reference points at nothing, or only at references that loop: fix the `$ref` (expected #/components/parameters/NAME)");
                    continue;
                };
                let data = parameter.parameter_data_ref();
                merged.retain(|(p, _)| !(p.parameter_data_ref().name == data.name && same_location(p, parameter)));
                merged.push((parameter, param_pointer));
            }
        }
        let mut scope = Scope::with_reserved(BUILDER_MEMBERS);
        let mut params = Vec::new();
        for (parameter, param_pointer) in merged {
            let data = parameter.parameter_data_ref();
            let (location, style) = match parameter {
                Parameter::Path { style, .. } => {
                    let explode = data.explode.unwrap_or(false);
                    let style = match style {
                        openapiv3::PathStyle::Simple => QueryStyle::Simple { explode },
                        openapiv3::PathStyle::Label => QueryStyle::Label { explode },
                        openapiv3::PathStyle::Matrix => QueryStyle::Matrix { explode },
                    };
                    (ParamLocation::Path, style)
                }
                Parameter::Header { .. } => (ParamLocation::Header, QueryStyle::Form { explode: false }),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::Form { explode: false }),
                Parameter::Query { style, .. } => (
                    ParamLocation::Query,
                    match style {
                        openapiv3::QueryStyle::Form => QueryStyle::Form { explode: data.explode.unwrap_or(true) },
                        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    },
                ),
            };
            if location == ParamLocation::Header
                && ["accept", "content-type", "authorization"].contains(&data.name.to_ascii_lowercase().as_str())
            {
                self.diagnostics.warn(
                    &param_pointer,
                    format!("header parameter {:?} is set by the client itself: not exposed", data.name),
                );
                continue;
            }
            let type_hint = format!("{hint}{}", pascal(&data.name, "Param"));
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema_type(schema, &type_hint, &join(&param_pointer, "schema"))
                }
                ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                    Some((media, MediaType { schema: Some(schema), .. })) => {
                        let content_pointer = join(&join(&param_pointer, "content"), media);
                        self.diagnostics.warn(&content_pointer, "a parameter described by `content` is sent as its values' text, not serialised as that media type");
                        self.schema_type(schema, &type_hint, &join(&content_pointer, "schema"))
                    }
                    _ => TypeRef::String,
                },
            };
            let ty = match ty {
                TypeRef::Option(inner) => *inner,
                other => other,
            };
            params.push(Param {
                rust_name: scope.claim(&snake(&data.name, "param"), "_"),
                wire_name: data.name.clone(),
                location,
                required: data.required || location == ParamLocation::Path,
                ty,
                style,
                description: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                spans_segments: location == ParamLocation::Path
                    && data.extensions.get("x-multi-segment").and_then(serde_json::Value::as_bool) == Some(true),
                default: match &data.format {
                    ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => only_value(schema),
                    ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                        self.resolve_ref(reference).and_then(only_value)
                    }
                    ParameterSchemaOrContent::Content(_) => None,
                },
            });
        }
        params
    }

    /// Splits the path template; a `{name}` with no declared parameter gets
    /// a string parameter and a warning.
    fn path_parts(&mut self, path: &str, params: &mut Vec<Param>, pointer: &str) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            let index = match params.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name) {
                Some(index) => index,
                None => {
                    self.diagnostics.warn(pointer, format!("path template names {{{name}}} but no path parameter {name:?} is declared: a required string parameter is added"));
                    let taken: Vec<&str> =
                        params.iter().map(|p| p.rust_name.as_str()).chain(BUILDER_MEMBERS.iter().copied()).collect();
                    let mut scope = Scope::with_reserved(&taken);
                    params.push(Param {
                        rust_name: scope.claim(&snake(name, "param"), "_"),
                        wire_name: name.to_owned(),
                        location: ParamLocation::Path,
                        required: true,
                        ty: TypeRef::String,
                        style: QueryStyle::Form { explode: false },
                        description: None,
                        deprecated: false,
                        spans_segments: false,
                        default: None,
                    });
                    params.len() - 1
                }
            };
            parts.push(PathPart::Param(index));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        let unused: Option<String> = params
            .iter()
            .enumerate()
            .filter(|(index, p)| {
                p.location == ParamLocation::Path
                    && !parts.iter().any(|part| matches!(part, PathPart::Param(i) if i == index))
            })
            .map(|(_, p)| p.wire_name.clone())
            .next();
        match unused {
            Some(name) => {
                self.diagnostics.warn(
                    pointer,
                    format!("path parameter {name:?} does not appear in the path template: it is ignored"),
                );
                params.retain(|p| !(p.location == ParamLocation::Path && p.wire_name == name));
                // Indexes shifted: rebuild the parts against the new list.
                self.path_parts(path, params, pointer)
            }
            None => parts,
        }
    }

    pub(super) fn request_body(
        &mut self,
        body: &'d ReferenceOr<openapiv3::RequestBody>,
        hint: &str,
        pointer: &str,
    ) -> Option<RequestBody> {
        let components = self.doc.components.as_ref().map(|c| &c.request_bodies);
        let Some(body) = resolve_component(components, body, "requestBodies") else {
            self.diagnostics.error(pointer, "request body reference points at nothing, or only at references that loop: fix the `$ref` (expected #/components/requestBodies/NAME)");
            return None;
        };
        let (media_type, media) = pick_media(&body.content)?;
        let media_pointer = join(&join(pointer, "content"), media_type);
        let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let (encoding, ty) = if is_json(media_type) && !is_wildcard(media_type) {
            let ty = match &media.schema {
                Some(schema) => self.schema_type(schema, &format!("{hint}Body"), &join(&media_pointer, "schema")),
                None => TypeRef::Any,
            };
            (BodyEncoding::Json, ty)
        } else if essence == "application/x-www-form-urlencoded" {
            let ty = match &media.schema {
                Some(schema) => self.schema_type(schema, &format!("{hint}Body"), &join(&media_pointer, "schema")),
                None => TypeRef::FreeFormObject,
            };
            (BodyEncoding::Form, ty)
        } else if essence.starts_with("text/") {
            (BodyEncoding::Text, TypeRef::String)
        } else if let Some(form) =
            (essence == "multipart/form-data").then(|| self.multipart_form(media, hint, &media_pointer)).flatten()
        {
            (BodyEncoding::Multipart, form)
        } else {
            if essence.starts_with("multipart/") {
                self.diagnostics.warn(&media_pointer, format!("request body media type {media_type} is not an object with properties: the operation takes a raw-bytes body you encode yourself"));
            } else if !essence.starts_with("application/octet-stream")
                && !essence.contains('*')
                && !essence.starts_with("image/")
                && !essence.starts_with("audio/")
                && !essence.starts_with("video/")
                && essence != "application/pdf"
                && essence != "application/zip"
            {
                self.diagnostics.warn(
                    &media_pointer,
                    format!(
                        "request body media type {media_type} is not supported: the operation takes a raw-bytes body"
                    ),
                );
            }
            (BodyEncoding::Bytes, TypeRef::Bytes)
        };
        let documented_media_type = is_wildcard(media_type).then(|| media_type.clone());
        let media_type =
            if media_type.contains('*') { "application/octet-stream".to_owned() } else { media_type.clone() };
        Some(RequestBody {
            media_type,
            documented_media_type,
            encoding,
            ty,
            required: body.required,
            description: body.description.clone(),
        })
    }

    /// A `multipart/form-data` body described by an object schema: one part
    /// per property, `format: binary` strings (and arrays of them) as files.
    fn multipart_form(&mut self, media: &'d MediaType, hint: &str, pointer: &str) -> Option<TypeRef> {
        let schema_pointer = join(pointer, "schema");
        let schema = self.resolve(media.schema.as_ref()?)?;
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &schema.schema_kind else { return None };
        if object.properties.is_empty() {
            return None;
        }
        let name = self.type_name(&format!("{hint}Form"), None);
        let is_file = |this: &Self, property: &'d ReferenceOr<Box<Schema>>| {
            this.resolve_boxed(property).is_some_and(|s| matches!(&s.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(text)) if matches!(&text.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))))
        };
        let mut file_fields = Vec::new();
        let mut value_properties = Vec::new();
        for (wire_name, property) in &object.properties {
            let files = match self.resolve_boxed(property).map(|s| &s.schema_kind) {
                Some(openapiv3::SchemaKind::Type(openapiv3::Type::Array(array))) => {
                    array.items.as_ref().is_some_and(|items| is_file(self, items))
                }
                _ => false,
            };
            if is_file(self, property) || files {
                file_fields.push((wire_name.as_str(), files));
            }
            value_properties.push((wire_name.as_str(), property));
        }
        // Value parts are typed like JSON fields; file parts replace theirs.
        let mut fields = self.fields(value_properties.into_iter(), &object.required, &name, &schema_pointer);
        for field in &mut fields {
            if let Some((_, files)) = file_fields.iter().find(|(wire, _)| *wire == field.wire_name) {
                let file = if *files { TypeRef::Vec(Box::new(TypeRef::File)) } else { TypeRef::File };
                field.ty = if field.required { file } else { file.option() };
                field.example = None;
                field.format = None;
            }
        }
        self.push_type(name.clone(), schema, &schema_pointer, TypeKind::Form(StructDef { fields, additional: None }));
        Some(TypeRef::Named(name))
    }

    /// The documented responses, and the media types their successes offer
    /// when there is a choice.
    fn responses(
        &mut self,
        responses: &'d openapiv3::Responses,
        hint: &str,
        pointer: &str,
    ) -> (Vec<Response>, Vec<String>) {
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        let mut listed: Vec<(StatusMatch, &'d ReferenceOr<OaResponse>, String)> = responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status = match status {
                    StatusCode::Code(code) => StatusMatch::Code(*code),
                    StatusCode::Range(range) => StatusMatch::Range(*range),
                };
                let token = status.pointer_token();
                (status, response, join(pointer, &token))
            })
            .collect();
        if let Some(default) = &responses.default {
            listed.push((StatusMatch::Default, default, join(pointer, &StatusMatch::Default.pointer_token())));
        }
        let any_success = listed.iter().any(|(s, _, _)| is_success(s));
        let mut scope = Scope::default();
        let mut out = Vec::new();
        let mut success_media_types = Vec::new();
        let mut first_success = true;
        for (status, response, response_pointer) in listed {
            let Some(response) = resolve_component(components, response, "responses") else {
                self.diagnostics.error(&response_pointer, "response reference points at nothing, or only at references that loop: fix the `$ref` (expected #/components/responses/NAME)");
                continue;
            };
            let success = is_success(&status) || (status == StatusMatch::Default && !any_success);
            let variant = scope.claim(
                &match &status {
                    StatusMatch::Code(code) => status_variant(*code),
                    StatusMatch::Range(range) => format!("Status{range}xx"),
                    StatusMatch::Default => "Other".to_owned(),
                },
                "",
            );
            if wire::is_redirect(&status) {
                // Where it points is the answer; a 304 has no body at all.
                let body = (status != StatusMatch::Code(304)).then(|| ResponseBody {
                    media_type: String::new(),
                    encoding: BodyEncoding::Bytes,
                    ty: TypeRef::Redirect,
                    also: Vec::new(),
                });
                out.push(Response { status, success, variant, description: response.description.clone(), body });
                continue;
            }
            let body_hint =
                if success && first_success { format!("{hint}Response") } else { format!("{hint}{variant}Body") };
            if success {
                first_success = false;
                success_media_types.extend(response.content.keys());
            }
            let body = pick_media(&response.content).map(|(media_type, media)| {
                let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                let media_pointer = join(&join(&response_pointer, "content"), media_type);
                if is_json(media_type) {
                    let ty = match &media.schema {
                        Some(schema) => self.schema_type(schema, &body_hint, &join(&media_pointer, "schema")),
                        None => TypeRef::Any,
                    };
                    let also = wire::same_schema(&response.content, media_type);
                    ResponseBody { media_type: media_type.clone(), encoding: BodyEncoding::Json, ty, also }
                } else if essence.starts_with("text/") {
                    let (encoding, ty, also) = (BodyEncoding::Text, TypeRef::String, Vec::new());
                    ResponseBody { media_type: media_type.clone(), encoding, ty, also }
                } else {
                    let (encoding, ty, also) = (BodyEncoding::Bytes, TypeRef::Bytes, Vec::new());
                    ResponseBody { media_type: media_type.clone(), encoding, ty, also }
                }
            });
            out.push(Response { status, success, variant, description: response.description.clone(), body });
        }
        (out, wire::offered(success_media_types))
    }
}

/// The value a parameter takes unless told otherwise: its `default`, or the
/// one value its `enum` allows.
fn only_value(schema: &openapiv3::Schema) -> Option<serde_json::Value> {
    use openapiv3::{SchemaKind, Type};
    if let Some(default) = &schema.schema_data.default {
        return Some(default.clone());
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if string.enumeration.len() == 1 => {
            string.enumeration[0].clone().map(serde_json::Value::String)
        }
        SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.len() == 1 => {
            integer.enumeration[0].map(serde_json::Value::from)
        }
        _ => None,
    }
}

/// 2xx, and a documented 3xx: the operation's answers.
fn is_success(status: &StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (200..400).contains(code),
        StatusMatch::Range(range) => *range == 2 || *range == 3,
        StatusMatch::Default => false,
    }
}

/// The media type the client speaks: JSON first, then form, text, anything.
fn pick_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(media, _)| is_json(media) && !media.contains('*'))
        .or_else(|| content.iter().find(|(media, _)| media.starts_with("application/x-www-form-urlencoded")))
        .or_else(|| content.iter().find(|(media, _)| media.starts_with("multipart/form-data")))
        .or_else(|| content.iter().find(|(media, _)| is_json(media)))
        .or_else(|| content.iter().next())
}

fn same_location(a: &Parameter, b: &Parameter) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// `get /v1/users/{id}/keys` -> `get_v1_users_by_id_keys`.
fn synthetic_id(method: &str, path: &str) -> String {
    let mut id = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => {
                id.push_str("by_");
                id.push_str(name);
            }
            None => id.push_str(segment),
        }
    }
    id
}

/// Groups in document tag order, then any tag only operations name.
/// The tag a declared tag is nested under (3.2 `parent`, as the upgrade carries it).
fn tag_parent(tag: &openapiv3::Tag) -> Option<String> {
    tag.extensions.get(crate::extensions::TAG_PARENT).and_then(|parent| parent.as_str()).map(str::to_owned)
}

fn group_for<'g>(
    groups: &'g mut Vec<Group>,
    doc: &openapiv3::OpenAPI,
    tag: &str,
    untagged: bool,
    scope: &mut Scope,
) -> &'g mut Group {
    // A resource that is also a tag (`/keys` untagged, tag `Keys`) is that tag's group.
    let same = |g: &Group| g.tag == tag || ((g.untagged || untagged) && snake(&g.tag, "") == snake(tag, ""));
    if let Some(index) = groups.iter().position(same) {
        let group = &mut groups[index];
        if group.untagged && !untagged {
            group.tag = tag.to_owned();
            let declared = doc.tags.iter().find(|t| t.name == tag);
            group.description = declared.and_then(|t| t.description.clone());
            group.parent = declared.and_then(tag_parent);
            group.untagged = false;
        }
        return group;
    }
    let module = scope.claim(&snake(tag, "other"), "_");
    let declared = doc.tags.iter().find(|t| t.name == tag);
    groups.push(Group {
        tag: tag.to_owned(),
        type_name: format!("{}Api", pascal(&module, "Other")),
        module,
        description: declared.and_then(|t| t.description.clone()),
        untagged: untagged && declared.is_none(),
        feature: String::new(),
        parent: declared.and_then(tag_parent),
        nested_features: Vec::new(),
        operations: Vec::new(),
    });
    let last = groups.len() - 1;
    &mut groups[last]
}

#[cfg(test)]
mod tests {
    use super::resource_of;

    #[test]
    fn an_untagged_operation_belongs_to_its_paths_resource() {
        let cases = [
            ("/v1/customers/{customer}/sources", "customers"),
            ("/api/v2.1/users", "users"),
            ("/rest/v1beta2/orders/{id}", "orders"),
            ("/{tenant}/invoices", "invoices"),
            ("/chat.postMessage", "chat"),
            ("/users.json", "users"),
            ("/v1/{name}:cancel", "other"),
            ("/", "other"),
            ("/3d-models", "3d-models"),
            ("/2024-01-01/reports", "reports"),
        ];
        for (path, resource) in cases {
            assert_eq!(resource_of(path), resource, "{path}");
        }
    }
}
