//! Generator options that change what a crate keeps: each checked on the IR
//! and on the emitted module (decoding is tested in the option's crate, see
//! `generator/tests/loopback/real_answers.keep_unknown_fields.rs`).

mod common;

use openapi_rs_generator::ir::{TypeKind, TypeRef};

#[test]
fn keep_unknown_fields_gives_every_plain_struct_a_map_of_the_rest() {
    let path = common::repo_root().join("generator/tests/fixtures/real_answers.yaml");
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut options = common::options("real_answers");
    let plain = openapi_rs_generator::generate(&openapi_rs_generator::Input::text(&text), &options).expect("generates");
    options.keep_unknown_fields = true;
    let keeping =
        openapi_rs_generator::generate(&openapi_rs_generator::Input::text(&text), &options).expect("generates");
    let structs: Vec<_> = keeping
        .api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(fields) if !fields.fields.iter().any(|field| field.flatten) => Some((def, fields)),
            _ => None,
        })
        .collect();
    assert!(!structs.is_empty(), "the fixture has structs");
    for (def, fields) in &structs {
        assert_eq!(fields.additional, Some(TypeRef::Any), "{} keeps the rest", def.name);
    }
    let before =
        plain.api.types.iter().filter(|def| matches!(&def.kind, TypeKind::Struct(s) if s.additional.is_some()));
    assert_eq!(before.count(), 0, "off by default");
    insta::assert_snapshot!(
        "keep_unknown_fields__components",
        keeping.files.get("src/types/components.rs").expect("the components module")
    );
}

/// The crate's `Cargo.toml` and `LICENSE` for a document with this `info.license`.
fn licensed(license: &str, chosen: Option<&str>) -> (String, Option<String>) {
    let text = format!("openapi: 3.1.0\ninfo: {{title: Licensed, version: '1', license: {license}}}\npaths: {{}}\n");
    let mut options = common::options("licensed");
    options.license = chosen.map(str::to_owned);
    let generated =
        openapi_rs_generator::generate(&openapi_rs_generator::Input::text(&text), &options).expect("generates");
    let manifest = generated.files.get("Cargo.toml").cloned().expect("a manifest");
    (manifest, generated.files.get("LICENSE").cloned())
}

#[test]
fn the_crate_states_the_users_licence_else_the_documents_else_the_default() {
    let (manifest, file) = licensed("{name: Apache 2.0}", None);
    assert!(manifest.contains("\nlicense = \"Apache-2.0\"\n"), "{manifest}");
    assert_eq!(file, None);
    let (manifest, _) = licensed("{name: Anything, identifier: BSD-3-Clause}", None);
    assert!(manifest.contains("\nlicense = \"BSD-3-Clause\"\n"), "3.1's identifier: {manifest}");
    let (manifest, _) = licensed("{name: Apache 2.0}", Some("MIT"));
    assert!(manifest.contains("\nlicense = \"MIT\"\n"), "the user's choice wins: {manifest}");
    let (manifest, file) = licensed("{name: API Terms of Use, url: 'https://example.com/terms'}", None);
    assert!(manifest.contains("\nlicense-file = \"LICENSE\"\n") && !manifest.contains("\nlicense = "), "{manifest}");
    assert!(manifest.contains("\"LICENSE\"]"), "packaged: {manifest}");
    let file = file.expect("a LICENSE naming the document's terms");
    assert!(file.contains("API Terms of Use") && file.contains("https://example.com/terms"), "{file}");
    let text = "openapi: 3.0.3\ninfo: {title: Unlicensed, version: '1'}\npaths: {}\n";
    let generated =
        openapi_rs_generator::generate(&openapi_rs_generator::Input::text(text), &common::options("unlicensed"))
            .expect("generates");
    let manifest = generated.files.get("Cargo.toml").expect("a manifest");
    assert!(manifest.contains("\nlicense = \"MIT OR Apache-2.0\"\n"), "the default: {manifest}");
}
