//! Real documents nobody here wrote, and broken ones: the generator either
//! generates or names the place that stops it. It never panics.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use openapi_rs_generator::{generate, Input, Severity};

fn run(text: &str) -> Result<openapi_rs_generator::Generated, openapi_rs_generator::GenerateError> {
    catch_unwind(AssertUnwindSafe(|| generate(&Input::text(text), &common::options("sample"))))
        .unwrap_or_else(|_| panic!("the generator panicked"))
}

#[test]
fn every_oas_example_generates_a_method_per_operation() {
    let dir = common::repo_root().join("generator/tests/specs/oas-examples-3.0");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("examples folder") {
        let path = entry.expect("entry").path();
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("readable");
        let document = common::raw_document(&path);
        // The README says no example document fails; one that starts failing
        // must name a place in the document, and still fails this test.
        match run(&text) {
            Ok(generated) => common::assert_every_operation_has_a_method(&document, &generated),
            Err(error) => {
                for diagnostic in error.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                    assert!(
                        diagnostic.pointer.is_empty() || document.pointer(&diagnostic.pointer).is_some(),
                        "{}: error names a place that is not in the document: {diagnostic}",
                        path.display()
                    );
                }
                panic!("{} does not generate: {error}", path.display());
            }
        }
    }
    assert!(seen > 0, "no example documents found in {}", dir.display());
}

fn first_error(text: &str) -> openapi_rs_generator::Diagnostic {
    let error = run(text).expect_err("this input must be rejected");
    error.diagnostics.into_iter().find(|d| d.severity == Severity::Error).expect("an error diagnostic")
}

#[test]
fn swagger_2_is_read_and_other_swagger_versions_are_refused_by_name() {
    let generated = run("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n")
        .expect("Swagger 2.0 is upgraded to 3.0");
    assert_eq!(generated.api.operations().map(|op| op.id.as_str()).collect::<Vec<_>>(), ["getA"]);
    let error = first_error("swagger: '3.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_eq!(error.pointer, "/swagger");
    assert!(error.message.contains("only 2.0"), "{error}");
    // Swagger 1.2 has no `swagger` field: not an OpenAPI document.
    assert!(first_error("swaggerVersion: '1.2'\napis: []\n").message.contains("no `openapi` version"));
}

#[test]
fn text_that_is_not_a_document_is_refused() {
    assert!(first_error("{ not json: [").message.contains("neither valid JSON nor valid YAML"));
    assert!(first_error("just a string").message.contains("top level must be an object"));
    assert!(first_error("info: {title: t, version: '1'}\npaths: {}\n").message.contains("no `openapi` version"));
    assert!(first_error("openapi: 2.5.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
        .message
        .contains("not supported"));
}

#[test]
fn a_malformed_operation_is_named_by_its_pointer_and_left_out() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n  /b:\n    get:\n      responses: {'204': {description: ok}}\n";
    let generated = run(text).expect("the other operation still generates");
    let warning = generated
        .diagnostics
        .iter()
        .find(|d| d.pointer.starts_with("/paths/~1a/get"))
        .expect("a warning naming the operation");
    assert!(warning.message.contains("skipped"), "{warning}");
    let paths: Vec<&str> = generated.api.operations().map(|op| op.path.as_str()).collect();
    assert_eq!(paths, ["/b"]);
}

#[test]
fn a_malformed_component_is_named_by_its_pointer() {
    let error = first_error("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  responses:\n    Bad: {description: 5, content: 7}\n");
    assert!(error.pointer.starts_with("/components/responses/Bad"), "{error}");
}

#[test]
fn a_dangling_reference_is_any_json_with_a_warning_at_its_pointer() {
    let text = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/Missing'}
";
    let generated = run(text).expect("a dangling reference is a detail");
    let warning = generated.diagnostics.iter().find(|d| d.pointer == "/components/schemas/A/properties/b");
    let warning = warning.expect("a warning at the reference");
    assert!(warning.message.contains("Missing") && warning.message.contains("any JSON"), "{warning}");
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap deterministic sweep of odd inputs; the fuzz target goes further.
    let samples = [
        "",
        "null",
        "[]",
        "openapi: 3.0.0",
        "openapi: 3.0.0\ninfo: 5",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n",
        "\u{feff}{}",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /{a}/{:\n    get: {responses: {}}\n",
    ];
    for sample in samples {
        let _ = run(sample);
    }
}

#[test]
fn references_that_only_lead_to_each_other_are_named() {
    let text = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
";
    let error = first_error(text);
    assert_eq!(error.pointer, "/components/schemas/A");
    assert!(error.message.contains("back to itself"), "{error}");
}

#[test]
fn a_31_description_override_on_a_looping_reference_is_reported_not_followed() {
    let text = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {$ref: '#/components/parameters/A', description: Overridden.}
      responses: {'204': {description: ok}}
components:
  parameters:
    A: {$ref: '#/components/parameters/B'}
    B: {$ref: '#/components/parameters/A'}
";
    let outcome = run(text);
    let diagnostics = match &outcome {
        Ok(generated) => &generated.diagnostics,
        Err(error) => &error.diagnostics,
    };
    assert!(
        diagnostics.iter().any(|d| d.pointer == "/paths/~1a/get/parameters/0" && d.message.contains("loop")),
        "the loop is reported at the reference: {diagnostics:?}"
    );
}

#[test]
fn a_path_item_reference_that_dangles_or_loops_is_left_out_with_a_warning_at_its_pointer() {
    for (components, what) in [
        ("  pathItems: {}\n", "dangling"),
        (
            "  pathItems:\n    A: {$ref: '#/components/pathItems/B'}\n    B: {$ref: '#/components/pathItems/A'}\n",
            "looping",
        ),
    ] {
        let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a: {{$ref: '#/components/pathItems/A', summary: S}}\ncomponents:\n{components}");
        let generated = run(&text).unwrap_or_else(|error| panic!("{what}: {error}"));
        assert!(generated.api.groups.iter().all(|group| group.operations.is_empty()), "{what}: the path is left out");
        let warning = generated.diagnostics.iter().find(|d| d.pointer == "/paths/~1a").expect("a warning at the path");
        assert!(warning.message.contains("points at nothing in this document (or loops)"), "{what}: {warning}");
    }
}
