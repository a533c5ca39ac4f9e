//! `cargo xtask generate` as a user meets it: exit codes, `--strict`, and a
//! failed run that leaves the previous crate untouched.

use std::path::Path;
use std::process::{Command, Output};

const GOOD: &str = "openapi: 3.0.3
info: {title: Cli, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
";

fn generate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).arg("generate").args(args).output().expect("xtask runs")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write document");
    path.to_string_lossy().into_owned()
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.to_string_lossy().into_owned(), std::fs::read(&path).expect("readable")));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn a_good_document_exits_0_and_bad_input_exits_1_leaving_the_crate_untouched() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("crate");
    let out_arg = out.to_string_lossy().into_owned();
    let good = write(dir.path(), "good.yaml", GOOD);
    let first = generate(&["--spec", &good, "--out", &out_arg]);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let before = snapshot(&out);
    assert!(before.iter().any(|(path, _)| path.ends_with("lib.rs")));

    let broken = GOOD
        .replace("items: {type: string}", "items: {$ref: '#/components/schemas/Missing'}")
        .replace("/things", "/other");
    let bad = write(
        dir.path(),
        "bad.yaml",
        &format!("{broken}components:\n  schemas:\n    Thing: {{$ref: '#/components/schemas/Gone'}}\n"),
    );
    let failed = generate(&["--spec", &bad, "--out", &out_arg]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("#/components/schemas/Thing"), "the error names its place: {stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
    assert_eq!(snapshot(&out), before, "a failed run changed the previous crate");
}

#[test]
fn strict_turns_warnings_into_a_failed_run_that_writes_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("crate");
    let out_arg = out.to_string_lossy().into_owned();
    // No operationId: a warning (the method is named from the path).
    let spec = write(dir.path(), "warns.yaml", &GOOD.replace("      operationId: listThings\n", ""));
    let relaxed = generate(&["--spec", &spec, "--out", &out_arg]);
    assert_eq!(relaxed.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&relaxed.stderr).contains("no operationId"));
    std::fs::remove_dir_all(&out).expect("clean");

    let strict = generate(&["--spec", &spec, "--out", &out_arg, "--strict"]);
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--strict") && stderr.contains("#/paths/~1things/get"), "{stderr}");
    assert!(!out.exists(), "a strict failure wrote files");
}

#[test]
fn a_bad_command_line_exits_2_naming_the_flag() {
    let output = generate(&["--spec"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("'--spec <SPEC>'") && stderr.contains("--help"), "{stderr}");
}

#[test]
fn one_bad_operation_is_skipped_and_a_dangling_reference_is_any_json() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("crate");
    let text = format!("{GOOD}  /broken:\n    get:\n      operationId: broken\n      responses: 7\n  /dangling:\n    get:\n      operationId: dangling\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Nope'}}}}}}}}\n");
    let spec = write(dir.path(), "partly.yaml", &text);
    let output = generate(&["--spec", &spec, "--out", &out.to_string_lossy()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("#/paths/~1broken/get"), "{stderr}");
    assert!(stderr.contains("#/paths/~1dangling/get/responses/200/content/application~1json/schema"), "{stderr}");
    // Untagged: grouped by resource, `/things` -> `things`.
    let api = std::fs::read_to_string(out.join("src/api/things.rs")).expect("the group module");
    assert!(api.contains("pub fn list("), "the group's words leave the method: {api}");
    let modules: Vec<String> = std::fs::read_dir(out.join("src/api"))
        .expect("src/api")
        .map(|entry| std::fs::read_to_string(entry.expect("entry").path()).expect("a module"))
        .collect();
    assert!(modules.iter().all(|module| !module.contains("pub fn broken")), "the broken operation is left out");
    // A reference to no schema is a detail: the operation stays, its answer any JSON.
    let dangling = std::fs::read_to_string(out.join("src/api/dangling.rs")).expect("the dangling group");
    assert!(dangling.contains("crate::Json"), "{dangling}");
}

#[test]
fn a_changed_document_rewrites_the_unreleased_changelog_entry() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let out = dir.path().join("crate");
    let out_arg = out.to_string_lossy().into_owned();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generator/tests/diff");
    let (v1, v2) = (
        fixtures.join("v1.yaml").to_string_lossy().into_owned(),
        fixtures.join("v2.yaml").to_string_lossy().into_owned(),
    );
    assert_eq!(generate(&["--spec", &v1, "--out", &out_arg]).status.code(), Some(0));
    // Released: this API is the baseline.
    std::fs::copy(out.join("api-surface.json"), out.join("api-baseline.json")).expect("baseline");

    let changed = generate(&["--spec", &v2, "--out", &out_arg]);
    let stdout = String::from_utf8_lossy(&changed.stdout);
    assert_eq!(changed.status.code(), Some(0), "{}", String::from_utf8_lossy(&changed.stderr));
    assert!(stdout.contains("cargo xtask generate --version 0.2.0"), "{stdout}");
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("a changelog");
    assert!(changelog.contains("## 0.1.0 (unreleased) (version not bumped enough"), "{changelog}");
    assert!(changelog.contains("### Breaking") && changelog.contains("operation `deleteItem`"), "{changelog}");
    assert!(changelog.contains("### Added") && changelog.contains("operation `archiveItem`"), "{changelog}");

    let bumped = generate(&["--spec", &v2, "--out", &out_arg, "--version", "0.2.0"]);
    assert_eq!(bumped.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&bumped.stdout).contains("version 0.2.0 is right"));
    let changelog = std::fs::read_to_string(out.join("CHANGELOG.md")).expect("a changelog");
    assert_eq!(changelog.matches("(unreleased)").count(), 2, "one entry (the header mentions it once): {changelog}");
    assert!(changelog.contains("## 0.2.0 (unreleased)\n") && !changelog.contains("not bumped enough"), "{changelog}");
}
