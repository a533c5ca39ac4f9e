// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

//! What a page says about the next one: its totals, flags and cursors as
//! servers write them (a count as a number or a string, a cursor as a string
//! or a number), the `Link` header (RFC 8288), and the next URL, which is
//! followed on the configured origin only.

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::base_url::{bounded, BaseUrl};
use super::client::{Client, CredentialLocation};
use super::error::{Call, Error};

/// A scalar a page gives, read whatever JSON type it came as; anything else
/// (an object, a list) is read as nothing rather than failing the page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) enum PageValue {
    #[default]
    Nothing,
    Number(f64),
    Text(String),
    Flag(bool),
}

impl PageValue {
    /// A count: a non-negative whole number, or text holding one.
    pub(crate) fn count(&self) -> Option<u64> {
        match self {
            Self::Number(number) if number.is_finite() && *number >= 0.0 && number.fract() == 0.0 => {
                Some(*number as u64)
            }
            Self::Text(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    /// A flag: `true`/`false`, `1`/`0`, or text saying so.
    pub(crate) fn flag(&self) -> Option<bool> {
        match self {
            Self::Flag(flag) => Some(*flag),
            Self::Number(number) if *number == 0.0 || *number == 1.0 => Some(*number == 1.0),
            Self::Text(text) => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Some(true),
                "false" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A cursor, token or URL: non-empty text, or a number written out.
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Self::Text(text) if !text.is_empty() => Some(text.clone()),
            Self::Number(number) if number.is_finite() && number.fract() == 0.0 => Some(format!("{number:.0}")),
            _ => None,
        }
    }
}

/// Reads an optional `PageValue` field; for `#[serde(default, deserialize_with)]`.
pub(crate) fn page_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PageValue, D::Error> {
    deserializer.deserialize_any(PageValueVisitor)
}

struct PageValueVisitor;

impl<'de> Visitor<'de> for PageValueVisitor {
    type Value = PageValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<PageValue, E> {
        Ok(PageValue::Flag(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<PageValue, E> {
        Ok(PageValue::Number(value as f64))
    }

    fn visit_u64<E>(self, value: u64) -> Result<PageValue, E> {
        Ok(PageValue::Number(value as f64))
    }

    fn visit_f64<E>(self, value: f64) -> Result<PageValue, E> {
        Ok(PageValue::Number(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<PageValue, E> {
        Ok(PageValue::Text(value.to_owned()))
    }

    fn visit_unit<E>(self) -> Result<PageValue, E> {
        Ok(PageValue::Nothing)
    }

    fn visit_none<E>(self) -> Result<PageValue, E> {
        Ok(PageValue::Nothing)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<PageValue, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PageValue, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(PageValue::Nothing)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PageValue, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(PageValue::Nothing)
    }
}

/// The `rel="next"` target of the response's `Link` headers, resolved
/// against the URL that answered.
pub(crate) fn link_next(headers: &reqwest::header::HeaderMap, answered: &reqwest::Url) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(link_values)
        .find(|(_, rels)| rels.split_ascii_whitespace().any(|rel| rel.eq_ignore_ascii_case("next")))
        .and_then(|(target, _)| resolve(answered, target))
}

/// `<target>; rel="a b"; ...` values of one header: (target, rel).
fn link_values(header: &str) -> Vec<(&str, &str)> {
    let mut links = Vec::new();
    let mut rest = header;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|close| open + close) else { break };
        let target = &rest[open + 1..close];
        // The parameters run to the next link (a `<` after a `,`), quoted text aside.
        let after = &rest[close + 1..];
        let mut end = after.len();
        let mut quoted = false;
        let mut comma = false;
        for (index, character) in after.char_indices() {
            match character {
                '"' => quoted = !quoted,
                ',' if !quoted => comma = true,
                '<' if comma && !quoted => {
                    end = index;
                    break;
                }
                _ => {}
            }
        }
        let params = &after[..end];
        let rel = params
            .split(';')
            .filter_map(|param| param.split_once('='))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("rel"))
            .map(|(_, value)| value.trim().trim_end_matches(',').trim().trim_matches('"'))
            .unwrap_or_default();
        links.push((target, rel));
        rest = &after[end..];
    }
    links
}

/// The next cursor where it is the last item's `field` (an id, as Stripe's
/// `starting_after` takes it): read from the item as it serialises.
pub(crate) fn last_item_field<T: serde::Serialize>(items: &[T], field: &str) -> Option<String> {
    let item = serde_json::to_value(items.last()?).ok()?;
    match item.get(field)? {
        serde_json::Value::String(text) if !text.is_empty() => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A next page's URL as a page gives it, resolved against the URL that answered.
pub(crate) fn resolve(answered: &reqwest::Url, target: &str) -> Option<String> {
    let target = target.trim();
    if target.is_empty() {
        return None;
    }
    answered.join(target).ok().map(String::from)
}

/// The URL a next page is fetched from: on the origin the call went to
/// (credentials go nowhere else), without a fragment, and without a
/// credential the server may have echoed (the client adds its own).
pub(crate) fn next_page_url<E>(
    call: Call,
    base: &BaseUrl,
    next: &str,
    client: &Client,
) -> Result<reqwest::Url, Error<E>> {
    let parsed = reqwest::Url::parse(next);
    let origin = parsed.as_ref().map_or_else(|_| "not a URL".to_owned(), |url| url.origin().ascii_serialization());
    let elsewhere = || Error::PageElsewhere { call, origin: bounded(&origin) };
    let mut url = parsed.map_err(|_| elsewhere())?;
    let expected = base.join("/");
    if url.origin() != expected.origin() || !url.username().is_empty() || url.password().is_some() {
        return Err(elsewhere());
    }
    url.set_fragment(None);
    let credentials: Vec<&str> = client
        .credentials()
        .iter()
        .filter(|credential| credential.location == CredentialLocation::Query)
        .map(|credential| credential.name)
        .collect();
    if !credentials.is_empty() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(name, _)| !credentials.contains(&name.as_ref()))
            .map(|(n, v)| (n.into(), v.into()))
            .collect();
        url.set_query(None);
        if !kept.is_empty() {
            url.query_pairs_mut().extend_pairs(kept);
        }
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered() -> reqwest::Url {
        reqwest::Url::parse("https://api.example.com/v1/items?page=1").expect("a URL")
    }

    fn headers(values: &[&str]) -> reqwest::header::HeaderMap {
        let mut headers = reqwest::header::HeaderMap::new();
        for value in values {
            headers.append(reqwest::header::LINK, reqwest::header::HeaderValue::from_str(value).expect("a value"));
        }
        headers
    }

    #[test]
    fn the_next_link_is_found_among_others_in_any_order() {
        let github = r#"<https://api.example.com/v1/items?page=2>; rel="next", <https://api.example.com/v1/items?page=5>; rel="last""#;
        assert_eq!(
            link_next(&headers(&[github]), &answered()).as_deref(),
            Some("https://api.example.com/v1/items?page=2")
        );
        let reordered = r#"<?page=1>; rel="prev first", </v1/items?page=3>; title="a, b <c>"; rel=next"#;
        assert_eq!(
            link_next(&headers(&[reordered]), &answered()).as_deref(),
            Some("https://api.example.com/v1/items?page=3")
        );
        let split = ["<?page=1>; rel=\"prev\"", "<?page=4>; rel=\"next\""];
        assert_eq!(
            link_next(&headers(&split), &answered()).as_deref(),
            Some("https://api.example.com/v1/items?page=4")
        );
        assert_eq!(link_next(&headers(&["<?page=1>; rel=\"prev\""]), &answered()), None);
        assert_eq!(link_next(&headers(&["garbage, <unclosed"]), &answered()), None);
    }

    #[test]
    fn page_values_are_read_whatever_their_type() {
        let read = |json: &str| -> PageValue {
            let mut deserializer = serde_json::Deserializer::from_str(json);
            page_value(&mut deserializer).expect("any JSON value")
        };
        assert_eq!(read("42").count(), Some(42));
        assert_eq!(read("\"42\"").count(), Some(42));
        assert_eq!(read("-1").count(), None);
        assert_eq!(read("2.5").count(), None);
        assert_eq!(read("true").flag(), Some(true));
        assert_eq!(read("\"false\"").flag(), Some(false));
        assert_eq!(read("0").flag(), Some(false));
        assert_eq!(read("\"abc\"").text().as_deref(), Some("abc"));
        assert_eq!(read("\"\"").text(), None);
        assert_eq!(read("1234").text().as_deref(), Some("1234"));
        assert_eq!(read("{\"a\": [1, 2]}"), PageValue::Nothing);
        assert_eq!(read("null"), PageValue::Nothing);
    }
}
