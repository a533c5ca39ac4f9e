//! The commands behind both front doors, the installable binary
//! (`openapi-rs-generator generate | diff | check`) and `cargo xtask` (the same
//! with the Hero defaults): argument values in, messages on stdout/stderr and
//! an exit status out. 0: done; 1: the input has errors, or a file cannot be
//! written; 2 (the callers' parsers): a bad command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::surface::{self, Surface};
use crate::write::WriteReport;
use crate::{CrateOptions, Generated, Input, Severity};

/// What `generate` and `check` need to know.
#[derive(Debug, Clone)]
pub struct GenerateRequest {
    pub spec: PathBuf,
    pub overlay: Option<PathBuf>,
    pub out: PathBuf,
    pub name: String,
    pub version: String,
    /// The crate is its own workspace (`[workspace]` in its Cargo.toml).
    pub standalone: bool,
    /// Warnings stop the run, as errors do.
    pub strict: bool,
    /// Lists every warning, not the first ten.
    pub verbose: bool,
    pub repository: Option<String>,
    /// Hand-written guides (Markdown) that become the crate's `guides` module.
    pub guides: Option<PathBuf>,
    /// Every struct keeps the fields the document does not declare.
    pub keep_unknown_fields: bool,
    /// The crate's licence (SPDX), above the document's own.
    pub license: Option<String>,
}

/// The crate name derived from a document's file name (`petstore.yaml` ->
/// `petstore-client`).
pub fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name: String =
        stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    let name = name.trim_matches('-').to_owned();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("{name}-client")
    } else {
        "api-client".to_owned()
    }
}

pub use crate::license::is_spdx_expression;

/// A name Cargo accepts for a package.
pub fn is_valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The version in a generated crate's Cargo.toml, so regenerating keeps it.
pub fn current_version(out: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok()?;
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("version = \"").and_then(|rest| rest.strip_suffix('"')).map(str::to_owned))
}

/// A crate's settings kept in a file (for the Hero crate, `spec/crate.json`),
/// so the commands and the tests that guard the crate read them from one place.
/// Paths are relative to the file's folder's parent (the workspace root).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    pub name: String,
    pub spec: PathBuf,
    pub overlay: Option<PathBuf>,
    pub out: PathBuf,
    pub guides: Option<PathBuf>,
    pub repository: Option<String>,
    /// The crate's licence (SPDX), above the document's own.
    #[serde(default)]
    pub license: Option<String>,
    /// The version when the crate's Cargo.toml does not say (the first run).
    pub first_version: String,
}

impl CrateConfig {
    /// Reads the settings; their paths are made relative to `root`.
    pub fn read(path: &Path, root: &Path) -> Result<CrateConfig, String> {
        let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let mut config: CrateConfig =
            serde_json::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
        config.spec = root.join(&config.spec);
        config.overlay = config.overlay.map(|overlay| root.join(overlay));
        config.out = root.join(&config.out);
        config.guides = config.guides.map(|guides| root.join(guides));
        Ok(config)
    }

    /// The version the crate is at (generating keeps it).
    pub fn version(&self) -> String {
        current_version(&self.out).unwrap_or_else(|| self.first_version.clone())
    }

    /// What `generate` and `check` run for this crate.
    pub fn request(&self) -> GenerateRequest {
        GenerateRequest {
            spec: self.spec.clone(),
            overlay: self.overlay.clone(),
            out: self.out.clone(),
            name: self.name.clone(),
            version: self.version(),
            standalone: false,
            strict: false,
            verbose: false,
            repository: self.repository.clone(),
            guides: self.guides.clone(),
            keep_unknown_fields: false,
            license: self.license.clone(),
        }
    }
}

/// Runs the pipeline in memory, and the changelog when the crate folder has
/// a baseline; errors (and, with `strict`, warnings) are printed and become
/// exit status 1. Returns the changelog's one-line summary beside the files.
pub fn run_generator(request: &GenerateRequest) -> Result<(Generated, Option<String>), ExitCode> {
    let options = CrateOptions {
        crate_name: request.name.clone(),
        crate_version: request.version.clone(),
        spec_file: request.spec.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        standalone: request.standalone,
        repository: request.repository.clone(),
        guides: match &request.guides {
            Some(dir) => crate::emit::read_guides(dir).map_err(|message| {
                eprintln!("error: {message}");
                ExitCode::from(1)
            })?,
            None => Vec::new(),
        },
        keep_unknown_fields: request.keep_unknown_fields,
        license: request.license.clone(),
    };
    let input = Input::read(&request.spec).and_then(|input| input.read_overlays(&request.overlay));
    let mut generated = input.and_then(|input| crate::generate(&input, &options)).map_err(|error| {
        eprintln!("{}: {error}", request.spec.display());
        ExitCode::from(1)
    })?;
    let warnings: Vec<_> = generated.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    if request.strict && !warnings.is_empty() {
        eprintln!(
            "{}: --strict: {} warning(s) stop the run; nothing was written:",
            request.spec.display(),
            warnings.len()
        );
        for warning in warnings {
            eprintln!("{warning}");
        }
        return Err(ExitCode::from(1));
    }
    let changelog = crate::changelog::add(&request.out, &mut generated).map_err(|message| {
        eprintln!("error: {message}");
        ExitCode::from(1)
    })?;
    Ok((generated, changelog))
}

/// Generates and writes the crate (all files or none). Returns what was
/// generated and written, for the caller's summary.
pub fn generate(request: &GenerateRequest) -> Result<(Generated, WriteReport), ExitCode> {
    let (generated, changelog) = run_generator(request)?;
    match crate::write::write(&request.out, &generated.files) {
        Ok(report) => {
            changelog.iter().for_each(|summary| println!("{summary}"));
            Ok((generated, report))
        }
        Err(error) => {
            eprintln!("error: cannot write into {}: {error}", request.out.display());
            Err(ExitCode::from(1))
        }
    }
}

/// The warnings (the first ten unless `verbose`), then what was generated.
pub fn print_summary(request: &GenerateRequest, generated: &Generated, report: &WriteReport, started: Instant) {
    let warnings: Vec<_> = generated.diagnostics.iter().filter(|d| d.severity == Severity::Warning).collect();
    let shown = if request.verbose { warnings.len() } else { warnings.len().min(10) };
    for warning in &warnings[..shown] {
        eprintln!("{warning}");
    }
    if shown < warnings.len() {
        eprintln!("... and {} more warning(s); --verbose lists them all", warnings.len() - shown);
    }
    let api = &generated.api;
    println!("{} {} -> {} (crate `{}`)", api.title, api.version, request.out.display(), request.name);
    println!("  operations: {} in {} groups", api.operations().count(), api.groups.len());
    println!("  types:      {} ({} identical inline types merged)", api.types.len(), api.merged_types);
    println!(
        "  files:      {} written, {} unchanged, {} removed",
        report.written.len(),
        report.unchanged,
        report.removed.len()
    );
    for path in report.written.iter().chain(report.removed.iter()).take(20) {
        println!("    {path}");
    }
    println!("  warnings:   {}", warnings.len());
    println!("  wire:       {}", api.wire_facts());
    println!("  names:      {}", api.name_facts());
    let stages: Vec<String> =
        generated.timings.iter().map(|(stage, took)| format!("{stage} {:.1}", took.as_secs_f64() * 1000.0)).collect();
    println!("  time:       {:.1} ms ({} ms, then write)", started.elapsed().as_secs_f64() * 1000.0, stages.join(", "));
}

/// Regenerates in memory and compares with `request.out`: 0 when every
/// generated file is as the generator would write it, 1 (naming each stale
/// file) otherwise. `regenerate` is the command that fixes it.
pub fn check(request: &GenerateRequest, regenerate: &str) -> ExitCode {
    let generated = match run_generator(request) {
        Ok((generated, _)) => generated,
        Err(code) => return code,
    };
    let stale = crate::write::check(&request.out, &generated.files);
    if stale.is_empty() {
        println!("{} is up to date ({} files)", request.out.display(), generated.files.len());
        return ExitCode::SUCCESS;
    }
    eprintln!("{} is stale: {} file(s) differ from what the generator produces:", request.out.display(), stale.len());
    for entry in &stale {
        eprintln!("  {entry}");
    }
    eprintln!("run `{regenerate}` and commit the result (never edit generated files by hand)");
    ExitCode::from(1)
}

/// What `diff` compares: two documents, each with its overlays in order.
#[derive(Debug, Clone)]
pub struct DiffRequest {
    pub old: PathBuf,
    pub new: PathBuf,
    pub overlays: Vec<PathBuf>,
    /// The new document's overlays; the old one's when empty.
    pub new_overlays: Vec<PathBuf>,
    /// The version the old document was released as.
    pub version: String,
}

/// Prints the public-API changes from `old` to `new`, classified, and the
/// semver bump they call for.
pub fn diff(request: &DiffRequest) -> ExitCode {
    let version = &request.version;
    let options = CrateOptions { crate_name: "diff".to_owned(), crate_version: version.clone(), ..Default::default() };
    let new_overlays = if request.new_overlays.is_empty() { &request.overlays } else { &request.new_overlays };
    let surface_of = |path: &Path, overlays: &[PathBuf]| -> Result<Surface, String> {
        // The overlays apply in order; the document stays a value, so its
        // references into other files are still bundled.
        let generated = Input::read(path)
            .and_then(|input| input.read_overlays(overlays))
            .and_then(|input| crate::generate(&input, &options));
        generated.map(|g| Surface::of(&g.api, version)).map_err(|e| format!("{}: {e}", path.display()))
    };
    let (old_surface, new_surface) =
        match (surface_of(&request.old, &request.overlays), surface_of(&request.new, new_overlays)) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        };
    let changes = surface::diff(&old_surface, &new_surface);
    let bump = surface::required_bump(version, &changes);
    let breaking = changes.iter().filter(|c| c.impact == surface::Impact::Breaking).count();
    println!(
        "{} -> {}: {} change(s), {breaking} breaking, {} added",
        request.old.display(),
        request.new.display(),
        changes.len(),
        changes.len() - breaking
    );
    for change in &changes {
        println!("  {change}");
    }
    println!("Proposed bump: {bump} ({version} -> {})", surface::bumped(version, bump));
    ExitCode::SUCCESS
}

/// Runs a command, turning a panic (a bug in the generator, never the
/// input's fault) into exit status 1 instead of Rust's 101.
pub fn without_panics(command: impl FnOnce() -> ExitCode + std::panic::UnwindSafe) -> ExitCode {
    match std::panic::catch_unwind(command) {
        Ok(code) => code,
        Err(_) => {
            eprintln!("internal error: the generator panicked (a bug; please report it with the document)");
            ExitCode::from(1)
        }
    }
}
