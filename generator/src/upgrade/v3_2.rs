//! OpenAPI 3.2 -> the 3.1 model the rest of `upgrade` brings to 3.0. Before
//! the 3.1 rewrite: media type components inlined, `itemSchema` read as the
//! streamed item, `in: querystring` read as a form-exploded query object,
//! `style: cookie`, responses without description, examples' `dataValue`,
//! tags' `summary` and `parent`. After it: `query` and `additionalOperations`
//! carried under our extension (the 3.0 model has fixed methods only).

use serde_json::{Map, Value};

use super::METHODS;
use crate::diagnostics::{join, Diagnostics};
use crate::extensions::{ADDITIONAL_OPERATIONS, DEFAULT_MAPPING, TAG_PARENT};
use crate::ir::StreamKind;

/// The rewrites that must see 3.2 keywords before the 3.1 pass walks them.
pub(super) fn before_31(document: &mut Value, diagnostics: &mut Diagnostics) {
    let operations = operation_pointers(document);
    inline_media_type_refs(document, &operations, diagnostics);
    // An event `itemSchema` may be a reference to a component: read there.
    let schemas = document.pointer("/components/schemas").cloned().unwrap_or(Value::Null);
    for pointer in content_pointers(document, &operations) {
        if let Some(Value::Object(content)) = document.pointer_mut(&pointer) {
            for (media_type, media) in content.iter_mut() {
                if let Value::Object(media) = media {
                    read_item_schema(media_type, media, &join(&pointer, media_type), &schemas, diagnostics);
                    examples_data_values(media);
                }
            }
        }
    }
    read_querystring_parameters(document, &operations, diagnostics);
    for pointer in response_pointers(document, &operations) {
        if let Some(Value::Object(response)) = document.pointer_mut(&pointer) {
            // 3.2 made `description` optional: `summary` stands in for it.
            if !response.contains_key("description") {
                let text = response.get("summary").cloned().unwrap_or_else(|| Value::from(""));
                response.insert("description".to_owned(), text);
            }
        }
    }
    if let Some(Value::Object(examples)) = document.pointer_mut("/components/examples") {
        for example in examples.values_mut() {
            if let Value::Object(example) = example {
                example_data_value(example);
            }
        }
    }
    read_tags(document, diagnostics);
    carry_default_mappings(document);
    if let Some(components) = document.get_mut("components").and_then(Value::as_object_mut) {
        components.remove("mediaTypes");
    }
}

/// After the 3.1 pass: each path's `query` and `additionalOperations` under
/// [`ADDITIONAL_OPERATIONS`] (method as sent -> operation), which `parse`
/// reads typed. A method that is not an HTTP token, or that a fixed field
/// already names, is warned about.
pub(super) fn after_31(document: &mut Value, diagnostics: &mut Diagnostics) {
    for section in ["paths", "webhooks"] {
        let Some(items) = document.get_mut(section).and_then(Value::as_object_mut) else { continue };
        for (path, item) in items.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            let item_pointer = join(&format!("/{section}"), path);
            let mut additional = Map::new();
            if let Some(query) = item.remove("query") {
                additional.insert("QUERY".to_owned(), query);
            }
            if let Some(Value::Object(operations)) = item.remove("additionalOperations") {
                for (method, operation) in operations {
                    let pointer = join(&join(&item_pointer, "additionalOperations"), &method);
                    let fixed = method.to_ascii_lowercase();
                    if !is_http_token(&method) {
                        diagnostics.warn(
                            &pointer,
                            format!("{method:?} is not an HTTP method name: the operation is left out; name the method as sent"),
                        );
                    } else if METHODS.contains(&fixed.as_str()) || fixed == "query" {
                        diagnostics.warn(
                            &pointer,
                            format!("`{method}` belongs in the path item's `{fixed}` field: the operation is left out; move it there"),
                        );
                    } else {
                        additional.insert(method, operation);
                    }
                }
            }
            if additional.is_empty() {
                continue;
            }
            if section == "webhooks" {
                diagnostics.warn(
                    &item_pointer,
                    "a webhook delivered with a method beyond the fixed ones: those operations are left out",
                );
                continue;
            }
            item.insert(ADDITIONAL_OPERATIONS.to_owned(), Value::Object(additional));
        }
    }
}

/// RFC 9110 `token`: what a method name may be.
fn is_http_token(method: &str) -> bool {
    !method.is_empty() && method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Every operation's pointer: the fixed methods, `query`, and each of
/// `additionalOperations`.
fn operation_pointers(document: &Value) -> Vec<String> {
    let mut found = Vec::new();
    for section in ["paths", "webhooks"] {
        let Some(items) = document.get(section).and_then(Value::as_object) else { continue };
        for (path, item) in items {
            let item_pointer = join(&format!("/{section}"), path);
            let Some(item) = item.as_object() else { continue };
            for method in METHODS.iter().copied().chain(["query"]) {
                if item.get(method).is_some_and(Value::is_object) {
                    found.push(join(&item_pointer, method));
                }
            }
            if let Some(Value::Object(additional)) = item.get("additionalOperations") {
                for method in additional.keys() {
                    found.push(join(&join(&item_pointer, "additionalOperations"), method));
                }
            }
        }
    }
    found
}

/// Pointers to objects of a section: `/components/<section>/<name>`.
fn component_pointers(document: &Value, section: &str) -> Vec<String> {
    let base = format!("/components/{section}");
    document
        .pointer(&base)
        .and_then(Value::as_object)
        .map(|items| items.keys().map(|name| join(&base, name)).collect())
        .unwrap_or_default()
}

/// Every parameter list entry and component parameter.
fn parameter_pointers(document: &Value, operations: &[String]) -> Vec<String> {
    let mut lists: Vec<String> = operations.iter().map(|op| join(op, "parameters")).collect();
    for section in ["paths", "webhooks"] {
        if let Some(items) = document.get(section).and_then(Value::as_object) {
            lists.extend(items.keys().map(|path| join(&join(&format!("/{section}"), path), "parameters")));
        }
    }
    let mut found = component_pointers(document, "parameters");
    for list in lists {
        let count = document.pointer(&list).and_then(Value::as_array).map_or(0, Vec::len);
        found.extend((0..count).map(|index| format!("{list}/{index}")));
    }
    found
}

/// Every response object: the operations' and the components'.
fn response_pointers(document: &Value, operations: &[String]) -> Vec<String> {
    let mut found = component_pointers(document, "responses");
    for op in operations {
        let responses = join(op, "responses");
        if let Some(statuses) = document.pointer(&responses).and_then(Value::as_object) {
            found.extend(statuses.keys().map(|status| join(&responses, status)));
        }
    }
    found
}

/// Every `content` map: request bodies, responses, parameters, headers and
/// their components.
fn content_pointers(document: &Value, operations: &[String]) -> Vec<String> {
    let responses = response_pointers(document, operations);
    let mut holders = responses.clone();
    holders.extend(parameter_pointers(document, operations));
    holders.extend(operations.iter().map(|op| join(op, "requestBody")));
    for section in ["requestBodies", "headers"] {
        holders.extend(component_pointers(document, section));
    }
    let response_headers: Vec<String> = responses
        .into_iter()
        .flat_map(|response| {
            let headers = join(&response, "headers");
            let names: Vec<String> = document
                .pointer(&headers)
                .and_then(Value::as_object)
                .map(|names| names.keys().map(|name| join(&headers, name)).collect())
                .unwrap_or_default();
            names
        })
        .collect();
    holders.extend(response_headers);
    holders
        .into_iter()
        .map(|holder| join(&holder, "content"))
        .filter(|content| document.pointer(content).is_some_and(Value::is_object))
        .collect()
}

/// A media type given as a `$ref` to `#/components/mediaTypes/...` is
/// replaced by its target; one that leads nowhere is an empty media type
/// (a body of any shape), warned about.
fn inline_media_type_refs(document: &mut Value, operations: &[String], diagnostics: &mut Diagnostics) {
    for pointer in content_pointers(document, operations) {
        let media_types: Vec<String> = document
            .pointer(&pointer)
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        for media_type in media_types {
            let place = join(&pointer, &media_type);
            let Some(reference) = document.pointer(&place).and_then(|m| m.get("$ref")).and_then(Value::as_str) else {
                continue;
            };
            let reference = reference.to_owned();
            let target = resolve_media_type(document, &reference);
            if target.is_none() {
                diagnostics.warn(
                    &place,
                    format!("media type reference {reference:?} points at nothing (or loops): taken as a body of any shape; fix the `$ref`"),
                );
            }
            if let Some(slot) = document.pointer_mut(&place) {
                *slot = target.unwrap_or_else(|| Value::Object(Map::new()));
            }
        }
    }
}

/// The media type object a reference leads to, through chained references.
fn resolve_media_type(document: &Value, reference: &str) -> Option<Value> {
    let mut reference = reference.to_owned();
    for _ in 0..32 {
        let target = document.pointer(reference.strip_prefix("#/components/mediaTypes/").map(|_| &reference[1..])?)?;
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) => reference = next.to_owned(),
            None => return target.is_object().then(|| target.clone()),
        }
    }
    None
}

/// `itemSchema` describes each item of a sequential media type. For the
/// streams the client reads (JSON lines, server-sent events) it becomes the
/// `schema` the rest of the pipeline reads as the item (an event's `data`);
/// elsewhere it is ignored with a warning, as are positional encodings.
fn read_item_schema(
    media_type: &str,
    media: &mut Map<String, Value>,
    pointer: &str,
    schemas: &Value,
    diagnostics: &mut Diagnostics,
) {
    for key in ["prefixEncoding", "itemEncoding"] {
        if media.remove(key).is_some() {
            diagnostics.warn(
                &join(pointer, key),
                "positional multipart encoding is not supported: ignored, parts are encoded by their defaults",
            );
        }
    }
    let Some(item) = media.remove("itemSchema") else { return };
    match StreamKind::of(media_type) {
        Some(StreamKind::JsonLines) => {
            media.insert("schema".to_owned(), item);
        }
        Some(StreamKind::Events) => {
            let data = event_data_schema(&item, schemas).unwrap_or_else(|| {
                diagnostics.warn(
                    &join(pointer, "itemSchema"),
                    "the events' `data` is not described the same way for every event: read as text",
                );
                serde_json::json!({"type": "string"})
            });
            media.insert("schema".to_owned(), data);
        }
        None => diagnostics.warn(
            &join(pointer, "itemSchema"),
            format!("`{media_type}` is not read as a stream: `itemSchema` is ignored, the body is read whole"),
        ),
    }
}

/// What an event's `data` decodes into, from an event `itemSchema`:
/// `contentSchema` where every event that describes `data` gives the same
/// one, any JSON for `contentMediaType` JSON, text for plain strings. None
/// when events disagree.
fn event_data_schema(item: &Value, schemas: &Value) -> Option<Value> {
    let mut kinds: Vec<Value> = Vec::new();
    // The item, its parts, and the component each of them refers to (one hop).
    let mut candidates = vec![item];
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(Value::Array(parts)) = item.get(key) {
            candidates.extend(parts);
        }
    }
    let referred: Vec<&Value> = candidates
        .iter()
        .filter_map(|candidate| candidate.get("$ref").and_then(Value::as_str))
        .filter_map(|reference| reference.strip_prefix("#/components/schemas/"))
        .filter_map(|name| schemas.get(crate::diagnostics::unescape_token(name)))
        .collect();
    candidates.extend(referred);
    for candidate in candidates {
        let Some(data) = candidate.pointer("/properties/data") else { continue };
        let kind = if let Some(schema) = data.get("contentSchema") {
            schema.clone()
        } else if data.get("contentMediaType").and_then(Value::as_str).is_some_and(|m| m.contains("json")) {
            Value::Object(Map::new())
        } else {
            serde_json::json!({"type": "string"})
        };
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    match kinds.len() {
        0 => Some(serde_json::json!({"type": "string"})),
        1 => kinds.pop(),
        _ => None,
    }
}

/// 3.2 examples may give the value as data (`dataValue`) instead of `value`.
fn example_data_value(example: &mut Map<String, Value>) {
    if let Some(data) = example.remove("dataValue") {
        example.entry("value").or_insert(data);
    }
    example.remove("serializedValue");
}

fn examples_data_values(holder: &mut Map<String, Value>) {
    if let Some(Value::Object(examples)) = holder.get_mut("examples") {
        for example in examples.values_mut() {
            if let Value::Object(example) = example {
                example_data_value(example);
            }
        }
    }
}

/// `in: querystring` (the whole query string, one parameter): as
/// `application/x-www-form-urlencoded` it is the 3.0 query object exploded
/// in form style (`a=1&b=2`); any other media type cannot be sent by the
/// 3.0 model, so the operations taking it are left out with a warning.
fn read_querystring_parameters(document: &mut Value, operations: &[String], diagnostics: &mut Diagnostics) {
    let mut unsendable: Vec<String> = Vec::new();
    for pointer in parameter_pointers(document, operations) {
        let Some(Value::Object(parameter)) = document.pointer_mut(&pointer) else { continue };
        examples_data_values(parameter);
        if parameter.get("in").and_then(Value::as_str) == Some("cookie")
            && parameter.get("style").and_then(Value::as_str) == Some("cookie")
        {
            // `name=value` per cookie: what 3.0's form style sends for one.
            parameter.insert("style".to_owned(), Value::from("form"));
        }
        if parameter.get("in").and_then(Value::as_str) != Some("querystring") {
            continue;
        }
        let form = parameter.get("content").and_then(Value::as_object).and_then(|content| {
            content.iter().find(|(media_type, _)| {
                media_type
                    .split(';')
                    .next()
                    .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/x-www-form-urlencoded"))
            })
        });
        match form.map(|(_, media)| media.get("schema").cloned()) {
            Some(schema) => {
                let schema = schema.unwrap_or_else(
                    || serde_json::json!({"type": "object", "additionalProperties": {"type": "string"}}),
                );
                parameter.remove("content");
                parameter.insert("in".to_owned(), Value::from("query"));
                parameter.insert("schema".to_owned(), schema);
                parameter.insert("style".to_owned(), Value::from("form"));
                parameter.insert("explode".to_owned(), Value::Bool(true));
            }
            None => unsendable.push(pointer),
        }
    }
    if unsendable.is_empty() {
        return;
    }
    let refers = |entry: &Value| {
        let target = entry.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#'));
        unsendable.iter().any(|pointer| target == Some(pointer.as_str()))
    };
    let mut left_out = Vec::new();
    for op in operations {
        let item = op.rsplit_once('/').map(|(item, _)| item.trim_end_matches("/additionalOperations")).unwrap_or(op);
        let takes = [join(op, "parameters"), join(item, "parameters")].iter().any(|list| {
            document.pointer(list).and_then(Value::as_array).is_some_and(|entries| {
                entries
                    .iter()
                    .enumerate()
                    .any(|(index, entry)| refers(entry) || unsendable.contains(&format!("{list}/{index}")))
            })
        });
        if takes {
            diagnostics.warn(
                op,
                "takes an `in: querystring` parameter that is not `application/x-www-form-urlencoded`: \
                 the operation is left out (the client cannot send it)",
            );
            left_out.push(op.clone());
        }
    }
    for pointer in left_out.iter().rev() {
        crate::overlay::remove(document, pointer);
    }
    for pointer in unsendable.iter().filter(|p| p.starts_with("/components/")) {
        diagnostics.warn(pointer, "an `in: querystring` parameter that is not a form: left out");
        crate::overlay::remove(document, pointer);
    }
}

/// Tags: `summary` stands in for a missing description; `parent` is kept
/// for the groups (under [`TAG_PARENT`]) when it names a declared tag
/// without a loop; `kind` is for display and dropped.
fn read_tags(document: &mut Value, diagnostics: &mut Diagnostics) {
    let Some(Value::Array(tags)) = document.get_mut("tags") else { return };
    let names: Vec<Option<String>> =
        tags.iter().map(|tag| tag.get("name").and_then(Value::as_str).map(str::to_owned)).collect();
    let parents: Vec<Option<String>> =
        tags.iter().map(|tag| tag.get("parent").and_then(Value::as_str).map(str::to_owned)).collect();
    let parent_of = |name: &str| names.iter().position(|n| n.as_deref() == Some(name)).and_then(|i| parents[i].clone());
    for (index, tag) in tags.iter_mut().enumerate() {
        let Value::Object(tag) = tag else { continue };
        tag.remove("kind");
        if let Some(summary) = tag.remove("summary") {
            tag.entry("description").or_insert(summary);
        }
        let Some(Value::String(parent)) = tag.remove("parent") else { continue };
        let pointer = format!("/tags/{index}/parent");
        if !names.iter().any(|name| name.as_deref() == Some(parent.as_str())) {
            diagnostics.warn(&pointer, format!("parent tag {parent:?} is not declared: the tag stands alone"));
            continue;
        }
        // Walk up: reaching this tag again is a loop.
        let mut ancestor = Some(parent.clone());
        let mut looped = false;
        for _ in 0..names.len() {
            let Some(current) = ancestor else { break };
            if names[index].as_deref() == Some(current.as_str()) {
                looped = true;
                break;
            }
            ancestor = parent_of(&current);
        }
        if looped {
            diagnostics.warn(&pointer, "tags' parents form a loop: the tag stands alone");
            continue;
        }
        tag.insert(TAG_PARENT.to_owned(), Value::String(parent));
    }
}

/// A discriminator's `defaultMapping`, which the 3.0 model has no field
/// for, under [`DEFAULT_MAPPING`] (the unions read it).
fn carry_default_mappings(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(discriminator)) = map.get_mut("discriminator") {
                if let Some(default) = discriminator.remove("defaultMapping") {
                    discriminator.insert(DEFAULT_MAPPING.to_owned(), default);
                }
            }
            for (key, child) in map.iter_mut() {
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum" | "const") {
                    carry_default_mappings(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(carry_default_mappings),
        _ => {}
    }
}
