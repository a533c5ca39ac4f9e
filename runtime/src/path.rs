//! Path parameters: the OpenAPI path styles, percent-encoding that keeps a
//! value inside its segment (or, for a multi-segment parameter, inside its
//! segments), and the check that no filled segment names another endpoint.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

use super::request::scalar_text;

/// RFC 3986 unreserved characters stay as they are; everything else in a path
/// parameter is percent-encoded, so an id can never add a path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// How a path parameter is serialised (OpenAPI `style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathStyle {
    /// `5`, `3,4,5`, `role,admin` (explode: `role=admin`).
    Simple,
    /// `.5`, `.3,4,5` (explode: `.3.4.5`), `.role,admin` (explode: `.role=admin`).
    Label,
    /// `;id=5`, `;id=3,4,5` (explode: `;id=3;id=4;id=5`), `;id=role,admin` (explode: `;role=admin`).
    Matrix,
}

/// Renders a path parameter in any OpenAPI path style; names and values are
/// percent-encoded, the style's separators are not.
pub(crate) fn encode_path_styled<T: Serialize + ?Sized>(
    value: &T,
    name: &str,
    style: PathStyle,
    explode: bool,
) -> String {
    let encode = |text: &str| utf8_percent_encode(text, PATH_SEGMENT).to_string();
    let name = encode(name);
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    // Each entry is (key for exploded objects, value text).
    let entries: Vec<(Option<String>, String)> = match &value {
        Value::Null => Vec::new(),
        Value::Array(items) => {
            items.iter().filter(|item| !item.is_null()).map(|item| (None, encode(&scalar_text(item)))).collect()
        }
        Value::Object(fields) => fields
            .iter()
            .filter(|(_, field)| !field.is_null())
            .map(|(key, field)| (Some(encode(key)), encode(&scalar_text(field))))
            .collect(),
        scalar => vec![(None, encode(&scalar_text(scalar)))],
    };
    let is_object = value.is_object();
    let flat = |pair_separator: &str| -> String {
        entries
            .iter()
            .map(|(key, text)| match key {
                Some(key) if explode => format!("{key}={text}"),
                Some(key) => format!("{key}{pair_separator}{text}"),
                None => text.clone(),
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    match (style, explode) {
        (PathStyle::Simple, _) => flat(","),
        (PathStyle::Label, false) => format!(".{}", flat(",")),
        (PathStyle::Label, true) => entries
            .iter()
            .map(|(key, text)| match key {
                Some(key) => format!(".{key}={text}"),
                None => format!(".{text}"),
            })
            .collect(),
        (PathStyle::Matrix, false) => format!(";{name}={}", flat(",")),
        (PathStyle::Matrix, true) if is_object => {
            entries.iter().map(|(key, text)| format!(";{}={text}", key.as_deref().unwrap_or(&name))).collect()
        }
        (PathStyle::Matrix, true) => entries.iter().map(|(_, text)| format!(";{name}={text}")).collect(),
    }
}

/// Renders a path parameter: scalars as text, arrays comma-joined (OpenAPI
/// `simple` style), then percent-encoded.
pub(crate) fn encode_path<T: Serialize + ?Sized>(value: &T) -> String {
    let text = match serde_json::to_value(value) {
        Ok(Value::Array(items)) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        Ok(value) => scalar_text(&value),
        Err(_) => String::new(),
    };
    utf8_percent_encode(&text, PATH_SEGMENT).to_string()
}

/// Renders a path parameter that spans segments (`x-multi-segment`, a git
/// ref such as `heads/main`, a file path): each `/`-separated piece is
/// percent-encoded as [`encode_path`] does and the `/` between them is kept.
pub(crate) fn encode_path_segments<T: Serialize + ?Sized>(value: &T) -> String {
    let text = match serde_json::to_value(value) {
        Ok(value) => scalar_text(&value),
        Err(_) => String::new(),
    };
    text.split('/').map(|piece| utf8_percent_encode(piece, PATH_SEGMENT).to_string()).collect::<Vec<_>>().join("/")
}

/// Every segment a path parameter fills must stay one real segment: an empty,
/// `.` or `..` one would make the URL name another endpoint
/// (`DELETE /v1/webhooks/..` is `DELETE /v1/`). Percent-encoding cannot help:
/// URL parsers read `%2E` as a dot. `spanning` names the one parameter allowed
/// to fill several segments; each of those is held to the same rule.
pub(crate) fn check_path_segments(template: &str, path: &str, spanning: Option<&str>) -> Result<(), String> {
    let template_segments: Vec<&str> = template.split('/').collect();
    let segments: Vec<&str> = path.split('/').collect();
    let spanning_at = spanning.and_then(|name| {
        template_segments
            .iter()
            .position(|segment| segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) == Some(name))
    });
    let extra = segments
        .len()
        .checked_sub(template_segments.len())
        .filter(|extra| *extra == 0 || spanning_at.is_some())
        .ok_or_else(|| "a path parameter changed the number of path segments".to_owned())?;
    let mut next = 0;
    for (position, template_segment) in template_segments.iter().enumerate() {
        let width = if Some(position) == spanning_at { extra + 1 } else { 1 };
        let filled = segments.get(next..next + width).unwrap_or_default();
        next += width;
        if !template_segment.contains('{') {
            continue;
        }
        for segment in filled {
            let what = match *segment {
                "" => "empty",
                "." => "`.`",
                ".." => "`..`",
                _ => continue,
            };
            let names: Vec<&str> = template_segment
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
                .collect();
            let part = if width > 1 { " has a segment that" } else { "" };
            return Err(format!(
                "path parameter `{}`{part} is {what}, which would send the request to another endpoint; pass a real value",
                names.join("`, `")
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_styles_follow_the_openapi_examples() {
        use super::{encode_path_styled as styled, PathStyle::*};
        let list = [3, 4, 5];
        // Keys in sorted order: without serde_json's `preserve_order` objects sort them.
        let object = serde_json::json!({"firstName": "Alex", "role": "admin"});
        let cases: [(String, &str); 15] = [
            (styled(&5, "id", Simple, false), "5"),
            (styled(&list, "id", Simple, false), "3,4,5"),
            (styled(&object, "id", Simple, false), "firstName,Alex,role,admin"),
            (styled(&object, "id", Simple, true), "firstName=Alex,role=admin"),
            (styled(&5, "id", Label, false), ".5"),
            (styled(&list, "id", Label, false), ".3,4,5"),
            (styled(&list, "id", Label, true), ".3.4.5"),
            (styled(&object, "id", Label, false), ".firstName,Alex,role,admin"),
            (styled(&object, "id", Label, true), ".firstName=Alex.role=admin"),
            (styled(&5, "id", Matrix, false), ";id=5"),
            (styled(&list, "id", Matrix, false), ";id=3,4,5"),
            (styled(&list, "id", Matrix, true), ";id=3;id=4;id=5"),
            (styled(&object, "id", Matrix, false), ";id=firstName,Alex,role,admin"),
            (styled(&object, "id", Matrix, true), ";firstName=Alex;role=admin"),
            (styled("a/b c", "id", Matrix, false), ";id=a%2Fb%20c"),
        ];
        for (got, expected) in cases {
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn path_parameters_cannot_escape_their_segment() {
        assert_eq!(encode_path("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_path("plain-id_1.2~"), "plain-id_1.2~");
        assert_eq!(encode_path(&vec!["a", "b"]), "a%2Cb");
        assert_eq!(encode_path(&42), "42");
    }

    #[test]
    fn a_multi_segment_parameter_keeps_its_slashes_and_the_safe_path_rule() {
        assert_eq!(encode_path_segments("heads/main"), "heads/main");
        assert_eq!(encode_path_segments("docs/a b?.md"), "docs/a%20b%3F.md");
        let template = "/repos/{owner}/git/refs/{ref}";
        assert_eq!(check_path_segments(template, "/repos/o/git/refs/heads/main", Some("ref")), Ok(()));
        assert_eq!(check_path_segments(template, "/repos/o/git/refs/main", Some("ref")), Ok(()));
        for bad in ["/repos/o/git/refs/heads/..", "/repos/o/git/refs/heads//main", "/repos/o/git/refs/./x"] {
            assert!(check_path_segments(template, bad, Some("ref")).is_err(), "{bad}");
        }
        assert!(check_path_segments(template, "/repos/o/git/refs/heads/main", None).is_err(), "not spanning");
    }
}
