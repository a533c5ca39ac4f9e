//! Load: bytes of a YAML or JSON document -> one JSON value in the OpenAPI 3.0
//! model -> `openapiv3::OpenAPI`.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// Parses YAML or JSON text into a JSON value. JSON is tried first when the
/// text looks like JSON, since YAML parsing of large JSON is slower.
pub fn parse_text(text: &str) -> Result<Value, Diagnostic> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        if let Ok(value) = serde_json::from_str::<Value>(trimmed) {
            return Ok(value);
        }
    }
    serde_yaml::from_str::<Value>(trimmed).map_err(|error| Diagnostic {
        severity: Severity::Error,
        pointer: String::new(),
        message: format!("the document is neither valid JSON nor valid YAML: {error}"),
    })
}

/// Checks the version and brings a 3.1 document to the 3.0 model the
/// parser understands.
pub fn to_openapi_30(mut document: Value, diagnostics: &mut Diagnostics) -> Result<Value, Diagnostic> {
    let fail = |pointer: &str, message: String| Diagnostic { severity: Severity::Error, pointer: pointer.to_owned(), message };
    let Some(root) = document.as_object_mut() else {
        return Err(fail("", "the document's top level must be an object with an `openapi` field".to_owned()));
    };
    if root.contains_key("swagger") {
        return Err(fail(
            "/swagger",
            "Swagger 2.0 documents are not supported: convert it to OpenAPI 3 first \
             (e.g. `npx swagger2openapi in.yaml -o out.yaml`) and generate from the result"
                .to_owned(),
        ));
    }
    let version = match root.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        Some(_) => return Err(fail("/openapi", "`openapi` must be a version string such as \"3.0.3\"".to_owned())),
        None => return Err(fail("", "no `openapi` version field: this is not an OpenAPI 3 document".to_owned())),
    };
    if version.starts_with("3.1") {
        upgrade_31_schemas(&mut document);
        if let Some(root) = document.as_object_mut() {
            root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
            if let Some(webhooks) = root.remove("webhooks") {
                if webhooks.as_object().is_some_and(|w| !w.is_empty()) {
                    diagnostics.warn("/webhooks", "OpenAPI 3.1 webhooks describe requests the API sends to you: no client methods are generated for them");
                }
            }
            root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
        }
    } else if !version.starts_with("3.0") {
        return Err(fail(
            "/openapi",
            format!("OpenAPI version {version:?} is not supported: use a 3.0.x or 3.1.x document"),
        ));
    }
    Ok(document)
}

/// 3.1 schema keywords expressed the 3.0 way, where the meaning is the same.
fn upgrade_31_schemas(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get("type").cloned() {
                let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
                if non_null.len() < types.len() {
                    map.insert("nullable".to_owned(), Value::Bool(true));
                }
                match non_null.len() {
                    0 => {
                        map.remove("type");
                    }
                    1 => {
                        map.insert("type".to_owned(), non_null[0].clone());
                    }
                    _ => {
                        map.remove("type");
                        let alternatives = non_null
                            .into_iter()
                            .map(|t| Value::Object(Map::from_iter([("type".to_owned(), t)])))
                            .collect();
                        map.insert("anyOf".to_owned(), Value::Array(alternatives));
                    }
                }
            }
            if let Some(constant) = map.remove("const") {
                map.insert("enum".to_owned(), Value::Array(vec![constant]));
            }
            if let Some(Value::Array(examples)) = map.get("examples") {
                let first = examples.first().cloned();
                map.remove("examples");
                if let Some(first) = first {
                    map.entry("example").or_insert(first);
                }
            }
            for key in ["exclusiveMinimum", "exclusiveMaximum"] {
                if let Some(Value::Number(bound)) = map.get(key).cloned() {
                    let plain = if key == "exclusiveMinimum" { "minimum" } else { "maximum" };
                    map.insert(plain.to_owned(), Value::Number(bound));
                    map.insert(key.to_owned(), Value::Bool(true));
                }
            }
            if map.contains_key("$ref") && map.len() > 1 {
                // 3.1 allows keywords beside $ref; 3.0 ignores them, and so do we.
                map.retain(|key, _| key == "$ref");
            }
            for child in map.values_mut() {
                upgrade_31_schemas(child);
            }
        }
        Value::Array(items) => {
            for child in items.iter_mut() {
                upgrade_31_schemas(child);
            }
        }
        _ => {}
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
            serde_path_to_error::Segment::Map { key } => format!("/{}", crate::diagnostics::escape_token(key)),
            serde_path_to_error::Segment::Enum { variant } => format!("/{variant}"),
            serde_path_to_error::Segment::Unknown => String::new(),
        })
        .collect()
}

fn try_part<T: serde::de::DeserializeOwned>(value: &Value, pointer: &str) -> Option<(String, String)> {
    serde_path_to_error::deserialize::<_, T>(value.clone())
        .err()
        .map(|error| (format!("{pointer}{}", pointer_of(error.path())), error.inner().to_string()))
}

/// serde loses the path inside flattened maps (`paths`, `components/*`):
/// parse the parts one by one to find the innermost failing one.
fn narrow(document: &Value) -> Option<(String, String)> {
    use crate::diagnostics::join;
    use openapiv3::{Operation, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme};
    const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let item_pointer = join("/paths", path);
            for method in METHODS {
                if let Some(operation) = item.get(*method) {
                    if let Some(found) = try_part::<Operation>(operation, &join(&item_pointer, method)) {
                        return Some(found);
                    }
                }
            }
            if let Some(found) = try_part::<ReferenceOr<openapiv3::PathItem>>(item, &item_pointer) {
                return Some(found);
            }
        }
    }
    let components = document.get("components")?;
    type Parse = fn(&Value, &str) -> Option<(String, String)>;
    let sections: [(&str, Parse); 5] = [
        ("schemas", try_part::<ReferenceOr<Schema>>),
        ("responses", try_part::<ReferenceOr<Response>>),
        ("parameters", try_part::<ReferenceOr<Parameter>>),
        ("requestBodies", try_part::<ReferenceOr<RequestBody>>),
        ("securitySchemes", try_part::<ReferenceOr<SecurityScheme>>),
    ];
    for (section, parse) in sections {
        for (name, item) in components.get(section).and_then(Value::as_object).into_iter().flatten() {
            if let Some(found) = parse(item, &join(&join("/components", section), name)) {
                return Some(found);
            }
        }
    }
    None
}

/// Parses the JSON value into the typed document, naming the failing place.
pub fn parse(document: Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&document) {
        Ok(parsed) => Ok(parsed),
        Err(error) => {
            let (pointer, message) = narrow(&document).unwrap_or_else(|| (pointer_of(error.path()), error.inner().to_string()));
            Err(Diagnostic {
                severity: Severity::Error,
                pointer,
                message: format!("not a valid OpenAPI 3.0 object here: {message}; fix the document at this place"),
            })
        }
    }
}
