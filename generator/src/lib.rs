//! OpenAPI document -> typed async Rust client crate.
//!
//! The pipeline runs one way: [`load`] (text -> JSON value in the 3.0 model
//! -> `openapiv3`), [`normalise`] (-> [`ir::Api`]), [`emit`] (-> files in
//! memory), [`write`] (-> disk, only files whose bytes changed).

pub mod bundle;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod names;
pub mod normalise;
pub mod overlay;
pub mod surface;
pub mod write;

use std::path::Path;

pub use diagnostics::{Diagnostic, Severity};
pub use emit::{CrateOptions, Files};

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
        let errors: Vec<String> = self.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(ToString::to_string).collect();
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
fn generate_at(text: &str, overlay: Option<&str>, options: &CrateOptions, path: Option<&Path>) -> Result<Generated, GenerateError> {
    let mut diagnostics = diagnostics::Diagnostics::default();
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |stage: &'static str, timings: &mut Vec<_>| {
        let now = std::time::Instant::now();
        timings.push((stage, now - clock));
        clock = now;
    };
    let mut value = load::parse_text(text).map_err(|d| fail(diagnostics.clone(), Some(d)))?;
    lap("load", &mut timings);
    if let Some(overlay) = overlay {
        overlay::apply(&mut value, overlay).map_err(|d| fail(diagnostics.clone(), Some(d)))?;
    }
    lap("overlay", &mut timings);
    match path {
        Some(path) => bundle::bundle(&mut value, path).map_err(|d| fail(diagnostics.clone(), Some(d)))?,
        None if bundle::has_external_refs(&value) => diagnostics.warn(
            "",
            "the document refers to other files but was given as text: those references are typed as any JSON; generate from the file instead",
        ),
        None => {}
    }
    lap("bundle", &mut timings);
    let value = load::to_openapi_30(value, &mut diagnostics).map_err(|d| fail(diagnostics.clone(), Some(d)))?;
    let document = load::parse(value, &mut diagnostics).map_err(|d| fail(diagnostics.clone(), Some(d)))?;
    lap("parse", &mut timings);
    let env_prefix = options.crate_name.split(['-', '_']).next().unwrap_or("API").to_ascii_uppercase();
    let api = normalise::normalise(&document, &env_prefix, &mut diagnostics);
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

fn fuzz_options() -> CrateOptions {
    CrateOptions { crate_name: "fuzz".to_owned(), crate_version: "0.1.0".to_owned(), spec_file: "fuzz.yaml".to_owned(), standalone: true, ..Default::default() }
}

/// Fuzzing, arbitrary bytes: taken as a document and run through the whole
/// pipeline in memory. It may be refused; it must not panic. Shared by the
/// cargo-fuzz target `generate` and the corpus regression test.
pub fn fuzz_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = generate(text, None, &fuzz_options());
}

/// Fuzzing, mutated valid documents: `data` drives structural edits of
/// `seed` (remove a key, replace a value with null, a number, a string, an
/// empty object or array, or a `$ref` to another place), then the result
/// runs through the whole pipeline. Reaches far deeper than byte flips.
pub fn fuzz_mutated(seed: &str, data: &[u8]) {
    use serde_json::Value;
    let Ok(mut document) = load::parse_text(seed) else { return };
    for edit in data.chunks(3) {
        let mut pointers = Vec::new();
        let mut stack = vec![(String::new(), &document)];
        while let Some((pointer, value)) = stack.pop() {
            match value {
                Value::Object(map) => stack.extend(map.iter().map(|(k, v)| (diagnostics::join(&pointer, k), v))),
                Value::Array(items) => stack.extend(items.iter().enumerate().map(|(i, v)| (format!("{pointer}/{i}"), v))),
                _ => {}
            }
            pointers.push(pointer);
        }
        pointers.sort();
        let pick = |byte: Option<&u8>| pointers.get(usize::from(byte.copied().unwrap_or(0)) * pointers.len() / 256).cloned().unwrap_or_default();
        let target = pick(edit.first());
        let replacement = match edit.get(1).copied().unwrap_or(0) % 7 {
            0 => {
                if let Some((parent, key)) = target.rsplit_once('/') {
                    let key = key.replace("~1", "/").replace("~0", "~");
                    match document.pointer_mut(parent) {
                        Some(Value::Object(map)) => drop(map.shift_remove(&key)),
                        Some(Value::Array(items)) => {
                            if let Some(index) = key.parse::<usize>().ok().filter(|i| *i < items.len()) {
                                items.remove(index);
                            }
                        }
                        _ => {}
                    }
                }
                continue;
            }
            1 => Value::Null,
            2 => Value::from(i64::from(edit.get(2).copied().unwrap_or(0)) - 128),
            3 => Value::from(["", "x", "string", "object", "array", "null", "date-time", "binary", "{id}"][usize::from(edit.get(2).copied().unwrap_or(0)) % 9]),
            4 => Value::Object(Default::default()),
            5 => Value::Array(Vec::new()),
            _ => serde_json::json!({ "$ref": format!("#{}", pick(edit.get(2))) }),
        };
        if let Some(slot) = document.pointer_mut(&target) {
            *slot = replacement;
        }
    }
    if let Ok(text) = serde_json::to_string(&document) {
        let _ = generate(&text, None, &fuzz_options());
    }
}

/// Reads a document and its optional overlay from disk.
pub fn read_inputs(path: &Path, overlay: Option<&Path>) -> Result<(String, Option<String>), GenerateError> {
    Ok((read(path)?, overlay.map(read).transpose()?))
}

/// Reads a document (and an overlay, if given) from disk and runs the
/// pipeline, in memory.
pub fn generate_from_path(path: &Path, overlay: Option<&Path>, options: &CrateOptions) -> Result<Generated, GenerateError> {
    let text = read(path)?;
    let overlay = overlay.map(read).transpose()?;
    generate_at(&text, overlay.as_deref(), options, Some(path))
}
