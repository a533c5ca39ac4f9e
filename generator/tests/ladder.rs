//! The leniency ladder to the last part: a detail that fails (a parameter, a
//! path item, a reference, a response, an example, the text's encoding, the
//! version's spelling) is mended or left out with a warning at its place,
//! and the document still generates. One fixture per class of failure in
//! `generator/tests/ladder/`, each saying which operations must survive
//! (`x-expected-operations`) and where warnings must be (`x-expected-warnings`).

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use openapi_rs_generator::{effective_document, generate, Input, Severity};

fn fixtures() -> Vec<PathBuf> {
    let dir = common::repo_root().join("generator/tests/ladder");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("ladder fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    paths
}

fn strings(value: &serde_json::Value) -> BTreeSet<String> {
    value.as_array().expect("a list").iter().map(|item| item.as_str().expect("a string").to_owned()).collect()
}

#[test]
fn every_failing_detail_is_mended_or_left_out_and_the_document_generates() {
    let paths = fixtures();
    assert!(!paths.is_empty(), "no ladder fixtures");
    for path in paths {
        let name = path.file_stem().and_then(|stem| stem.to_str()).expect("a name").to_owned();
        let input = Input::read(&path).unwrap_or_else(|error| panic!("{name}: {error}"));
        let document = effective_document(&input).unwrap_or_else(|error| panic!("{name}: {error}"));
        let generated = generate(&input, &common::options(&name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        let operations: BTreeSet<String> =
            generated.api.groups.iter().flat_map(|group| &group.operations).map(|op| op.id.clone()).collect();
        assert_eq!(operations, strings(&document["x-expected-operations"]), "{name}: the operations that survive");
        let warned: BTreeSet<String> = generated
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Warning)
            .map(|diagnostic| diagnostic.pointer.clone())
            .collect();
        assert_eq!(warned, strings(&document["x-expected-warnings"]), "{name}: where the warnings are");
        for diagnostic in &generated.diagnostics {
            let place = diagnostic.pointer.is_empty() || document.pointer(&diagnostic.pointer).is_some();
            assert!(place, "{name}: a warning names a place not in the document: {diagnostic}");
        }
        if let Some(description) = document["x-expected-description"].as_str() {
            assert_eq!(generated.api.description.as_deref(), Some(description), "{name}: the text as written");
        }
    }
}

#[test]
fn text_that_is_not_utf8_is_read_as_latin1_with_a_warning() {
    let generated = generate(
        &Input::bytes(b"openapi: 3.0.3\ninfo: {title: \"Caf\xe9\", version: '1'}\npaths: {}\n".to_vec()),
        &common::options("latin1"),
    )
    .expect("generates");
    assert_eq!(generated.api.title, "Caf\u{e9}");
    let warning = generated.diagnostics.iter().find(|d| d.message.contains("not UTF-8")).expect("a warning");
    assert!(warning.message.contains("byte 33"), "{warning}");
}
