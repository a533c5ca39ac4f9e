//! External references: `$ref`s into other files next to the document are
//! brought into it before parsing. Schemas become component schemas (so
//! recursion and names survive); anything else is inlined where it is used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{join, Diagnostic, Severity};

/// Keys under which a `$ref` stands for a schema.
const SCHEMA_KEYS: &[&str] =
    &["schema", "schemas", "items", "properties", "allOf", "oneOf", "anyOf", "not", "additionalProperties"];
/// How deep external files may refer to each other.
const MAX_DEPTH: usize = 32;

struct Bundler {
    root: PathBuf,
    files: HashMap<PathBuf, Value>,
    /// (file, fragment) -> component schema name.
    hoisted: HashMap<(PathBuf, String), String>,
    taken: Vec<String>,
    schemas: Vec<(String, Value)>,
}

fn error(pointer: &str, message: String) -> Diagnostic {
    Diagnostic { severity: Severity::Error, pointer: pointer.to_owned(), message }
}

/// True when the document refers to another file.
pub fn has_external_refs(value: &Value) -> bool {
    match value {
        Value::Object(map) => {
            map.get("$ref").and_then(Value::as_str).is_some_and(|r| !r.starts_with('#'))
                || map.values().any(has_external_refs)
        }
        Value::Array(items) => items.iter().any(has_external_refs),
        _ => false,
    }
}

/// Resolves every external `$ref` of `document`, whose file is `path`.
pub fn bundle(document: &mut Value, path: &Path) -> Result<(), Diagnostic> {
    if !has_external_refs(document) {
        return Ok(());
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
    };
    let root = bundler.root.clone();
    bundler.walk(document, &root, "", 0)?;
    if bundler.schemas.is_empty() {
        return Ok(());
    }
    let Some(root) = document.as_object_mut() else { return Ok(()) };
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return Err(error("/components", "`components` must be an object".to_owned()));
    };
    let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
    let Some(schemas) = schemas.as_object_mut() else {
        return Err(error("/components/schemas", "`schemas` must be an object".to_owned()));
    };
    for (name, schema) in bundler.schemas {
        schemas.insert(name, schema);
    }
    Ok(())
}

impl Bundler {
    fn walk(&mut self, value: &mut Value, file: &Path, pointer: &str, depth: usize) -> Result<(), Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(error(
                pointer,
                format!("external references nest more than {MAX_DEPTH} files deep (a loop between files?)"),
            ));
        }
        match value {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str).map(str::to_owned) {
                    let in_root = file == self.root;
                    if reference.starts_with('#') && in_root {
                        return Ok(());
                    }
                    let (target, fragment) = self.target(&reference, file, pointer)?;
                    if is_schema_position(pointer) {
                        let name = self.hoist(&target, &fragment, pointer, depth)?;
                        map.clear();
                        map.insert(
                            "$ref".to_owned(),
                            Value::String(format!("#/components/schemas/{}", crate::diagnostics::escape_token(&name))),
                        );
                    } else {
                        let mut content = self.load(&target, &fragment, pointer)?;
                        self.walk(&mut content, &target, pointer, depth + 1)?;
                        *value = content;
                    }
                    return Ok(());
                }
                for (key, child) in map.iter_mut() {
                    if key == "example" || key == "examples" || key == "default" || key == "enum" {
                        continue;
                    }
                    self.walk(child, file, &join(pointer, key), depth)?;
                }
                Ok(())
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    self.walk(child, file, &format!("{pointer}/{index}"), depth)?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The file and the fragment a reference names, from the file it is in.
    fn target(&self, reference: &str, file: &Path, pointer: &str) -> Result<(PathBuf, String), Diagnostic> {
        let (location, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if location.contains("://") {
            return Err(error(pointer, format!("reference {reference:?} is remote: it is not fetched; download it next to the document and refer to it by relative path")));
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
                .map_err(|e| error(pointer, format!("reference into {} cannot be followed: {e}; put the file next to the document or fix the `$ref`", file.display())))?;
            let value = crate::load::parse_text(&text)
                .map_err(|d| error(pointer, format!("{}: {}", file.display(), d.message)))?;
            self.files.insert(file.to_path_buf(), value);
        }
        let document = self.files.get(file).ok_or_else(|| error(pointer, "internal error: file cache".to_owned()))?;
        let found = if fragment.is_empty() { Some(document) } else { document.pointer(fragment) };
        found.cloned().ok_or_else(|| {
            error(
                pointer,
                format!("reference to {}#{fragment} points at nothing in that file: fix the `$ref`", file.display()),
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
        self.taken.push(name.clone());
        self.hoisted.insert(key, name.clone());
        let mut content = self.load(file, fragment, pointer)?;
        self.walk(
            &mut content,
            file,
            &format!("/components/schemas/{}", crate::diagnostics::escape_token(&name)),
            depth + 1,
        )?;
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
