//! Normalise: `openapiv3::OpenAPI` -> IR. Every naming and typing decision is
//! made here, in named steps run in a fixed order:
//!
//! 1. `name_components`: claim a type name for each component schema, so
//!    references resolve before anything is converted (and cycles work);
//! 2. `convert_components`: component schemas -> types in `types::components`;
//! 3. `convert_operations`: paths -> groups of operations; inline schemas ->
//!    types named from where they sit (operation + role + property path);
//! 4. `box_recursive_fields`: fields that would make a type infinitely large
//!    are boxed;
//! 5. `union_variant_fields`: each object alternative of an untagged union
//!    lists its fields, so decoding can tell a failed alternative that held
//!    the value from one that merely decoded;
//! 6. servers and security schemes -> client configuration.
//!
//! Inside step 2 and 3, `merge.rs` merges a property that several `allOf`
//! parts declare.

mod dedup;
mod facts;
mod merge;
mod operations;
mod schema;

use dedup::merge_identical_types;

use std::collections::{BTreeMap, HashMap, HashSet};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostics::{join, Diagnostics, Outcome};
use crate::ir::{
    Api, Group, ParamLocation, SecurityKind, SecurityScheme, Server, TypeDef, TypeKind, TypeRef, COMPONENTS_MODULE,
};

use crate::names::{pascal, snake, Scope};

pub(crate) struct Normaliser<'d> {
    doc: &'d OpenAPI,
    extensions: &'d crate::extensions::Extensions,
    /// Property schemas merged from several `allOf` declarations: they live
    /// as long as the document's own.
    merged: &'d typed_arena::Arena<ReferenceOr<Box<openapiv3::Schema>>>,
    diagnostics: Diagnostics,
    /// Component schema name (as in the document) -> Rust type name.
    component_types: HashMap<String, String>,
    type_names: Scope,
    types: Vec<TypeDef>,
    /// Module new inline types are placed in.
    module: String,
    /// How many inline schemas enclose the one being converted.
    depth: usize,
    /// Components whose properties are being merged into an `allOf` struct
    /// right now: a part naming one of them again refers to it instead of
    /// expanding it for ever.
    merging: Vec<String>,
}

/// What a run asks of normalising.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    /// Starts the environment variable names credentials are read from
    /// (`HERO` -> `HERO_API_KEY`).
    pub env_prefix: String,
    /// Every struct keeps the fields the document does not declare.
    pub keep_unknown_fields: bool,
}

/// The stage: the parsed document -> the IR; stopped by any error left (an
/// error inside one operation has dropped that operation as a warning).
pub(crate) fn normalise(
    parsed: &crate::parse::Parsed,
    settings: &Settings,
    diagnostics: &mut Diagnostics,
) -> Outcome<Api> {
    let mut api = normalise_document(parsed, &settings.env_prefix, diagnostics);
    if settings.keep_unknown_fields {
        keep_unknown_fields(&mut api);
    }
    diagnostics.stop_on_errors()?;
    Ok(api)
}

fn normalise_document(parsed: &crate::parse::Parsed, env_prefix: &str, diagnostics: &mut Diagnostics) -> Api {
    let (doc, extensions) = (&parsed.openapi, &parsed.extensions);
    let merged = typed_arena::Arena::new();
    let mut normaliser = Normaliser {
        doc,
        extensions,
        merged: &merged,
        diagnostics: std::mem::take(diagnostics),
        component_types: HashMap::new(),
        type_names: Scope::for_types(),
        types: Vec::new(),
        module: COMPONENTS_MODULE.to_owned(),
        depth: 0,
        merging: Vec::new(),
    };
    normaliser.name_components();
    normaliser.convert_components();
    let groups = normaliser.convert_operations();
    let incoming_webhooks = normaliser.incoming_webhooks(&extensions.incoming_webhooks);
    let mut groups = groups;
    let merged_types = merge_identical_types(&mut normaliser.types, &mut groups);
    nullable_request_fields(&mut normaliser.types, &groups);
    detect_pagination(&normaliser.types, &mut groups);
    box_recursive_fields(&mut normaliser.types);
    union_variant_fields(&mut normaliser.types);
    box_large_response_variants(&normaliser.types, &mut groups);
    let (security, required_security) = normaliser.security(env_prefix);
    let servers = servers(doc);
    let webhooks = normaliser.webhooks(&groups);
    *diagnostics = std::mem::take(&mut normaliser.diagnostics);
    Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers,
        security,
        required_security,
        groups,
        types: normaliser.types,
        merged_types,
        webhooks,
        incoming_webhooks,
    }
}

impl<'d> Normaliser<'d> {
    /// 3.1 `webhooks` -> payload types, in `types::incoming_webhooks`.
    fn incoming_webhooks(
        &mut self,
        items: &'d indexmap::IndexMap<String, openapiv3::PathItem>,
    ) -> Vec<crate::ir::IncomingWebhook> {
        let module = std::mem::replace(&mut self.module, "incoming_webhooks".to_owned());
        let mut found = Vec::new();
        for (name, item) in items {
            for (method, operation) in item.iter() {
                let pointer = join(&join("/webhooks", name), method);
                let hint = format!("{}Webhook", pascal(name, "Incoming"));
                let payload = operation
                    .request_body
                    .as_ref()
                    .and_then(|body| self.request_body(body, &hint, &join(&pointer, "requestBody")))
                    .map(|body| body.ty);
                found.push(crate::ir::IncomingWebhook {
                    name: name.clone(),
                    method: method.to_ascii_uppercase(),
                    summary: operation.summary.clone().or_else(|| operation.description.clone()),
                    payload,
                });
            }
        }
        self.module = module;
        found
    }

    fn name_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        for name in components.schemas.keys() {
            let type_name = self.type_names.claim(&pascal(name, "Schema"), "");
            self.component_types.insert(name.clone(), type_name);
        }
    }

    fn convert_components(&mut self) {
        let Some(components) = &self.doc.components else { return };
        self.module = COMPONENTS_MODULE.to_owned();
        for (name, schema) in &components.schemas {
            let pointer = join("/components/schemas", name);
            let type_name = self.component_types[name].clone();
            match schema {
                ReferenceOr::Item(schema) => self.define_component(schema, &type_name, &pointer),
                ReferenceOr::Reference { reference } => {
                    if self.resolve_ref(reference).is_none() && schema::component_name(reference).is_some() {
                        self.diagnostics.error(
                            &pointer,
                            format!("{reference:?} leads through references back to itself (or to nothing) and never to a schema: give one of them a real schema"),
                        );
                        continue;
                    }
                    let target = self.schema_type(schema, &type_name, &pointer);
                    if target == TypeRef::Any && schema::component_name(reference).is_none() {
                        continue;
                    }
                    self.types.push(TypeDef {
                        name: type_name,
                        module: self.module.clone(),
                        description: None,
                        pointer,
                        kind: TypeKind::Alias(target),
                    });
                }
            }
        }
    }

    fn security(&mut self, env_prefix: &str) -> (Vec<SecurityScheme>, Vec<String>) {
        let mut schemes = Vec::new();
        let mut setters = Scope::with_reserved(&[
            "base_url",
            "timeout",
            "connect_timeout",
            "user_agent",
            "http_client",
            "configure_http",
            "allow_insecure_http",
            "retry_policy",
            "retry_budget",
            "max_response_body",
            "strict_decoding",
            "pool_max_idle_per_host",
            "pool_idle_timeout",
            "credential",
            "build",
            "environment",
        ]);
        if let Some(components) = &self.doc.components {
            for (key, scheme) in &components.security_schemes {
                let pointer = join("/components/securitySchemes", key);
                let ReferenceOr::Item(scheme) = scheme else {
                    self.diagnostics.warn(&pointer, "referenced security schemes are not followed: scheme skipped");
                    continue;
                };
                let (kind, base, description) = match scheme {
                    openapiv3::SecurityScheme::APIKey { location, name, description, .. } => {
                        let location = match location {
                            openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                            openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                            openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                        };
                        // `x-api-key` -> `api_key`: the header's own name reads best.
                        let trimmed = name.strip_prefix("x-").or_else(|| name.strip_prefix("X-")).unwrap_or(name);
                        let lower = name.to_ascii_lowercase();
                        if location == ParamLocation::Header && !is_valid_header_name(&lower) {
                            self.diagnostics.warn(
                                &pointer,
                                format!("header name {name:?} is not a valid HTTP header name: scheme skipped"),
                            );
                            continue;
                        }
                        (
                            SecurityKind::ApiKey {
                                location,
                                name: if location == ParamLocation::Header { lower } else { name.clone() },
                            },
                            snake(trimmed, "api_key"),
                            description.clone(),
                        )
                    }
                    openapiv3::SecurityScheme::HTTP { scheme, description, .. } => {
                        match scheme.to_ascii_lowercase().as_str() {
                            "bearer" => (SecurityKind::Bearer, "bearer_token".to_owned(), description.clone()),
                            "basic" => (SecurityKind::Basic, "basic_auth".to_owned(), description.clone()),
                            other => {
                                self.diagnostics.warn(&pointer, format!("HTTP auth scheme {other:?} is not supported: scheme skipped; set the header yourself"));
                                continue;
                            }
                        }
                    }
                    openapiv3::SecurityScheme::OAuth2 { description, .. }
                    | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                        // The client sends a token the caller obtained.
                        (SecurityKind::Bearer, format!("{}_token", snake(key, "oauth")), description.clone())
                    }
                };
                let setter = setters.claim(&base, "_");
                let env = format!("{env_prefix}_{}", setter.to_ascii_uppercase());
                schemes.push(SecurityScheme { key: key.clone(), setter, env, kind, description });
            }
        }
        let known: HashSet<&str> = schemes.iter().map(|s| s.key.as_str()).collect();
        let required = match &self.doc.security {
            // With several alternatives any one may do, so none is enforced.
            Some(requirements) if requirements.len() == 1 => {
                let mut names: Vec<String> =
                    requirements[0].keys().filter(|k| known.contains(k.as_str())).cloned().collect();
                names.sort();
                names
            }
            _ => Vec::new(),
        };
        (schemes, required)
    }
}

impl Normaliser<'_> {
    fn webhooks(&mut self, groups: &[Group]) -> Option<crate::ir::Webhooks> {
        const POINTER: &str = "/x-openapi-rs-webhook-signing";
        let extension = self.extensions.webhook_signing.as_ref()?;
        for (field, header) in
            [("timestampHeader", &extension.timestamp_header), ("signatureHeader", &extension.signature_header)]
        {
            if !is_valid_header_name(&header.to_ascii_lowercase()) {
                self.diagnostics.error(&join(POINTER, field), format!("{header:?} is not a valid header name"));
                return None;
            }
        }
        let payload = extension.payload.as_deref().and_then(|reference| {
            let name = schema::component_name(reference)
                .map(schema::unescape)
                .and_then(|n| self.component_types.get(&n).cloned());
            if name.is_none() {
                self.diagnostics.error(
                    &join(POINTER, "payload"),
                    format!("{reference:?} is not a component schema of the document"),
                );
            }
            name
        });
        let event_type = extension.event_types.as_deref().and_then(|reference| {
            let pointer = reference.trim_start_matches('#');
            let name = self
                .types
                .iter()
                .find(|t| t.pointer == pointer && matches!(t.kind, TypeKind::Enum(_)))
                .map(|t| t.name.clone());
            if name.is_none() {
                self.diagnostics.error(
                    &join(POINTER, "eventTypes"),
                    format!("no enum was generated from {reference:?}: point at a string enum schema"),
                );
            }
            name
        });
        let field_of = |property: &Option<String>| -> Option<String> {
            let property = property.as_deref()?;
            let payload = payload.as_deref()?;
            match self.types.iter().find(|t| t.name == payload).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => {
                    s.fields.iter().find(|f| f.wire_name == property && f.required).map(|f| f.rust_name.clone())
                }
                _ => None,
            }
        };
        let (event_field, object_field, id_field) = (
            field_of(&extension.event_property),
            field_of(&extension.object_property),
            field_of(&extension.id_property),
        );
        let mut fetch = Vec::new();
        let mut variants = Scope::with_reserved(&["Other"]);
        for (object, operation_id) in &extension.fetch {
            let found =
                groups.iter().find_map(|g| g.operations.iter().find(|op| &op.id == operation_id).map(|op| (g, op)));
            let usable = found.filter(|(_, op)| {
                op.params.iter().filter(|p| p.required).count() == 1
                    && op
                        .params
                        .iter()
                        .any(|p| p.required && p.location == ParamLocation::Path && p.ty == TypeRef::String)
                    && op.body.as_ref().is_none_or(|b| !b.required)
                    && op.success_type.is_none()
            });
            match usable {
                Some((group, op)) => {
                    let ty = op.responses.iter().find(|r| r.success).and_then(|r| r.body.as_ref()).map_or(TypeRef::Any, |b| b.ty.clone());
                    fetch.push(crate::ir::WebhookFetch {
                        object: object.clone(),
                        variant: variants.claim(&pascal(object, "Object"), ""),
                        module: group.module.clone(),
                        method: op.method_name.clone(),
                        ty,
                    });
                }
                None => self.diagnostics.error(
                    &join(&join(POINTER, "fetch"), object),
                    format!("operation {operation_id:?} does not exist or does not take exactly one string path parameter: it cannot fetch a {object}"),
                ),
            }
        }
        Some(crate::ir::Webhooks {
            timestamp_header: extension.timestamp_header.to_ascii_lowercase(),
            signature_header: extension.signature_header.to_ascii_lowercase(),
            payload,
            event_type,
            event_field,
            object_field,
            id_field,
            fetch,
        })
    }
}

fn is_valid_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn servers(doc: &OpenAPI) -> Vec<Server> {
    let mut scope = Scope::with_reserved(&["Custom"]);
    doc.servers
        .iter()
        .filter(|server| server.url.starts_with("http://") || server.url.starts_with("https://"))
        .map(|server| {
            let url = server.url.trim_end_matches('/').to_owned();
            let base = server
                .description
                .as_deref()
                .map(|d| pascal(d.split(['(', ',', '.']).next().unwrap_or(d), "Server"))
                .filter(|name| name.len() <= 40)
                .unwrap_or_else(|| {
                    pascal(url.split("://").nth(1).unwrap_or(&url).split('/').next().unwrap_or("server"), "Server")
                });
            Server { variant: scope.claim(&base, ""), url, description: server.description.clone() }
        })
        .collect()
}

/// Page-number parameters and envelope fields this generator knows.
const PAGE_PARAMS: &[&str] = &["page_index", "page", "page_number", "pageIndex", "pageNumber"];
const ITEMS_FIELDS: &[&str] = &["data", "items", "results"];
const COUNT_FIELDS: &[&str] = &["count", "total", "total_count", "totalCount"];

/// Pass "pagination": an operation with a page-number query parameter whose
/// single success body is an object with a list of items (and maybe a total)
/// can be walked page by page.
fn detect_pagination(types: &[TypeDef], groups: &mut [Group]) {
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        if op.success_type.is_some() {
            continue;
        }
        let Some(page) = op
            .params
            .iter()
            // A required page is an argument of the method, with no setter to step it.
            .find(|p| p.location == ParamLocation::Query && !p.required && PAGE_PARAMS.contains(&p.wire_name.as_str()))
        else {
            continue;
        };
        if !matches!(page.ty, TypeRef::String | TypeRef::I32 | TypeRef::I64) {
            continue;
        }
        let Some(TypeRef::Named(envelope)) =
            op.responses.iter().find(|r| r.success).and_then(|r| r.body.as_ref()).map(|b| b.ty.clone())
        else {
            continue;
        };
        let Some(TypeKind::Struct(envelope)) = types.iter().find(|t| t.name == envelope).map(|t| &t.kind) else {
            continue;
        };
        let list = envelope.fields.iter().find_map(|f| {
            let item = match &f.ty {
                TypeRef::Vec(item) => item,
                TypeRef::Option(inner) => match inner.as_ref() {
                    TypeRef::Vec(item) => item,
                    _ => return None,
                },
                _ => return None,
            };
            ITEMS_FIELDS.contains(&f.wire_name.as_str()).then(|| (f.rust_name.clone(), (**item).clone()))
        });
        let Some((items_field, item_ty)) = list else { continue };
        let count_field = envelope
            .fields
            .iter()
            .find(|f| {
                COUNT_FIELDS.contains(&f.wire_name.as_str())
                    && matches!(&f.ty, TypeRef::I32 | TypeRef::I64 | TypeRef::F64)
                    || matches!(&f.ty, TypeRef::Option(inner) if COUNT_FIELDS.contains(&f.wire_name.as_str()) && matches!(**inner, TypeRef::I32 | TypeRef::I64 | TypeRef::F64))
            })
            .map(|f| f.rust_name.clone());
        op.pagination = Some(crate::ir::Pagination {
            page_param: page.rust_name.clone(),
            page_ty: page.ty.clone(),
            items_field,
            item_ty,
            count_field,
        });
    }
}

/// Pass "optional vs nullable": in every type a request body can contain,
/// an optional and nullable field becomes `Nullable<T>` (absent, null or a
/// value), so an update can clear a field as well as leave it alone.
fn nullable_request_fields(types: &mut [TypeDef], groups: &[Group]) {
    let mut roots: Vec<String> = Vec::new();
    for op in groups.iter().flat_map(|g| &g.operations) {
        if let Some(body) = &op.body {
            body.ty.push_named(&mut roots);
        }
    }
    let reachable = crate::ir::reachable_types(types, roots);
    for def in types.iter_mut().filter(|t| reachable.contains(&t.name)) {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in s.fields.iter_mut().filter(|f| !f.required && f.nullable) {
                if let TypeRef::Option(inner) = &field.ty {
                    field.ty = TypeRef::Nullable(inner.clone());
                }
            }
        }
    }
}

/// Boxes each struct field or union variant whose type leads back to the
/// type that holds it without passing through a `Vec` or map, so every
/// type has a finite size.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let edges: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|t| {
            let targets = t.kind.refs_in_place().into_iter().filter_map(TypeRef::held_in_place).map(str::to_owned);
            (t.name.clone(), targets.collect())
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = HashSet::new();
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if seen.insert(node.clone()) {
                stack.extend(edges.get(&node).into_iter().flatten().cloned());
            }
        }
        false
    };
    // Struct alternatives big enough to bloat every value of their union.
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let structs: HashSet<String> = types
        .iter()
        .filter(|t| {
            matches!(t.kind, TypeKind::Struct(_))
                && estimated_size(&TypeRef::Named(t.name.clone()), &by_name, 0) >= LARGE_VARIANT_BYTES
        })
        .map(|t| t.name.clone())
        .collect();
    for t in types.iter_mut() {
        let name = t.name.clone();
        let fix = |ty: &mut TypeRef| {
            if ty.held_in_place().is_some_and(|target| reaches(target, &name)) {
                *ty = boxed(std::mem::replace(ty, TypeRef::Any));
            }
        };
        match &mut t.kind {
            TypeKind::Struct(s) | TypeKind::Form(s) => s.fields.iter_mut().for_each(|f| fix(&mut f.ty)),
            TypeKind::Union(u) => {
                // An alternative that is the union itself adds no shape and
                // would make decoding recurse for ever.
                u.variants.retain(|v| v.ty.held_in_place() != Some(name.as_str()));
                // A struct beside a small alternative would make every value
                // as large as the struct: box struct alternatives.
                for variant in &mut u.variants {
                    if matches!(&variant.ty, TypeRef::Named(target) if structs.contains(target)) {
                        variant.ty = boxed(std::mem::replace(&mut variant.ty, TypeRef::Any));
                    } else {
                        fix(&mut variant.ty);
                    }
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}

/// Union alternatives at least this large (estimated) are boxed.
const LARGE_VARIANT_BYTES: usize = 128;
/// Response bodies at least this large are boxed in the per-status enums
/// (clippy's `large_enum_variant` threshold), so a `Result` stays small.
const LARGE_RESPONSE_BYTES: usize = 200;

/// Pass "response boxing": a large body in an operation's success or error
/// enum is boxed. A single success type is returned as it is.
fn box_large_response_variants(types: &[TypeDef], groups: &mut [Group]) {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        let (success_enum, error_enum) = (op.success_type.is_some(), op.error_type.is_some());
        for response in op.responses.iter_mut().filter(|r| if r.success { success_enum } else { error_enum }) {
            if let Some(body) = response.body.as_mut() {
                if matches!(body.ty, TypeRef::Named(_)) && estimated_size(&body.ty, &by_name, 0) >= LARGE_RESPONSE_BYTES
                {
                    body.ty = boxed(std::mem::replace(&mut body.ty, TypeRef::Any));
                }
            }
        }
    }
}

/// Option "keep unknown fields": every struct without `additionalProperties`
/// and without flattened parts (whose keys a map beside them would take
/// twice) keeps the keys it does not declare as any JSON.
fn keep_unknown_fields(api: &mut Api) {
    for def in &mut api.types {
        if let TypeKind::Struct(fields) = &mut def.kind {
            if fields.additional.is_none() && !fields.fields.iter().any(|field| field.flatten) {
                fields.additional = Some(TypeRef::Any);
            }
        }
    }
}

/// Pass "unions": each object alternative of a union knows its fields' wire
/// names, so decoding can tell when a failed alternative held more of the
/// value than the one that decoded.
fn union_variant_fields(types: &mut [TypeDef]) {
    let fields_of: HashMap<String, Vec<String>> = types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(s) => {
                Some((def.name.clone(), s.fields.iter().filter(|f| !f.flatten).map(|f| f.wire_name.clone()).collect()))
            }
            _ => None,
        })
        .collect();
    for def in types.iter_mut() {
        let TypeKind::Union(union) = &mut def.kind else { continue };
        // A tag names the variant: its fields are never weighed.
        if union.discriminator.is_some() {
            continue;
        }
        for variant in &mut union.variants {
            let mut ty = &variant.ty;
            while let TypeRef::Box(inner) | TypeRef::Option(inner) = ty {
                ty = inner;
            }
            if let TypeRef::Named(name) = ty {
                variant.fields = fields_of.get(name).cloned().unwrap_or_default();
            }
        }
    }
}

/// A rough size on 64-bit targets: enough to tell a small struct from a big one.
fn estimated_size(ty: &TypeRef, types: &BTreeMap<&str, &TypeDef>, depth: usize) -> usize {
    if depth > 8 {
        return 8;
    }
    match ty {
        TypeRef::Bool => 1,
        TypeRef::I32 | TypeRef::Date => 4,
        TypeRef::I64 | TypeRef::F64 | TypeRef::Box(_) => 8,
        TypeRef::DateTime => 16,
        TypeRef::String | TypeRef::Vec(_) => 24,
        TypeRef::Bytes | TypeRef::Any => 32,
        TypeRef::File => 64,
        TypeRef::Map(_) => 48,
        TypeRef::FreeFormObject => 72,
        TypeRef::Option(inner) | TypeRef::Nullable(inner) => estimated_size(inner, types, depth + 1) + 8,
        TypeRef::Named(name) => match types.get(name.as_str()).map(|t| &t.kind) {
            Some(TypeKind::Struct(s) | TypeKind::Form(s)) => {
                s.fields.iter().map(|f| estimated_size(&f.ty, types, depth + 1)).sum::<usize>()
                    + s.additional.as_ref().map_or(0, |_| 48)
            }
            Some(TypeKind::Union(u)) => {
                u.variants.iter().map(|v| estimated_size(&v.ty, types, depth + 1)).max().unwrap_or(0) + 8
            }
            Some(TypeKind::Alias(inner)) => estimated_size(inner, types, depth + 1),
            Some(TypeKind::Enum(_)) | None => 24,
        },
    }
}

fn boxed(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(*inner))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(boxed(*inner))),
        other => TypeRef::Box(Box::new(other)),
    }
}

/// Groups in document tag order, then any tag only operations name.
pub(crate) fn group_for<'g>(
    groups: &'g mut Vec<Group>,
    doc: &OpenAPI,
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
            group.description = doc.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone());
            group.untagged = false;
        }
        return group;
    }
    let module = scope.claim(&snake(tag, "other"), "_");
    let description = doc.tags.iter().find(|t| t.name == tag).and_then(|t| t.description.clone());
    groups.push(Group {
        tag: tag.to_owned(),
        type_name: format!("{}Api", pascal(&module, "Other")),
        module,
        description,
        untagged: untagged && !doc.tags.iter().any(|t| t.name == tag),
        operations: Vec::new(),
    });
    let last = groups.len() - 1;
    &mut groups[last]
}
