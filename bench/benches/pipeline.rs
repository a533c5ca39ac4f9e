//! Each generator stage on the Hero document and on GitHub's, so a
//! regression points at its stage. `cargo bench -p hero-bench --bench pipeline`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use generator::{diagnostics::Diagnostics, CrateOptions};

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

fn stages(c: &mut Criterion, name: &str, text: &str, overlay: Option<&str>) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| generator::load::parse_text(text).expect("loads")));
    let loaded = generator::load::parse_text(text).expect("loads");
    if let Some(overlay) = overlay {
        group.bench_function("overlay", |b| {
            b.iter(|| generator::overlay::apply(&mut loaded.clone(), overlay).expect("applies"))
        });
    }
    let mut value = loaded.clone();
    if let Some(overlay) = overlay {
        generator::overlay::apply(&mut value, overlay).expect("applies");
    }
    group.bench_function("parse", |b| {
        b.iter(|| {
            generator::parse::parse(
                generator::upgrade::to_openapi_30(value.clone(), &mut Diagnostics::default()).expect("3.0"),
                &mut Diagnostics::default(),
            )
            .expect("parses")
        })
    });
    let document = generator::parse::parse(
        generator::upgrade::to_openapi_30(value, &mut Diagnostics::default()).expect("3.0"),
        &mut Diagnostics::default(),
    )
    .expect("parses");
    group.bench_function("normalise", |b| {
        b.iter(|| generator::normalise::normalise(&document, "BENCH", &mut Diagnostics::default()))
    });
    let api = generator::normalise::normalise(&document, "BENCH", &mut Diagnostics::default());
    group.bench_function("emit (tokens only, one core)", |b| {
        b.iter(|| generator::emit::emit_tokens_only(&api, &options()))
    });
    group.bench_function("emit+format (all cores)", |b| {
        b.iter(|| generator::emit::emit(&api, &options()).expect("emits"))
    });
    let files = generator::emit::emit(&api, &options()).expect("emits");
    let out = std::env::temp_dir().join(format!("hero-bench-write-{name}-{}", std::process::id()));
    generator::write::write(&out, &files).expect("first write");
    group.bench_function("write (unchanged)", |b| b.iter(|| generator::write::write(&out, &files).expect("writes")));
    let _ = std::fs::remove_dir_all(&out);
    group.finish();
}

fn hero(c: &mut Criterion) {
    let text = std::fs::read_to_string(root().join("spec/hero-public-api.yaml")).expect("Hero document");
    let overlay = std::fs::read_to_string(root().join("spec/overlay.yaml")).expect("overlay");
    stages(c, "hero", &text, Some(&overlay));
}

fn github(c: &mut Criterion) {
    let text = std::fs::read_to_string(root().join("bench/specs/api.github.com.json")).expect("GitHub document");
    stages(c, "github", &text, None);
}

criterion_group!(benches, hero, github);
criterion_main!(benches);
