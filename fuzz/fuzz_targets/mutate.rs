//! Valid documents, structurally mutated (keys removed, values replaced,
//! references redirected) -> the whole pipeline in memory.
#![no_main]

/// Seeds: small documents that together use most constructs.
const SEEDS: &[&str] = &[
    include_str!("../../generator/tests/fixtures/operations.yaml"),
    include_str!("../../generator/tests/fixtures/unions.yaml"),
    include_str!("../../generator/tests/fixtures/composition.yaml"),
    include_str!("../../generator/tests/fixtures/discriminator.yaml"),
    include_str!("../../generator/tests/fixtures/openapi31.yaml"),
    include_str!("../../generator/tests/fixtures/media_types.yaml"),
    include_str!("../../generator/tests/fixtures/cycles.yaml"),
    include_str!("../../generator/tests/fixtures/webhooks.yaml"),
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((first, edits)) = data.split_first() {
        openapi_rs_generator::fuzz_mutated(SEEDS[usize::from(*first) % SEEDS.len()], edits);
    }
});
