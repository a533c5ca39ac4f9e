//! Swagger 2.0 -> OpenAPI 3.0.3, the stage before `upgrade`: `definitions`,
//! `parameters` (body and formData ones become request bodies), `responses`,
//! `securityDefinitions`, `consumes`/`produces`, `host` + `basePath` +
//! `schemes`, `collectionFormat`, `x-nullable`, `type: file`, Azure's
//! `x-ms-paths`; what has no 3.0 form is warned about at its 2.0 place. A
//! document that is not 2.0 passes through untouched.

use serde_json::{json, Map, Value};

use crate::diagnostics::{join, Diagnostic, Diagnostics, Outcome};
use crate::upgrade::METHODS;

/// The stage.
pub(crate) fn swagger2(document: Value, diagnostics: &mut Diagnostics) -> Outcome<Value> {
    let Value::Object(root) = document else { return Ok(document) };
    let version = match root.get("swagger") {
        None => return Ok(Value::Object(root)),
        Some(Value::String(version)) => version.trim().to_owned(),
        Some(Value::Number(number)) => number.to_string(),
        Some(_) => String::new(),
    };
    if version != "2.0" && version != "2" {
        return Err(diagnostics.stop(Diagnostic::error(
            "/swagger",
            format!("Swagger version {version:?} is not supported: only 2.0 (and OpenAPI 3.x) documents are read"),
        )));
    }
    Ok(Converter::new(root, diagnostics).convert())
}

/// `#/definitions/X` and friends, as 3.0 spells them.
const REF_PREFIXES: [(&str, &str); 3] = [
    ("#/definitions/", "#/components/schemas/"),
    ("#/responses/", "#/components/responses/"),
    ("#/parameters/", "#/components/parameters/"),
];

/// Keys whose values are data (never schemas or references to rewrite).
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "x-example", "x-examples"];

/// Parameter fields that describe its value: they make its 3.0 `schema`.
const VALUE_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

struct Converter<'a> {
    root: Map<String, Value>,
    /// The 2.0 document's own `parameters`, by name, as written.
    global_parameters: Map<String, Value>,
    consumes: Vec<String>,
    produces: Vec<String>,
    diagnostics: &'a mut Diagnostics,
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    let list: Vec<String> = value?.as_array()?.iter().filter_map(Value::as_str).map(str::to_owned).collect();
    (!list.is_empty()).then_some(list)
}

fn is_form(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "multipart/form-data" || essence == "application/x-www-form-urlencoded"
}

impl<'a> Converter<'a> {
    fn new(mut root: Map<String, Value>, diagnostics: &'a mut Diagnostics) -> Self {
        let json = vec!["application/json".to_owned()];
        let consumes = strings(root.get("consumes")).unwrap_or_else(|| json.clone());
        let produces = strings(root.get("produces")).unwrap_or(json);
        let global_parameters = match root.remove("parameters") {
            Some(Value::Object(parameters)) => parameters,
            _ => Map::new(),
        };
        Self { root, global_parameters, consumes, produces, diagnostics }
    }

    fn convert(mut self) -> Value {
        let mut whole = Value::Object(std::mem::take(&mut self.root));
        walk_refs(&mut whole, false);
        if let Value::Object(root) = whole {
            self.root = root;
        }
        for parameter in self.global_parameters.values_mut() {
            walk_refs(parameter, false);
        }
        let mut out = Map::new();
        out.insert("openapi".to_owned(), Value::from("3.0.3"));
        for key in ["info", "tags", "security", "externalDocs"] {
            if let Some(value) = self.root.remove(key) {
                out.insert(key.to_owned(), value);
            }
        }
        out.insert("servers".to_owned(), Value::Array(self.servers()));
        let components = self.components();
        let paths = self.paths();
        out.insert("paths".to_owned(), Value::Object(paths));
        out.insert("components".to_owned(), Value::Object(components));
        for (key, value) in std::mem::take(&mut self.root) {
            if key.starts_with("x-") && key != "x-ms-paths" && key != "x-ms-parameterized-host" {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    /// `schemes` x `host` + `basePath`; without a host, the base path alone
    /// (relative to wherever the document is served).
    fn servers(&mut self) -> Vec<Value> {
        let base_path =
            self.root.get("basePath").and_then(Value::as_str).unwrap_or("").trim_end_matches('/').to_owned();
        if self.root.contains_key("x-ms-parameterized-host") {
            self.diagnostics.warn(
                "/x-ms-parameterized-host",
                "the host is a template (`x-ms-parameterized-host`): not filled in; set the client's base URL",
            );
        }
        let Some(host) = self.root.get("host").and_then(Value::as_str).map(str::to_owned) else {
            let url = if base_path.is_empty() { "/".to_owned() } else { base_path };
            return vec![json!({ "url": url })];
        };
        let schemes = strings(self.root.get("schemes")).unwrap_or_else(|| vec!["https".to_owned()]);
        schemes
            .iter()
            .filter(|scheme| matches!(scheme.as_str(), "http" | "https"))
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base_path}") }))
            .collect()
    }

    fn components(&mut self) -> Map<String, Value> {
        let mut components = match self.root.remove("components") {
            // Schemas the bundle stage brought in from other files.
            Some(Value::Object(components)) => components,
            _ => Map::new(),
        };
        let mut schemas = match components.remove("schemas") {
            Some(Value::Object(schemas)) => schemas,
            _ => Map::new(),
        };
        if let Some(Value::Object(definitions)) = self.root.remove("definitions") {
            for (name, mut schema) in definitions {
                convert_schema(&mut schema);
                schemas.entry(name).or_insert(schema);
            }
        }
        components.insert("schemas".to_owned(), Value::Object(schemas));
        let mut parameters = Map::new();
        let mut request_bodies = Map::new();
        for (name, parameter) in self.global_parameters.clone() {
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let consumes = self.consumes.clone();
                    request_bodies.insert(name, body_request(&parameter, &consumes));
                }
                // Inlined into the form body of each operation that uses it.
                Some("formData") => {}
                _ => {
                    let pointer = join("/parameters", &name);
                    parameters.insert(name, self.parameter(&parameter, &pointer));
                }
            }
        }
        components.insert("parameters".to_owned(), Value::Object(parameters));
        components.insert("requestBodies".to_owned(), Value::Object(request_bodies));
        if let Some(Value::Object(responses)) = self.root.remove("responses") {
            let produces = self.produces.clone();
            let converted = responses.into_iter().map(|(name, response)| (name, convert_response(response, &produces)));
            components.insert("responses".to_owned(), Value::Object(converted.collect()));
        }
        if let Some(Value::Object(schemes)) = self.root.remove("securityDefinitions") {
            let converted = schemes.into_iter().filter_map(|(name, scheme)| {
                let pointer = join("/securityDefinitions", &name);
                self.security_scheme(scheme, &pointer).map(|scheme| (name, scheme))
            });
            let converted: Map<String, Value> = converted.collect();
            components.insert("securitySchemes".to_owned(), Value::Object(converted));
        }
        components
    }

    fn security_scheme(&mut self, scheme: Value, pointer: &str) -> Option<Value> {
        let Value::Object(mut scheme) = scheme else {
            self.diagnostics.warn(pointer, "a security scheme that is not an object: left out");
            return None;
        };
        let description = scheme.remove("description");
        let mut out = match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => json!({"type": "http", "scheme": "basic"}),
            Some("apiKey") => json!({"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")}),
            Some("oauth2") => {
                let flow = scheme.get("flow").and_then(Value::as_str).unwrap_or("implicit");
                let name = match flow {
                    "password" => "password",
                    "application" => "clientCredentials",
                    "accessCode" => "authorizationCode",
                    _ => "implicit",
                };
                let mut details = Map::new();
                for key in ["authorizationUrl", "tokenUrl", "scopes"] {
                    if let Some(value) = scheme.get(key) {
                        details.insert(key.to_owned(), value.clone());
                    }
                }
                details.entry("scopes").or_insert_with(|| json!({}));
                json!({"type": "oauth2", "flows": { name: details }})
            }
            other => {
                self.diagnostics.warn(
                    pointer,
                    format!(
                        "security scheme type {other:?} is not one of Swagger 2.0's (basic, apiKey, oauth2): left out"
                    ),
                );
                return None;
            }
        };
        if let (Some(description), Value::Object(out)) = (description, &mut out) {
            out.insert("description".to_owned(), description);
        }
        Some(out)
    }

    fn paths(&mut self) -> Map<String, Value> {
        let mut paths = match self.root.remove("paths") {
            Some(Value::Object(paths)) => paths,
            _ => Map::new(),
        };
        // Azure's second paths map (same path, another query): merged as the
        // public directory merges it, the query turned into a fragment.
        if let Some(Value::Object(ms_paths)) = self.root.remove("x-ms-paths") {
            for (path, item) in ms_paths {
                paths.entry(path.replace('?', "#")).or_insert(item);
            }
        }
        let mut converted = Map::new();
        for (path, item) in paths {
            let pointer = join("/paths", &path);
            let item = match item {
                Value::Object(item) if !path.starts_with("x-") => Value::Object(self.path_item(item, &pointer)),
                other => other,
            };
            converted.insert(path, item);
        }
        converted
    }

    fn path_item(&mut self, mut item: Map<String, Value>, pointer: &str) -> Map<String, Value> {
        let shared: Vec<Value> = match item.remove("parameters") {
            Some(Value::Array(parameters)) => parameters,
            _ => Vec::new(),
        };
        let mut plain = Vec::new();
        let mut carried = Vec::new();
        for (index, parameter) in shared.into_iter().enumerate() {
            let place = format!("{}/{index}", join(pointer, "parameters"));
            match self.kind(&parameter) {
                "body" | "formData" => carried.push((parameter, place)),
                _ => plain.push(self.parameter_or_ref(&parameter, &place)),
            }
        }
        if !plain.is_empty() {
            item.insert("parameters".to_owned(), Value::Array(plain));
        }
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.remove(*method) {
                let operation = self.operation(operation, &carried, &join(pointer, method));
                item.insert((*method).to_owned(), Value::Object(operation));
            }
        }
        item
    }

    /// Where a parameter (or the global one it refers to) goes.
    fn kind(&self, parameter: &Value) -> &'static str {
        let resolved = self.resolve(parameter);
        match resolved.get("in").and_then(Value::as_str) {
            Some("body") => "body",
            Some("formData") => "formData",
            _ => "other",
        }
    }

    /// A reference to a global parameter, followed; anything else as it is.
    fn resolve<'v>(&'v self, parameter: &'v Value) -> &'v Value {
        let target =
            parameter.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/parameters/"));
        target
            .and_then(|name| self.global_parameters.get(&crate::diagnostics::unescape_token(name)))
            .unwrap_or(parameter)
    }

    fn parameter_or_ref(&mut self, parameter: &Value, pointer: &str) -> Value {
        if parameter.get("$ref").is_some() {
            parameter.clone()
        } else {
            self.parameter(parameter, pointer)
        }
    }

    fn operation(
        &mut self,
        mut operation: Map<String, Value>,
        carried: &[(Value, String)],
        pointer: &str,
    ) -> Map<String, Value> {
        let consumes = strings(operation.remove("consumes").as_ref()).unwrap_or_else(|| self.consumes.clone());
        let produces = strings(operation.remove("produces").as_ref()).unwrap_or_else(|| self.produces.clone());
        operation.remove("schemes");
        let own: Vec<Value> = match operation.remove("parameters") {
            Some(Value::Array(parameters)) => parameters,
            _ => Vec::new(),
        };
        let mut parameters = Vec::new();
        let mut body: Option<(Value, String)> = None;
        let mut form: Vec<(Value, String)> = Vec::new();
        let own_places: Vec<(Value, String)> = own
            .into_iter()
            .enumerate()
            .map(|(index, parameter)| (parameter, format!("{}/{index}", join(pointer, "parameters"))))
            .collect();
        // An operation's own parameter overrides the path's of the same name and place.
        let key = |converter: &Self, parameter: &Value| {
            let resolved = converter.resolve(parameter);
            (resolved.get("name").cloned(), resolved.get("in").cloned())
        };
        let own_keys: Vec<_> = own_places.iter().map(|(parameter, _)| key(self, parameter)).collect();
        let inherited: Vec<(Value, String)> =
            carried.iter().filter(|(parameter, _)| !own_keys.contains(&key(self, parameter))).cloned().collect();
        for (parameter, place) in own_places.into_iter().chain(inherited) {
            match self.kind(&parameter) {
                "body" if body.is_some() => {
                    self.diagnostics.warn(&place, "a second `in: body` parameter: ignored (an operation has one body)")
                }
                "body" => body = Some((parameter, place)),
                "formData" => form.push((self.resolve(&parameter).clone(), place)),
                _ => parameters.push(self.parameter_or_ref(&parameter, &place)),
            }
        }
        if !parameters.is_empty() {
            operation.insert("parameters".to_owned(), Value::Array(parameters));
        }
        if let Some((parameter, place)) = body {
            if !form.is_empty() {
                self.diagnostics
                    .warn(&place, "both `in: body` and `in: formData` parameters: the form fields are ignored");
                form.clear();
            }
            let request = match parameter.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    json!({ "$ref": reference.replace("#/components/parameters/", "#/components/requestBodies/") })
                }
                None => body_request(&parameter, &consumes),
            };
            operation.insert("requestBody".to_owned(), request);
        }
        if !form.is_empty() {
            operation.insert("requestBody".to_owned(), form_request(&form, &consumes));
        }
        if let Some(Value::Object(responses)) = operation.remove("responses") {
            let converted =
                responses.into_iter().map(|(status, response)| (status, convert_response(response, &produces)));
            operation.insert("responses".to_owned(), Value::Object(converted.collect()));
        }
        if operation.get("x-ms-long-running-operation").and_then(Value::as_bool) == Some(true) {
            let note = "Long-running (`x-ms-long-running-operation`): this call starts it; poll the URL its \
                        `Azure-AsyncOperation` or `Location` header gives until it finishes.";
            let text = match operation.get("description").and_then(Value::as_str) {
                Some(description) => format!("{description}\n\n{note}"),
                None => note.to_owned(),
            };
            operation.insert("description".to_owned(), Value::String(text));
        }
        operation
    }

    /// A query, header or path parameter: its value fields become `schema`,
    /// `collectionFormat` the matching `style`/`explode`.
    fn parameter(&mut self, parameter: &Value, pointer: &str) -> Value {
        let Value::Object(parameter) = parameter else { return parameter.clone() };
        let mut out = Map::new();
        for (key, value) in parameter {
            if !VALUE_KEYS.contains(&key.as_str()) && key != "collectionFormat" {
                out.insert(key.clone(), value.clone());
            }
        }
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("");
        if location == "path" {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        out.insert("schema".to_owned(), value_schema(parameter));
        if parameter.get("type").and_then(Value::as_str) == Some("array") {
            let format = parameter.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let (style, explode) = match (format, location) {
                ("multi", "query") => ("form", true),
                ("ssv", "query") => ("spaceDelimited", false),
                ("pipes", "query") => ("pipeDelimited", false),
                ("csv", "query") => ("form", false),
                ("csv", _) => ("simple", false),
                (other, _) => {
                    self.diagnostics.warn(
                        &join(pointer, "collectionFormat"),
                        format!("`collectionFormat: {other}` has no OpenAPI 3 form here: sent comma-separated"),
                    );
                    (if location == "query" { "form" } else { "simple" }, false)
                }
            };
            out.insert("style".to_owned(), Value::from(style));
            out.insert("explode".to_owned(), Value::Bool(explode));
        }
        Value::Object(out)
    }
}

/// A 2.0 parameter's (or header's, or items') value fields as a schema.
fn value_schema(fields: &Map<String, Value>) -> Value {
    let mut schema = Map::new();
    for key in VALUE_KEYS {
        if let Some(value) = fields.get(*key) {
            let value = match (*key, value) {
                ("items", Value::Object(items)) => value_schema(items),
                _ => value.clone(),
            };
            schema.insert((*key).to_owned(), value);
        }
    }
    if let Some(reference) = fields.get("$ref") {
        schema.insert("$ref".to_owned(), reference.clone());
    }
    let mut schema = Value::Object(schema);
    convert_schema(&mut schema);
    schema
}

fn body_request(parameter: &Value, consumes: &[String]) -> Value {
    let mut schema = parameter.get("schema").cloned().unwrap_or_else(|| json!({}));
    convert_schema(&mut schema);
    let media_types: Vec<&String> = consumes.iter().filter(|media_type| !is_form(media_type)).collect();
    let media_types = if media_types.is_empty() { consumes.iter().collect() } else { media_types };
    let content: Map<String, Value> =
        media_types.into_iter().map(|media_type| (media_type.clone(), json!({ "schema": schema }))).collect();
    let mut request = Map::new();
    if let Some(description) = parameter.get("description") {
        request.insert("description".to_owned(), description.clone());
    }
    request.insert("required".to_owned(), Value::Bool(parameter.get("required") == Some(&Value::Bool(true))));
    request.insert("content".to_owned(), Value::Object(content));
    Value::Object(request)
}

/// `in: formData` parameters as one form body: multipart when a field is a
/// file or the operation consumes multipart, else URL-encoded.
fn form_request(fields: &[(Value, String)], consumes: &[String]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for (field, _) in fields {
        let Value::Object(field) = field else { continue };
        let Some(name) = field.get("name").and_then(Value::as_str) else { continue };
        has_file |= field.get("type").and_then(Value::as_str) == Some("file");
        let mut schema = value_schema(field);
        if let (Some(description), Value::Object(schema)) = (field.get("description"), &mut schema) {
            schema.insert("description".to_owned(), description.clone());
        }
        properties.insert(name.to_owned(), schema);
        if field.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::from(name));
        }
    }
    let multipart = has_file || consumes.iter().any(|m| m.starts_with("multipart/form-data"));
    let media_type = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required.clone());
    }
    json!({ "required": !required.is_empty(), "content": { media_type: { "schema": schema } } })
}

fn convert_response(response: Value, produces: &[String]) -> Value {
    let Value::Object(mut response) = response else { return response };
    if response.contains_key("$ref") {
        return Value::Object(response);
    }
    response.entry("description").or_insert_with(|| Value::from(""));
    let examples = response.remove("examples");
    if let Some(mut schema) = response.remove("schema") {
        convert_schema(&mut schema);
        let mut content = Map::new();
        for media_type in produces {
            let mut media = json!({ "schema": schema });
            if let Some(example) = examples.as_ref().and_then(|examples| examples.get(media_type)) {
                media["example"] = example.clone();
            }
            content.insert(media_type.clone(), media);
        }
        response.insert("content".to_owned(), Value::Object(content));
    } else if let Some(Value::Object(examples)) = examples {
        // No schema, but examples of a body: a body of any shape, as shown.
        let content = examples.into_iter().map(|(media_type, example)| (media_type, json!({ "example": example })));
        response.insert("content".to_owned(), Value::Object(content.collect()));
    }
    if let Some(Value::Object(headers)) = response.remove("headers") {
        let converted = headers.into_iter().map(|(name, header)| {
            let header = match header {
                Value::Object(fields) => {
                    let mut out = json!({ "schema": value_schema(&fields) });
                    if let Some(description) = fields.get("description") {
                        out["description"] = description.clone();
                    }
                    out
                }
                other => other,
            };
            (name, header)
        });
        response.insert("headers".to_owned(), Value::Object(converted.collect()));
    }
    Value::Object(response)
}

/// One schema and the schemas inside it: `x-nullable`, `type: file`, a
/// discriminator given as the property's name.
fn convert_schema(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if let Some(nullable) = map.remove("x-nullable") {
        map.insert("nullable".to_owned(), nullable);
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".to_owned(), Value::from("string"));
        map.insert("format".to_owned(), Value::from("binary"));
    }
    if let Some(Value::String(property)) = map.get("discriminator").cloned() {
        map.insert("discriminator".to_owned(), json!({ "propertyName": property }));
    }
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" => {
                if let Value::Object(properties) = child {
                    properties.values_mut().for_each(convert_schema);
                }
            }
            "items" | "additionalProperties" | "not" => convert_schema(child),
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(parts) = child {
                    parts.iter_mut().for_each(convert_schema);
                }
            }
            _ => {}
        }
    }
}

/// Keys of 2.0 objects whose keys are names (of properties, paths...).
const NAME_MAPS: &[&str] =
    &["properties", "definitions", "parameters", "responses", "paths", "x-ms-paths", "securityDefinitions", "headers"];

/// Every `$ref` rewritten to 3.0's places; `names`: the keys here are
/// names, not keywords.
fn walk_refs(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => {
            if !names {
                if let Some(Value::String(reference)) = map.get_mut("$ref") {
                    if let Some((old, new)) = REF_PREFIXES.iter().find(|(old, _)| reference.starts_with(old)) {
                        *reference = format!("{new}{}", &reference[old.len()..]);
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if names {
                    walk_refs(child, false);
                } else if !DATA_KEYS.contains(&key.as_str()) {
                    walk_refs(child, NAME_MAPS.contains(&key.as_str()) && child.is_object());
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| walk_refs(item, false)),
        _ => {}
    }
}
