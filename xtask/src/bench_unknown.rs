//! `cargo xtask bench --unknown-fields`: what the `keep_unknown_fields`
//! option costs. The Hero crate is generated with and without it; each copy
//! decodes the same 10,000 patients (the decode benchmark's shape) in a
//! release build, the two taking turns so a noisy machine slows both alike;
//! then each is built clean and checked. Prints a Markdown table.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use openapi_rs_generator::CrateOptions;

/// Decodes the patients `RUNS` times and prints the median in milliseconds.
const DECODE_EXAMPLE: &str = r##"//! Written by `cargo xtask bench --unknown-fields`.
fn main() {
    let patient = |i: usize| {
        format!(
            r#"{{"ehr_partner_id":"{i}","emis_id":null,"deceased_at":null,"dob":"1989-04-11","title":"Mr","first_name":"Alex","last_name":"Smith{i}","sex":"Male","nhs_number":"9434765919","email":"alex{i}@example.com","mobile":"+447900000000","last_sync_at":"2024-05-01T09:30:00.000Z","restricted":false,"line_1":"1 High Street","line_2":null,"line_3":null,"town":"Leeds","county":"West Yorkshire","postcode":"LS1 1AA","hero_id":"{i}","hero_uid":"uid-{i}","identifiers":[],"ehr_registered":true}}"#
        )
    };
    let body = format!("[{}]", (0..10_000).map(patient).collect::<Vec<_>>().join(","));
    let runs: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(9);
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let started = std::time::Instant::now();
            let decoded: Vec<hero_health::types::PatientsPatient> = serde_json::from_str(&body).expect("decodes");
            std::hint::black_box(decoded);
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!("{}", times[times.len() / 2]);
}
"##;

fn generate(root: &Path, dir: &Path, keep_unknown_fields: bool) -> Result<(), String> {
    let config = crate::hero_config()?;
    let options = CrateOptions {
        crate_name: config.name.clone(),
        crate_version: "0.0.0".to_owned(),
        spec_file: config.spec.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default(),
        standalone: true,
        keep_unknown_fields,
        ..Default::default()
    };
    let generated =
        openapi_rs_generator::generate(&crate::hero_input()?, &options).map_err(|error| error.to_string())?;
    openapi_rs_generator::write(dir, &generated.files).map_err(|error| error.to_string())?;
    std::fs::create_dir_all(dir.join("examples"))
        .and_then(|()| std::fs::write(dir.join("examples/decode.rs"), DECODE_EXAMPLE))
        .and_then(|()| std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map(|_| ()))
        .map_err(|error| format!("{}: {error}", dir.display()))
}

fn decode_ms(dir: &Path, target: &Path) -> Option<f64> {
    let output = Command::new("cargo")
        .args(["run", "--quiet", "--release", "--example", "decode", "--", "9"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

pub fn run(root: &Path, rounds: usize) -> ExitCode {
    let work = root.join("target/bench/unknown-fields");
    let variants: [(&str, bool, PathBuf); 2] =
        [("default", false, work.join("default")), ("keep_unknown_fields", true, work.join("keep"))];
    for (_, keep, dir) in &variants {
        let _ = std::fs::remove_dir_all(dir);
        if let Err(error) = generate(root, dir, *keep) {
            eprintln!("cannot generate the Hero crate: {error}");
            return ExitCode::from(1);
        }
    }
    let mut medians: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
    for _ in 0..rounds.max(1) {
        for (index, (_, _, dir)) in variants.iter().enumerate() {
            let target = work.join(format!("target-{index}"));
            match decode_ms(dir, &target) {
                Some(ms) => medians[index].push(ms),
                None => {
                    eprintln!("the decode example failed in {}", dir.display());
                    return ExitCode::from(1);
                }
            }
        }
    }
    let median = |values: &mut Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let decode = [median(&mut medians[0]), median(&mut medians[1])];
    println!("Decoding 10,000 Hero patients (release, median of {rounds} rounds of 9), then building the crate:\n");
    println!("| crate | decode | clean build | check of the crate | lines of Rust |");
    println!("|---|---|---|---|---|");
    for (index, (label, _, dir)) in variants.iter().enumerate() {
        let build = crate::bench::build_times(label, dir, root, &[]);
        // build_times prints `| name | clean | check | lines |`: put the decode time in.
        let cells: Vec<&str> = build.trim_matches('|').split('|').map(str::trim).collect();
        println!("| {} | {:.1} ms | {} |", cells.first().unwrap_or(label), decode[index], cells[1..].join(" | "));
    }
    println!("\nkeep_unknown_fields decodes in {:.2}x the default's time.", decode[1] / decode[0]);
    ExitCode::SUCCESS
}
