//! What a schema says about a value besides its description: format, pattern,
//! bounds, default, allowed values, example. These document a field that has
//! no description, instead of repeating its name.

use openapiv3::{Schema, SchemaKind, Type};

/// Allowed values listed inline in a field's docs; a longer list is left to
/// the enum type's own docs.
const MAX_LISTED_VALUES: usize = 8;

/// Markdown sentences, in a fixed order, each ending with a full stop.
pub(super) fn schema_facts(schema: &Schema) -> Vec<String> {
    let mut facts = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(text)) => {
            push_format(&mut facts, format_text(&text.format));
            if let Some(pattern) = &text.pattern {
                push_code(&mut facts, "Pattern", pattern);
            }
            push_bounds(&mut facts, "characters", text.min_length.map(|n| n as f64), text.max_length.map(|n| n as f64));
            let values: Vec<String> = text
                .enumeration
                .iter()
                .flatten()
                .filter_map(|value| code(&serde_json::to_string(value).unwrap_or_default()))
                .collect();
            if !values.is_empty() && values.len() <= MAX_LISTED_VALUES {
                facts.push(format!("One of {}.", values.join(", ")));
            }
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            push_format(&mut facts, format_text(&integer.format));
            push_bounds(&mut facts, "", integer.minimum.map(|n| n as f64), integer.maximum.map(|n| n as f64));
            if let Some(step) = integer.multiple_of {
                facts.push(format!("A multiple of {step}."));
            }
        }
        SchemaKind::Type(Type::Number(number)) => {
            push_format(&mut facts, format_text(&number.format));
            push_bounds(&mut facts, "", number.minimum, number.maximum);
        }
        SchemaKind::Type(Type::Array(array)) => {
            push_bounds(&mut facts, "items", array.min_items.map(|n| n as f64), array.max_items.map(|n| n as f64));
            if array.unique_items {
                facts.push("Items are unique.".to_owned());
            }
        }
        _ => {}
    }
    if let Some(default) = &schema.schema_data.default {
        push_value(&mut facts, "Default", default);
    }
    if let Some(example) = &schema.schema_data.example {
        push_value(&mut facts, "Example", example);
    }
    facts
}

fn format_text<T: std::fmt::Debug>(format: &openapiv3::VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        openapiv3::VariantOrUnknownOrEmpty::Item(item) => {
            Some(heck::ToKebabCase::to_kebab_case(format!("{item:?}").as_str()))
        }
        openapiv3::VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        openapiv3::VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn push_format(facts: &mut Vec<String>, format: Option<String>) {
    if let Some(format) = format.filter(|format| !format.is_empty()) {
        push_code(facts, "Format", &format);
    }
}

fn push_code(facts: &mut Vec<String>, label: &str, text: &str) {
    if let Some(code) = code(text) {
        facts.push(format!("{label}: {code}."));
    }
}

fn push_value(facts: &mut Vec<String>, label: &str, value: &serde_json::Value) {
    let text = json_text(value);
    // A long example helps less than it costs to read.
    if text.len() <= 80 {
        push_code(facts, label, &text);
    }
}

fn push_bounds(facts: &mut Vec<String>, unit: &str, minimum: Option<f64>, maximum: Option<f64>) {
    let unit = if unit.is_empty() { String::new() } else { format!(" {unit}") };
    match (minimum, maximum) {
        (Some(low), Some(high)) if low == high => facts.push(format!("Exactly {low}{unit}.")),
        (Some(low), Some(high)) => facts.push(format!("From {low} to {high}{unit}.")),
        (Some(low), None) => facts.push(format!("At least {low}{unit}.")),
        (None, Some(high)) => facts.push(format!("At most {high}{unit}.")),
        (None, None) => {}
    }
}

/// JSON for values, strings as they are: `"x"` reads as a string only in JSON.
fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A code span, or nothing when the text cannot sit in one on one line.
fn code(text: &str) -> Option<String> {
    let clean = !text.is_empty() && !text.contains('`') && !text.contains(['\n', '\r']);
    clean.then(|| format!("`{text}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(yaml: &str) -> Vec<String> {
        let schema: Schema = serde_yaml::from_str(yaml).expect("a schema");
        schema_facts(&schema)
    }

    #[test]
    fn each_keyword_becomes_a_sentence() {
        assert_eq!(
            facts("{type: string, format: date, pattern: '^[0-9]{10}$', minLength: 10, maxLength: 10, example: '1989-04-11'}"),
            ["Format: `date`.", "Pattern: `^[0-9]{10}$`.", "Exactly 10 characters.", "Example: `\"1989-04-11\"`."]
        );
        assert_eq!(facts("{type: integer, minimum: 1, default: 20}"), ["At least 1.", "Default: `20`."]);
        assert_eq!(facts("{type: string, enum: [sms, email]}"), ["One of `\"sms\"`, `\"email\"`."]);
        assert_eq!(facts("{type: array, items: {type: string}, maxItems: 3}"), ["At most 3 items."]);
        assert!(facts("{type: string}").is_empty(), "nothing to say: nothing said");
        assert!(facts("{type: string, example: 'a`b'}").is_empty(), "no broken code span");
    }
}
