//! The Hero document end to end.

mod common;

use std::path::PathBuf;

fn hero_spec() -> PathBuf {
    config().spec
}

use common::hero_config as config;

/// The Hero crate as `cargo xtask generate` makes it, changelog included.
fn hero() -> openapi_rs_generator::Generated {
    let (generated, _) =
        openapi_rs_generator::cli::run_generator(&config().request()).expect("the Hero document generates");
    generated
}

#[test]
fn every_operation_has_a_client_method() {
    common::assert_every_operation_has_a_method(&common::raw_document(&hero_spec()), &hero());
}

#[test]
fn checked_in_client_is_fresh() {
    let stale = openapi_rs_generator::check(&config().out, &hero().files);
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
    let bad_request = op
        .responses
        .iter()
        .find(|r| r.status == openapi_rs_generator::ir::StatusMatch::Code(400))
        .expect("400 documented");
    assert_eq!(
        bad_request.body.as_ref().map(|b| &b.ty),
        Some(&openapi_rs_generator::ir::TypeRef::Named("ValidationErrorResponse".into()))
    );
    let unauthorised = op
        .responses
        .iter()
        .find(|r| r.status == openapi_rs_generator::ir::StatusMatch::Code(401))
        .expect("401 documented");
    assert!(unauthorised.body.is_none() && !unauthorised.success);
}

#[test]
fn an_overlay_action_whose_target_moved_fails_and_names_itself() {
    let text = std::fs::read_to_string(hero_spec()).expect("spec");
    let overlay_text = std::fs::read_to_string(config().overlay.expect("an overlay")).expect("overlay");
    // As if upstream renamed the path the attachment fixes target.
    let moved = text.replace("/v1/attachment_links:", "/v1/attachment-links:");
    assert_ne!(moved, text, "the document has the path this test moves");
    let overlay: serde_json::Value = serde_yaml::from_str(&overlay_text).expect("overlay YAML");
    let first = overlay["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .position(|a| a["target"].as_str().is_some_and(|t| t.contains("/v1/attachment_links")))
        .expect("an action targets the attachment link");
    let options = common::options(&config().name);
    let error =
        openapi_rs_generator::generate(&openapi_rs_generator::Input::text(&moved).overlay(&overlay_text), &options)
            .expect_err("the overlay no longer applies");
    let diagnostic = &error.diagnostics[0];
    assert_eq!(diagnostic.pointer, format!("/actions/{first}"));
    assert!(diagnostic.message.contains("matches nothing"), "{diagnostic}");
}

#[test]
fn the_overlay_shows_in_the_types() {
    let generated = hero();
    let find =
        |name: &str| generated.api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("type {name}"));
    let openapi_rs_generator::ir::TypeKind::Struct(admins) = &find("ListAdminsResponse").kind else { panic!("struct") };
    let count = admins.fields.iter().find(|f| f.wire_name == "count").expect("count");
    assert_eq!(count.ty, openapi_rs_generator::ir::TypeRef::I64, "counts are integers");
    let openapi_rs_generator::ir::TypeKind::Struct(body) = &find("CreateAttachmentLinkBody").kind else {
        panic!("struct")
    };
    assert!(
        body.fields.iter().any(|f| f.flatten && f.rust_name == "source"),
        "the attachment source is a typed choice"
    );
    assert!(generated.api.merged_types > 0, "identical inline types are merged");
}
