//! External references: `$ref`s into other files next to the document are
//! brought into it before parsing. Schemas become component schemas (so
//! recursion and names survive); anything else is inlined where it is used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{join, Diagnostic, Diagnostics, Outcome};

/// Keys under which a `$ref` stands for a schema.
const SCHEMA_KEYS: &[&str] =
    &["schema", "schemas", "items", "properties", "allOf", "oneOf", "anyOf", "not", "additionalProperties"];
/// How deep external files may refer to each other.
const MAX_DEPTH: usize = 32;

enum Resolved {
    /// A schema brought into components under this name.
    Schema(String),
    /// Anything else, inlined; from this file.
    Inline(Value, PathBuf),
}

struct Bundler {
    root: PathBuf,
    files: HashMap<PathBuf, Value>,
    /// (file, fragment) -> component schema name.
    hoisted: HashMap<(PathBuf, String), String>,
    taken: Vec<String>,
    schemas: Vec<(String, Value)>,
    /// References that could not be followed, each with the fallback taken.
    warnings: Vec<Diagnostic>,
}

/// The stage: other files' references brought in, relative to `path`, the
/// document's own file; a document given as text has none to follow.
pub(crate) fn bundle(mut document: Value, path: Option<&Path>, diagnostics: &mut Diagnostics) -> Outcome<Value> {
    if let Some(own) = document.get("$self").and_then(Value::as_str).map(str::to_owned) {
        references_to_self_are_local(&mut document, &own);
    }
    match path {
        Some(path) => diagnostics.extend(bundle_from(&mut document, path)),
        None if has_external_refs(&document) => diagnostics.warn(
            "",
            "the document refers to other files but was given as text: those references are typed as any JSON; generate from the file instead",
        ),
        None => {}
    }
    Ok(document)
}

/// OpenAPI 3.2's `$self` is the document's own URI: a reference that names
/// it (`https://example.com/api.yaml#/components/schemas/Pet`) is a
/// reference within the document. Other relative references are still read
/// relative to the file, as if `$self` were where it is.
fn references_to_self_are_local(value: &mut Value, own: &str) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(rest) = reference.strip_prefix(own).filter(|rest| rest.is_empty() || rest.starts_with('#'))
                {
                    *reference = if rest.is_empty() { "#".to_owned() } else { rest.to_owned() };
                }
            }
            for child in map.values_mut() {
                references_to_self_are_local(child, own);
            }
        }
        Value::Array(items) => {
            for child in items {
                references_to_self_are_local(child, own);
            }
        }
        _ => {}
    }
}

/// True when the document refers to another file.
fn has_external_refs(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.get("$ref").and_then(Value::as_str).is_some_and(|r| !r.starts_with('#'))
                || map.values().any(has_external_refs)
        }
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

/// Resolves every external `$ref` of `document`, whose file is `path`. A
/// reference that cannot be followed (remote, missing, malformed, looping) is
/// a warning with a fallback, never the end of the document: a schema becomes
/// any JSON, a description the empty text, anything else stays a dangling
/// reference for the operation that uses it to report.
fn bundle_from(document: &mut Value, path: &Path) -> Vec<Diagnostic> {
    if !has_external_refs(document) {
        return Vec::new();
    }
    let taken = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut bundler = Bundler {
        root: path.to_path_buf(),
        files: HashMap::new(),
        hoisted: HashMap::new(),
        taken,
        schemas: Vec::new(),
        warnings: Vec::new(),
    };
    let root = bundler.root.clone();
    bundler.walk(document, &root, "", 0);
    let mut warnings = std::mem::take(&mut bundler.warnings);
    if bundler.schemas.is_empty() {
        return warnings;
    }
    let Some(root) = document.as_object_mut() else { return warnings };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        warnings.push(Diagnostic::warning(
            "/components",
            "`components` is not an object: replaced by the schemas other files bring in".to_owned(),
        ));
        *components = Value::Object(Map::new());
    }
    let schemas = components
        .as_object_mut()
        .map(|components| components.entry("schemas").or_insert_with(|| Value::Object(Map::new())));
    if let Some(schemas) = schemas {
        if !schemas.is_object() {
            warnings.push(Diagnostic::warning(
                "/components/schemas",
                "`schemas` is not an object: replaced by the schemas other files bring in".to_owned(),
            ));
            *schemas = Value::Object(Map::new());
        }
        if let Some(schemas) = schemas.as_object_mut() {
            schemas.extend(bundler.schemas);
        }
    }
    warnings
}

/// A reference to prose rather than to a value: a `description` (or `summary`)
/// that is a `$ref`, or a reference to a Markdown, text or HTML file.
fn is_text_reference(reference: &str, pointer: &str) -> bool {
    let location = reference.split('#').next().unwrap_or_default().to_ascii_lowercase();
    let last = pointer.rsplit('/').next().unwrap_or_default();
    last == "description"
        || last == "summary"
        || [".md", ".markdown", ".txt", ".html", ".htm"].iter().any(|ext| location.ends_with(ext))
}

impl Bundler {
    fn walk(&mut self, value: &mut Value, file: &Path, pointer: &str, depth: usize) {
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str).map(str::to_owned) {
                    let in_root = file == self.root;
                    if reference.starts_with('#') && in_root {
                        return;
                    }
                    if is_text_reference(&reference, pointer) {
                        *value = Value::String(self.text(&reference, file, pointer));
                        return;
                    }
                    let resolved = self.resolve(&reference, file, pointer, depth);
                    match resolved {
                        Ok(Resolved::Schema(name)) => {
                            map.clear();
                            let target = format!("#/components/schemas/{}", crate::diagnostics::escape_token(&name));
                            map.insert("$ref".to_owned(), Value::String(target));
                        }
                        Ok(Resolved::Inline(content, target)) => {
                            *value = content;
                            self.walk(value, &target, pointer, depth + 1);
                        }
                        Err(diagnostic) if is_schema_position(pointer) => {
                            self.warn(diagnostic, "typed as any JSON");
                            map.clear();
                        }
                        // A parameter, response or body left dangling: the
                        // operation that uses it reports it and is left out.
                        Err(diagnostic) => self.warn(diagnostic, "left unresolved"),
                    }
                    return;
                }
                for (key, child) in map.iter_mut() {
                    if key == "example" || key == "examples" || key == "default" || key == "enum" {
                        continue;
                    }
                    self.walk(child, file, &join(pointer, key), depth);
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    self.walk(child, file, &format!("{pointer}/{index}"), depth);
                }
            }
            _ => {}
        }
    }

    /// A file as the document's author wrote it: relative to the document.
    fn shown(&self, file: &Path) -> String {
        let folder = self.root.parent().unwrap_or(Path::new(""));
        let relative = file.strip_prefix(folder).unwrap_or(file);
        relative.components().filter(|c| *c != std::path::Component::CurDir).collect::<PathBuf>().display().to_string()
    }

    fn warn(&mut self, diagnostic: Diagnostic, fallback: &str) {
        let message = format!("{}; {fallback}", diagnostic.message);
        self.warnings.push(Diagnostic::warning(&diagnostic.pointer, message));
    }

    fn resolve(&mut self, reference: &str, file: &Path, pointer: &str, depth: usize) -> Result<Resolved, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(Diagnostic::error(
                pointer,
                format!("reference {reference:?}: external references nest more than {MAX_DEPTH} files deep (a loop between files?)"),
            ));
        }
        let (target, fragment) = self.target(reference, file, pointer)?;
        if is_schema_position(pointer) {
            Ok(Resolved::Schema(self.hoist(&target, &fragment, pointer, depth)?))
        } else {
            Ok(Resolved::Inline(self.load(&target, &fragment, pointer)?, target))
        }
    }

    /// The prose a reference names, or the empty text (with a warning).
    fn text(&mut self, reference: &str, file: &Path, pointer: &str) -> String {
        let read = self.target(reference, file, pointer).and_then(|(target, _)| {
            std::fs::read_to_string(&target).map_err(|e| {
                Diagnostic::error(pointer, format!("reference {reference:?} to text cannot be followed: {e}"))
            })
        });
        read.unwrap_or_else(|diagnostic| {
            self.warn(diagnostic, "the text is left empty");
            String::new()
        })
    }

    /// The file and the fragment a reference names, from the file it is in.
    fn target(&self, reference: &str, file: &Path, pointer: &str) -> Result<(PathBuf, String), Diagnostic> {
        let (location, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if location.contains("://") {
            return Err(Diagnostic::error(pointer, format!("reference {reference:?} is remote: it is not fetched; download it next to the document and refer to it by relative path")));
        }
        let target = if location.is_empty() {
            file.to_path_buf()
        } else {
            file.parent().unwrap_or(Path::new(".")).join(location)
        };
        let decoded = percent_decode(fragment);
        Ok((target, decoded))
    }

    fn load(&mut self, file: &Path, fragment: &str, pointer: &str) -> Result<Value, Diagnostic> {
        if !self.files.contains_key(file) {
            let text = std::fs::read_to_string(file)
                .map_err(|e| Diagnostic::error(pointer, format!("reference into {} cannot be followed: {e}; put the file next to the document or fix the `$ref`", self.shown(file))))?;
            let value = crate::load::parse_text(&text)
                .map_err(|d| Diagnostic::error(pointer, format!("{}: {}", self.shown(file), d.message)))?;
            self.files.insert(file.to_path_buf(), value);
        }
        let document =
            self.files.get(file).ok_or_else(|| Diagnostic::error(pointer, "internal error: file cache".to_owned()))?;
        let found = if fragment.is_empty() { Some(document) } else { document.pointer(fragment) };
        found.cloned().ok_or_else(|| {
            Diagnostic::error(
                pointer,
                format!("reference to {}#{fragment} points at nothing in that file: fix the `$ref`", self.shown(file)),
            )
        })
    }

    fn hoist(&mut self, file: &Path, fragment: &str, pointer: &str, depth: usize) -> Result<String, Diagnostic> {
        let key = (file.to_path_buf(), fragment.to_owned());
        if let Some(name) = self.hoisted.get(&key) {
            return Ok(name.clone());
        }
        let stem = fragment
            .rsplit('/')
            .next()
            .filter(|last| !last.is_empty())
            .map(|last| last.replace("~1", "/").replace("~0", "~"))
            .unwrap_or_else(|| {
                file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "External".to_owned())
            });
        let name = (1..)
            .map(|n| if n == 1 { stem.clone() } else { format!("{stem}{n}") })
            .find(|c| !self.taken.contains(c))
            .unwrap_or(stem);
        let mut content = self.load(file, fragment, pointer)?;
        self.taken.push(name.clone());
        self.hoisted.insert(key, name.clone());
        let schema_pointer = format!("/components/schemas/{}", crate::diagnostics::escape_token(&name));
        self.walk(&mut content, file, &schema_pointer, depth + 1);
        self.schemas.push((name.clone(), content));
        Ok(name)
    }
}

fn is_schema_position(pointer: &str) -> bool {
    pointer.split('/').any(|token| SCHEMA_KEYS.contains(&token))
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}
