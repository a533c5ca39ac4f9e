//! The pipeline under fuzzing: arbitrary bytes, and structural mutations of
//! valid documents. Shared by the cargo-fuzz targets (`fuzz/`) and the corpus
//! replay test (`tests/fuzz_corpus.rs`).

use crate::{generate, CrateOptions, Input};

fn fuzz_options() -> CrateOptions {
    CrateOptions {
        crate_name: "fuzz".to_owned(),
        crate_version: "0.1.0".to_owned(),
        spec_file: "fuzz.yaml".to_owned(),
        standalone: true,
        ..Default::default()
    }
}

/// Fuzzing, arbitrary bytes: taken as a document and run through the whole
/// pipeline in memory. It may be refused; it must not panic. Shared by the
/// cargo-fuzz target `generate` and the corpus regression test.
pub fn fuzz_bytes(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = generate(&Input::text(text), &fuzz_options());
}

/// Fuzzing, mutated valid documents: `data` drives structural edits of
/// `seed` (remove a key, replace a value with null, a number, a string, an
/// empty object or array, or a `$ref` to another place), then the result
/// runs through the whole pipeline. Reaches far deeper than byte flips.
pub fn fuzz_mutated(seed: &str, data: &[u8]) {
    use serde_json::Value;
    let Ok(mut document) = crate::load::parse_text(seed) else { return };
    for edit in data.chunks(3) {
        let mut pointers = Vec::new();
        let mut stack = vec![(String::new(), &document)];
        while let Some((pointer, value)) = stack.pop() {
            match value {
                Value::Object(map) => stack.extend(map.iter().map(|(k, v)| (crate::diagnostics::join(&pointer, k), v))),
                Value::Array(items) => {
                    stack.extend(items.iter().enumerate().map(|(i, v)| (format!("{pointer}/{i}"), v)))
                }
                _ => {}
            }
            pointers.push(pointer);
        }
        pointers.sort();
        let pick = |byte: Option<&u8>| {
            pointers.get(usize::from(byte.copied().unwrap_or(0)) * pointers.len() / 256).cloned().unwrap_or_default()
        };
        let target = pick(edit.first());
        let replacement = match edit.get(1).copied().unwrap_or(0) % 7 {
            0 => {
                if let Some((parent, key)) = target.rsplit_once('/') {
                    let key = key.replace("~1", "/").replace("~0", "~");
                    match document.pointer_mut(parent) {
                        Some(Value::Object(map)) => drop(map.shift_remove(&key)),
                        Some(Value::Array(items)) => {
                            if let Some(index) = key.parse::<usize>().ok().filter(|i| *i < items.len()) {
                                items.remove(index);
                            }
                        }
                        _ => {}
                    }
                }
                continue;
            }
            1 => Value::Null,
            2 => Value::from(i64::from(edit.get(2).copied().unwrap_or(0)) - 128),
            3 => Value::from(
                ["", "x", "string", "object", "array", "null", "date-time", "binary", "{id}"]
                    [usize::from(edit.get(2).copied().unwrap_or(0)) % 9],
            ),
            4 => Value::Object(Default::default()),
            5 => Value::Array(Vec::new()),
            _ => serde_json::json!({ "$ref": format!("#{}", pick(edit.get(2))) }),
        };
        if let Some(slot) = document.pointer_mut(&target) {
            *slot = replacement;
        }
    }
    if let Ok(text) = serde_json::to_string(&document) {
        let _ = generate(&Input::text(text), &fuzz_options());
    }
}
