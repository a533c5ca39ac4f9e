//! Normalise: the parsed document -> IR. Every naming and typing decision is
//! made here, in passes run in the order of [`PASSES`], the one list of them
//! (ARCHITECTURE.md quotes it; a test keeps the two equal):
//!
//! 1. `name_components`: a type name for each component schema, claimed
//!    before anything is converted, so references (and cycles) resolve;
//! 2. `convert_components`: component schemas -> types in `types::components`
//!    (`schema.rs`; `merge.rs` merges a property several `allOf` parts declare);
//! 3. `convert_operations`: paths -> groups of operations; inline schemas ->
//!    types named from where they sit (`operations.rs`);
//! 4. `name_methods`: each group's method, builder and per-status enum names,
//!    without the group's words (`method_names.rs`);
//! 5. `incoming_webhooks`: 3.1 `webhooks` -> payload types (`webhooks.rs`);
//! 6. `dedup`: identical inline types become one (`dedup.rs`);
//! 7. `share_repeated_types`: a parameter type or error body repeated across
//!    operations becomes one type named after its role (`shared.rs`);
//! 8. `nullable_requests`: optional and nullable fields of request types ->
//!    `Nullable<T>` (`requests.rs`);
//! 9. `pagination`: list operations that can be walked (`pagination.rs`);
//! 10. `box_recursive_fields`: fields that would make a type infinitely large
//!     are boxed (`boxing.rs`);
//! 11. `union_variant_fields`: each object alternative of an untagged union
//!     lists its fields (`unions.rs`);
//! 12. `box_large_responses`: large bodies in per-status enums are boxed
//!     (`boxing.rs`);
//! 13. `security`: security schemes -> credential setters (`security.rs`);
//! 14. `client_settings`: a path or required query parameter every operation
//!     taking it gives the same default becomes a client builder setting
//!     (`settings.rs`);
//! 15. `servers`: servers -> the `Environment` enum (`security.rs`);
//! 16. `webhooks`: our signing extension -> the `webhooks` module (`webhooks.rs`);
//! 17. `keep_unknown_fields`: with that option, structs keep undeclared keys
//!     (`requests.rs`);
//! 18. `group_features`: a cargo feature per group, and for each type the
//!     groups that reach it (`features.rs`).

mod boxing;
mod dedup;
mod facts;
mod features;
mod merge;
mod method_names;
mod operations;
mod page_hints;
mod pagination;
mod requests;
mod schema;
mod security;
mod settings;
mod shared;
mod unions;
mod webhooks;
mod wire;

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostics::{join, Diagnostics, Outcome};
use crate::ir::{
    Api, ClientSetting, Group, IncomingWebhook, SecurityScheme, Server, TypeDef, TypeKind, TypeRef, Webhooks,
    COMPONENTS_MODULE,
};
use crate::names::{pascal, Scope};

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

/// What the passes build beside the types, which the [`Normaliser`] holds.
#[derive(Default)]
struct Built {
    groups: Vec<Group>,
    incoming_webhooks: Vec<IncomingWebhook>,
    merged_types: usize,
    shared_types: usize,
    security: Vec<SecurityScheme>,
    required_security: Vec<String>,
    settings: Vec<ClientSetting>,
    servers: Vec<Server>,
    webhooks: Option<Webhooks>,
}

/// One pass: its name, as the docs quote it, and what it does.
pub(crate) struct Pass {
    // Read by the test that keeps the docs in step with this list.
    #[cfg_attr(not(test), allow(dead_code))]
    name: &'static str,
    run: fn(&mut Normaliser<'_>, &mut Built, &Settings),
}

/// The passes, in the order they run.
pub(crate) const PASSES: &[Pass] = &[
    Pass { name: "name_components", run: |n, _, _| n.name_components() },
    Pass { name: "convert_components", run: |n, _, _| n.convert_components() },
    Pass { name: "convert_operations", run: |n, built, _| built.groups = n.convert_operations() },
    Pass { name: "name_methods", run: |n, built, _| n.name_methods(&mut built.groups) },
    Pass { name: "incoming_webhooks", run: |n, built, _| built.incoming_webhooks = n.incoming_webhooks(n.extensions) },
    Pass {
        name: "dedup",
        run: |n, built, _| built.merged_types = dedup::merge_identical_types(&mut n.types, &mut built.groups),
    },
    Pass {
        name: "share_repeated_types",
        run: |n, built, _| {
            let (merged, shared) = shared::share_repeated_types(&mut n.types, &mut built.groups);
            (built.merged_types, built.shared_types) = (built.merged_types + merged, shared);
            built.merged_types += dedup::merge_identical_types(&mut n.types, &mut built.groups);
        },
    },
    Pass {
        name: "nullable_requests",
        run: |n, built, _| requests::nullable_request_fields(&mut n.types, &built.groups),
    },
    Pass {
        name: "pagination",
        run: |n, built, _| pagination::detect_pagination(&n.types, &mut built.groups, &mut n.diagnostics),
    },
    Pass { name: "box_recursive_fields", run: |n, _, _| boxing::box_recursive_fields(&mut n.types) },
    Pass { name: "union_variant_fields", run: |n, _, _| unions::union_variant_fields(&mut n.types) },
    Pass {
        name: "box_large_responses",
        run: |n, built, _| boxing::box_large_response_variants(&n.types, &mut built.groups),
    },
    Pass {
        name: "security",
        run: |n, built, settings| (built.security, built.required_security) = n.security(&settings.env_prefix),
    },
    Pass {
        name: "client_settings",
        run: |_, built, _| built.settings = settings::client_settings(&mut built.groups, &built.security),
    },
    Pass { name: "servers", run: |n, built, _| built.servers = security::servers(n.doc) },
    Pass { name: "webhooks", run: |n, built, _| built.webhooks = n.webhooks(&built.groups) },
    Pass {
        name: "keep_unknown_fields",
        run: |n, _, settings| {
            if settings.keep_unknown_fields {
                requests::keep_unknown_fields(&mut n.types)
            }
        },
    },
    Pass {
        name: "group_features",
        run: |n, built, _| {
            let (webhooks, incoming) = (built.webhooks.as_ref(), &built.incoming_webhooks);
            features::group_features(&mut n.types, &mut built.groups, webhooks, incoming, &built.settings)
        },
    },
];

/// The stage: the parsed document -> the IR; stopped by any error left (an
/// error inside one operation has dropped that operation as a warning).
pub(crate) fn normalise(
    parsed: &crate::parse::Parsed,
    settings: &Settings,
    diagnostics: &mut Diagnostics,
) -> Outcome<Api> {
    let doc = &parsed.openapi;
    let merged = typed_arena::Arena::new();
    let mut normaliser = Normaliser {
        doc,
        extensions: &parsed.extensions,
        merged: &merged,
        diagnostics: std::mem::take(diagnostics),
        component_types: HashMap::new(),
        type_names: Scope::for_types(),
        types: Vec::new(),
        module: COMPONENTS_MODULE.to_owned(),
        depth: 0,
        merging: Vec::new(),
    };
    let mut built = Built::default();
    for pass in PASSES {
        (pass.run)(&mut normaliser, &mut built, settings);
    }
    *diagnostics = std::mem::take(&mut normaliser.diagnostics);
    diagnostics.stop_on_errors()?;
    Ok(Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: built.servers,
        security: built.security,
        required_security: built.required_security,
        groups: built.groups,
        settings: built.settings,
        types: normaliser.types,
        merged_types: built.merged_types,
        shared_types: built.shared_types,
        webhooks: built.webhooks,
        incoming_webhooks: built.incoming_webhooks,
        license: doc.info.license.as_ref().map(|license| {
            let identifier = license.extensions.get(crate::extensions::SPDX_IDENTIFIER).and_then(|v| v.as_str());
            crate::ir::DocumentLicense::new(&license.name, license.url.as_deref(), identifier)
        }),
    })
}

impl Normaliser<'_> {
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
                        features: Vec::new(),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// The module docs and ARCHITECTURE.md name every pass, in [`super::PASSES`] order.
    #[test]
    fn the_docs_list_the_passes_in_order() {
        let architecture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ARCHITECTURE.md");
        let architecture = std::fs::read_to_string(architecture).expect("ARCHITECTURE.md");
        for (what, text) in [("normalise/mod.rs", include_str!("mod.rs")), ("ARCHITECTURE.md", architecture.as_str())] {
            let mut from = 0;
            for pass in super::PASSES {
                let quoted = format!("`{}`", pass.name);
                let found = text[from..]
                    .find(&quoted)
                    .unwrap_or_else(|| panic!("{what} does not name {quoted} after the passes before it"));
                from += found + quoted.len();
            }
        }
    }
}
