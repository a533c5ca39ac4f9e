//! `cargo xtask fuzz`: the cargo-fuzz targets, on nightly or (bootstrapped) stable.

use std::path::Path;
use std::process::{Command, ExitCode};

use crate::run;

/// The arguments of `fuzz`.
#[derive(clap::Args)]
pub struct FuzzArgs {
    /// One target (default: both).
    #[arg(long, value_parser = ["generate", "mutate"])]
    target: Option<String>,
    /// How long each target runs.
    #[arg(long, default_value_t = 300)]
    seconds: u32,
}

pub fn fuzz(args: &FuzzArgs, root: &Path) -> ExitCode {
    let targets: Vec<&str> = match args.target.as_deref() {
        Some(target) => vec![target],
        None => vec!["generate", "mutate"],
    };
    let seconds = args.seconds.to_string();
    let peers = root.join("target/peers");
    let cargo_fuzz = peers.join("bin/cargo-fuzz");
    if !cargo_fuzz.exists() {
        let peers = peers.to_string_lossy();
        if !run("cargo", &["install", "cargo-fuzz", "--locked", "--version", "0.13.2", "--root", &peers], &[], root) {
            return ExitCode::from(1);
        }
    }
    let path = format!("{}:{}", peers.join("bin").display(), std::env::var("PATH").unwrap_or_default());
    let fuzz_target = root.join("target/fuzz");
    let fuzz_target = fuzz_target.to_string_lossy();
    // cargo-fuzz passes unstable flags; without a nightly toolchain the
    // stable one accepts them when told it is bootstrapping.
    let nightly = Command::new("rustc").args(["+nightly", "--version"]).output().is_ok_and(|o| o.status.success());
    let toolchain: &[&str] = if nightly { &["+nightly"] } else { &[] };
    let mut envs = vec![("PATH", path.as_str()), ("CARGO_TARGET_DIR", fuzz_target.as_ref())];
    if !nightly {
        envs.push(("RUSTC_BOOTSTRAP", "1"));
    }
    for target in targets {
        let corpus = root.join("target/fuzz-corpus").join(target);
        if std::fs::create_dir_all(&corpus).is_err() {
            eprintln!("cannot create {}", corpus.display());
            return ExitCode::from(1);
        }
        let corpus = corpus.to_string_lossy().into_owned();
        let seeds = format!("corpus/{target}");
        let time = format!("-max_total_time={seconds}");
        let args = [
            "fuzz",
            "run",
            "-O",
            target,
            &corpus,
            &seeds,
            "--",
            &time,
            "-timeout=10",
            "-rss_limit_mb=4096",
            "-print_final_stats=1",
        ];
        let args: Vec<&str> = toolchain.iter().copied().chain(args).collect();
        if !run("cargo", &args, &envs, &root.join("fuzz")) {
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}
