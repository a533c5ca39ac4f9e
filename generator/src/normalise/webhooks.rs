//! Passes "incoming_webhooks" (3.1 `webhooks` -> payload types) and
//! "webhooks" (our signing extension -> the crate's `webhooks` module).

use super::security::is_valid_header_name;
use super::{schema, Normaliser};
use crate::diagnostics::join;
use crate::ir::{Group, ParamLocation, TypeKind, TypeRef};
use crate::names::{pascal, Scope};

impl<'d> Normaliser<'d> {
    /// 3.1 `webhooks` -> payload types, in `types::incoming_webhooks`.
    pub(super) fn incoming_webhooks(
        &mut self,
        extensions: &'d crate::extensions::Extensions,
    ) -> Vec<crate::ir::IncomingWebhook> {
        let items = &extensions.incoming_webhooks;
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
}

impl Normaliser<'_> {
    pub(super) fn webhooks(&mut self, groups: &[Group]) -> Option<crate::ir::Webhooks> {
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
