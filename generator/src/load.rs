//! Load, the first stage: the text of a YAML or JSON document -> one JSON value.
//! (Then the overlay and `bundle`; `upgrade` brings it to the 3.0 model and
//! `parse` types it.)
//!
//! Numbers a JSON value cannot hold (beyond f64, or YAML integers beyond
//! 64 bits) do not sink the document: they are kept as text, or as the nearest
//! float, with a warning naming where they are.

use std::cell::RefCell;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostics::{join, Diagnostic, Diagnostics, Outcome};

/// The stage: the document's text -> its JSON value; a number changed to fit
/// is a warning.
pub(crate) fn load(text: &str, diagnostics: &mut Diagnostics) -> Outcome<Value> {
    let (value, warnings) = read_value(text).map_err(|error| diagnostics.stop(error))?;
    diagnostics.extend(warnings);
    Ok(value)
}

/// Parses YAML or JSON text (a document or an overlay) into a JSON value,
/// without the warnings.
pub(crate) fn parse_text(text: &str) -> Result<Value, Diagnostic> {
    read_value(text).map(|(value, _)| value)
}

/// As [`parse_text`], with the warnings for numbers that had to be changed.
/// JSON is tried first when the text looks like JSON, since YAML parsing of
/// large JSON is slower.
fn read_value(text: &str) -> Result<(Value, Vec<Diagnostic>), Diagnostic> {
    // Only the byte-order mark goes: a YAML mapping may be indented as a
    // whole, and trimming the first line's indentation would break it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        match serde_json::from_str::<Value>(text) {
            Ok(value) => return Ok((value, Vec::new())),
            Err(error) if error.to_string().contains("number out of range") => {
                let (quoted, numbers) = quote_unrepresentable_numbers(text);
                if let Ok(mut value) = serde_json::from_str::<Value>(&quoted) {
                    let warnings = settle_numbers(&mut value, &numbers);
                    return Ok((value, warnings));
                }
            }
            Err(_) => {}
        }
    }
    let changed = RefCell::new(Vec::new());
    let mut value =
        LenientValue { changed: &changed }.deserialize(serde_yaml::Deserializer::from_str(text)).map_err(|error| {
            Diagnostic::error("", format!("the document is neither valid JSON nor valid YAML: {error}"))
        })?;
    let numbers = changed.into_inner();
    let warnings = settle_numbers(&mut value, &numbers);
    Ok((value, warnings))
}

/// JSON text with every number that overflows an f64 (`1e400`) put in quotes.
/// Returns the text and the numbers quoted.
fn quote_unrepresentable_numbers(text: &str) -> (String, Vec<String>) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut numbers = Vec::new();
    let (mut index, mut copied) = (0, 0);
    let mut in_string = false;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_string {
            match byte {
                b'\\' => index += 1,
                b'"' => in_string = false,
                _ => {}
            }
            index += 1;
            continue;
        }
        if byte == b'"' {
            in_string = true;
            index += 1;
            continue;
        }
        if byte == b'-' || byte.is_ascii_digit() {
            let start = index;
            while index < bytes.len() && matches!(bytes[index], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                index += 1;
            }
            let token = &text[start..index];
            if token.parse::<f64>().is_ok_and(|number| !number.is_finite()) {
                out.push_str(&text[copied..start]);
                out.push('"');
                out.push_str(token);
                out.push('"');
                copied = index;
                numbers.push(token.to_owned());
            }
            continue;
        }
        index += 1;
    }
    out.push_str(&text[copied..]);
    (out, numbers)
}

/// Schema keywords that only bound a value: one beyond every 64-bit number
/// bounds nothing a client can send, so it is left out.
const BOUNDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Settles each number that was changed, found by its text: a bound is left
/// out, anything else (an example, a default, an enum value) stays text.
/// One warning per place.
fn settle_numbers(value: &mut Value, numbers: &[String]) -> Vec<Diagnostic> {
    if numbers.is_empty() {
        return Vec::new();
    }
    let is_changed = |value: &Value| value.as_str().is_some_and(|text| numbers.iter().any(|n| n == text));
    let mut warnings = Vec::new();
    let mut warn = |pointer: String, text: &str, fallback: &str| {
        let message = format!("the number {text} is beyond what a 64-bit integer or float holds: {fallback}");
        warnings.push(Diagnostic::warning(pointer, message));
    };
    let mut stack = vec![(String::new(), value)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                map.retain(|key, child| {
                    let text = child.as_str().unwrap_or_default();
                    if !BOUNDS.contains(&key.as_str()) || !is_changed(child) {
                        return true;
                    }
                    warn(join(&pointer, key), text, "the bound is ignored");
                    false
                });
                for (key, child) in map.iter_mut() {
                    if let Some(text) = child.as_str().filter(|_| is_changed(child)) {
                        warn(join(&pointer, key), text, &format!("kept as the text {text:?}"));
                    } else {
                        stack.push((join(&pointer, key), child));
                    }
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter_mut().enumerate() {
                    if let Some(text) = child.as_str().filter(|_| is_changed(child)) {
                        warn(format!("{pointer}/{index}"), text, &format!("kept as the text {text:?}"));
                    } else {
                        stack.push((format!("{pointer}/{index}"), child));
                    }
                }
            }
            _ => {}
        }
    }
    warnings.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    warnings
}

/// A JSON value from YAML, with integers beyond 64 bits kept as text
/// (serde_json's own visitor refuses them and, with them, the document).
struct LenientValue<'a> {
    changed: &'a RefCell<Vec<String>>,
}

impl<'de> DeserializeSeed<'de> for LenientValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl LenientValue<'_> {
    fn wide(&self, text: String) -> Value {
        self.changed.borrow_mut().push(text.clone());
        Value::String(text)
    }
}

impl<'de> Visitor<'de> for LenientValue<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any YAML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(i64::try_from(value).map_or_else(|_| self.wide(value.to_string()), |value| Value::Number(value.into())))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(u64::try_from(value).map_or_else(|_| self.wide(value.to_string()), |value| Value::Number(value.into())))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // `.inf` and `.nan` have no JSON form either.
        Ok(Number::from_f64(value).map_or_else(|| self.wide(value.to_string()), Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(LenientValue { changed: self.changed })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(LenientValue { changed: self.changed })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_indented_top_level_mapping_with_comments_at_column_zero_loads() {
        let text =
            "  openapi: 3.0.3\n  info:\n    title: Indented\n# a comment at column 0\n    version: '1'\n  paths: {}\n";
        let (value, warnings) = read_value(text).expect("libyaml accepts this");
        assert_eq!(value["info"]["version"], "1");
        assert_eq!(value["paths"], serde_json::json!({}));
        assert!(warnings.is_empty());
        let with_bom = format!("\u{feff}{text}");
        assert_eq!(read_value(&with_bom).expect("a byte-order mark is allowed").0, value);
    }

    #[test]
    fn json_numbers_beyond_a_float_are_kept_as_text_with_a_warning() {
        let text = r#"{"a": {"maximum": 1e400, "minimum": -2E+999, "example": -1e400, "ok": 1.5e3, "s": "1e400 \" 9e999"}, "b": [7]}"#;
        let (value, warnings) = read_value(text).expect("loads");
        assert_eq!(value["a"].get("maximum"), None, "a bound no number reaches bounds nothing");
        assert_eq!(value["a"].get("minimum"), None);
        assert_eq!(value["a"]["example"], "-1e400");
        assert_eq!(value["a"]["ok"], 1500.0);
        assert_eq!(value["a"]["s"], "1e400 \" 9e999", "strings are untouched");
        let pointers: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(pointers, ["/a/example", "/a/maximum", "/a/minimum"]);
    }

    #[test]
    fn yaml_integers_beyond_64_bits_are_kept_as_text_with_a_warning() {
        let text = "example: 123456789012345678901234567890\nsmall: -12\nlist: [18446744073709551615, 1]\n";
        let (value, warnings) = read_value(text).expect("loads");
        assert_eq!(value["example"], "123456789012345678901234567890");
        assert_eq!(value["small"], -12);
        assert_eq!(value["list"][0], 18_446_744_073_709_551_615_u64);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/example");
    }

    #[test]
    fn text_that_is_neither_json_nor_yaml_is_refused() {
        let error = read_value("{ \"a\": [1, 2 }").expect_err("not JSON, and not YAML either");
        assert!(error.message.contains("neither valid JSON nor valid YAML"), "{}", error.message);
    }
}
