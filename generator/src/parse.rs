//! Parse: the 3.0-model JSON value -> `openapiv3::OpenAPI`. A part that does
//! not parse is narrowed to the innermost failing operation or component; a
//! failing operation is left out with a warning and parsing retried.

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Outcome};
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
    use openapiv3::{
        Example, Header, Operation, Parameter, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
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
    let sections: [(&str, Parse); 7] = [
        ("schemas", try_part::<ReferenceOr<Schema>>),
        ("responses", try_part::<ReferenceOr<Response>>),
        ("parameters", try_part::<ReferenceOr<Parameter>>),
        ("requestBodies", try_part::<ReferenceOr<RequestBody>>),
        ("securitySchemes", try_part::<ReferenceOr<SecurityScheme>>),
        ("examples", try_part::<ReferenceOr<Example>>),
        ("headers", try_part::<ReferenceOr<Header>>),
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

/// Parses the document. A part that does not parse has its schemas mended
/// first (see [`mend_schema`]); an operation, path item or security scheme
/// that still does not parse is left out with a warning, so one bad part does
/// not sink the others.
pub(crate) fn parse(document: Value, diagnostics: &mut Diagnostics) -> Outcome<Parsed> {
    let mut openapi = parse_parts(document, diagnostics).map_err(|error| diagnostics.stop(error))?;
    let extensions = crate::extensions::take(&mut openapi, diagnostics);
    Ok(Parsed { openapi, extensions })
}

/// The parsed document, and what our extensions in it say.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub openapi: openapiv3::OpenAPI,
    pub extensions: crate::extensions::Extensions,
}

fn parse_parts(mut document: Value, diagnostics: &mut Diagnostics) -> Result<openapiv3::OpenAPI, Diagnostic> {
    leave_out_unsendable_parameters(&mut document, diagnostics);
    describe_undescribed_responses(&mut document, diagnostics);
    let mut mended = std::collections::HashSet::new();
    loop {
        let error = match parse_whole(&document) {
            Ok(parsed) => return Ok(parsed),
            Err(error) => error,
        };
        let tokens: Vec<&str> = error.pointer.split('/').collect();
        // First mend the schemas inside the failing part; if it then parses,
        // nothing is lost but the bad keywords.
        let part = match tokens.as_slice() {
            ["", "paths", path, method, ..] if METHODS.contains(method) => {
                Some((format!("/paths/{path}/{method}"), false))
            }
            ["", "components", "schemas", name, ..] => Some((format!("/components/schemas/{name}"), true)),
            ["", "components", section, name, ..] => Some((format!("/components/{section}/{name}"), false)),
            _ => None,
        };
        if let Some((part_pointer, is_schema)) = &part {
            if mended.insert(part_pointer.clone()) {
                if let Some(value) = document.pointer_mut(part_pointer) {
                    mend_schemas_within(value, part_pointer, *is_schema, diagnostics);
                    continue;
                }
            }
        }
        // Then a scalar where text belongs (`title: 123`, `version: 1.0`, as
        // YAML reads them unquoted) is taken as its text; a `null` is left out.
        if mended.insert(format!("scalar {}", error.pointer)) && coerce_scalar(&mut document, &error, diagnostics) {
            continue;
        }
        // An operation without `responses` (3.0 requires them) is kept,
        // with no documented response: its answers come back raw.
        if let ["", "paths", _, method] = tokens.as_slice() {
            if METHODS.contains(method) && error.message.contains("missing field `responses`") {
                if let Some(Value::Object(operation)) = document.pointer_mut(&error.pointer) {
                    operation.insert("responses".to_owned(), Value::Object(Default::default()));
                    diagnostics.warn(
                        &error.pointer,
                        "no `responses`: taken as none documented (every answer is returned raw); document them",
                    );
                    continue;
                }
            }
        }
        if mend_member(&mut document, &error, &mut mended, diagnostics) {
            continue;
        }
        let (skipped, what) = match tokens.as_slice() {
            ["", "paths", path, method, ..] if METHODS.contains(method) => {
                (format!("/paths/{path}/{method}"), "operation")
            }
            ["", "paths", path, ..] => (format!("/paths/{path}"), "path"),
            ["", "components", "securitySchemes", name, ..] => {
                (format!("/components/securitySchemes/{name}"), "security scheme (its credential is not configurable)")
            }
            // Examples, links and the like are never needed to call the API.
            ["", "components", section @ ("examples" | "links" | "callbacks" | "headers"), name, ..] => {
                (format!("/components/{section}/{name}"), "component")
            }
            // Optional members outside any operation: a malformed one is left out.
            ["", key @ ("tags" | "externalDocs" | "servers" | "security" | "x-tagGroups"), ..] => {
                (format!("/{key}"), "member")
            }
            _ => return Err(error),
        };
        let (parent, last) = skipped.rsplit_once('/').unwrap_or_default();
        let last = last.replace("~1", "/").replace("~0", "~");
        let removed = match document.pointer_mut(parent) {
            Some(Value::Object(map)) => map.shift_remove(&last),
            _ => None,
        };
        if removed.is_none() {
            return Err(error);
        }
        diagnostics.warn(&error.pointer, format!("{}; the {what} at #{skipped} is skipped", error.message));
    }
}

/// A response without `description` (3.0 requires one) is taken with an
/// empty one, where it is in the document: a component or an operation's.
fn describe_undescribed_responses(document: &mut Value, diagnostics: &mut Diagnostics) {
    use crate::diagnostics::join;
    let fill = |responses: &mut Value, owner: &str, diagnostics: &mut Diagnostics| {
        let Value::Object(responses) = responses else { return };
        for (key, response) in responses.iter_mut() {
            let Value::Object(response) = response else { continue };
            if response.contains_key("$ref") || response.contains_key("description") {
                continue;
            }
            response.insert("description".to_owned(), Value::String(String::new()));
            diagnostics
                .warn(&join(owner, key), "a response without `description` (required): taken as empty; describe it");
        }
    };
    if let Some(responses) = document.pointer_mut("/components/responses") {
        fill(responses, "/components/responses", diagnostics);
    }
    let Some(Value::Object(paths)) = document.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            if let Some(responses) = item.get_mut(*method).and_then(|operation| operation.get_mut("responses")) {
                let owner = join(&join(&join("/paths", path), method), "responses");
                fill(responses, &owner, diagnostics);
            }
        }
    }
}

/// A parameter without `in` or `name` cannot be sent: it is left out of its
/// operation (or path item), and a component one with every reference to it,
/// each with a warning at its place in the document as written.
fn leave_out_unsendable_parameters(document: &mut Value, diagnostics: &mut Diagnostics) {
    use crate::diagnostics::join;
    // Not an object at all (`7`) is as unsendable as one without `in` or `name`.
    let unsendable = |parameter: &Value| {
        !parameter.is_object()
            || (parameter.get("$ref").is_none()
                && (!parameter.get("in").is_some_and(Value::is_string)
                    || !parameter.get("name").is_some_and(Value::is_string)))
    };
    let mut gone = std::collections::HashSet::new();
    if let Some(Value::Object(parameters)) = document.pointer_mut("/components/parameters") {
        parameters.retain(|name, parameter| {
            if !unsendable(parameter) {
                return true;
            }
            let pointer = join("/components/parameters", name);
            diagnostics.warn(
                &pointer,
                "a parameter without `in` or `name` (or not an object) cannot be sent: left out, with every reference to it; give it both",
            );
            gone.insert(format!("#{pointer}"));
            false
        });
    }
    let Some(Value::Object(paths)) = document.get_mut("paths") else { return };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let item_pointer = join("/paths", path);
        for (key, member) in item.iter_mut() {
            let list = if key == "parameters" { Some(member) } else { member.get_mut("parameters") };
            let Some(Value::Array(list)) = list else { continue };
            let owner = if key == "parameters" { item_pointer.clone() } else { join(&item_pointer, key) };
            // Each warning names the index as written; one pass keeps the rest.
            let mut index = 0;
            list.retain(|parameter| {
                let refers_to_gone = gone.contains(parameter.get("$ref").and_then(Value::as_str).unwrap_or_default());
                let leave_out = unsendable(parameter) || refers_to_gone;
                if leave_out {
                    let why = if refers_to_gone {
                        "refers to a parameter left out"
                    } else {
                        "has no `in` or `name` (or is not an object)"
                    };
                    let pointer = format!("{owner}/parameters/{index}");
                    diagnostics.warn(&pointer, format!("this parameter {why}: it cannot be sent and is left out"));
                }
                index += 1;
                !leave_out
            });
        }
    }
}

/// Mends what the model requires and a document left out, where a default
/// says the same: a parameter with neither `schema` nor `content` is a
/// string. True if it did.
fn mend_member(
    document: &mut Value,
    error: &Diagnostic,
    mended: &mut std::collections::HashSet<String>,
    diagnostics: &mut Diagnostics,
) -> bool {
    let tokens: Vec<&str> = error.pointer.split('/').collect();
    let is_parameter = matches!(tokens.as_slice(), ["", "components", "parameters", _])
        || matches!(tokens.as_slice(), ["", "paths", _, "parameters", _])
        || matches!(tokens.as_slice(), ["", "paths", _, _, "parameters", _]);
    // Each place is filled once.
    let first_time = mended.insert(format!("member {}", error.pointer));
    if first_time && is_parameter && error.message.contains("ParameterSchemaOrContent") {
        if let Some(Value::Object(parameter)) = document.pointer_mut(&error.pointer) {
            parameter.insert("schema".to_owned(), serde_json::json!({"type": "string"}));
            diagnostics.warn(
                &error.pointer,
                "a parameter with neither `schema` nor `content`: taken as a string; give it a schema",
            );
            return true;
        }
    }
    false
}

/// Mends the value at the error's place when it is a number or boolean where
/// a string was expected, or a `null` the model does not allow; true if it did.
fn coerce_scalar(document: &mut Value, error: &Diagnostic, diagnostics: &mut Diagnostics) -> bool {
    let wants_text = error.message.contains("expected a string");
    let is_null = error.message.contains("invalid type: null");
    let Some((parent, last)) = error.pointer.rsplit_once('/') else { return false };
    let last = last.replace("~1", "/").replace("~0", "~");
    let Some(target) = document.pointer_mut(&error.pointer) else { return false };
    match target {
        Value::Number(_) | Value::Bool(_) if wants_text => {
            let text = target.to_string();
            diagnostics.warn(&error.pointer, format!("{text} is not text: taken as the string {text:?}; quote it"));
            *target = Value::String(text);
            true
        }
        Value::Null if is_null => {
            let removed = match document.pointer_mut(parent) {
                Some(Value::Object(map)) => map.shift_remove(&last).is_some(),
                _ => false,
            };
            if removed {
                diagnostics.warn(&error.pointer, "`null` is not allowed here: left out as if absent");
            }
            removed
        }
        _ => false,
    }
}

fn parse_whole(document: &Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(document) {
        Ok(parsed) => Ok(parsed),
        Err(error) => {
            let (pointer, message) =
                narrow(document).unwrap_or_else(|| (pointer_of(error.path()), error.inner().to_string()));
            Err(Diagnostic::error(
                pointer,
                format!("not a valid OpenAPI 3.0 object here: {message}; fix the document at this place"),
            ))
        }
    }
}

/// A schema that does not parse is mended rather than dropped: a boolean
/// schema becomes any JSON (or, as a property, `false` drops the property);
/// sub-schemas are mended first, then the first keyword whose value has the
/// wrong type (`pattern: 0`, a string enum of numbers...) is ignored; what
/// still does not parse is typed as any JSON. Each step is a warning.
fn mend_schema(value: &mut Value, pointer: &str, diagnostics: &mut Diagnostics) {
    use openapiv3::{ReferenceOr, Schema};
    let parses = |value: &Value| serde_json::from_value::<ReferenceOr<Schema>>(value.clone()).is_ok();
    if parses(value) {
        return;
    }
    let Value::Object(map) = value else {
        let message = match &*value {
            Value::Bool(true) => "the boolean schema `true` (anything): typed as any JSON".to_owned(),
            Value::Bool(false) => "the boolean schema `false` (nothing): typed as any JSON".to_owned(),
            other => format!("{other} is not a schema: typed as any JSON"),
        };
        diagnostics.warn(pointer, message);
        *value = Value::Object(Default::default());
        return;
    };
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        let names: Vec<String> = properties.keys().cloned().collect();
        for name in names {
            let property_pointer = crate::diagnostics::join(&crate::diagnostics::join(pointer, "properties"), &name);
            match properties.get(&name) {
                Some(Value::Bool(false)) => {
                    diagnostics
                        .warn(&property_pointer, "the boolean schema `false` (never valid): the property is left out");
                    properties.shift_remove(&name);
                }
                Some(_) => {
                    if let Some(property) = properties.get_mut(&name) {
                        mend_schema(property, &property_pointer, diagnostics);
                    }
                }
                None => {}
            }
        }
    }
    for key in ["items", "not"] {
        if let Some(child) = map.get_mut(key) {
            mend_schema(child, &crate::diagnostics::join(pointer, key), diagnostics);
        }
    }
    if let Some(child @ Value::Object(_)) = map.get_mut("additionalProperties") {
        mend_schema(child, &crate::diagnostics::join(pointer, "additionalProperties"), diagnostics);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(parts)) = map.get_mut(key) {
            for (index, part) in parts.iter_mut().enumerate() {
                mend_schema(part, &format!("{}/{index}", crate::diagnostics::join(pointer, key)), diagnostics);
            }
        }
    }
    if parses(value) {
        return;
    }
    let Value::Object(map) = value else { return };
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let mut without = map.clone();
        without.shift_remove(&key);
        if parses(&Value::Object(without)) {
            diagnostics.warn(
                &crate::diagnostics::join(pointer, &key),
                format!("`{key}` has a value of the wrong type for this schema: ignored"),
            );
            map.shift_remove(&key);
            return;
        }
    }
    diagnostics.warn(
        pointer,
        "this schema does not parse (several keywords have values of the wrong type): typed as any JSON",
    );
    *value = Value::Object(Default::default());
}

/// Mends every schema found under `value` (at `schema` keys, or `value` itself
/// when it is a component schema): operations and components keep their place.
fn mend_schemas_within(value: &mut Value, pointer: &str, is_schema: bool, diagnostics: &mut Diagnostics) {
    if is_schema {
        return mend_schema(value, pointer, diagnostics);
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_pointer = crate::diagnostics::join(pointer, key);
                mend_schemas_within(child, &child_pointer, key == "schema", diagnostics);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                mend_schemas_within(child, &format!("{pointer}/{index}"), false, diagnostics);
            }
        }
        _ => {}
    }
}
