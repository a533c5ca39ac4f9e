//! The Hero document end to end.

mod common;

use std::path::PathBuf;

fn hero_spec() -> PathBuf {
    common::repo_root().join("spec/hero-public-api.yaml")
}

fn hero() -> generator::Generated {
    let text = std::fs::read_to_string(hero_spec()).expect("spec/hero-public-api.yaml");
    let options = generator::CrateOptions {
        crate_name: "hero-health".to_owned(),
        crate_version: "0.1.0".to_owned(),
        spec_file: "hero-public-api.yaml".to_owned(),
        standalone: false,
    };
    let overlay = std::fs::read_to_string(common::repo_root().join("spec/overlay.yaml")).expect("spec/overlay.yaml");
    generator::generate(&text, Some(&overlay), &options).expect("the Hero document generates")
}

#[test]
fn every_operation_has_a_client_method() {
    common::assert_every_operation_has_a_method(&common::raw_document(&hero_spec()), &hero());
}

#[test]
fn checked_in_client_is_fresh() {
    let stale = generator::write::check(&common::repo_root().join("generated-client"), &hero().files);
    assert!(stale.is_empty(), "generated-client/ is stale; run `cargo xtask generate`:\n{stale:#?}");
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(hero().files, hero().files);
}

#[test]
fn hero_document_generates_without_warnings() {
    let generated = hero();
    assert!(generated.diagnostics.is_empty(), "{:#?}", generated.diagnostics);
}

/// Collects every `x-provenance` string in the document.
fn provenance(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("x-provenance", serde_json::Value::String(text)) => out.push(text.clone()),
                    _ => provenance(child, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| provenance(item, out)),
        _ => {}
    }
}

#[test]
fn x_provenance_never_reaches_generated_code() {
    let mut notes = Vec::new();
    provenance(&common::raw_document(&hero_spec()), &mut notes);
    assert!(!notes.is_empty(), "the document carries x-provenance notes");
    let generated = hero();
    // The IR holds document text unescaped; the files hold it as docs.
    let ir = serde_json::to_string(&generated.api).expect("IR serialises");
    for note in &notes {
        let as_json = serde_json::to_string(note).expect("string");
        assert!(!ir.contains(as_json.trim_matches('"')), "x-provenance text {note:?} reached the IR");
        for (path, text) in &generated.files {
            assert!(!text.contains(note.as_str()), "x-provenance text {note:?} leaked into {path}");
        }
    }
}

#[test]
fn documented_error_bodies_are_typed_per_status() {
    let generated = hero();
    let op = generated.api.operations().find(|op| op.id == "createAppointment").expect("createAppointment");
    let bad_request = op.responses.iter().find(|r| r.status == generator::ir::StatusMatch::Code(400)).expect("400 documented");
    assert_eq!(bad_request.body.as_ref().map(|b| &b.ty), Some(&generator::ir::TypeRef::Named("ValidationErrorResponse".into())));
    let unauthorised = op.responses.iter().find(|r| r.status == generator::ir::StatusMatch::Code(401)).expect("401 documented");
    assert!(unauthorised.body.is_none() && !unauthorised.success);
}

#[test]
fn hero_modules_snapshot() {
    let generated = hero();
    for (path, text) in common::snapshot_modules(&generated) {
        insta::assert_snapshot!(common::snapshot_name("hero", path), text);
    }
}
