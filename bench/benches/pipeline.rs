//! Each generator stage on the Hero document and on GitHub's, so a
//! regression points at its stage. `cargo bench -p hero-bench --bench pipeline`.
//!
//! Every stage is measured inside the one driver (`generate`), from the
//! timings it records, so the bench runs the stages exactly as the front
//! doors do; `write` is measured on its own.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use openapi_rs_generator::cli::CrateConfig;
use openapi_rs_generator::{generate, write, CrateOptions, Input, STAGES};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn options() -> CrateOptions {
    CrateOptions {
        crate_name: "bench-client".into(),
        crate_version: "0.1.0".into(),
        spec_file: "bench".into(),
        standalone: true,
        ..Default::default()
    }
}

/// How long `stage` took in one run of the driver (the whole run for `None`).
fn time_of(input: &Input, stage: Option<&str>) -> Duration {
    let generated = generate(input, &options()).expect("generates");
    generated.timings.iter().filter(|(name, _)| stage.is_none_or(|stage| *name == stage)).map(|(_, took)| *took).sum()
}

fn stages(c: &mut Criterion, name: &str, input: &Input) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    for stage in STAGES {
        group.bench_function(stage, |b| b.iter_custom(|runs| (0..runs).map(|_| time_of(input, Some(stage))).sum()));
    }
    group.bench_function("all stages", |b| b.iter_custom(|runs| (0..runs).map(|_| time_of(input, None)).sum()));
    let files = generate(input, &options()).expect("generates").files;
    let out = std::env::temp_dir().join(format!("hero-bench-write-{name}-{}", std::process::id()));
    write(&out, &files).expect("first write");
    group.bench_function("write (unchanged)", |b| b.iter(|| write(&out, &files).expect("writes")));
    let _ = std::fs::remove_dir_all(&out);
    group.finish();
}

fn hero(c: &mut Criterion) {
    let config = CrateConfig::read(&root().join("spec/crate.json"), &root()).expect("spec/crate.json");
    let input = Input::read(&config.spec)
        .and_then(|input| input.read_overlays(&config.overlay))
        .expect("the Hero document and overlay");
    stages(c, "hero", &input);
}

fn github(c: &mut Criterion) {
    let input = Input::read(&root().join("bench/specs/api.github.com.json")).expect("GitHub document");
    stages(c, "github", &input);
}

criterion_group!(benches, hero, github);
criterion_main!(benches);
