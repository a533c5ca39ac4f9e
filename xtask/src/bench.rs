//! `cargo xtask bench`: whole-process comparisons with progenitor, measured
//! side by side in one run. Wall time from the parent; peak memory from GNU
//! time's maximum resident set size.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const PROGENITOR_VERSION: &str = "0.15.1";

struct Sample {
    wall: Duration,
    peak_kib: u64,
}

struct Row {
    tool: &'static str,
    input: String,
    input_kib: u64,
    samples: Vec<Sample>,
    failure: Option<String>,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    if values.is_empty() {
        return f64::NAN;
    }
    let mid = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

impl Row {
    fn median_ms(&self) -> f64 {
        median(self.samples.iter().map(|s| s.wall.as_secs_f64() * 1000.0).collect())
    }
    fn spread_ms(&self) -> (f64, f64) {
        let walls: Vec<f64> = self.samples.iter().map(|s| s.wall.as_secs_f64() * 1000.0).collect();
        (walls.iter().copied().fold(f64::INFINITY, f64::min), walls.iter().copied().fold(0.0, f64::max))
    }
    fn peak_mib(&self) -> f64 {
        self.samples.iter().map(|s| s.peak_kib).max().unwrap_or(0) as f64 / 1024.0
    }
}

/// Runs `command` once under `/usr/bin/time -f %M`.
fn measure(program: &Path, args: &[String], out: &Path) -> Result<Sample, String> {
    let _ = std::fs::remove_dir_all(out);
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run /usr/bin/time (install GNU time): {e}"))?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let reason = stderr
            .lines()
            .find(|l| l.contains("panicked") || l.contains("error"))
            .unwrap_or("failed")
            .trim()
            .to_owned();
        return Err(reason.chars().take(120).collect());
    }
    let peak_kib = stderr.lines().last().and_then(|l| l.trim().parse().ok()).unwrap_or(0);
    Ok(Sample { wall, peak_kib })
}

fn bench_row(tool: &'static str, input: &Path, program: &Path, args: Vec<String>, out: &Path, runs: usize) -> Row {
    let input_kib = std::fs::metadata(input).map_or(0, |m| m.len() / 1024);
    let mut row = Row {
        tool,
        input: input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        input_kib,
        samples: Vec::new(),
        failure: None,
    };
    // One warm-up run fills the page cache and is not counted.
    if let Err(error) = measure(program, &args, out) {
        row.failure = Some(error);
        return row;
    }
    for _ in 0..runs {
        match measure(program, &args, out) {
            Ok(sample) => row.samples.push(sample),
            Err(error) => {
                row.failure = Some(error);
                break;
            }
        }
    }
    row
}

/// The Hero document with only the first 2xx response of each operation:
/// progenitor panics on several response types per operation.
fn strip_errors(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for operation in item.values_mut().filter_map(Value::as_object_mut) {
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                let first =
                    responses.iter().find(|(code, _)| code.starts_with('2')).map(|(c, v)| (c.clone(), v.clone()));
                responses.clear();
                responses.extend(first);
            }
        }
    }
}

/// Ten copies of every path (`/copyN/...`, operationIds suffixed).
fn enlarge(document: &Value, times: usize) -> Value {
    let mut bigger = document.clone();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return bigger };
    let mut all = serde_json::Map::new();
    for copy in 0..times {
        for (path, item) in paths {
            let mut item = item.clone();
            for operation in item.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
                if let Some(Value::String(id)) = operation.get_mut("operationId") {
                    id.push_str(&format!("Copy{copy}"));
                }
            }
            all.insert(if copy == 0 { path.clone() } else { format!("/copy{copy}{path}") }, item);
        }
    }
    bigger["paths"] = Value::Object(all);
    bigger
}

fn ensure_progenitor(root: &Path) -> Option<PathBuf> {
    let binary = root.join("target/peers/bin/cargo-progenitor");
    if binary.exists() {
        return Some(binary);
    }
    let peers = root.join("target/peers");
    let peers = peers.to_string_lossy();
    let args = ["install", "cargo-progenitor", "--locked", "--version", PROGENITOR_VERSION, "--root", peers.as_ref()];
    crate::run("cargo", &args, &[], root).then_some(binary)
}

pub(crate) fn count_lines(dir: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    total
}

fn timed(dir: &Path, args: &[&str], target: &Path) -> Option<Duration> {
    let started = Instant::now();
    let status = Command::new("cargo")
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| started.elapsed())
}

/// Clean build with dependencies, then `cargo check` of the crate alone
/// (dependencies built, the crate's own sources touched).
pub(crate) fn build_times(name: &str, dir: &Path, root: &Path, features: &[&str]) -> String {
    // Alphanumerics only: some build scripts split paths on `:`.
    let folder: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let target = root.join("target/bench/build").join(folder);
    let _ = std::fs::remove_dir_all(&target);
    let with = |command: &'static str| -> Vec<&str> {
        [command, "--quiet"].into_iter().chain(features.iter().copied()).collect()
    };
    let clean = timed(dir, &with("build"), &target);
    let _ = timed(dir, &with("check"), &target);
    let lib = dir.join("src/lib.rs");
    let _ = std::fs::read(&lib).and_then(|text| std::fs::write(&lib, text));
    let check = timed(dir, &with("check"), &target);
    let seconds = |d: Option<Duration>| d.map_or("failed".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
    format!("| {name} | {} | {} | {} |", seconds(clean), seconds(check), count_lines(&dir.join("src")))
}

/// The arguments of `bench`.
#[derive(clap::Args)]
pub struct BenchArgs {
    /// Runs of each measurement.
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Also the build times and sizes of the generated crates.
    #[arg(long)]
    builds: bool,
    /// Instead: decode time and build time of the Hero crate with and without --keep-unknown-fields, the two
    /// taking turns (--runs rounds).
    #[arg(long, conflicts_with = "builds")]
    unknown_fields: bool,
    /// Instead: `cargo check` and a debug build of the crates for Stripe's and GitHub's documents, ours with every
    /// group and with one group's feature, against openapi-to-rust 0.23.0's (medians of --runs).
    #[arg(long, conflicts_with_all = ["builds", "unknown_fields"])]
    group_features: bool,
    /// With --group-features: only the documents whose name contains this (`stripe`, `github`).
    #[arg(long, requires = "group_features")]
    only: Option<String>,
}

pub fn run(args: &BenchArgs, root: &Path) -> ExitCode {
    let (runs, builds) = (args.runs, args.builds);
    if args.unknown_fields {
        return crate::bench_unknown::run(root, runs);
    }
    if args.group_features {
        return crate::bench_features::run(root, runs, args.only.as_deref());
    }
    if !crate::run("cargo", &["build", "--release", "--quiet", "-p", "xtask"], &[], root) {
        return ExitCode::from(1);
    }
    let ours = root.join("target/release/xtask");
    let Some(progenitor) = ensure_progenitor(root) else {
        eprintln!("cannot install cargo-progenitor {PROGENITOR_VERSION}");
        return ExitCode::from(1);
    };
    let work = root.join("target/bench");
    let _ = std::fs::create_dir_all(&work);
    let config = match crate::hero_config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(1);
        }
    };
    let hero_text = std::fs::read_to_string(&config.spec).unwrap_or_default();
    let hero: Value = match serde_yaml_like(&hero_text) {
        Some(value) => value,
        None => {
            eprintln!("cannot read {}", config.spec.display());
            return ExitCode::from(1);
        }
    };
    let mut stripped = hero.clone();
    strip_errors(&mut stripped);
    let stripped_path = work.join("hero-stripped.json");
    let x10_path = work.join("hero-x10.json");
    let written = std::fs::write(&stripped_path, serde_json::to_string_pretty(&stripped).unwrap_or_default())
        .and_then(|()| std::fs::write(&x10_path, serde_json::to_string(&enlarge(&hero, 10)).unwrap_or_default()));
    if let Err(error) = written {
        eprintln!("cannot write into {}: {error}", work.display());
        return ExitCode::from(1);
    }
    let hero_path = config.spec.clone();
    let github = root.join("bench/specs/api.github.com.json");
    let ours_args = |spec: &Path, out: &Path, extra: &[&str]| {
        let mut args = vec![
            "generate".to_owned(),
            "--spec".into(),
            spec.to_string_lossy().into_owned(),
            "--out".into(),
            out.to_string_lossy().into_owned(),
            "--name".into(),
            "bench-client".into(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        args
    };
    let prog_args = |spec: &Path, out: &Path| {
        ["progenitor", "-i", &spec.to_string_lossy(), "-o", &out.to_string_lossy(), "-n", "bench-client", "-v", "0.1.0"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect::<Vec<_>>()
    };
    let overlay = config.overlay.clone().unwrap_or_default();
    let overlay = overlay.to_string_lossy();
    let out = work.join("out");
    let rows = vec![
        bench_row("ours", &hero_path, &ours, ours_args(&hero_path, &out, &["--overlay", overlay.as_ref()]), &out, runs),
        bench_row("ours", &stripped_path, &ours, ours_args(&stripped_path, &out, &[]), &out, runs),
        bench_row("progenitor", &stripped_path, &progenitor, prog_args(&stripped_path, &out), &out, runs),
        bench_row("ours", &x10_path, &ours, ours_args(&x10_path, &out, &[]), &out, runs),
        bench_row("ours", &github, &ours, ours_args(&github, &out, &[]), &out, runs),
        bench_row("progenitor", &github, &progenitor, prog_args(&github, &out), &out, runs),
    ];
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("Whole process, release build, median of {runs} after a warm-up; {cores} cores.\n");
    println!("| tool | document | size | median | min..max | peak memory |");
    println!("|---|---|---|---|---|---|");
    for row in &rows {
        match &row.failure {
            Some(reason) => println!("| {} | {} | {} KiB | failed: {reason} | | |", row.tool, row.input, row.input_kib),
            None => {
                let (min, max) = row.spread_ms();
                println!(
                    "| {} | {} | {} KiB | {:.1} ms | {:.1}..{:.1} ms | {:.1} MiB |",
                    row.tool,
                    row.input,
                    row.input_kib,
                    row.median_ms(),
                    min,
                    max,
                    row.peak_mib()
                );
            }
        }
    }
    if let (Some(ours), Some(peer)) = (rows.get(1), rows.get(2)) {
        if ours.failure.is_none() && peer.failure.is_none() {
            println!(
                "\nOn the stripped Hero document: {:.1}x faster than progenitor; peak memory {:.1} MiB against {:.1} MiB ({:.1}x).",
                peer.median_ms() / ours.median_ms(),
                ours.peak_mib(),
                peer.peak_mib(),
                peer.peak_mib() / ours.peak_mib().max(0.001)
            );
        }
    }
    // Scaling: time per input size for the documents we generate.
    let scaling: Vec<String> = rows
        .iter()
        .filter(|row| row.tool == "ours" && row.failure.is_none() && row.input != "hero-stripped.json")
        .map(|row| format!("{} {:.1} ms per 100 KiB", row.input, row.median_ms() * 100.0 / row.input_kib.max(1) as f64))
        .collect();
    println!("Scaling (ours): {}.", scaling.join(", "));
    if builds {
        let ours_crate = work.join("crates/ours");
        let prog_crate = work.join("crates/progenitor");
        let _ = std::fs::remove_dir_all(work.join("crates"));
        let made = measure(&ours, &ours_args(&stripped_path, &ours_crate, &[]), &ours_crate).is_ok()
            && measure(&progenitor, &prog_args(&stripped_path, &prog_crate), &prog_crate).is_ok();
        if !made {
            eprintln!("could not generate both crates for the build comparison");
            return ExitCode::from(1);
        }
        // progenitor writes a crate that would join the enclosing workspace.
        let manifest = prog_crate.join("Cargo.toml");
        if std::fs::read_to_string(&manifest)
            .map(|text| text + "\n[workspace]\n")
            .and_then(|text| std::fs::write(&manifest, text))
            .is_err()
        {
            eprintln!("cannot make {} its own workspace", manifest.display());
            return ExitCode::from(1);
        }
        println!("\nGenerated crates for the stripped Hero document:\n");
        println!(
            "| crate | clean `cargo build` with dependencies | `cargo check` of the crate alone | lines of Rust |"
        );
        println!("|---|---|---|---|");
        println!("{}", build_times("ours (defaults: rustls, webhooks)", &ours_crate, root, &[]));
        println!(
            "{}",
            build_times("ours (native-tls)", &ours_crate, root, &["--no-default-features", "--features", "native-tls"])
        );
        println!("{}", build_times("progenitor (as generated: no TLS)", &prog_crate, root, &[]));
        // Like for like: an HTTPS-capable progenitor client.
        let with_tls = std::fs::read_to_string(&manifest).map(|text| {
            text.replace(
                "features = [\"json\", \"query\", \"stream\"]",
                "features = [\"json\", \"query\", \"stream\", \"native-tls\"]",
            )
        });
        if with_tls.and_then(|text| std::fs::write(&manifest, text)).is_ok() {
            println!("{}", build_times("progenitor (native-tls)", &prog_crate, root, &[]));
        }
    }
    ExitCode::SUCCESS
}

/// YAML through the generator's own loader (JSON is YAML too).
fn serde_yaml_like(text: &str) -> Option<Value> {
    openapi_rs_generator::effective_document(&openapi_rs_generator::Input::text(text)).ok()
}
