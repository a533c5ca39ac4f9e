//! Emit: IR -> the files of the generated crate, in memory.

mod config;
pub mod contract;
pub mod docs;
mod operations;
mod pages;
pub mod rust;
pub mod samples;
mod types;
mod webhooks;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Outcome};
use crate::ir::{Api, COMPONENTS_MODULE};

/// The runtime, copied verbatim into every generated crate.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("base_url.rs", include_str!("../../runtime/base_url.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("dates.rs", include_str!("../../runtime/dates.rs")),
    ("nullable.rs", include_str!("../../runtime/nullable.rs")),
    ("options.rs", include_str!("../../runtime/options.rs")),
    ("pages.rs", include_str!("../../runtime/pages.rs")),
    ("page_view.rs", include_str!("../../runtime/page_view.rs")),
    ("path.rs", include_str!("../../runtime/path.rs")),
    ("raw_body.rs", include_str!("../../runtime/raw_body.rs")),
    ("redirect.rs", include_str!("../../runtime/redirect.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("json.rs", include_str!("../../runtime/json.rs")),
    ("lenient.rs", include_str!("../../runtime/lenient.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("secret.rs", include_str!("../../runtime/secret.rs")),
    ("streams.rs", include_str!("../../runtime/streams.rs")),
    ("union.rs", include_str!("../../runtime/union.rs")),
    ("webhooks.rs", include_str!("../../runtime/webhooks.rs")),
];

pub const RUNTIME_HEADER: &str =
    "// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.\n\n";

const CARGO_TEMPLATE: &str = include_str!("../../templates/Cargo.toml.j2");

/// The oldest Rust a generated crate builds with (`cargo xtask msrv` checks it).
pub(crate) const RUST_VERSION: &str = "1.85";

/// The reqwest a generated crate depends on; its types are in the crate's
/// API (`ClientBuilder::configure_http`), so a new major version is a
/// breaking change the surface records.
pub(crate) const REQWEST_VERSION: &str = "0.13.5";
const README_TEMPLATE: &str = include_str!("../../templates/README.md.j2");
const CHANGELOG_TEMPLATE: &str = include_str!("../../templates/CHANGELOG.md.j2");

/// The changelog entry for `changes` (the diff from `old` to `new`), or
/// `None` when the public API did not change.
pub(crate) fn changelog_entry(
    old: &crate::surface::Surface,
    new: &crate::surface::Surface,
    changes: &[crate::surface::Change],
    api: &Api,
) -> Result<Option<String>, String> {
    let changes: Vec<crate::surface::Change> = changes.iter().cloned().chain(runtime_changes()).collect();
    if changes.is_empty() {
        return Ok(None);
    }
    let bump = crate::surface::required_bump(&old.version, &changes);
    let context = ChangelogContext {
        version: new.version.clone(),
        previous: old.version.clone(),
        title: api.title.clone(),
        api_version: api.version.clone(),
        bump: bump.to_string(),
        proposed: crate::surface::bumped(&old.version, bump),
        bumped_enough: crate::surface::version_allows(&old.version, &new.version, bump),
        breaking: changes
            .iter()
            .filter(|c| c.impact == crate::surface::Impact::Breaking)
            .map(|c| c.text.clone())
            .collect(),
        added: changes
            .iter()
            .filter(|c| c.impact == crate::surface::Impact::Addition)
            .map(|c| c.text.clone())
            .collect(),
    };
    render(CHANGELOG_TEMPLATE, "CHANGELOG.md.j2", &context).map(Some)
}

/// The runtime's own unreleased changes (`runtime/CHANGES.md`), which every
/// generated crate carries.
fn runtime_changes() -> impl Iterator<Item = crate::surface::Change> {
    include_str!("../../runtime/CHANGES.md").lines().filter_map(|line| {
        let (impact, text) = if let Some(text) = line.strip_prefix("- breaking: ") {
            (crate::surface::Impact::Breaking, text)
        } else {
            (crate::surface::Impact::Addition, line.strip_prefix("- added: ")?)
        };
        Some(crate::surface::Change { impact, text: format!("runtime: {text}") })
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_descriptions_end_at_a_clause() {
        let text = "The Hero Health Public API enables healthtech partners to integrate with NHS GP practices connected to EMIS Web and TPP SystmOne: patient messaging (SMS, email, NHS App), appointment booking, patient registration and lookup via PDS";
        assert_eq!(super::cargo_description(text, "Hero"), "The Hero Health Public API enables healthtech partners to integrate with NHS GP practices connected to EMIS Web and TPP SystmOne");
        assert_eq!(super::cargo_description("", "Pets"), "Client for the Pets");
    }
}

#[derive(Serialize)]
struct ChangelogContext {
    version: String,
    previous: String,
    title: String,
    api_version: String,
    bump: String,
    proposed: String,
    bumped_enough: bool,
    breaking: Vec<String>,
    added: Vec<String>,
}

/// What the caller decides about the crate, beyond the document.
#[derive(Debug, Clone, Default)]
pub struct CrateOptions {
    pub crate_name: String,
    pub crate_version: String,
    /// File name of the source document, for the `@generated` headers.
    pub spec_file: String,
    /// Adds an empty `[workspace]` so the crate builds on its own anywhere.
    pub standalone: bool,
    /// Where the crate's source lives, for Cargo.toml's `repository`.
    pub repository: Option<String>,
    /// Hand-written walk-throughs (title-derived module name, Markdown):
    /// emitted as `guides::*` modules, their Rust examples compiled as doctests.
    pub guides: Vec<Guide>,
    /// Every struct keeps the fields the document does not declare (a
    /// flattened map, sent back as received), for servers newer than their
    /// document. Off by default: it costs decode time (see the README).
    pub keep_unknown_fields: bool,
    /// The crate's licence, an SPDX expression, above the document's own.
    pub license: Option<String>,
}

/// A hand-written walk-through shipped in the crate's docs.
#[derive(Debug, Clone, Default)]
pub struct Guide {
    /// snake_case module name under `guides`.
    pub module: String,
    pub markdown: String,
}

/// Relative path -> contents.
pub type Files = BTreeMap<String, String>;

/// One Rust file of the generated crate, not yet emitted.
enum RustFile<'a> {
    Lib { guides: bool },
    Guides(&'a [Guide]),
    Samples,
    Config,
    ApiMod,
    Group(&'a crate::ir::Group),
    Types(Vec<&'a crate::ir::TypeDef>),
    Webhooks(&'a crate::ir::Webhooks),
    TypesMod(Vec<String>),
    Contract(String),
}

impl RustFile<'_> {
    fn tokens(&self, api: &Api) -> proc_macro2::TokenStream {
        match self {
            RustFile::Lib { guides } => config::lib_rs(api.webhooks.is_some(), *guides),
            RustFile::Guides(guides) => config::guides_rs(guides),
            RustFile::Samples => samples::samples_rs(api),
            RustFile::Config => config::config_rs(api),
            RustFile::ApiMod => operations::api_mod_rs(api),
            RustFile::Group(group) => operations::group_module(group),
            RustFile::Types(types) => types::types_module(types, &types::scalar_aliases(api)),
            RustFile::Webhooks(webhooks) => webhooks::webhooks_rs(webhooks, api),
            RustFile::TypesMod(modules) => types::types_mod_rs(modules),
            RustFile::Contract(lib_name) => contract::every_operation_rs(api, lib_name),
        }
    }

    /// Roughly how long it takes, to hand out the big files first.
    fn weight(&self, api: &Api) -> usize {
        match self {
            RustFile::Samples | RustFile::Contract(_) => api.operations().count() * 4,
            RustFile::Group(group) => group.operations.len() * 4,
            RustFile::Types(types) => types.len(),
            _ => 0,
        }
    }
}

/// The Rust files of the crate, in a fixed order.
fn rust_files<'a>(api: &'a Api, options: &'a CrateOptions) -> Vec<(String, RustFile<'a>)> {
    let mut files = vec![
        ("src/lib.rs".to_owned(), RustFile::Lib { guides: !options.guides.is_empty() }),
        ("src/samples.rs".to_owned(), RustFile::Samples),
        ("src/config.rs".to_owned(), RustFile::Config),
        ("src/api/mod.rs".to_owned(), RustFile::ApiMod),
    ];
    for group in &api.groups {
        files.push((format!("src/api/{}.rs", group.module), RustFile::Group(group)));
    }
    // Components first, then groups in order: the same order every run.
    let mut modules: Vec<String> = Vec::new();
    let extra_modules = api.types.iter().map(|t| t.module.as_str());
    for module in
        std::iter::once(COMPONENTS_MODULE).chain(api.groups.iter().map(|g| g.module.as_str())).chain(extra_modules)
    {
        if modules.iter().any(|m| m == module) {
            continue;
        }
        let types: Vec<_> = api.types.iter().filter(|t| t.module == module).collect();
        if types.is_empty() {
            continue;
        }
        files.push((format!("src/types/{module}.rs"), RustFile::Types(types)));
        modules.push(module.to_owned());
    }
    if let Some(webhooks) = &api.webhooks {
        files.push(("src/webhooks.rs".to_owned(), RustFile::Webhooks(webhooks)));
    }
    files.push(("src/types/mod.rs".to_owned(), RustFile::TypesMod(modules)));
    files.push((
        "tests/generated/every_operation.rs".to_owned(),
        RustFile::Contract(options.crate_name.replace('-', "_")),
    ));
    if !options.guides.is_empty() {
        files.push(("src/guides.rs".to_owned(), RustFile::Guides(&options.guides)));
    }
    files
}

/// Hand-written guides: every `*.md` in `dir`, in name order; a leading
/// number orders them (`1-register.md` -> module `register`).
pub fn read_guides(dir: &std::path::Path) -> Result<Vec<Guide>, String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Err(format!("cannot read guides from {}", dir.display())) };
    let mut paths: Vec<std::path::PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            let module = crate::names::snake(
                stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_'),
                "guide",
            );
            let markdown =
                std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Ok(Guide { module, markdown })
        })
        .collect()
}

/// Where the crate's public API is recorded, for diffs and changelogs.
pub const SURFACE_FILE: &str = "api-surface.json";

/// The stage: the IR -> every file of the crate, in memory. A file that does
/// not format is an internal error (a bug), never the document's fault.
pub(crate) fn emit(api: &Api, options: &CrateOptions, diagnostics: &mut Diagnostics) -> Outcome<Files> {
    emit_files(api, options).map_err(|message| diagnostics.stop(Diagnostic::error("", message)))
}

/// Emits every file of the crate. Rust files are built as tokens, parsed
/// straight from the tokens (no text round trip) and pretty-printed, each on
/// whichever core is free: token streams cannot cross threads, so each file
/// is built where it is formatted.
fn emit_files(api: &Api, options: &CrateOptions) -> Result<Files, String> {
    let mut jobs = rust_files(api, options);
    jobs.sort_by_key(|(_, file)| std::cmp::Reverse(file.weight(api)));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8).min(jobs.len().max(1));
    let results: Vec<Result<Vec<(String, String)>, String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let (jobs, next) = (&jobs, &next);
                scope.spawn(move || {
                    let mut done = Vec::new();
                    while let Some((path, file)) = jobs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                        done.push((path.clone(), rust::format_tokens(file.tokens(api), path)?));
                    }
                    Ok(done)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle.join().unwrap_or_else(|_| Err("internal error: an emitting thread panicked".to_owned()))
            })
            .collect()
    });
    let mut files = Files::new();
    for result in results {
        files.extend(result?);
    }
    for (name, text) in RUNTIME {
        files.insert(format!("src/runtime/{name}"), format!("{RUNTIME_HEADER}{text}"));
    }
    let context = TemplateContext::new(api, options);
    if let Some(text) = &context.license.file {
        files.insert("LICENSE".into(), text.clone());
    }
    files.insert("Cargo.toml".into(), render(CARGO_TEMPLATE, "Cargo.toml.j2", &context)?);
    files.insert("README.md".into(), render(README_TEMPLATE, "README.md.j2", &context)?);
    let surface = crate::surface::Surface::of(api, &options.crate_version);
    let surface = serde_json::to_string_pretty(&surface).map_err(|e| format!("internal error: API surface: {e}"))?;
    files.insert(SURFACE_FILE.into(), format!("{surface}\n"));
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
    /// Path parameters set on the client builder.
    settings: Vec<SettingRow>,
    operations: Vec<OperationRow>,
    example: Option<OperationRow>,
    paged: Option<OperationRow>,
    streamed: bool,
    webhooks: Option<crate::ir::Webhooks>,
    incoming_webhooks: Vec<IncomingRow>,
    repository: Option<String>,
    guides: Vec<String>,
    env_prefix: String,
    license: crate::license::CrateLicense,
    /// One cargo feature per group, in group order.
    group_features: Vec<FeatureRow>,
    rust_version: &'static str,
    reqwest_version: &'static str,
}

#[derive(Serialize)]
struct FeatureRow {
    feature: String,
    group: String,
    operations: usize,
    /// Nested groups' features this one turns on.
    nested: Vec<String>,
}

#[derive(Serialize)]
struct IncomingRow {
    name: String,
    method: String,
    payload: String,
    summary: String,
}

#[derive(Serialize)]
struct SettingRow {
    setter: String,
    wire: String,
    default: String,
}

#[derive(Serialize)]
struct CredentialRow {
    setter: String,
    env: String,
}

/// A literal a README example can pass for an argument of this type.
fn sample_literal(ty: &crate::ir::TypeRef) -> Option<&'static str> {
    match ty {
        crate::ir::TypeRef::String => Some("\"1\""),
        crate::ir::TypeRef::I32 | crate::ir::TypeRef::I64 => Some("1"),
        crate::ir::TypeRef::F64 => Some("1.0"),
        crate::ir::TypeRef::Bool => Some("true"),
        _ => None,
    }
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
                    let mut args: Vec<&str> =
                        op.params.iter().filter(|p| p.required).map(|p| p.rust_name.as_str()).collect();
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
            .and_then(|(g, op)| {
                operations.iter().find(|row| row.group == g.module && row.method == op.method_name).cloned()
            });
        let paged = api
            .groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
            .filter(|(_, op)| op.pagination.is_some() && op.body.as_ref().is_none_or(|b| !b.required))
            .find_map(|(g, op)| {
                // Each required argument as a literal of its type; one without is no example.
                let args: Option<Vec<&str>> =
                    op.params.iter().filter(|p| p.required).map(|p| sample_literal(&p.ty)).collect();
                let row = operations.iter().find(|row| row.group == g.module && row.method == op.method_name)?;
                Some(OperationRow { args: args?.join(", "), ..row.clone() })
            });
        let streamed = api.groups.iter().any(|g| g.operations.iter().any(|op| op.stream.is_some()));
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
                .filter(|s| {
                    api.required_security.contains(&s.key)
                        && matches!(s.kind, crate::ir::SecurityKind::ApiKey { .. } | crate::ir::SecurityKind::Bearer)
                })
                .map(|s| CredentialRow { setter: s.setter.clone(), env: s.env.clone() })
                .collect(),
            settings: api
                .settings
                .iter()
                .map(|setting| SettingRow {
                    setter: setting.setter.clone(),
                    wire: setting.wire_name.clone(),
                    default: setting.default.to_string(),
                })
                .collect(),
            operations,
            example,
            paged,
            streamed,
            license: crate::license::crate_license(options.license.as_deref(), api.license.as_ref()),
            group_features: api
                .groups
                .iter()
                .filter(|g| !g.feature.is_empty())
                .map(|g| FeatureRow {
                    feature: g.feature.clone(),
                    group: g.module.clone(),
                    operations: g.operations.len(),
                    nested: g.nested_features.clone(),
                })
                .collect(),
            rust_version: RUST_VERSION,
            reqwest_version: REQWEST_VERSION,
            webhooks: api.webhooks.clone(),
            repository: options.repository.clone(),
            guides: options.guides.iter().map(|g| g.module.clone()).collect(),
            incoming_webhooks: api
                .incoming_webhooks
                .iter()
                .map(|hook| IncomingRow {
                    name: hook.name.clone(),
                    method: hook.method.clone(),
                    payload: match &hook.payload {
                        Some(crate::ir::TypeRef::Named(name)) => format!("[`types::{name}`](crate::types::{name})"),
                        Some(other) => format!("`{}`", crate::surface::describe(other)),
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
    let text =
        if first.is_empty() { format!("Client for the {title}") } else { first.trim_end_matches('.').to_owned() };
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        // Too long: end at a clause (a colon, semicolon or dash) if one leaves
        // enough to say something, else at a word.
        let clause = [": ", "; ", " - ", " (", ", "].iter().find_map(|mark| short.rfind(mark).filter(|at| *at >= 60));
        if let Some(cut) = clause.or_else(|| short.rfind(' ')) {
            short.truncate(cut);
        }
    }
    short.chars().filter(|c| !c.is_control()).collect::<String>().replace(['"', '\\'], "'")
}

fn render<C: Serialize>(template: &str, name: &str, context: &C) -> Result<String, String> {
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
