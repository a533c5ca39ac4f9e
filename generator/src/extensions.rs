//! Our own OpenAPI extensions (all namespaced `x-openapi-rs-`), named once,
//! and read into types once, by the parse stage.

use openapiv3::{OpenAPI, PathItem};

use crate::diagnostics::Diagnostics;

/// Where a 3.1 document's `webhooks` (and Redoc's `x-webhooks` map of path
/// items) travel through the 3.0 model, from `upgrade` to `parse`.
pub(crate) const INCOMING_WEBHOOKS: &str = "x-openapi-rs-incoming-webhooks";

/// Where a 3.2 path item's `query` and `additionalOperations` travel through
/// the 3.0 model (method as sent -> operation), from `upgrade` to `parse`.
pub(crate) const ADDITIONAL_OPERATIONS: &str = "x-openapi-rs-additional-operations";

/// Where a 3.2 tag's `parent` (a declared tag's name) travels through the
/// 3.0 model, on the tag.
pub(crate) const TAG_PARENT: &str = "x-openapi-rs-tag-parent";

/// Where a 3.2 discriminator's `defaultMapping` travels through the 3.0
/// model, on the discriminator.
pub(crate) const DEFAULT_MAPPING: &str = "x-openapi-rs-default-mapping";

/// The root extension naming how deliveries are signed and shaped. Ours, so
/// namespaced: Redoc's widely used `x-webhooks` is something else (a map of
/// webhook path items, read like 3.1 `webhooks`).
pub(crate) const WEBHOOK_SIGNING: &str = "x-openapi-rs-webhook-signing";

/// The extension [`WEBHOOK_SIGNING`], typed.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct WebhookSigning {
    pub timestamp_header: String,
    pub signature_header: String,
    #[serde(default)]
    pub payload: Option<String>,
    #[serde(default)]
    pub event_types: Option<String>,
    #[serde(default)]
    pub event_property: Option<String>,
    #[serde(default)]
    pub object_property: Option<String>,
    #[serde(default)]
    pub id_property: Option<String>,
    #[serde(default)]
    pub fetch: indexmap::IndexMap<String, String>,
}

/// An operation's extension naming its method (snake_case), above the
/// derived name; an overlay's way to choose names.
pub(crate) const METHOD_NAME: &str = "x-openapi-rs-method-name";

/// Where the upgrade keeps 3.1's `info.license.identifier`, which the 3.0
/// model has no field for.
pub(crate) const SPDX_IDENTIFIER: &str = "x-openapi-rs-spdx-identifier";

/// An operation's extension declaring how it pages, for what the document's
/// shapes do not show (see `spec/README.md`).
pub(crate) const PAGINATION: &str = "x-openapi-rs-pagination";

/// The extension [`PAGINATION`], typed. Places in the body are JSON pointers
/// (`/meta/next_cursor`; `""` is the body itself).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct PaginationDeclaration {
    /// `page`, `offset`, `cursor`, `link` (the `Link` header) or `next-url`.
    pub style: String,
    /// The query parameter that moves (`page`, `offset`, `cursor`).
    #[serde(default)]
    pub parameter: Option<String>,
    /// `page`: the first page's number.
    #[serde(default)]
    pub first: Option<u64>,
    /// The list of items.
    pub items: String,
    /// The items' schema, where the body's does not say: a `$ref` to a component schema.
    #[serde(default)]
    pub item: Option<String>,
    /// `cursor`: the next cursor; `next-url`: the next page's URL.
    #[serde(default)]
    pub next: Option<String>,
    /// `cursor`, instead of `next`: the last item's field that is the next cursor.
    #[serde(default)]
    pub next_from_last_item: Option<String>,
    #[serde(default)]
    pub total: Option<String>,
    #[serde(default)]
    pub pages: Option<String>,
    #[serde(default)]
    pub has_more: Option<String>,
}

/// What our extensions say, typed.
#[derive(Debug, Default)]
pub(crate) struct Extensions {
    /// The document's incoming webhooks: name -> path item.
    pub incoming_webhooks: indexmap::IndexMap<String, PathItem>,
    pub webhook_signing: Option<WebhookSigning>,
    /// Path -> its operations beyond the fixed methods (3.2 `query` and
    /// `additionalOperations`), in the document's order.
    pub additional_operations: indexmap::IndexMap<String, Vec<AdditionalOperation>>,
}

/// A 3.2 operation whose method the 3.0 model has no field for.
#[derive(Debug)]
pub(crate) struct AdditionalOperation {
    /// The method as sent (`QUERY`, `COPY`).
    pub method: String,
    /// Where the document has it.
    pub pointer: String,
    pub operation: openapiv3::Operation,
}

/// The pointer of what failed inside the value at `pointer`
/// (serde_path_to_error writes the top level as `.`).
fn place_within(pointer: &str, path: &serde_path_to_error::Path) -> String {
    match path.to_string().as_str() {
        "." | "" => pointer.to_owned(),
        inside => format!("{pointer}/{}", inside.replace('.', "/")),
    }
}

/// Reads each path item's [`ADDITIONAL_OPERATIONS`]; one that is not an
/// operation is left out with a warning at its place.
fn take_additional_operations(
    document: &mut OpenAPI,
    diagnostics: &mut Diagnostics,
) -> indexmap::IndexMap<String, Vec<AdditionalOperation>> {
    let mut found = indexmap::IndexMap::new();
    for (path, item) in document.paths.paths.iter_mut() {
        let openapiv3::ReferenceOr::Item(item) = item else { continue };
        let Some(serde_json::Value::Object(raw)) = item.extensions.shift_remove(ADDITIONAL_OPERATIONS) else {
            continue;
        };
        let item_pointer = crate::diagnostics::join("/paths", path);
        let mut operations = Vec::new();
        for (method, operation) in raw {
            let pointer = if method == "QUERY" {
                crate::diagnostics::join(&item_pointer, "query")
            } else {
                crate::diagnostics::join(&crate::diagnostics::join(&item_pointer, "additionalOperations"), &method)
            };
            match serde_path_to_error::deserialize::<_, openapiv3::Operation>(operation) {
                Ok(operation) => operations.push(AdditionalOperation { method, pointer, operation }),
                Err(error) => diagnostics.warn(
                    &place_within(&pointer, error.path()),
                    format!("not a valid operation: {}; the operation is left out", error.inner()),
                ),
            }
        }
        found.insert(path.clone(), operations);
    }
    found
}

/// Takes our extensions out of the parsed document, typed; a malformed one is
/// an error naming its place, and is left out.
pub(crate) fn take(document: &mut OpenAPI, diagnostics: &mut Diagnostics) -> Extensions {
    let incoming_webhooks = match document.extensions.shift_remove(INCOMING_WEBHOOKS) {
        None => Default::default(),
        Some(raw) => serde_path_to_error::deserialize(raw).unwrap_or_else(|error| {
            diagnostics.error(
                &place_within("/webhooks", error.path()),
                format!("not a valid path item here: {}; webhooks are skipped", error.inner()),
            );
            Default::default()
        }),
    };
    let webhook_signing = document.extensions.shift_remove(WEBHOOK_SIGNING).and_then(|raw| {
        serde_path_to_error::deserialize(raw)
            .map_err(|error| {
                diagnostics.error(
                    &place_within(&format!("/{WEBHOOK_SIGNING}"), error.path()),
                    format!("{WEBHOOK_SIGNING} is malformed: {}", error.inner()),
                )
            })
            .ok()
    });
    let additional_operations = take_additional_operations(document, diagnostics);
    Extensions { incoming_webhooks, webhook_signing, additional_operations }
}
