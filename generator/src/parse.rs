//! Parse: the 3.0-model JSON value -> `openapiv3::OpenAPI`. A part that does
//! not parse is narrowed to the innermost failing operation or component; a
//! failing operation is left out with a warning and parsing retried.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::upgrade::METHODS;


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
/// Parses the document; an operation (or path item) that does not parse is
/// left out with a warning, so one bad operation does not sink the others.
pub fn parse(mut document: Value, diagnostics: &mut Diagnostics) -> Result<openapiv3::OpenAPI, Diagnostic> {
    loop {
        let error = match parse_whole(&document) {
            Ok(parsed) => return Ok(parsed),
            Err(error) => error,
        };
        let tokens: Vec<&str> = error.pointer.split('/').collect();
        let (skipped, what) = match tokens.as_slice() {
            ["", "paths", path, method, ..] if METHODS.contains(method) => {
                (format!("/paths/{path}/{method}"), "operation")
            }
            ["", "paths", path, ..] => (format!("/paths/{path}"), "path"),
            _ => return Err(error),
        };
        let (parent, last) = skipped.rsplit_once('/').unwrap_or_default();
        let last = last.replace("~1", "/").replace("~0", "~");
        let removed =
            document.pointer_mut(parent).and_then(Value::as_object_mut).and_then(|map| map.shift_remove(&last));
        if removed.is_none() {
            return Err(error);
        }
        diagnostics.warn(&error.pointer, format!("{}; the {what} at #{skipped} is skipped", error.message));
    }
}

fn parse_whole(document: &Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(document) {
        Ok(parsed) => Ok(parsed),
        Err(error) => {
            let (pointer, message) =
                narrow(document).unwrap_or_else(|| (pointer_of(error.path()), error.inner().to_string()));
            Err(Diagnostic {
                severity: Severity::Error,
                pointer,
                message: format!("not a valid OpenAPI 3.0 object here: {message}; fix the document at this place"),
            })
        }
    }
}
