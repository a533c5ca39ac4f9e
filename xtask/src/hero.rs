//! `cargo xtask generate | check | diff | mark-released`: the generator's
//! commands (`openapi_rs_generator::cli`, as the installable binary runs them) with the
//! Hero defaults, plus the maintainer's changelog: each `generate` rewrites the
//! crate's unreleased entry against the last release's API.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use openapi_rs_generator::cli::{self, DiffRequest, GenerateRequest};

use openapi_rs_generator::{BASELINE_FILE, UNRELEASED};

use crate::hero_config;

/// The arguments of `generate` and `check`: none means the Hero crate.
#[derive(clap::Args)]
pub struct GenerateArgs {
    /// The document (with --out); default: the Hero crate's, from spec/crate.json.
    #[arg(long, requires = "out")]
    spec: Option<PathBuf>,
    /// An OpenAPI Overlay applied to --spec.
    #[arg(long, requires = "spec")]
    overlay: Option<PathBuf>,
    /// The crate folder (with --spec).
    #[arg(long, requires = "spec")]
    out: Option<PathBuf>,
    /// The crate's name (default: from the document's file name, or the Hero crate's).
    #[arg(long)]
    name: Option<String>,
    /// The crate's version (default: the one its Cargo.toml has).
    #[arg(long)]
    version: Option<String>,
    /// Cargo.toml's `repository`.
    #[arg(long)]
    repository: Option<String>,
    /// Hand-written guides (Markdown) that become the crate's `guides` module.
    #[arg(long)]
    guides: Option<PathBuf>,
    /// Any warning stops the run.
    #[arg(long)]
    strict: bool,
    /// Lists every warning, not the first ten.
    #[arg(long, short)]
    verbose: bool,
    /// Every struct keeps the fields the document does not declare.
    #[arg(long)]
    keep_unknown_fields: bool,
}

fn request(args: &GenerateArgs) -> Result<GenerateRequest, String> {
    let mut request = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => {
            let name = args.name.clone().unwrap_or_else(|| cli::default_crate_name(spec));
            if !cli::is_valid_crate_name(&name) {
                return Err(format!(
                    "crate name {name:?} is not valid: use letters, digits, `-` and `_`, starting with a letter"
                ));
            }
            GenerateRequest {
                spec: spec.clone(),
                overlay: args.overlay.clone(),
                version: cli::current_version(out).unwrap_or_else(|| "0.1.0".to_owned()),
                out: out.clone(),
                name,
                standalone: true,
                strict: false,
                verbose: false,
                repository: None,
                guides: None,
                keep_unknown_fields: false,
                license: None,
            }
        }
        _ => {
            let mut request = hero_config()?.request();
            request.name = args.name.clone().unwrap_or(request.name);
            request
        }
    };
    request.version = args.version.clone().unwrap_or(request.version);
    request.repository = args.repository.clone().or(request.repository);
    request.guides = args.guides.clone().or(request.guides);
    request.strict = args.strict;
    request.verbose = args.verbose;
    request.keep_unknown_fields = args.keep_unknown_fields;
    Ok(request)
}

pub fn generate(args: &GenerateArgs) -> ExitCode {
    let request = match request(args) {
        Ok(request) => request,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    match cli::generate(&request) {
        Ok((generated, report)) => {
            cli::print_summary(&request, &generated, &report, started);
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

pub fn check(args: &GenerateArgs) -> ExitCode {
    match request(args) {
        Ok(request) => cli::check(&request, "cargo xtask generate"),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The arguments of `diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    old: PathBuf,
    new: PathBuf,
    /// Overlays of both documents, applied in order.
    #[arg(long = "overlay")]
    overlays: Vec<PathBuf>,
    /// Overlays of NEW, if they differ.
    #[arg(long = "new-overlay")]
    new_overlays: Vec<PathBuf>,
    /// The version OLD was released as (default: the Hero crate's).
    #[arg(long)]
    version: Option<String>,
}

/// `cargo xtask diff OLD NEW`: the public-API changes between two versions
/// of a document, classified, with the semver bump they call for.
pub fn diff(args: &DiffArgs) -> ExitCode {
    let version = match args.version.clone().map_or_else(|| hero_config().map(|config| config.version()), Ok) {
        Ok(version) => version,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    cli::diff(&DiffRequest {
        old: args.old.clone(),
        new: args.new.clone(),
        overlays: args.overlays.clone(),
        new_overlays: args.new_overlays.clone(),
        version,
    })
}

/// `cargo xtask mark-released`: the crate as generated is what was
/// published: its API becomes the baseline, its changelog entry released.
pub fn mark_released() -> ExitCode {
    let out = match hero_config() {
        Ok(config) => config.out,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let result = std::fs::copy(out.join(openapi_rs_generator::SURFACE_FILE), out.join(BASELINE_FILE))
        .map_err(|e| e.to_string())
        .and_then(|_| {
            let path = out.join("CHANGELOG.md");
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            std::fs::write(&path, text.replacen(UNRELEASED, "", 1)).map_err(|e| e.to_string())
        });
    match result {
        Ok(()) => {
            println!(
                "{} is the new baseline; the changelog entry is marked released",
                out.join(BASELINE_FILE).display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
