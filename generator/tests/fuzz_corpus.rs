//! The fuzz targets' inputs, replayed on stable as a plain test: the seed
//! corpus, every crash the fuzzer ever found (`fuzz/regressions/`), and a
//! deterministic sweep of structural mutations. None may panic.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn seeds() -> Vec<String> {
    let fixtures = common::repo_root().join("generator/tests/fixtures");
    ["operations", "unions", "composition", "discriminator", "openapi31", "media_types", "cycles", "webhooks"]
        .iter()
        .map(|name| std::fs::read_to_string(fixtures.join(format!("{name}.yaml"))).expect("seed fixture"))
        .collect()
}

fn replay_mutation(seeds: &[String], data: &[u8], what: &str) {
    if let Some((first, edits)) = data.split_first() {
        let seed = &seeds[usize::from(*first) % seeds.len()];
        catch_unwind(AssertUnwindSafe(|| openapi_rs_generator::fuzz_mutated(seed, edits)))
            .unwrap_or_else(|_| panic!("{what} panics"));
    }
}

#[test]
fn the_corpus_and_every_past_crash_replay_without_panicking() {
    let fuzz = common::repo_root().join("fuzz");
    let byte_inputs: Vec<_> =
        [fuzz.join("corpus/generate"), fuzz.join("regressions/generate")].iter().flat_map(|dir| files(dir)).collect();
    assert!(!byte_inputs.is_empty(), "the seed corpus is missing");
    for path in byte_inputs {
        let data = std::fs::read(&path).expect("readable");
        catch_unwind(AssertUnwindSafe(|| openapi_rs_generator::fuzz_bytes(&data)))
            .unwrap_or_else(|_| panic!("{} panics", path.display()));
    }
    let seeds = seeds();
    for path in [fuzz.join("corpus/mutate"), fuzz.join("regressions/mutate")].iter().flat_map(|dir| files(dir)) {
        replay_mutation(&seeds, &std::fs::read(&path).expect("readable"), &path.display().to_string());
    }
}

#[test]
fn a_sweep_of_structural_mutations_never_panics() {
    let seeds = seeds();
    // A fixed xorshift sequence: the same inputs on every run.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for case in 0..300 {
        let mut data = Vec::new();
        for _ in 0..(1 + 3 * (case % 5 + 1)) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            data.push((state & 0xff) as u8);
        }
        replay_mutation(&seeds, &data, &format!("mutation {data:?}"));
    }
}
