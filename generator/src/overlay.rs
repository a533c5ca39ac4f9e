//! OpenAPI Overlay 1.0: document-specific fixes kept beside the upstream
//! document instead of inside it. Applied to the loaded JSON value, before
//! parsing. An action whose target matches nothing is an error, so an
//! upstream change that moves a field cannot silently drop a fix.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;
use serde_json_path::JsonPath;

use crate::diagnostics::{Diagnostic, Diagnostics, Outcome};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Overlay {
    overlay: String,
    #[allow(dead_code)]
    info: Value,
    #[serde(default)]
    #[allow(dead_code)]
    extends: Option<String>,
    actions: Vec<Action>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Action {
    target: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    update: Option<Value>,
    #[serde(default)]
    remove: bool,
}

/// The stage: each overlay (its text, and the file it came from) applied in
/// order. With several, an error names the overlay's file.
pub(crate) fn overlay(
    mut document: Value,
    overlays: &[(String, Option<PathBuf>)],
    diagnostics: &mut Diagnostics,
) -> Outcome<Value> {
    for (overlay, path) in overlays {
        apply(&mut document, overlay).map_err(|mut error| {
            if let (Some(path), true) = (path, overlays.len() > 1) {
                error.message = format!("{}: {}", path.display(), error.message);
            }
            diagnostics.stop(error)
        })?;
    }
    Ok(document)
}

/// Applies the overlay text (YAML or JSON) to `document`, action by action.
/// Pointers in errors point into the overlay (`/actions/3`).
fn apply(document: &mut Value, overlay_text: &str) -> Result<usize, Diagnostic> {
    let value = crate::load::parse_text(overlay_text)
        .map_err(|d| Diagnostic::error(String::new(), format!("overlay: {}", d.message)))?;
    let overlay: Overlay = serde_path_to_error::deserialize(&value).map_err(|e| {
        Diagnostic::error(
            String::new(),
            format!("overlay is not an OpenAPI Overlay 1.0 document at `{}`: {}", e.path(), e.inner()),
        )
    })?;
    if !overlay.overlay.starts_with("1.") {
        return Err(Diagnostic::error(
            "/overlay",
            format!("overlay version {:?} is not supported: use 1.0.0", overlay.overlay),
        ));
    }
    for (index, action) in overlay.actions.iter().enumerate() {
        let place = format!("/actions/{index}");
        let name = action.description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default();
        let path = JsonPath::parse(&action.target).map_err(|e| {
            Diagnostic::error(
                place.clone(),
                format!("overlay action {index}{name}: target {:?} is not valid JSONPath: {e}", action.target),
            )
        })?;
        let mut pointers: Vec<String> =
            path.query_located(document).locations().map(|location| location.to_json_pointer()).collect();
        if pointers.is_empty() {
            return Err(Diagnostic::error(
                place,
                format!(
                    "overlay action {index}{name}: target {:?} matches nothing in the document; the upstream document changed: update the overlay",
                    action.target
                ),
            ));
        }
        match (&action.update, action.remove) {
            (Some(_), true) | (None, false) => {
                return Err(Diagnostic::error(
                    place,
                    format!("overlay action {index}{name}: give exactly one of `update` or `remove: true`"),
                ));
            }
            (Some(update), false) => {
                for pointer in &pointers {
                    if let Some(target) = document.pointer_mut(pointer) {
                        merge(target, update);
                    }
                }
            }
            (None, true) => {
                // Deepest and last first, so earlier removals do not shift later pointers.
                pointers.sort();
                pointers.reverse();
                for pointer in &pointers {
                    remove(document, pointer);
                }
            }
        }
    }
    Ok(overlay.actions.len())
}

/// Overlay `update` semantics: objects merge recursively, arrays append,
/// anything else is replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(update)) => target.extend(update.iter().cloned()),
        (Value::Array(target), update) => target.push(update.clone()),
        (target, update) => *target = update.clone(),
    }
}

/// Removes what `pointer` names (an object's member or an array's item).
pub(crate) fn remove(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else { return };
    let key = crate::diagnostics::unescape_token(last);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>() {
                if index < items.len() {
                    items.remove(index);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Value {
        serde_json::json!({"paths": {"/a": {"get": {"tags": ["x"], "summary": "old", "x-note": 1}}}})
    }

    #[test]
    fn update_merges_and_remove_removes() {
        let mut doc = document();
        let overlay = r#"
overlay: 1.0.0
info: {title: t, version: '1'}
actions:
  - target: "$.paths['/a'].get"
    update: {summary: new, tags: [y]}
  - target: "$.paths['/a'].get['x-note']"
    remove: true
"#;
        assert_eq!(apply(&mut doc, overlay).expect("applies"), 2);
        assert_eq!(doc, serde_json::json!({"paths": {"/a": {"get": {"tags": ["x", "y"], "summary": "new"}}}}));
    }

    #[test]
    fn a_target_that_matches_nothing_names_the_action() {
        let mut doc = document();
        let overlay = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.paths['/gone'].get\n    description: fix gone\n    update: {summary: x}\n";
        let error = apply(&mut doc, overlay).expect_err("nothing matches");
        assert_eq!(error.pointer, "/actions/0");
        assert!(error.message.contains("fix gone") && error.message.contains("matches nothing"), "{}", error.message);
        assert_eq!(doc, document(), "nothing applied");
    }
}
