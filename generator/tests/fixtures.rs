//! One small document per construct: snapshots of its IR, its diagnostics
//! and each emitted module, so a change in any decision shows in review.

mod common;

use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    common::repo_root().join("generator/tests/fixtures").join(format!("{name}.yaml"))
}

fn snapshot_fixture(name: &str) {
    let path = fixture(name);
    let generated = common::generate(&path, name);
    common::assert_every_operation_has_a_method(&common::raw_document(&path), &generated);
    insta::assert_yaml_snapshot!(format!("{name}__ir"), generated.api);
    insta::assert_yaml_snapshot!(format!("{name}__diagnostics"), generated.diagnostics);
    for (path, text) in common::snapshot_modules(&generated) {
        insta::assert_snapshot!(common::snapshot_name(name, path), text);
    }
}

macro_rules! fixtures {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { snapshot_fixture(stringify!($name)); } )*

        #[test]
        fn every_fixture_file_has_a_test() {
            let listed = [$(stringify!($name)),*];
            let dir = common::repo_root().join("generator/tests/fixtures");
            for entry in std::fs::read_dir(&dir).expect("fixtures folder") {
                let path = entry.expect("entry").path();
                let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
                assert!(listed.contains(&stem.as_str()), "fixture {stem} has no test: add it to fixtures! in {}", file!());
            }
        }
    };
}

fixtures!(
    naming,
    enums,
    nullability,
    unions,
    composition,
    operations,
    openapi31,
    dates,
    nullable_requests,
    discriminator,
    dedup,
    flattened_union,
    webhooks,
    cycles,
    media_types,
    field_docs,
    recursive_all_of,
    redoc_webhooks,
    lenient,
    loader,
    real_answers,
    wide_samples,
    components_only,
    request_maps,
    wire,
    pages
);
