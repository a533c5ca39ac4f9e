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
use crate::{bundle, emit, ir, load, normalise, overlay, parse, swagger2, upgrade};

/// The stages, in the order they run; [`Generated::timings`] follows it.
pub const STAGES: [&str; 8] = ["load", "overlay", "bundle", "swagger2", "upgrade", "parse", "normalise", "emit+format"];

/// A document to generate from: its text, the file it was read from (other
/// files' references are resolved relative to it) and its overlays, applied
/// in order.
#[derive(Debug, Clone, Default)]
pub struct Input {
    text: String,
    path: Option<PathBuf>,
    /// Each overlay's text, and the file it was read from.
    overlays: Vec<(String, Option<PathBuf>)>,
    /// What reading the files noticed (text that was not UTF-8).
    read_notes: Vec<Diagnostic>,
}

impl Input {
    /// A document given as text: references into other files cannot be
    /// followed (each is a warning).
    pub fn text(text: impl Into<String>) -> Input {
        Input { text: text.into(), ..Input::default() }
    }

    /// A document given as bytes: text that is not UTF-8 is read as Latin-1
    /// (a description written in another encoding), with a warning.
    pub fn bytes(bytes: Vec<u8>) -> Input {
        let (text, note) = decode(bytes, "the document");
        Input { text, read_notes: note.into_iter().collect(), ..Input::default() }
    }

    /// Reads a document from disk.
    pub fn read(path: &Path) -> Result<Input, GenerateError> {
        let (text, note) = read(path)?;
        Ok(Input { text, path: Some(path.to_path_buf()), overlays: Vec::new(), read_notes: note.into_iter().collect() })
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
            let (text, note) = read(path)?;
            self.read_notes.extend(note);
            self.overlays.push((text, Some(path.to_path_buf())));
        }
        Ok(self)
    }
}

fn read(path: &Path) -> Result<(String, Option<Diagnostic>), GenerateError> {
    let bytes = std::fs::read(path).map_err(|error| GenerateError {
        diagnostics: vec![Diagnostic::error("", format!("cannot read {}: {error}", path.display()))],
    })?;
    Ok(decode(bytes, &path.display().to_string()))
}

/// UTF-8 text as it is; anything else as Latin-1, where every byte is a
/// character, so nothing is lost and the warning says where it started.
fn decode(bytes: Vec<u8>, what: &str) -> (String, Option<Diagnostic>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = error.into_bytes().iter().map(|&byte| char::from(byte)).collect();
            let note = Diagnostic::warning(
                "",
                format!(
                    "{what} is not UTF-8 (byte {offset} is the first that is not): read as Latin-1; save it as UTF-8"
                ),
            );
            (text, Some(note))
        }
    }
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
    diagnostics.extend(input.read_notes.iter().cloned());
    let value = load::load(&input.text, diagnostics)?;
    lap();
    let value = overlay::overlay(value, &input.overlays, diagnostics)?;
    lap();
    let value = bundle::bundle(value, input.path.as_deref(), diagnostics)?;
    lap();
    let value = swagger2::swagger2(value, diagnostics)?;
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
