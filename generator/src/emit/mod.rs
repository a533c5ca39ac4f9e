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

pub fn emit(api: &Api, options: &CrateOptions) -> Result<Files, String> {
    let mut files = Files::new();
    files.insert("src/lib.rs".into(), rust::format_file(rust::lib_rs(api.webhooks.is_some()), "src/lib.rs")?);
    files.insert("src/samples.rs".into(), rust::format_file(samples::samples_rs(api), "src/samples.rs")?);
    files.insert("src/config.rs".into(), rust::format_file(rust::config_rs(api), "src/config.rs")?);
    files.insert("src/api/mod.rs".into(), rust::format_file(rust::api_mod_rs(api), "src/api/mod.rs")?);
    for group in &api.groups {
        let path = format!("src/api/{}.rs", group.module);
        let text = rust::format_file(rust::group_module(group), &path)?;
        files.insert(path, text);
    }
    // Components first, then groups in order: the same order every run.
    let mut modules: Vec<String> = Vec::new();
    for module in std::iter::once(COMPONENTS_MODULE).chain(api.groups.iter().map(|g| g.module.as_str())) {
        let types: Vec<_> = api.types.iter().filter(|t| t.module == module).collect();
        if types.is_empty() || modules.iter().any(|m| m == module) {
            continue;
        }
        let path = format!("src/types/{module}.rs");
        let text = rust::format_file(rust::types_module(&types), &path)?;
        files.insert(path, text);
        modules.push(module.to_owned());
    }
    if let Some(webhooks) = &api.webhooks {
        files.insert("src/webhooks.rs".into(), rust::format_file(rust::webhooks_rs(webhooks), "src/webhooks.rs")?);
    }
    files.insert("src/types/mod.rs".into(), rust::format_file(rust::types_mod_rs(&modules), "src/types/mod.rs")?);
    let lib_name = options.crate_name.replace('-', "_");
    files.insert(
        "tests/generated/every_operation.rs".into(),
        rust::format_file(contract::every_operation_rs(api, &lib_name), "tests/generated/every_operation.rs")?,
    );
    for (name, text) in RUNTIME {
        files.insert(format!("src/runtime/{name}"), format!("{RUNTIME_HEADER}{text}"));
    }
    let context = TemplateContext::new(api, options);
    files.insert("Cargo.toml".into(), render(CARGO_TEMPLATE, "Cargo.toml.j2", &context)?);
    files.insert("README.md".into(), render(README_TEMPLATE, "README.md.j2", &context)?);
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
    env_prefix: String,
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

