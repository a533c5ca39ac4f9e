//! The stack never depends on the document: deeply nested schemas and long
//! chains of references generate (or are refused) with a message, never
//! overflow. Run in a thread with a small stack, so a regression fails here
//! rather than only on a huge real document.

fn generate(text: &str) -> Result<openapi_rs_generator::Generated, openapi_rs_generator::GenerateError> {
    let options = openapi_rs_generator::CrateOptions {
        crate_name: "depth".to_owned(),
        crate_version: "0.1.0".to_owned(),
        spec_file: "depth.yaml".to_owned(),
        standalone: true,
        ..Default::default()
    };
    openapi_rs_generator::generate(&openapi_rs_generator::Input::text(text), &options)
}

fn on_a_small_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(8 << 20).spawn(work).expect("thread").join().expect("no overflow")
}

fn document(schema: &str, components: &str) -> String {
    format!(
        r#"{{"openapi":"3.0.3","info":{{"title":"Depth","version":"1"}},"paths":{{"/x":{{"get":{{"operationId":"getX","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{schema}}}}}}}}}}}}}}},"components":{{"schemas":{{{components}}}}}}}"#
    )
}

#[test]
fn nesting_deeper_than_the_limit_is_any_json_with_a_warning() {
    // 50 levels of lists: within what a JSON parser accepts (128), beyond the generator's limit (32).
    let levels = 50;
    let schema =
        format!("{}{{\"type\":\"string\"}}{}", r#"{"type":"array","items":"#.repeat(levels), "}".repeat(levels));
    let generated = on_a_small_stack(move || generate(&document(&schema, "")).expect("generates"));
    assert!(generated.diagnostics.iter().any(|d| d.message.contains("nest more than")), "{:?}", generated.diagnostics);
}

#[test]
fn a_long_chain_of_all_of_references_generates() {
    // S0 = allOf [S1 + a field], S1 = allOf [S2 + a field], ... S2000: each
    // merge reaches one level deeper; past the limit the deeper fields are
    // left out with a warning, so time stays linear too.
    let count = 2000;
    let components: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r##""S{i}":{{"allOf":[{{"$ref":"#/components/schemas/S{}"}},{{"type":"object","properties":{{"f{i}":{{"type":"string"}}}}}}]}}"##,
                i + 1
            )
        })
        .chain([format!(r#""S{count}":{{"type":"object","properties":{{"last":{{"type":"string"}}}}}}"#)])
        .collect();
    let text = document(r##"{"$ref":"#/components/schemas/S0"}"##, &components.join(","));
    let generated = on_a_small_stack(move || generate(&text).map_err(|e| e.to_string())).expect("generates");
    assert!(generated.diagnostics.iter().any(|d| d.message.contains("more than 64 levels")));
}
