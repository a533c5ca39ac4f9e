//! Helpers shared by the generator's integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use openapi_rs_generator::{CrateOptions, Generated};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ sits in the workspace").to_path_buf()
}

pub fn options(name: &str) -> CrateOptions {
    CrateOptions {
        crate_name: name.to_owned(),
        crate_version: "0.1.0".to_owned(),
        spec_file: format!("{name}.yaml"),
        standalone: true,
        ..Default::default()
    }
}

pub fn generate(path: &Path, name: &str) -> Generated {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    openapi_rs_generator::generate(&openapi_rs_generator::Input::text(&text), &options(name))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A document parsed as plain data, independently of the generator.
pub fn raw_document(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("readable document");
    // serde_json refuses numbers beyond 64 bits, which the loader fixture has.
    serde_yaml::from_str(&text)
        .or_else(|_| openapi_rs_generator::effective_document(&openapi_rs_generator::Input::text(&text)))
        .unwrap_or_else(|e| panic!("{}: YAML or JSON document: {e:?}", path.display()))
}

pub struct ExpectedOperation {
    pub method: String,
    pub path: String,
    pub operation_id: Option<String>,
    pub tag: Option<String>,
    /// Where the document has it (JSON pointer).
    pub pointer: String,
}

/// Every operation the document declares, read straight from its `paths`.
pub fn expected_operations(document: &serde_json::Value) -> Vec<ExpectedOperation> {
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    let mut found = Vec::new();
    let Some(paths) = document.get("paths").and_then(|p| p.as_object()) else { return found };
    let escape = |token: &str| token.replace('~', "~0").replace('/', "~1");
    for (path, item) in paths {
        let item_pointer = format!("/paths/{}", escape(path));
        // The fixed methods, then 3.2's `query` and `additionalOperations` (named as sent).
        let mut declared: Vec<(String, String, &serde_json::Value)> = METHODS
            .iter()
            .chain(&["query"])
            .filter_map(|method| {
                item.get(*method).map(|op| (method.to_ascii_uppercase(), format!("{item_pointer}/{method}"), op))
            })
            .collect();
        if let Some(additional) = item.get("additionalOperations").and_then(|a| a.as_object()) {
            declared.extend(additional.iter().map(|(method, op)| {
                (method.clone(), format!("{item_pointer}/additionalOperations/{}", escape(method)), op)
            }));
        }
        for (method, pointer, operation) in declared {
            found.push(ExpectedOperation {
                method,
                path: path.clone(),
                operation_id: operation.get("operationId").and_then(|v| v.as_str()).map(str::to_owned),
                tag: operation.get("tags").and_then(|t| t.get(0)).and_then(|t| t.as_str()).map(str::to_owned),
                pointer,
            });
        }
    }
    found
}

/// Asserts each declared operation is a method of the generated client: in
/// the IR (same method and path) and as a `pub fn` in its group's module.
/// Operations the generator reports as left out (with a warning naming them)
/// are not expected.
pub fn assert_every_operation_has_a_method(document: &serde_json::Value, generated: &Generated) {
    let skipped = |want: &ExpectedOperation| {
        let left_out = |message: &str| message.contains("skipped") || message.contains("left out");
        generated.diagnostics.iter().any(|d| left_out(&d.message) && d.pointer.starts_with(&want.pointer))
    };
    let expected: Vec<ExpectedOperation> =
        expected_operations(document).into_iter().filter(|want| !skipped(want)).collect();
    let operations: Vec<_> = generated.api.operations().collect();
    assert_eq!(operations.len(), expected.len(), "one client method per operation in the document");
    for want in &expected {
        let group = generated
            .api
            .groups
            .iter()
            .find(|g| g.operations.iter().any(|op| op.http_method == want.method && op.path == want.path))
            .unwrap_or_else(|| panic!("no client method for {} {}", want.method, want.path));
        let op = group
            .operations
            .iter()
            .find(|op| op.http_method == want.method && op.path == want.path)
            .expect("found above");
        if let Some(tag) = &want.tag {
            assert_eq!(&group.tag, tag, "{} {} is grouped under its first tag", want.method, want.path);
        }
        if let Some(id) = &want.operation_id {
            assert_eq!(&op.id, id, "operationId kept");
        }
        let module = generated.files.get(&format!("src/api/{}.rs", group.module)).expect("group module emitted");
        assert!(
            module.contains(&format!("pub fn {}(", op.method_name)),
            "`{}` is a method in src/api/{}.rs",
            op.method_name,
            group.module
        );
    }
}

/// Generated Rust modules worth a snapshot each (the runtime is copied verbatim).
pub fn snapshot_modules(generated: &Generated) -> impl Iterator<Item = (&String, &String)> {
    generated.files.iter().filter(|(path, _)| path.ends_with(".rs") && !path.starts_with("src/runtime/"))
}

pub fn snapshot_name(prefix: &str, path: &str) -> String {
    format!("{prefix}__{}", path.trim_start_matches("src/").trim_end_matches(".rs").replace('/', "__"))
}

/// The Hero crate's settings, from the one file `cargo xtask` reads too.
#[allow(dead_code)]
pub fn hero_config() -> openapi_rs_generator::cli::CrateConfig {
    let root = repo_root();
    openapi_rs_generator::cli::CrateConfig::read(&root.join("spec/crate.json"), &root).expect("spec/crate.json")
}
