//! `openapi-rs-generator`: the generator's front door for any OpenAPI 3.x (or Swagger 2.0)
//! document. Exit status: 0 done, 1 the input has errors (or the output cannot
//! be written, or `check` found stale files), 2 a bad command line; never 101.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use openapi_rs_generator::cli::{self, DiffRequest, GenerateRequest};

// Emitting allocates millions of small token trees: a quarter of a small
// document's time went to the system allocator's malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "openapi-rs-generator",
    version,
    about = "Turns an OpenAPI 3.0/3.1/3.2 (or Swagger 2.0) document into a typed async Rust client crate."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a client crate for a document into a folder: every file or none.
    Generate(CrateArgs),
    /// Regenerates in memory and fails, naming each file, if the folder differs.
    Check(CrateArgs),
    /// Lists the public-API changes between two versions of a document, breaking or
    /// not for a Rust user, and the semver bump they call for.
    Diff(DiffArgs),
}

#[derive(Args)]
struct CrateArgs {
    /// The OpenAPI document (YAML or JSON, 3.0.x, 3.1.x, 3.2.x or Swagger 2.0).
    #[arg(long, value_name = "PATH")]
    spec: PathBuf,
    /// The crate's folder (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// An OpenAPI Overlay 1.0 document applied before generating (fixes without editing the document).
    #[arg(long, value_name = "PATH")]
    overlay: Option<PathBuf>,
    /// The crate's name [default: the document's file name + `-client`].
    #[arg(long, value_name = "CRATE")]
    name: Option<String>,
    /// The crate's version [default: the one in DIR/Cargo.toml, else 0.1.0].
    #[arg(long = "crate-version", value_name = "VERSION")]
    crate_version: Option<String>,
    /// The `repository` URL in the crate's Cargo.toml.
    #[arg(long, value_name = "URL")]
    repository: Option<String>,
    /// A folder of Markdown guides that become the crate's doc-tested `guides` module.
    #[arg(long, value_name = "DIR")]
    guides: Option<PathBuf>,
    /// The crate's licence, an SPDX expression such as `MIT OR Apache-2.0` [default: the
    /// document's `info.license`, else `MIT OR Apache-2.0`].
    #[arg(long, value_name = "SPDX")]
    license: Option<String>,
    /// Every struct keeps the fields the document does not declare (a flattened
    /// `additional_properties` map, sent back as received); costs decode time.
    #[arg(long)]
    keep_unknown_fields: bool,
    /// Any warning stops the run, as an error does; nothing is written.
    #[arg(long)]
    strict: bool,
    /// Lists every warning, not only the first ten.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct DiffArgs {
    /// The document as last released.
    old: PathBuf,
    /// The new document.
    new: PathBuf,
    /// An overlay applied to both documents (repeat for several, applied in order).
    #[arg(long, value_name = "PATH")]
    overlay: Vec<PathBuf>,
    /// Overlays for the new document instead, when they differ (repeatable).
    #[arg(long, value_name = "PATH")]
    new_overlay: Vec<PathBuf>,
    /// The version OLD was released as, from which the bump is proposed.
    #[arg(long = "crate-version", value_name = "VERSION", default_value = "0.1.0")]
    crate_version: String,
}

impl CrateArgs {
    fn request(self) -> Result<GenerateRequest, String> {
        let name = self.name.unwrap_or_else(|| cli::default_crate_name(&self.spec));
        if !cli::is_valid_crate_name(&name) {
            return Err(format!(
                "crate name {name:?} is not valid: use letters, digits, `-` and `_`, starting with a letter"
            ));
        }
        if let Some(license) = self.license.as_deref().filter(|license| !cli::is_spdx_expression(license)) {
            return Err(format!(
                "--license {license:?} is not an SPDX expression: give identifiers joined by OR/AND, such as `MIT OR Apache-2.0`"
            ));
        }
        let version =
            self.crate_version.or_else(|| cli::current_version(&self.out)).unwrap_or_else(|| "0.1.0".to_owned());
        Ok(GenerateRequest {
            spec: self.spec,
            overlay: self.overlay,
            out: self.out,
            name,
            version,
            standalone: true,
            strict: self.strict,
            verbose: self.verbose,
            repository: self.repository,
            guides: self.guides,
            keep_unknown_fields: self.keep_unknown_fields,
            license: self.license,
        })
    }
}

fn run(command: Command) -> ExitCode {
    let usage_error = |message: String| {
        eprintln!("error: {message}");
        ExitCode::from(2)
    };
    match command {
        Command::Generate(args) => {
            let request = match args.request() {
                Ok(request) => request,
                Err(message) => return usage_error(message),
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
        Command::Check(args) => match args.request() {
            Ok(request) => cli::check(&request, "openapi-rs-generator generate"),
            Err(message) => usage_error(message),
        },
        Command::Diff(args) => cli::diff(&DiffRequest {
            old: args.old,
            new: args.new,
            overlays: args.overlay,
            new_overlays: args.new_overlay,
            version: args.crate_version,
        }),
    }
}

fn main() -> ExitCode {
    // clap prints usage errors and exits 2 itself; --help and --version exit 0.
    let cli = Cli::parse();
    cli::without_panics(move || run(cli.command))
}
