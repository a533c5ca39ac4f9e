//! OpenAPI document -> typed async Rust client crate.
//!
//! The pipeline runs one way: [`load`] (text -> JSON value), [`overlay`],
//! [`bundle`] (other files' references brought in), [`upgrade`] (-> the 3.0
//! model), [`parse`] (-> `openapiv3`), [`normalise`] (-> [`ir::Api`]), [`emit`]
//! (-> files in memory), [`write`] (-> disk, only files whose bytes changed).

pub mod bundle;
pub mod cli;
pub mod diagnostics;
pub mod emit;
pub mod fuzzing;
pub mod ir;
pub mod load;
pub mod names;
pub mod normalise;
pub mod overlay;
pub mod parse;
pub mod surface;
pub mod upgrade;
pub mod write;

use std::path::Path;

pub use diagnostics::{Diagnostic, Severity};
pub use emit::{CrateOptions, Files};
pub use fuzzing::{fuzz_bytes, fuzz_mutated};

/// Everything a run produced: the IR, the files, and what was noticed.
#[derive(Debug)]
pub struct Generated {
    pub api: ir::Api,
    pub files: Files,
    pub diagnostics: Vec<Diagnostic>,
    /// Time each stage took, in order.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Why a run produced nothing.
#[derive(Debug)]
pub struct GenerateError {
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for GenerateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let errors: Vec<String> =
            self.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(ToString::to_string).collect();
        write!(f, "generation failed with {} error(s):\n{}", errors.len(), errors.join("\n"))
    }
}

impl std::error::Error for GenerateError {}

fn fail(diagnostics: diagnostics::Diagnostics, extra: Option<Diagnostic>) -> GenerateError {
    let mut diagnostics = diagnostics.into_vec();
    diagnostics.extend(extra);
    GenerateError { diagnostics }
}

/// Runs the pipeline on a document's text, in memory.
pub fn generate_from_text(text: &str, options: &CrateOptions) -> Result<Generated, GenerateError> {
    generate(text, None, options)
}

/// Runs the pipeline on a document's text and an optional OpenAPI Overlay
/// (applied after loading, before parsing), in memory.
pub fn generate(text: &str, overlay: Option<&str>, options: &CrateOptions) -> Result<Generated, GenerateError> {
    generate_at(text, overlay, options, None)
}

/// As [`generate`], for a document read from `path`: references into other
/// files are resolved relative to it.
fn generate_at(
    text: &str,
    overlay: Option<&str>,
    options: &CrateOptions,
    path: Option<&Path>,
) -> Result<Generated, GenerateError> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &'static str, timings: &mut Vec<_>| {
        let now = std::time::Instant::now();
        timings.push((stage, now - clock));
        clock = now;
    };
    let (mut value, number_warnings) = load::load(text).map_err(|d| fail(diagnostics.clone(), Some(d)))?;
    diagnostics.extend(number_warnings);
    lap("load", &mut timings);
    if let Some(overlay) = overlay {
        overlay::apply(&mut value, overlay).map_err(|d| fail(diagnostics.clone(), Some(d)))?;
    }
    lap("overlay", &mut timings);
    match path {
        Some(path) => diagnostics.extend(bundle::bundle(&mut value, path)),
        None if bundle::has_external_refs(&value) => diagnostics.warn(
            "",
            "the document refers to other files but was given as text: those references are typed as any JSON; generate from the file instead",
        ),
        None => {}
    }
    lap("bundle", &mut timings);
    let value = upgrade::to_openapi_30(value, &mut diagnostics).map_err(|d| fail(diagnostics.clone(), Some(d)))?;
    let document = parse::parse(value, &mut diagnostics).map_err(|d| fail(diagnostics.clone(), Some(d)))?;
    lap("parse", &mut timings);
    let env_prefix = options.crate_name.split(['-', '_']).next().unwrap_or("API").to_ascii_uppercase();
    let mut api = normalise::normalise(&document, &env_prefix, &mut diagnostics);
    if options.keep_unknown_fields {
        normalise::keep_unknown_fields(&mut api);
    }
    if diagnostics.has_errors() {
        return Err(fail(diagnostics, None));
    }
    lap("normalise", &mut timings);
    let internal = |message: String| Diagnostic { severity: Severity::Error, pointer: String::new(), message };
    // Emitting and formatting run together, file by file, on every core.
    let files = emit::emit(&api, options).map_err(|m| fail(diagnostics.clone(), Some(internal(m))))?;
    lap("emit+format", &mut timings);
    Ok(Generated { api, files, diagnostics: diagnostics.into_vec(), timings })
}

/// The document as the generator sees it: loaded, with the overlay applied.
/// A mock server serving it answers what the generated client expects.
pub fn effective_document(text: &str, overlay: Option<&str>) -> Result<serde_json::Value, GenerateError> {
    let mut value = load::parse_text(text).map_err(|d| GenerateError { diagnostics: vec![d] })?;
    if let Some(overlay) = overlay {
        overlay::apply(&mut value, overlay).map_err(|d| GenerateError { diagnostics: vec![d] })?;
    }
    Ok(value)
}

fn read(path: &Path) -> Result<String, GenerateError> {
    std::fs::read_to_string(path).map_err(|error| GenerateError {
        diagnostics: vec![Diagnostic {
            severity: Severity::Error,
            pointer: String::new(),
            message: format!("cannot read {}: {error}", path.display()),
        }],
    })
}

/// Reads a document and its optional overlay from disk.
pub fn read_inputs(path: &Path, overlay: Option<&Path>) -> Result<(String, Option<String>), GenerateError> {
    Ok((read(path)?, overlay.map(read).transpose()?))
}

/// Reads a document (and an overlay, if given) from disk and runs the
/// pipeline, in memory.
pub fn generate_from_path(
    path: &Path,
    overlay: Option<&Path>,
    options: &CrateOptions,
) -> Result<Generated, GenerateError> {
    let text = read(path)?;
    let overlay = overlay.map(read).transpose()?;
    generate_at(&text, overlay.as_deref(), options, Some(path))
}
