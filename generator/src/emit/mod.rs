//! Emit: IR -> the files of the generated crate, in memory.

pub mod contract;
pub mod docs;
pub mod rust;
pub mod samples;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::Api;
use crate::normalise::COMPONENTS_MODULE;

/// The runtime, copied verbatim into every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("dates.rs", include_str!("../../runtime/dates.rs")),
    ("nullable.rs", include_str!("../../runtime/nullable.rs")),
    ("options.rs", include_str!("../../runtime/options.rs")),
    ("pages.rs", include_str!("../../runtime/pages.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("secret.rs", include_str!("../../runtime/secret.rs")),
    ("union.rs", include_str!("../../runtime/union.rs")),
    ("webhooks.rs", include_str!("../../runtime/webhooks.rs")),
];

pub const RUNTIME_HEADER: &str = "// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.\n\n";

const CARGO_TEMPLATE: &str = include_str!("../../../templates/Cargo.toml.j2");
const README_TEMPLATE: &str = include_str!("../../../templates/README.md.j2");

/// What the caller decides about the crate, beyond the document.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    pub crate_name: String,
    pub crate_version: String,
    /// File name of the source document, for the `@generated` headers.
    pub spec_file: String,
    /// Adds an empty `[workspace]` so the crate builds on its own anywhere.
    pub standalone: bool,
}

/// Relative path -> contents.
pub type Files = BTreeMap<String, String>;

/// A file before formatting: Rust as token text, or finished text.
pub enum Source {
    Rust(String),
    Text(String),
}

/// Runs both emit stages: items to sources, then formatting.
pub fn emit(api: &Api, options: &CrateOptions) -> Result<Files, String> {
    format_sources(emit_sources(api, options)?)
}

/// Emit stage: every file as Rust tokens (not yet formatted) or text.
pub fn emit_sources(api: &Api, options: &CrateOptions) -> Result<Vec<(String, Source)>, String> {
    let mut files: Vec<(String, Source)> = Vec::new();
    let mut rust = |path: &str, tokens: proc_macro2::TokenStream| files.push((path.to_owned(), Source::Rust(tokens.to_string())));
    rust("src/lib.rs", rust::lib_rs(api.webhooks.is_some()));
    rust("src/samples.rs", samples::samples_rs(api));
    rust("src/config.rs", rust::config_rs(api));
    rust("src/api/mod.rs", rust::api_mod_rs(api));
    for group in &api.groups {
        rust(&format!("src/api/{}.rs", group.module), rust::group_module(group));
    }
    // Components first, then groups in order: the same order every run.
    let mut modules: Vec<String> = Vec::new();
    for module in std::iter::once(COMPONENTS_MODULE).chain(api.groups.iter().map(|g| g.module.as_str())) {
        let types: Vec<_> = api.types.iter().filter(|t| t.module == module).collect();
        if types.is_empty() || modules.iter().any(|m| m == module) {
            continue;
        }
        rust(&format!("src/types/{module}.rs"), rust::types_module(&types));
        modules.push(module.to_owned());
    }
    if let Some(webhooks) = &api.webhooks {
        rust("src/webhooks.rs", rust::webhooks_rs(webhooks));
    }
    rust("src/types/mod.rs", rust::types_mod_rs(&modules));
    let lib_name = options.crate_name.replace('-', "_");
    rust("tests/generated/every_operation.rs", contract::every_operation_rs(api, &lib_name));
    for (name, text) in RUNTIME {
        files.push((format!("src/runtime/{name}"), Source::Text(format!("{RUNTIME_HEADER}{text}"))));
    }
    let context = TemplateContext::new(api, options);
    files.push(("Cargo.toml".into(), Source::Text(render(CARGO_TEMPLATE, "Cargo.toml.j2", &context)?)));
    files.push(("README.md".into(), Source::Text(render(README_TEMPLATE, "README.md.j2", &context)?)));
    Ok(files)
}

/// Format stage: parses and pretty-prints every Rust file, on all cores
/// (token streams are not `Send`, so workers get token text).
pub fn format_sources(sources: Vec<(String, Source)>) -> Result<Files, String> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let mut queues: Vec<Vec<(String, Source)>> = (0..workers).map(|_| Vec::new()).collect();
    // Largest first, dealt round-robin, so the workers finish together.
    let mut sources = sources;
    sources.sort_by_key(|(_, source)| std::cmp::Reverse(match source {
        Source::Rust(text) | Source::Text(text) => text.len(),
    }));
    for (index, item) in sources.into_iter().enumerate() {
        queues[index % workers].push(item);
    }
    let results: Vec<Result<Vec<(String, String)>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = queues
            .into_iter()
            .map(|queue| {
                scope.spawn(move || {
                    queue
                        .into_iter()
                        .map(|(path, source)| match source {
                            Source::Rust(tokens) => rust::format_source(&tokens, &path).map(|text| (path, text)),
                            Source::Text(text) => Ok((path, text)),
                        })
                        .collect::<Result<Vec<_>, String>>()
                })
            })
            .collect();
        handles.into_iter().map(|handle| handle.join().unwrap_or_else(|_| Err("internal error: a formatting thread panicked".to_owned()))).collect()
    });
    let mut files = Files::new();
    for result in results {
        files.extend(result?);
    }
    Ok(files)
}

#[derive(Serialize)]
struct TemplateContext {
    crate_name: String,
    lib_name: String,
    crate_version: String,
    spec_file: String,
    standalone: bool,
    title: String,
    api_version: String,
    /// One line for Cargo.toml.
    description: String,
    /// The whole description, for the README.
    long_description: String,
    servers: Vec<crate::ir::Server>,
    credentials: Vec<CredentialRow>,
    operations: Vec<OperationRow>,
    example: Option<OperationRow>,
    paged: Option<OperationRow>,
    webhooks: Option<crate::ir::Webhooks>,
    incoming_webhooks: Vec<IncomingRow>,
    env_prefix: String,
}

#[derive(Serialize)]
struct IncomingRow {
    name: String,
    method: String,
    payload: String,
    summary: String,
}

#[derive(Serialize)]
struct CredentialRow {
    setter: String,
    env: String,
}

#[derive(Serialize, Clone)]
struct OperationRow {
    http_method: String,
    path: String,
    group: String,
    method: String,
    args: String,
    summary: String,
}

impl TemplateContext {
    fn new(api: &Api, options: &CrateOptions) -> Self {
        let operations: Vec<OperationRow> = api
            .groups
            .iter()
            .flat_map(|group| {
                group.operations.iter().map(move |op| {
                    let mut args: Vec<&str> = op.params.iter().filter(|p| p.required).map(|p| p.rust_name.as_str()).collect();
                    if op.body.as_ref().is_some_and(|b| b.required) {
                        args.push("body");
                    }
                    OperationRow {
                        http_method: op.http_method.clone(),
                        path: op.path.clone(),
                        group: group.module.clone(),
                        method: op.method_name.clone(),
                        args: args.join(", "),
                        summary: op.summary.clone().unwrap_or_default(),
                    }
                })
            })
            .collect();
        // The first GET that needs no argument makes a runnable example.
        let example = api
            .groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
            .find(|(_, op)| op.http_method == "GET" && op.params.iter().all(|p| !p.required))
            .and_then(|(g, op)| operations.iter().find(|row| row.group == g.module && row.method == op.method_name).cloned());
        let paged = api
            .groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
            .find(|(_, op)| op.pagination.is_some() && op.params.iter().all(|p| !p.required || p.location == crate::ir::ParamLocation::Path) && op.body.is_none())
            .and_then(|(g, op)| operations.iter().find(|row| row.group == g.module && row.method == op.method_name).cloned())
            .map(|mut row| {
                row.args = row.args.split(", ").filter(|a| !a.is_empty()).map(|_| "\"1\"").collect::<Vec<_>>().join(", ");
                row
            });
        let description = api.description.clone().unwrap_or_default();
        TemplateContext {
            crate_name: options.crate_name.clone(),
            lib_name: options.crate_name.replace('-', "_"),
            crate_version: options.crate_version.clone(),
            spec_file: options.spec_file.clone(),
            standalone: options.standalone,
            title: api.title.clone(),
            api_version: api.version.clone(),
            description: cargo_description(&description, &api.title),
            long_description: description.clone(),
            servers: api.servers.clone(),
            credentials: api
                .security
                .iter()
                .filter(|s| api.required_security.contains(&s.key) && matches!(s.kind, crate::ir::SecurityKind::ApiKey { .. } | crate::ir::SecurityKind::Bearer))
                .map(|s| CredentialRow { setter: s.setter.clone(), env: s.env.clone() })
                .collect(),
            operations,
            example,
            paged,
            webhooks: api.webhooks.clone(),
            incoming_webhooks: api
                .incoming_webhooks
                .iter()
                .map(|hook| IncomingRow {
                    name: hook.name.clone(),
                    method: hook.method.clone(),
                    payload: match &hook.payload {
                        Some(crate::ir::TypeRef::Named(name)) => format!("[`types::{name}`](crate::types::{name})"),
                        Some(other) => format!("`{}`", rust::type_tokens_in_crate(other)).replace("crate :: ", "").replace(" :: ", "::"),
                        None => "no body".to_owned(),
                    },
                    summary: hook.summary.clone().unwrap_or_default(),
                })
                .collect(),
            env_prefix: options.crate_name.split(['-', '_']).next().unwrap_or("API").to_ascii_uppercase(),
        }
    }
}

/// The first sentence, at most 200 characters, safe inside a TOML string.
fn cargo_description(description: &str, title: &str) -> String {
    let first = description.split(". ").next().unwrap_or_default().lines().next().unwrap_or_default().trim();
    let text = if first.is_empty() { format!("Client for the {title}") } else { first.trim_end_matches('.').to_owned() };
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        if let Some(cut) = short.rfind(' ') {
            short.truncate(cut);
        }
    }
    short.chars().filter(|c| !c.is_control()).collect::<String>().replace(['"', '\\'], "'")
}

fn render(template: &str, name: &str, context: &TemplateContext) -> Result<String, String> {
    let mut env = minijinja::Environment::new();
    let syntax = minijinja::syntax::SyntaxConfig::builder()
        .keep_trailing_newline(true)
        .build()
        .map_err(|e| format!("internal error: template syntax: {e}"))?;
    env.set_syntax(syntax);
    env.add_filter("md", |value: String| docs::markdown_inline(&value));
    env.add_template(name, template).map_err(|e| format!("internal error: template {name}: {e}"))?;
    let template = env.get_template(name).map_err(|e| format!("internal error: template {name}: {e}"))?;
    template.render(minijinja::value::Serde(context)).map_err(|e| format!("internal error: rendering {name}: {e}"))
}

