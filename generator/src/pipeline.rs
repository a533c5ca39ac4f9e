//! The driver: the one place the stages run, in [`STAGES`] order. Both front
//! doors (the binary and `cargo xtask`), `diff`, the benchmarks and the tests
//! call [`generate`].
//!
//! Every stage has the same contract: it takes its input and
//! `&mut Diagnostics`, reports there, and returns its output or
//! [`Stopped`](crate::diagnostics::Stopped) (an error is among the diagnostics).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Diagnostics, Outcome, Severity};
use crate::emit::{CrateOptions, Files};
use crate::{bundle, emit, ir, load, normalise, overlay, parse, upgrade};

/// The stages, in the order they run; [`Generated::timings`] follows it.
pub const STAGES: [&str; 7] = ["load", "overlay", "bundle", "upgrade", "parse", "normalise", "emit+format"];

/// A document to generate from: its text, the file it was read from (other
/// files' references are resolved relative to it) and its overlays, applied
/// in order.
#[derive(Debug, Clone, Default)]
pub struct Input {
    text: String,
    path: Option<PathBuf>,
    /// Each overlay's text, and the file it was read from.
    overlays: Vec<(String, Option<PathBuf>)>,
}

impl Input {
    /// A document given as text: references into other files cannot be
    /// followed (each is a warning).
    pub fn text(text: impl Into<String>) -> Input {
        Input { text: text.into(), ..Input::default() }
    }

    /// Reads a document from disk.
    pub fn read(path: &Path) -> Result<Input, GenerateError> {
        Ok(Input { text: read(path)?, path: Some(path.to_path_buf()), overlays: Vec::new() })
    }

    /// Adds an OpenAPI Overlay (its text), applied after those added before.
    pub fn overlay(mut self, overlay: impl Into<String>) -> Input {
        self.overlays.push((overlay.into(), None));
        self
    }

    /// Adds overlays read from disk, applied in the order given.
    pub fn read_overlays<P: AsRef<Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Result<Input, GenerateError> {
        for path in paths {
            let path = path.as_ref();
            self.overlays.push((read(path)?, Some(path.to_path_buf())));
        }
        Ok(self)
    }
}

fn read(path: &Path) -> Result<String, GenerateError> {
    std::fs::read_to_string(path).map_err(|error| GenerateError {
        diagnostics: vec![Diagnostic::error("", format!("cannot read {}: {error}", path.display()))],
    })
}

/// Everything a run produced: the IR, the files, and what was noticed.
#[derive(Debug)]
pub struct Generated {
    pub api: ir::Api,
    pub files: Files,
    pub diagnostics: Vec<Diagnostic>,
    /// Time each stage took, in [`STAGES`] order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Why a run produced nothing: every diagnostic so far, at least one an error.
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

/// Runs every stage on `input`, in memory.
pub fn generate(input: &Input, options: &CrateOptions) -> Result<Generated, GenerateError> {
    let mut diagnostics = Diagnostics::default();
    let mut timings = Vec::with_capacity(STAGES.len());
    match run(input, options, &mut diagnostics, &mut timings) {
        Ok((api, files)) => Ok(Generated { api, files, diagnostics: diagnostics.into_vec(), timings }),
        Err(_) => Err(GenerateError { diagnostics: diagnostics.into_vec() }),
    }
}

fn run(
    input: &Input,
    options: &CrateOptions,
    diagnostics: &mut Diagnostics,
    timings: &mut Vec<(&'static str, Duration)>,
) -> Outcome<(ir::Api, Files)> {
    let mut stages = STAGES.iter();
    let mut clock = Instant::now();
    let mut lap = || {
        let now = Instant::now();
        timings.push((stages.next().copied().unwrap_or("?"), now - clock));
        clock = now;
    };
    let value = load::load(&input.text, diagnostics)?;
    lap();
    let value = overlay::overlay(value, &input.overlays, diagnostics)?;
    lap();
    let value = bundle::bundle(value, input.path.as_deref(), diagnostics)?;
    lap();
    let value = upgrade::upgrade(value, diagnostics)?;
    lap();
    let parsed = parse::parse(value, diagnostics)?;
    lap();
    let env_prefix = options.crate_name.split(['-', '_']).next().unwrap_or("API").to_ascii_uppercase();
    let settings = normalise::Settings { env_prefix, keep_unknown_fields: options.keep_unknown_fields };
    let api = normalise::normalise(&parsed, &settings, diagnostics)?;
    lap();
    // Emitting and formatting run together, file by file, on every core.
    let files = emit::emit(&api, options, diagnostics)?;
    lap();
    Ok((api, files))
}

/// The document as the generator sees it: loaded, with the overlays applied.
/// A mock server serving it answers what the generated client expects.
pub fn effective_document(input: &Input) -> Result<serde_json::Value, GenerateError> {
    let mut diagnostics = Diagnostics::default();
    let value = load::load(&input.text, &mut diagnostics)
        .and_then(|value| overlay::overlay(value, &input.overlays, &mut diagnostics));
    value.map_err(|_| GenerateError { diagnostics: diagnostics.into_vec() })
}
