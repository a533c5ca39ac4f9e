//! Load, the first stage: the text of a YAML or JSON document -> one JSON value.
//! (Then the overlay and `bundle`; `upgrade` brings it to the 3.0 model and
//! `parse` types it.)

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Severity};

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
