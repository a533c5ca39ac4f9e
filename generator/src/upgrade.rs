//! Upgrade: the loaded (and bundled) JSON value -> the OpenAPI 3.0 model the
//! parser understands: the version check, path-item references inlined, 3.2
//! constructs brought to 3.1 (`v3_2`), 3.1 keywords rewritten, a 3.1
//! reference's description/summary applied, webhooks carried as an extension.

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, Outcome};
use crate::extensions::INCOMING_WEBHOOKS;

mod v3_2;

/// What the 3.0 model requires and a document may leave out (a components-only
/// document has no `paths`): filled in with a warning instead of refusing it.
fn fill_required_members(root: &mut Map<String, Value>, diagnostics: &mut Diagnostics) {
    if !root.get("paths").is_some_and(Value::is_object) {
        let what = if root.contains_key("paths") { "is not an object" } else { "is missing" };
        diagnostics.warn("/paths", format!("`paths` {what}: taken as no paths (the crate has types only)"));
        root.insert("paths".to_owned(), Value::Object(Map::new()));
    }
    if !root.get("info").is_some_and(Value::is_object) {
        diagnostics.warn("/info", "`info` is missing or not an object: the title and version below are used");
        root.insert("info".to_owned(), Value::Object(Map::new()));
    }
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        for (key, fallback) in [("title", "API"), ("version", "0.0.0")] {
            if info.get(key).is_none_or(Value::is_null) {
                diagnostics.warn(&format!("/info/{key}"), format!("`info.{key}` is missing: taken as {fallback:?}"));
                info.insert(key.to_owned(), Value::String(fallback.to_owned()));
            }
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            if let Some(identifier) = license.get("identifier").cloned() {
                license.insert(crate::extensions::SPDX_IDENTIFIER.to_owned(), identifier);
            }
        }
    }
}

/// The stage: checks the version and brings a 3.1 or 3.2 document to the 3.0 model
/// the parser understands.
pub(crate) fn upgrade(document: Value, diagnostics: &mut Diagnostics) -> Outcome<Value> {
    to_openapi_30(document, diagnostics).map_err(|error| diagnostics.stop(error))
}

fn to_openapi_30(mut document: Value, diagnostics: &mut Diagnostics) -> Result<Value, Diagnostic> {
    let fail = |pointer: &str, message: String| Diagnostic::error(pointer, message);
    let Some(root) = document.as_object_mut() else {
        return Err(fail("", "the document's top level must be an object with an `openapi` field".to_owned()));
    };
    let version = match root.get("openapi") {
        Some(Value::String(version)) => version.clone(),
        // YAML reads an unquoted `openapi: 3.0` as a number.
        Some(Value::Number(number)) if number.as_f64().is_some_and(|n| (3.0..3.3).contains(&n)) => {
            let version = match number.as_f64() {
                Some(n) if n >= 3.2 => "3.2",
                Some(n) if n >= 3.1 => "3.1",
                _ => "3.0",
            };
            diagnostics.warn(
                "/openapi",
                format!("`openapi` is the number {number}, not a string: read as {version:?}; quote it"),
            );
            root.insert("openapi".to_owned(), Value::String(format!("{version}.0")));
            format!("{version}.0")
        }
        Some(_) => return Err(fail("/openapi", "`openapi` must be a version string such as \"3.0.3\"".to_owned())),
        None => return Err(fail("", "no `openapi` version field: this is not an OpenAPI 3 document".to_owned())),
    };
    // A major version alone names no model: the oldest 3.x is the safe reading.
    let version = if version.trim() == "3" {
        diagnostics.warn("/openapi", "`openapi` is \"3\", without a minor version: read as 3.0.3; write it in full");
        root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
        "3.0.3".to_owned()
    } else {
        version
    };
    if version.starts_with("3.1") || version.starts_with("3.2") {
        let is_32 = version.starts_with("3.2");
        inline_path_item_refs(&mut document, diagnostics);
        if is_32 {
            v3_2::before_31(&mut document, diagnostics);
        }
        apply_reference_overrides(&mut document);
        upgrade_31(&mut document, "", Context::Document, diagnostics);
        if is_32 {
            v3_2::after_31(&mut document, diagnostics);
        }
        if let Some(root) = document.as_object_mut() {
            root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
            if let Some(webhooks) = root.remove("webhooks") {
                // Kept under an extension the 3.0 parser carries through; the
                // parse stage reads it back (see `INCOMING_WEBHOOKS`).
                root.insert(INCOMING_WEBHOOKS.to_owned(), webhooks);
            }
            if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
                components.remove("pathItems");
            }
            root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
        }
    } else if version.starts_with("3.0") {
        inline_path_item_refs(&mut document, diagnostics);
    } else {
        return Err(fail(
            "/openapi",
            format!("OpenAPI version {version:?} is not supported: use a 3.0.x, 3.1.x or 3.2.x document"),
        ));
    }
    if let Some(root) = document.as_object_mut() {
        fill_required_members(root, diagnostics);
        redoc_webhooks(root);
    }
    hoist_foreign_refs(&mut document, diagnostics);
    Ok(document)
}

/// Redoc's `x-webhooks` (a map of name -> path item, used by 3.0 documents
/// before 3.1 had `webhooks`) joins the document's webhooks. Anything else
/// under that name is some other tool's extension: left alone.
fn redoc_webhooks(root: &mut Map<String, Value>) {
    let is_path_item_map = root.get("x-webhooks").and_then(Value::as_object).is_some_and(|hooks| {
        !hooks.is_empty()
            && hooks.values().all(|item| {
                item.as_object()
                    .is_some_and(|item| item.keys().any(|key| METHODS.contains(&key.as_str()) || key == "$ref"))
            })
    });
    if !is_path_item_map {
        return;
    }
    let Some(Value::Object(redoc)) = root.get("x-webhooks").cloned() else { return };
    let entry = root.entry(INCOMING_WEBHOOKS.to_owned()).or_insert_with(|| Value::Object(Map::new()));
    if let Some(incoming) = entry.as_object_mut() {
        for (name, item) in redoc {
            incoming.entry(name).or_insert(item);
        }
    }
}

/// The operation keys of a path item.
pub(crate) const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Path items given as `$ref` (to `#/components/pathItems/...` in 3.1, or
/// anywhere in the document) are replaced by what they point at; keys beside
/// the `$ref` (summary, description...) win. One that cannot be followed
/// (another file, a URL, a bad pointer, a loop) is left out with a warning.
fn inline_path_item_refs(document: &mut Value, diagnostics: &mut Diagnostics) {
    for section in ["paths", "webhooks"] {
        let names: Vec<String> =
            document.get(section).and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
        let mut left_out = std::collections::HashSet::new();
        for name in names {
            let pointer = crate::diagnostics::join(&format!("/{section}"), &name);
            let Some(reference) =
                document.pointer(&pointer).and_then(|item| item.get("$ref")).and_then(Value::as_str).map(str::to_owned)
            else {
                continue;
            };
            match resolve_with_siblings(document, &pointer, Siblings::All) {
                Some(item) => {
                    if let Some(slot) = document.pointer_mut(&pointer) {
                        *slot = item;
                    }
                }
                None => {
                    // One path item is a detail: the rest of the document still generates.
                    diagnostics.warn(
                        &pointer,
                        format!(
                            "path item reference {reference:?} points at nothing in this document (or loops): \
                             the path is left out; fix the `$ref`"
                        ),
                    );
                    left_out.insert(name);
                }
            }
        }
        // In one pass, keeping the document's order.
        if let Some(items) = document.get_mut(section).and_then(Value::as_object_mut) {
            items.retain(|name, _| !left_out.contains(name));
        }
    }
}

/// Components whose references may, in 3.1, carry keys that replace the
/// target's own, and which keys those are.
const OVERRIDABLE: &[(&str, &[&str])] = &[
    ("parameters", &["description"]),
    ("responses", &["description"]),
    ("requestBodies", &["description"]),
    ("headers", &["description"]),
    ("links", &["description"]),
    ("examples", &["summary", "description"]),
];

/// The keys a reference to `reference` may override, if it is one of the
/// components in [`OVERRIDABLE`].
fn overridable_keys(reference: &str) -> Option<&'static [&'static str]> {
    let kind = reference.strip_prefix("#/components/")?.split('/').next()?;
    OVERRIDABLE.iter().find(|(name, _)| *name == kind).map(|(_, keys)| *keys)
}

/// 3.1 lets a reference to a parameter, response, request body, header, link
/// or example carry `description` (and `summary`), which replace the target's
/// own; 3.0 ignores them. Such a reference becomes a copy of its target with
/// them, so the 3.0 model keeps what the author wrote.
fn apply_reference_overrides(document: &mut Value) {
    let mut found = Vec::new();
    find_overriding_references(document, String::new(), &mut found);
    // Deepest and last first: a component's own overrides are in place
    // before a reference elsewhere copies it.
    for pointer in found.into_iter().rev() {
        let Some(replacement) = resolve_with_siblings(document, &pointer, Siblings::Overridable) else { continue };
        if let Some(slot) = document.pointer_mut(&pointer) {
            *slot = replacement;
        }
    }
}

fn find_overriding_references(value: &Value, pointer: String, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(keys) = map.get("$ref").and_then(Value::as_str).and_then(overridable_keys) {
                if keys.iter().any(|key| map.contains_key(*key)) {
                    found.push(pointer.clone());
                }
            }
            for (key, child) in map {
                if !DATA_KEYS.contains(&key.as_str()) && !key.starts_with("x-") {
                    find_overriding_references(child, crate::diagnostics::join(&pointer, key), found);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                find_overriding_references(child, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// Which keys beside a `$ref` replace the target's own.
#[derive(Clone, Copy)]
enum Siblings {
    /// Every key but `$ref` (path items).
    All,
    /// Only those 3.1 allows for the referenced component ([`OVERRIDABLE`]).
    Overridable,
}

/// The object a reference at `pointer` leads to (through chained references),
/// with the sibling keys of each reference on the way, the nearest winning.
/// None when it leads nowhere or loops.
fn resolve_with_siblings(document: &Value, pointer: &str, siblings: Siblings) -> Option<Value> {
    let mut hops = vec![document.pointer(pointer)?.as_object()?];
    loop {
        let here = hops.last()?;
        let Some(reference) = here.get("$ref").and_then(Value::as_str) else { break };
        let target = document.pointer(reference.strip_prefix('#')?)?.as_object()?;
        if hops.iter().any(|seen| std::ptr::eq(*seen, target)) || hops.len() > 64 {
            return None;
        }
        hops.push(target);
    }
    let mut resolved = hops.pop()?.clone();
    for hop in hops.iter().rev() {
        let allowed = hop.get("$ref").and_then(Value::as_str).and_then(overridable_keys).unwrap_or_default();
        let wins = |key: &str| match siblings {
            Siblings::All => key != "$ref",
            Siblings::Overridable => allowed.contains(&key),
        };
        for (key, value) in hop.iter().filter(|(key, _)| wins(key)) {
            resolved.insert(key.clone(), value.clone());
        }
    }
    Some(Value::Object(resolved))
}

/// What the keys of the object being visited are.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    /// Keywords of an OpenAPI object or a schema.
    Document,
    /// Names chosen by the author (`properties`, `paths`...): no keywords here.
    Names,
}

/// Keys whose values are names -> objects, not keywords.
const NAME_MAPS: &[&str] = &[
    "properties",
    "paths",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "mediaTypes",
    "additionalOperations",
    "webhooks",
    "content",
    "encoding",
    "$defs",
    "definitions",
    "mapping",
    "variables",
    "patternProperties",
    "dependentSchemas",
];
/// Keys whose values are data, never schemas.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "const", "x-examples"];
/// JSON Schema 2020-12 keywords a Rust type cannot express.
const NOT_HONOURED: &[&str] = &[
    "if",
    "then",
    "else",
    "prefixItems",
    "patternProperties",
    "dependentSchemas",
    "$dynamicRef",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
];

/// Brings JSON Schema 2020-12 (OpenAPI 3.1) schemas to the 3.0 model.
fn upgrade_31(value: &mut Value, pointer: &str, context: Context, diagnostics: &mut Diagnostics) {
    use crate::diagnostics::join;
    match value {
        Value::Object(map) if context == Context::Document => {
            upgrade_31_schema(map, pointer, diagnostics);
            for (key, child) in map.iter_mut() {
                if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                let child_context = if NAME_MAPS.contains(&key.as_str()) && child.is_object() {
                    Context::Names
                } else {
                    Context::Document
                };
                upgrade_31(child, &join(pointer, key), child_context, diagnostics);
            }
        }
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                upgrade_31(child, &join(pointer, key), Context::Document, diagnostics);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                upgrade_31(child, &format!("{pointer}/{index}"), Context::Document, diagnostics);
            }
        }
        _ => {}
    }
}

fn upgrade_31_schema(map: &mut Map<String, Value>, pointer: &str, diagnostics: &mut Diagnostics) {
    use crate::diagnostics::join;
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
                let alternatives =
                    non_null.into_iter().map(|t| Value::Object(Map::from_iter([("type".to_owned(), t)]))).collect();
                map.insert("anyOf".to_owned(), Value::Array(alternatives));
            }
        }
    } else if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.insert("nullable".to_owned(), Value::Bool(true));
    }
    // `oneOf: [X, {type: null}]` is how 3.1 writes a nullable X.
    for key in ["oneOf", "anyOf"] {
        let is_null = |v: &Value| {
            v.get("type").and_then(Value::as_str) == Some("null")
                || v.get("type").and_then(Value::as_array).is_some_and(|t| t.len() == 1 && t[0] == "null")
        };
        let Some(Value::Array(alternatives)) = map.get_mut(key) else { continue };
        let before = alternatives.len();
        alternatives.retain(|v| !is_null(v));
        let (removed, left) = (alternatives.len() < before, alternatives.len());
        if removed {
            map.insert("nullable".to_owned(), Value::Bool(true));
            // `oneOf: [X, null]` is 3.0's `allOf: [X], nullable: true`.
            if left == 1 && !map.contains_key("allOf") {
                if let Some(single) = map.remove(key) {
                    map.insert("allOf".to_owned(), single);
                }
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
    // Binary content: `contentEncoding` (base64 text) or `contentMediaType` (raw).
    if map.get("type").is_none_or(|t| t == "string") {
        if map.get("contentEncoding").and_then(Value::as_str).is_some_and(|e| e.eq_ignore_ascii_case("base64")) {
            map.insert("type".to_owned(), Value::from("string"));
            map.insert("format".to_owned(), Value::from("byte"));
        } else if map.contains_key("contentMediaType") {
            map.insert("type".to_owned(), Value::from("string"));
            map.insert("format".to_owned(), Value::from("binary"));
        }
    }
    for keyword in NOT_HONOURED {
        if map.contains_key(*keyword) {
            diagnostics.warn(&join(pointer, keyword), format!("JSON Schema keyword `{keyword}` cannot be expressed in a Rust type: ignored, values are not checked against it"));
        }
    }
    // `$ref` with sibling keywords: the reference plus the siblings, as allOf.
    if map.contains_key("$ref") && map.len() > 1 {
        const ANNOTATIONS: &[&str] = &[
            "description",
            "summary",
            "title",
            "deprecated",
            "readOnly",
            "writeOnly",
            "example",
            "examples",
            "default",
            "$comment",
        ];
        let constrains =
            map.keys().any(|key| key != "$ref" && !ANNOTATIONS.contains(&key.as_str()) && !key.starts_with("x-"));
        if constrains {
            if let Some(reference) = map.remove("$ref") {
                let wrapped = Value::Object(Map::from_iter([("$ref".to_owned(), reference)]));
                map.insert("allOf".to_owned(), Value::Array(vec![wrapped]));
            }
        } else {
            map.retain(|key, _| key == "$ref");
        }
    }
}

/// References to anywhere in the document other than `#/components/<section>/<name>`
/// (bundlers point a repeated response at its first occurrence:
/// `#/paths/~1a/get/responses/401`): the target is copied into the
/// components section of its kind under a name made from its place, and
/// every such reference points there. Recursion keeps working, since the
/// copy is referred to, not inlined.
pub(crate) fn hoist_foreign_refs(document: &mut Value, diagnostics: &mut Diagnostics) {
    let mut hoisted: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // Copies can hold foreign references of their own: a few rounds reach them.
    for _ in 0..8 {
        let mut references = Vec::new();
        collect_refs(document, &mut references);
        let foreign: Vec<String> = references
            .into_iter()
            .filter(|target| target.starts_with("#/") && !is_component_ref(target) && !hoisted.contains_key(target))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        if foreign.is_empty() {
            break;
        }
        for target in foreign {
            // A fragment is a URI part: `{` may be written `%7B`.
            let pointer = percent_encoding::percent_decode_str(&target[1..]).decode_utf8_lossy().into_owned();
            let Some(value) = document.pointer(&pointer).cloned() else { continue };
            let section = section_of(&target);
            let name = unique_component_name(document, section, &format!("#{pointer}"));
            let Some(components) = document
                .as_object_mut()
                .map(|root| root.entry("components").or_insert_with(|| Value::Object(Map::new())))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            let Some(slot) = components.entry(section).or_insert_with(|| Value::Object(Map::new())).as_object_mut()
            else {
                continue;
            };
            slot.insert(name.clone(), value);
            let new_target = format!("#/components/{section}/{}", crate::diagnostics::escape_token(&name));
            diagnostics.warn(
                &pointer,
                format!("referred to from elsewhere: brought into components as `{name}` (refer to components, not into paths)"),
            );
            hoisted.insert(target, new_target);
        }
        rewrite_refs(document, &hoisted);
    }
}

/// Keys whose values are literal data, never holding a reference. (`default`
/// is not among them: it is also the catch-all response.)
const LITERAL_KEYS: &[&str] = &["example", "enum", "const", "x-examples"];

fn is_component_ref(target: &str) -> bool {
    let tokens: Vec<&str> = target.trim_start_matches("#/").split('/').collect();
    matches!(tokens.as_slice(), ["components", _, _])
}

/// The components section a referred-to place belongs in, from where it sits.
fn section_of(target: &str) -> &'static str {
    let tokens: Vec<&str> = target.trim_start_matches("#/").split('/').collect();
    let last = tokens.last().copied().unwrap_or_default();
    let parent = tokens.len().checked_sub(2).and_then(|i| tokens.get(i)).copied().unwrap_or_default();
    match (parent, last) {
        (_, "requestBody") => "requestBodies",
        ("responses", _) => "responses",
        ("parameters", _) => "parameters",
        ("headers", _) => "headers",
        ("examples", _) => "examples",
        ("links", _) => "links",
        _ => "schemas",
    }
}

fn unique_component_name(document: &Value, section: &str, target: &str) -> String {
    let base: String = target
        .trim_start_matches("#/")
        .split('/')
        .filter(|token| {
            !matches!(*token, "paths" | "content" | "schema" | "properties" | "items" | "responses" | "components")
        })
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join("_")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let base = base.trim_matches('_').to_owned();
    let base = if base.is_empty() { "Shared".to_owned() } else { base };
    let taken = |name: &str| document.pointer(&format!("/components/{section}/{name}")).is_some();
    let mut name = base.clone();
    let mut suffix = 2;
    while taken(&name) {
        name = format!("{base}_{suffix}");
        suffix += 1;
    }
    name
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                out.push(reference.to_owned());
            }
            for (key, child) in map {
                if !LITERAL_KEYS.contains(&key.as_str()) {
                    collect_refs(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|child| collect_refs(child, out)),
        _ => {}
    }
}

fn rewrite_refs(value: &mut Value, hoisted: &std::collections::HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(new_target) = hoisted.get(reference.as_str()) {
                    new_target.clone_into(reference);
                }
            }
            for (key, child) in map.iter_mut() {
                if !LITERAL_KEYS.contains(&key.as_str()) {
                    rewrite_refs(child, hoisted);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|child| rewrite_refs(child, hoisted)),
        _ => {}
    }
}
