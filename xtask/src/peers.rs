//! `cargo xtask peers`: the whole public corpus through our generator,
//! progenitor and openapi-to-rust in one run, on the same documents, each
//! document in its own process with the corpus's time limit; then the same
//! seeded sample `cargo check`ed for each. Writes corpus/peers.tsv (one row per
//! document and tool, the summary on top) and prints the Markdown table the
//! README's performance section shows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use crate::corpus::{self, Limited};
use crate::{root, run};

const PEERS_FILE: &str = "corpus/peers.tsv";
const PROGENITOR_VERSION: &str = "0.15.1";
pub(crate) const OPENAPI_TO_RUST_VERSION: &str = "0.23.0";

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Tool {
    Ours,
    Progenitor,
    OpenapiToRust,
}

impl Tool {
    const ALL: [Tool; 3] = [Tool::Ours, Tool::Progenitor, Tool::OpenapiToRust];

    fn name(self) -> &'static str {
        match self {
            Tool::Ours => "openapi-rs-generator",
            Tool::Progenitor => "progenitor 0.15.1",
            Tool::OpenapiToRust => "openapi-to-rust 0.23.0",
        }
    }

    /// The command that turns `document` into code under `out`.
    pub(crate) fn command(self, binary: &Path, document: &Path, out: &Path) -> Command {
        let mut command = Command::new(binary);
        match self {
            Tool::Ours => {
                command.args(["generate", "--name", "corpus-client", "--spec"]).arg(document).arg("--out").arg(out);
            }
            Tool::Progenitor => {
                command
                    .args(["progenitor", "-n", "corpus-client", "-v", "0.1.0", "-i"])
                    .arg(document)
                    .arg("-o")
                    .arg(out);
            }
            Tool::OpenapiToRust => {
                let module = out.join("src/api");
                command.arg("generate").arg(document).arg("--output-dir").arg(module).args(["--module-name", "api"]);
                command.arg("--quiet");
            }
        }
        command
    }
}

struct Outcome {
    /// generated, refused, panic or timeout.
    outcome: &'static str,
    ms: u64,
    check: String,
    first_error: String,
}

fn outcome_of(run: Result<Limited, String>) -> Outcome {
    let (outcome, ms, first_error) = match run {
        Err(error) => ("refused", 0, error),
        Ok(run) => {
            let error = corpus::first_error_line(&run.stderr);
            match run.status {
                None => ("timeout", run.ms, "still running at the time limit".to_owned()),
                Some(status) if status.success() => ("generated", run.ms, String::new()),
                // Rust's panic exit code, or a signal (a stack overflow aborts).
                Some(status) if status.code() == Some(101) || status.code().is_none() => ("panic", run.ms, error),
                Some(_) => ("refused", run.ms, error),
            }
        }
    };
    Outcome { outcome, ms, check: String::new(), first_error }
}

/// Installs a peer into target/peers when it is not there yet.
pub(crate) fn ensure_peer(root: &Path, krate: &str, version: &str, binary: &str) -> Option<PathBuf> {
    let path = root.join("target/peers/bin").join(binary);
    if path.exists() {
        return Some(path);
    }
    let peers = root.join("target/peers");
    let peers = peers.to_string_lossy();
    let args = ["install", krate, "--locked", "--version", version, "--root", peers.as_ref()];
    run("cargo", &args, &[], root).then_some(path)
}

/// openapi-to-rust writes a module and a dependency fragment: a crate around
/// them (edition 2024, as its output needs) makes it checkable.
pub(crate) fn wrap_module(out: &Path) -> std::io::Result<()> {
    let fragment = std::fs::read_to_string(out.join("src/api/REQUIRED_DEPS.toml"))?;
    let manifest = format!(
        "[package]\nname = \"corpus-client\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n{fragment}\n\n[workspace]\n"
    );
    std::fs::write(out.join("Cargo.toml"), manifest)?;
    std::fs::write(out.join("src/lib.rs"), "pub mod api;\n")
}

/// The arguments of `peers`.
#[derive(clap::Args)]
pub struct PeersArgs {
    /// Then cargo check the same seeded sample of N crates for each generator.
    #[arg(long, default_value_t = 0)]
    compile: usize,
    /// The sample's seed (default: from the clock, printed).
    #[arg(long)]
    seed: Option<u64>,
    /// Crates checked at a time (default: the cores).
    #[arg(long, default_value_t = corpus::default_jobs())]
    jobs: usize,
    /// Only documents whose path contains this.
    #[arg(long)]
    filter: Option<String>,
}

pub fn peers(options: &PeersArgs) -> ExitCode {
    let root = root();
    if !corpus::install_corpus(&root) {
        eprintln!("the corpus needs npm: install Node.js 18+ and npm, then rerun");
        return ExitCode::from(1);
    }
    let build = ["build", "--release", "--quiet", "-p", "openapi-rs-generator", "--bin", "openapi-rs-generator"];
    if !run("cargo", &build, &[], &root) {
        return ExitCode::from(1);
    }
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let binaries = [
        Some(target_dir.join("release/openapi-rs-generator")),
        ensure_peer(&root, "cargo-progenitor", PROGENITOR_VERSION, "cargo-progenitor"),
        ensure_peer(&root, "openapi-to-rust", OPENAPI_TO_RUST_VERSION, "openapi-to-rust"),
    ];
    let Some(binaries) = binaries.into_iter().collect::<Option<Vec<PathBuf>>>() else {
        eprintln!("error: a generator could not be built or installed (see above)");
        return ExitCode::from(1);
    };
    let corpus_dir = root.join(corpus::CORPUS_DIR);
    let documents: Vec<(String, PathBuf)> = corpus::documents(&corpus_dir)
        .into_iter()
        .map(|path| (path.strip_prefix(&corpus_dir).unwrap_or(&path).to_string_lossy().into_owned(), path))
        .filter(|(name, _)| options.filter.as_ref().is_none_or(|pattern| name.contains(pattern.as_str())))
        .collect();
    println!("peers: {} documents, {} at a time", documents.len(), options.jobs);
    let scratch_root = root.join("target/peers-run");
    // The tools take turns on each document, so a noisy machine slows all
    // three alike; a tool's time is the sum of its documents' times.
    let started = Instant::now();
    let per_document = each_document(&documents, options.jobs, |worker, path| {
        let scratch = scratch_root.join(format!("worker-{worker}"));
        Tool::ALL
            .into_iter()
            .zip(&binaries)
            .map(|(tool, binary)| {
                outcome_of(corpus::run_limited(tool.command(binary, path, &scratch.join("crate")), &scratch))
            })
            .collect::<Vec<Outcome>>()
    });
    println!("  all three in {:.0} s", started.elapsed().as_secs_f64());
    let mut columns: Vec<Vec<Outcome>> = Tool::ALL.iter().map(|_| Vec::new()).collect();
    for outcomes in per_document {
        for (column, outcome) in columns.iter_mut().zip(outcomes) {
            column.push(outcome);
        }
    }
    let mut results: Vec<(Tool, Vec<Outcome>, f64)> = Vec::new();
    for (tool, outcomes) in Tool::ALL.into_iter().zip(columns) {
        let seconds = outcomes.iter().map(|o| o.ms as f64 / 1000.0).sum::<f64>();
        let generated = outcomes.iter().filter(|o| o.outcome == "generated").count();
        println!("  {}: {generated} of {} generated, {seconds:.0} s of process time", tool.name(), documents.len());
        results.push((tool, outcomes, seconds));
    }
    let seed = corpus::seed_or_clock(options.seed);
    let sample = corpus::compile_sample(
        &documents.iter().map(|(_, path)| std::fs::metadata(path).map_or(0, |m| m.len())).collect::<Vec<_>>(),
        options.compile,
        seed,
    );
    if !sample.is_empty() {
        println!("compile sample: {} documents, seed {seed}", sample.len());
    }
    let lock = std::fs::read(root.join("Cargo.lock")).unwrap_or_default();
    let mut compile_seconds = BTreeMap::new();
    for (tool, outcomes, _) in &mut results {
        let tool = *tool;
        let binary = &binaries[Tool::ALL.iter().position(|t| *t == tool).unwrap_or(0)];
        let chosen: Vec<(String, PathBuf)> = sample.iter().map(|&i| documents[i].clone()).collect();
        let started = Instant::now();
        let checks = each_document(&chosen, options.jobs, |worker, path| {
            let scratch = scratch_root.join(format!("check-{worker}"));
            let out = scratch.join("crate");
            let generated = outcome_of(corpus::run_limited(tool.command(binary, path, &out), &scratch));
            if generated.outcome != "generated" {
                return Err(format!("not generated: {}", generated.first_error));
            }
            let target = root.join(format!("target/peers-check/{}-{worker}", tool.name().replace([' ', '.'], "-")));
            match tool {
                Tool::Ours => corpus::check_one(&root, &out, &lock, &target),
                Tool::Progenitor => {
                    // It writes a crate that would join the enclosing workspace.
                    let manifest = out.join("Cargo.toml");
                    std::fs::read_to_string(&manifest)
                        .and_then(|text| std::fs::write(&manifest, text + "\n[workspace]\n"))
                        .map_err(|e| format!("cannot make the crate its own workspace: {e}"))?;
                    corpus::cargo_check(&out, &target, corpus::Check { offline: false, examples: false })
                }
                Tool::OpenapiToRust => {
                    wrap_module(&out).map_err(|e| format!("cannot wrap the module: {e}"))?;
                    corpus::cargo_check(&out, &target, corpus::Check { offline: false, examples: false })
                }
            }
        });
        compile_seconds.insert(tool.name(), started.elapsed().as_secs_f64());
        for (&index, check) in sample.iter().zip(checks) {
            outcomes[index].check = if check.is_ok() { "pass" } else { "fail" }.to_owned();
            if let Err(error) = check {
                if outcomes[index].first_error.is_empty() {
                    outcomes[index].first_error = error;
                }
            }
        }
        let passed = outcomes.iter().filter(|o| o.check == "pass").count();
        if !sample.is_empty() {
            println!("  {}: {passed} of {} compile", tool.name(), sample.len());
        }
    }
    let table = summary_table(&results, documents.len(), sample.len(), seed, &compile_seconds);
    println!("\n{table}");
    match write_peers(&root.join(PEERS_FILE), &documents, &results, &table) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write {PEERS_FILE}: {error}");
            ExitCode::from(1)
        }
    }
}

/// Runs `work` on every document, `jobs` at a time, results in document order.
fn each_document<T: Send>(
    documents: &[(String, PathBuf)],
    jobs: usize,
    work: impl Fn(usize, &Path) -> T + Sync,
) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..jobs.max(1) {
            let (next, done, work) = (&next, &done, &work);
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some((_, path)) = documents.get(index) else { return };
                let result = work(worker, path);
                done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((index, result));
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

fn summary_table(
    results: &[(Tool, Vec<Outcome>, f64)],
    total: usize,
    sampled: usize,
    seed: u64,
    compile_seconds: &BTreeMap<&str, f64>,
) -> String {
    let mut table = format!(
        "{}: the corpus ({total} documents), one run, the tools taking turns on each document, 2 documents at a time; time is the sum of the documents' process times; compile sample of {sampled} (seed {seed}), the same for each\n\n",
        corpus::today()
    );
    table.push_str(
        "| generator | generated | refused | panic | timeout | time (sum of documents) | cargo check passes (of sample) |\n",
    );
    table.push_str("|---|---|---|---|---|---|---|\n");
    for (tool, outcomes, seconds) in results {
        let count = |outcome: &str| outcomes.iter().filter(|o| o.outcome == outcome).count();
        let passed = outcomes.iter().filter(|o| o.check == "pass").count();
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {seconds:.0} s | {passed} of {sampled} ({:.0} s) |\n",
            tool.name(),
            count("generated"),
            count("refused"),
            count("panic"),
            count("timeout"),
            compile_seconds.get(tool.name()).copied().unwrap_or(0.0)
        ));
    }
    table
}

fn write_peers(
    path: &Path,
    documents: &[(String, PathBuf)],
    results: &[(Tool, Vec<Outcome>, f64)],
    table: &str,
) -> std::io::Result<()> {
    let mut text =
        String::from("# `cargo xtask peers`: each generator over the public corpus, same documents, same run.\n");
    for line in table.lines().filter(|line| !line.is_empty()) {
        text.push_str(&format!("# {line}\n"));
    }
    text.push_str("document\tgenerator\toutcome\tms\tcheck\tfirst_error\n");
    for (index, (name, _)) in documents.iter().enumerate() {
        for (tool, outcomes, _) in results {
            let outcome = &outcomes[index];
            let error: String =
                outcome.first_error.chars().take(300).map(|c| if c == '\t' || c == '\n' { ' ' } else { c }).collect();
            text.push_str(&format!(
                "{name}\t{}\t{}\t{}\t{}\t{error}\n",
                tool.name(),
                outcome.outcome,
                outcome.ms,
                outcome.check
            ));
        }
    }
    std::fs::write(path, text)
}
