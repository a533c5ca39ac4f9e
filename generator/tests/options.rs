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
