//! What an operation's document says about its pages and streams, read
//! while `convert_operations` converts it: our `x-openapi-rs-pagination`,
//! Azure's `x-ms-pageable`, a documented `Link` header, the first value of
//! its query parameters, and a success offering server-sent events or JSON
//! lines. The `pagination` pass decides from these once types are final.

use openapiv3::{Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, Type};

use super::operations::resolve_component;
use super::Normaliser;
use crate::diagnostics::join;
use crate::extensions::{PaginationDeclaration, PAGINATION};
use crate::ir::{PageHints, Param, ParamLocation, RequestBody, StreamKind, Streaming, TypeKind, TypeRef};

impl<'d> Normaliser<'d> {
    pub(super) fn page_hints(
        &mut self,
        operation: &'d openapiv3::Operation,
        path_level: &'d [ReferenceOr<Parameter>],
        pointer: &str,
    ) -> PageHints {
        let mut hints = PageHints::default();
        if let Some(raw) = operation.extensions.get(PAGINATION) {
            let place = join(pointer, PAGINATION);
            match serde_json::from_value::<PaginationDeclaration>(raw.clone()) {
                Ok(declaration) => {
                    hints.declared_item = declaration
                        .item
                        .as_deref()
                        .map(|reference| self.reference_type(reference, &join(&place, "item")));
                    hints.declared = Some((declaration, place));
                }
                Err(error) => self.diagnostics.warn(
                    &place,
                    format!("not a pagination declaration ({error}); the operation's pages are inferred instead"),
                ),
            }
        }
        if let Some(pageable) = operation.extensions.get("x-ms-pageable").and_then(|v| v.as_object()) {
            let next = pageable.get("nextLinkName").and_then(|v| v.as_str()).map(str::to_owned);
            let items = pageable.get("itemName").and_then(|v| v.as_str()).unwrap_or("value").to_owned();
            hints.ms_pageable = Some((next, items));
        }
        let responses = self.doc.components.as_ref().map(|c| &c.responses);
        hints.link_header = operation
            .responses
            .responses
            .iter()
            .filter(|(status, _)| {
                matches!(status, openapiv3::StatusCode::Code(200..=299) | openapiv3::StatusCode::Range(2))
            })
            .filter_map(|(_, response)| resolve_component(responses, response, "responses"))
            .any(|response| response.headers.keys().any(|name| name.eq_ignore_ascii_case("link")));
        let parameters = self.doc.components.as_ref().map(|c| &c.parameters);
        for parameter in path_level.iter().chain(&operation.parameters) {
            let Some(Parameter::Query { parameter_data, .. }) = resolve_component(parameters, parameter, "parameters")
            else {
                continue;
            };
            let ParameterSchemaOrContent::Schema(schema) = &parameter_data.format else { continue };
            if let Some(first) = self.first_value(schema) {
                hints.first_values.push((parameter_data.name.clone(), first));
            }
        }
        hints
    }

    /// A parameter's documented default, else its minimum, as a whole number.
    fn first_value(&self, schema: &'d ReferenceOr<Schema>) -> Option<u64> {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/schemas/")?;
                match self.doc.components.as_ref()?.schemas.get(&super::schema::unescape(name))? {
                    ReferenceOr::Item(schema) => schema,
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        let default = schema.schema_data.default.as_ref().and_then(|value| match value {
            serde_json::Value::Number(number) => number.as_u64(),
            serde_json::Value::String(text) => text.trim().parse().ok(),
            _ => None,
        });
        let minimum = match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(integer)) => integer.minimum.and_then(|m| u64::try_from(m).ok()),
            SchemaKind::Type(Type::Number(number)) => {
                number.minimum.filter(|m| m.fract() == 0.0 && *m >= 0.0).map(|m| m as u64)
            }
            _ => None,
        };
        default.or(minimum)
    }

    /// A success response offering `text/event-stream` or JSON lines.
    pub(super) fn streaming(
        &mut self,
        responses: &'d openapiv3::Responses,
        body: Option<&RequestBody>,
        params: &[Param],
        hint: &str,
        pointer: &str,
    ) -> Option<Streaming> {
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        let (status, response) = responses.responses.iter().find(|(status, _)| {
            matches!(status, openapiv3::StatusCode::Code(200..=299) | openapiv3::StatusCode::Range(2))
        })?;
        let response = resolve_component(components, response, "responses")?;
        let (media_type, media, kind) = response
            .content
            .iter()
            .find_map(|(media_type, media)| StreamKind::of(media_type).map(|kind| (media_type, media, kind)))?;
        let status = match status {
            openapiv3::StatusCode::Code(code) => code.to_string(),
            openapiv3::StatusCode::Range(range) => format!("{range}XX"),
        };
        let schema_pointer = join(&join(&join(&join(pointer, &status), "content"), media_type), "schema");
        let item_ty = media
            .schema
            .as_ref()
            .map(|schema| self.schema_type(schema, &format!("{hint}Event"), &schema_pointer))
            .filter(|ty| !matches!(ty, TypeRef::String | TypeRef::Any | TypeRef::Bytes));
        let item_ty = match (kind, item_ty) {
            // A line is JSON whatever the document says of it.
            (StreamKind::JsonLines, None) => Some(TypeRef::Any),
            (_, item_ty) => item_ty,
        };
        let select_field = body.and_then(|body| self.boolean_field(&body.ty, "stream"));
        let last_event_id = params
            .iter()
            .find(|p| p.location == ParamLocation::Header && p.wire_name.eq_ignore_ascii_case("last-event-id"))
            .map(|p| p.rust_name.clone());
        Some(Streaming { kind, media_type: media_type.clone(), item_ty, select_field, last_event_id })
    }

    /// The wire name of `name`, when the body is a struct with such a boolean field.
    fn boolean_field(&self, ty: &TypeRef, name: &str) -> Option<String> {
        let TypeRef::Named(type_name) = ty else { return None };
        let def = self.types.iter().find(|t| &t.name == type_name)?;
        let TypeKind::Struct(def) = &def.kind else { return None };
        def.fields.iter().find(|f| f.wire_name == name && *f.ty.peeled() == TypeRef::Bool).map(|f| f.wire_name.clone())
    }
}
