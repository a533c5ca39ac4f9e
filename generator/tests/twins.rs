//! Each 3.1 (and Swagger 2.0) document in `tests/twins/` has a 3.0 twin
//! written the 3.0 way; both must normalise to the same IR.

mod common;

use std::path::Path;

fn twin_pairs() -> Vec<(std::path::PathBuf, std::path::PathBuf)> {
    let dir = common::repo_root().join("generator/tests/twins");
    let mut pairs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/twins exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| [".31.yaml", ".20.yaml"].iter().any(|end| path.to_string_lossy().ends_with(end)))
        .map(|other| {
            let name =
                other.file_name().unwrap_or_default().to_string_lossy().replace(".31.", ".30.").replace(".20.", ".30.");
            (other.with_file_name(name), other)
        })
        .collect();
    pairs.sort();
    pairs
}

fn ir(path: &Path) -> (serde_json::Value, Vec<String>) {
    let generated = common::generate(path, "twin");
    let warnings = generated.diagnostics.iter().map(ToString::to_string).collect();
    (serde_json::to_value(&generated.api).expect("the IR serialises"), warnings)
}

#[test]
fn every_31_and_20_document_has_the_ir_of_its_30_twin() {
    let pairs = twin_pairs();
    assert!(pairs.iter().any(|(_, other)| other.to_string_lossy().ends_with(".31.yaml")), "no *.31.yaml twins");
    assert!(pairs.iter().any(|(_, other)| other.to_string_lossy().ends_with(".20.yaml")), "no *.20.yaml twins");
    for (v30, v31) in pairs {
        assert!(v30.exists(), "{} has no 3.0 twin {}", v31.display(), v30.display());
        let (ir30, warnings30) = ir(&v30);
        let (ir31, warnings31) = ir(&v31);
        assert_eq!(warnings30, warnings31, "{}: diagnostics differ", v31.display());
        assert_same_ir(&ir30, &ir31, &v31.display().to_string());
    }
}

fn assert_same_ir(expected: &serde_json::Value, actual: &serde_json::Value, what: &str) {
    if expected != actual {
        let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default();
        let (a, b) = (pretty(expected), pretty(actual));
        let first = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
        let context = |text: &str| text.lines().skip(first.saturating_sub(5)).take(12).collect::<Vec<_>>().join("\n");
        panic!(
            "{what}: IR differs from its twin at line {first}:\n--- twin\n{}\n--- this\n{}",
            context(&a),
            context(&b)
        );
    }
}

fn ir_from_path(path: &Path) -> serde_json::Value {
    let generated = openapi_rs_generator::Input::read(path)
        .and_then(|input| openapi_rs_generator::generate(&input, &common::options("twin")))
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::to_value(&generated.api).expect("the IR serialises")
}

#[test]
fn a_document_split_across_files_has_the_ir_of_its_single_file_twin() {
    let dir = common::repo_root().join("generator/tests/external");
    let split = ir_from_path(&dir.join("api.yaml"));
    let bundled = ir_from_path(&dir.join("bundled.yaml"));
    assert_same_ir(&bundled, &split, "external/api.yaml");
}

#[test]
fn a_reference_to_a_missing_file_names_its_place() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let document = dir.path().join("api.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'missing.yaml#/Thing'}\n";
    std::fs::write(&document, text).expect("write");
    let generated = openapi_rs_generator::Input::read(&document)
        .and_then(|input| openapi_rs_generator::generate(&input, &common::options("twin")))
        .expect("a missing file is a warning: the schema is typed as any JSON");
    let warning = generated
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .find(|d| d.contains("missing.yaml"))
        .expect("a warning names the missing file");
    assert!(
        warning.starts_with("warning at #/paths/~1a/get/responses/200/content/application~1json/schema:"),
        "{warning}"
    );
    assert!(warning.ends_with("typed as any JSON"), "{warning}");
}
