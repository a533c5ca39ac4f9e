//! References a document cannot follow (remote, missing files, prose in
//! Markdown) are warnings with a fallback: the document still generates.

mod common;

#[test]
fn unreachable_references_fall_back_and_the_document_generates() {
    let path = common::repo_root().join("generator/tests/unreachable/api.yaml");
    let generated = openapi_rs_generator::Input::read(&path)
        .and_then(|input| openapi_rs_generator::generate(&input, &common::options("unreachable")))
        .unwrap_or_else(|e| panic!("the document generates: {e}"));
    let warnings: Vec<String> = generated.diagnostics.iter().map(ToString::to_string).collect();
    let warned = |pointer: &str, fallback: &str| {
        assert!(
            warnings.iter().any(|w| w.starts_with(&format!("warning at #{pointer}:")) && w.ends_with(fallback)),
            "no warning at {pointer} ending {fallback:?} in {warnings:#?}"
        );
    };
    warned("/paths/~1pets/get/description", "the text is left empty");
    warned("/paths/~1pets/get/responses/200/content/application~1json/schema/items", "typed as any JSON");
    warned("/paths/~1owners/get/responses/200/content/application~1json/schema", "typed as any JSON");
    warned("/components/schemas/Store/properties/owner", "typed as any JSON");
    warned("/paths/~1vets/get", "(--strict stops on them)");
    assert!(
        warnings.iter().any(|w| w.contains("missing.yaml cannot be followed") && !w.contains("unreachable/")),
        "a missing file is named as the document names it: {warnings:#?}"
    );

    // The Markdown file's text is the description, word for word.
    let intro = std::fs::read_to_string(path.with_file_name("intro.md")).expect("intro.md");
    assert_eq!(generated.api.description.as_deref(), Some(intro.as_str()));

    // Only the operation whose parameter is unreachable is left out.
    let document = common::raw_document(&path);
    common::assert_every_operation_has_a_method(&document, &generated);
    let declared = document["paths"].as_object().map_or(0, |paths| paths.len());
    let generated_operations: usize = generated.api.groups.iter().map(|g| g.operations.len()).sum();
    assert_eq!(generated_operations, declared - 1);
    insta::assert_yaml_snapshot!("ir", generated.api);
}
