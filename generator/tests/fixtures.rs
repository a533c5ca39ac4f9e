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
    openapi32,
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
    pages,
    method_names,
    group_features,
    shared_types
);

#[test]
fn every_method_is_named_as_its_fixture_expects() {
    let path = fixture("method_names");
    let document = common::raw_document(&path);
    let generated = common::generate(&path, "method_names");
    let pairs = fixture_operations(&document, &generated);
    for (id, operation, generated) in &pairs {
        let expected = operation["x-expected-method"].as_str().unwrap_or_else(|| panic!("{id}: no x-expected-method"));
        assert_eq!(generated.method_name, expected, "method of {id}");
        if let Some(builder) = operation["x-expected-builder"].as_str() {
            assert_eq!(generated.builder_name, builder, "builder of {id}");
        }
    }
    let operations = generated.api.groups.iter().map(|group| group.operations.len()).sum::<usize>();
    assert_eq!(pairs.len(), operations, "every generated operation is checked");
}

#[test]
fn each_type_builds_with_the_groups_that_reach_it() {
    let path = fixture("group_features");
    let document = common::raw_document(&path);
    let generated = common::generate(&path, "group_features");
    let schemas = document["components"]["schemas"].as_object().expect("schemas");
    for (name, schema) in schemas {
        let expected: Vec<&str> = schema["x-expected-features"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no x-expected-features"))
            .iter()
            .filter_map(|feature| feature.as_str())
            .collect();
        let def = generated.api.types.iter().find(|def| &def.name == name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(def.features, expected, "features of {name}");
    }
    let features: Vec<&str> = generated.api.groups.iter().map(|group| group.feature.as_str()).collect();
    assert_eq!(features, ["pets", "stores", "webhooks-api", "everything"]);
    let manifest = generated.files.get("Cargo.toml").expect("a manifest");
    assert!(manifest.contains("all-groups = [\"pets\", \"stores\", \"webhooks-api\", \"everything\"]"), "{manifest}");
}

#[test]
fn repeated_inline_types_are_shared_and_common_defaults_are_client_settings() {
    let path = fixture("shared_types");
    let document = common::raw_document(&path);
    let generated = common::generate(&path, "shared_types");
    let named = |ty: &openapi_rs_generator::ir::TypeRef| match ty {
        openapi_rs_generator::ir::TypeRef::Named(name) => name.clone(),
        other => panic!("expected a named type, got {other:?}"),
    };
    let mut expected_settings = std::collections::BTreeSet::new();
    let mut checked = 0;
    for (id, operation, op) in fixture_operations(&document, &generated) {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let wire = parameter["name"].as_str().expect("name");
            let param = op.params.iter().find(|p| p.wire_name == wire);
            if let Some(setter) = parameter["x-expected-setting"].as_str() {
                assert!(param.is_none(), "{id}: {wire} is a client setting, not an argument");
                let setting = generated.api.settings.iter().find(|s| s.wire_name == wire).expect("a setting");
                assert_eq!(setting.setter, setter, "setter of {wire}");
                let schema = &parameter["schema"];
                let default = if schema["default"].is_null() { &schema["enum"][0] } else { &schema["default"] };
                assert_eq!(&setting.default, default, "default of {wire}");
                if let Some(expected) = parameter["x-expected-type"].as_str() {
                    assert_eq!(named(&setting.ty), expected, "type of setting {wire}");
                    checked += 1;
                }
                expected_settings.insert(wire.to_owned());
                continue;
            }
            let param = param.unwrap_or_else(|| panic!("{id}: {wire} is an argument or setter"));
            if let Some(expected) = parameter["x-expected-type"].as_str() {
                assert_eq!(named(&param.ty), expected, "{id}: type of {wire}");
                checked += 1;
            }
        }
        for (status, response) in operation["responses"].as_object().expect("responses") {
            let Some(expected) = response["x-expected-type"].as_str() else { continue };
            let body = op
                .responses
                .iter()
                .find(|r| r.status.pointer_token() == *status)
                .and_then(|r| r.body.as_ref())
                .unwrap_or_else(|| panic!("{id}: a body at {status}"));
            assert_eq!(named(&body.ty), expected, "{id}: body at {status}");
            checked += 1;
        }
    }
    let settings: std::collections::BTreeSet<String> =
        generated.api.settings.iter().map(|s| s.wire_name.clone()).collect();
    assert_eq!(settings, expected_settings, "exactly the expected settings");
    let expectations = count_key(&document, "x-expected-type");
    assert_eq!(checked, expectations, "every expectation was checked");
    // One definition each: the shared types replaced their copies.
    for shared in ["ApiVersion", "Sort", "ErrorBody", "ErrorBodyDetailsItem"] {
        let count = generated.api.types.iter().filter(|def| def.name == shared).count();
        assert_eq!(count, 1, "{shared} is defined once");
    }
    let copies = generated.api.types.iter().filter(|def| def.name.ends_with("ApiVersion")).count();
    assert_eq!(copies, 1, "no per-operation copy of ApiVersion is left");
}

/// Each operation of a fixture document: its id, its text and what was
/// generated for it.
fn fixture_operations<'a>(
    document: &'a serde_json::Value,
    generated: &'a openapi_rs_generator::Generated,
) -> Vec<(&'a str, &'a serde_json::Value, &'a openapi_rs_generator::ir::Operation)> {
    let operations: Vec<&openapi_rs_generator::ir::Operation> =
        generated.api.groups.iter().flat_map(|group| &group.operations).collect();
    let mut pairs = Vec::new();
    for item in document["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("path item").values() {
            let id = operation["operationId"].as_str().expect("every fixture operation has an id");
            let op = operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("{id} not generated"));
            pairs.push((id, operation, *op));
        }
    }
    pairs
}

/// How many objects under `value` have the key `key`.
fn count_key(value: &serde_json::Value, key: &str) -> usize {
    match value {
        serde_json::Value::Object(map) => {
            usize::from(map.contains_key(key)) + map.values().map(|v| count_key(v, key)).sum::<usize>()
        }
        serde_json::Value::Array(items) => items.iter().map(|v| count_key(v, key)).sum(),
        _ => 0,
    }
}
