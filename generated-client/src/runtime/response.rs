// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

//! A response read in full and how it is interpreted: JSON only from a JSON
//! media type, text, bytes, a documented redirect, a documented error.

use reqwest::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use super::base_url::bounded;
use super::error::{withhold_values, Error, ResponseParts};
use super::redirect::Redirect;

/// `application/json`, `text/json` and any `+json` type
/// (`application/problem+json`), parameters aside.
pub(crate) fn is_json_media_type(value: &[u8]) -> bool {
    let text = String::from_utf8_lossy(value);
    let essence = text.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let Some((kind, subtype)) = essence.split_once('/') else { return false };
    matches!(kind, "application" | "text" | "*") && (subtype == "json" || subtype.ends_with("+json"))
}

/// Whether a `Content-Type` is one of `media_types` (parameters aside;
/// `text/*` and `*/*` match as wildcards).
pub(crate) fn is_one_of(value: &[u8], media_types: &[&str]) -> bool {
    let text = String::from_utf8_lossy(value);
    let essence = text.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    media_types.iter().any(|media_type| {
        let media_type = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        media_type == essence
            || media_type == "*/*"
            || media_type.strip_suffix("/*").is_some_and(|kind| essence.split('/').next() == Some(kind))
    })
}

/// A response read in full, not yet interpreted.
pub(crate) struct RawResponse {
    pub(crate) parts: ResponseParts,
    /// The client's `strict_decoding`.
    pub(crate) strict: bool,
    /// The URL that answered, against which a `Location` is resolved.
    pub(crate) url: reqwest::Url,
}

impl RawResponse {
    pub(crate) fn status(&self) -> u16 {
        self.parts.status.as_u16()
    }

    /// Status and headers, kept for `send_with_response`.
    pub(crate) fn head(&self) -> (reqwest::StatusCode, reqwest::header::HeaderMap) {
        (self.parts.status, self.parts.headers.clone())
    }

    /// Decodes a JSON body, naming the failing path if it does not match.
    /// Only a body the server labels JSON (or does not label) is decoded:
    /// an HTML error page from a proxy is not an answer.
    pub(crate) fn json<T: DeserializeOwned, E>(self) -> Result<T, Error<E>> {
        self.json_labelled(&[])
    }

    /// Like [`json`](Self::json), also decoding a body labelled with one of
    /// `also`: media types the operation documents with the same schema
    /// (ASP.NET's `text/plain` beside `application/json`).
    pub(crate) fn json_labelled<T: DeserializeOwned, E>(self, also: &[&str]) -> Result<T, Error<E>> {
        // An empty body decodes as JSON null, so `()` and `Option` bodies work.
        let empty = self.parts.body.iter().all(u8::is_ascii_whitespace);
        if !empty {
            if let Some(content_type) = self.parts.headers.get(CONTENT_TYPE) {
                if !is_json_media_type(content_type.as_bytes()) && !is_one_of(content_type.as_bytes(), also) {
                    let content_type = bounded(&String::from_utf8_lossy(content_type.as_bytes()));
                    return Err(Error::UnexpectedContentType { content_type, response: Box::new(self.parts) });
                }
            }
        }
        let bytes: &[u8] = if empty { b"null" } else { &self.parts.body };
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let (decoded, coerced) = super::lenient::with_scalar_rules(self.strict, || {
            serde_path_to_error::deserialize(super::lenient::Lenient(&mut deserializer))
        });
        if coerced.total() > 0 {
            tracing::debug!(
                target: concat!(env!("CARGO_CRATE_NAME"), "::decode"),
                integral_floats = coerced.integral_floats,
                numbers_as_booleans = coerced.numbers_as_booleans,
                scalars_as_strings = coerced.scalars_as_strings,
                strings_as_numbers = coerced.strings_as_numbers,
                "response values of another JSON type than documented were coerced"
            );
        }
        let decoded = decoded
            .map_err(|error| {
                (error.path().to_string(), withhold_values(&error.inner().to_string(), error.inner().classify()))
            })
            .and_then(|value| {
                deserializer
                    .end()
                    .map(|()| value)
                    .map_err(|error| (".".to_owned(), withhold_values(&error.to_string(), error.classify())))
            });
        match decoded {
            Ok(value) => Ok(value),
            Err((path, message)) => Err(Error::Decode { path, message, response: Box::new(self.parts) }),
        }
    }

    pub(crate) fn text<E>(self) -> Result<String, Error<E>> {
        match String::from_utf8(self.parts.body.to_vec()) {
            Ok(text) => Ok(text),
            Err(error) => {
                Err(Error::Decode { path: ".".to_owned(), message: error.to_string(), response: Box::new(self.parts) })
            }
        }
    }

    pub(crate) fn bytes<E>(self) -> Result<bytes::Bytes, Error<E>> {
        Ok(self.parts.body)
    }

    /// A documented redirect: its status and where it points.
    pub(crate) fn redirect<E>(self) -> Result<Redirect, Error<E>> {
        let location = super::redirect::location(&self.parts.headers, &self.url);
        Ok(Redirect { status: self.parts.status, location })
    }

    /// A documented error status with a JSON body: decode it and wrap it.
    pub(crate) fn api_error<B: DeserializeOwned, E>(self, wrap: impl FnOnce(B) -> E) -> Error<E> {
        let parts = self.parts.clone();
        match self.json::<B, E>() {
            Ok(body) => Error::Api { body: Box::new(wrap(body)), response: Box::new(parts) },
            Err(error) => error,
        }
    }

    /// A documented error status without a body.
    pub(crate) fn api_error_empty<E>(self, body: E) -> Error<E> {
        Error::Api { body: Box::new(body), response: Box::new(self.parts) }
    }

    /// A status the document does not describe for the operation.
    pub(crate) fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(Box::new(self.parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_media_types_are_decoded_as_json() {
        for json in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/problem+json",
            "text/json",
            "application/vnd.api+json",
        ] {
            assert!(is_json_media_type(json.as_bytes()), "{json}");
        }
        for other in ["text/html", "text/plain", "application/xml", "application/jsonp", "json", ""] {
            assert!(!is_json_media_type(other.as_bytes()), "{other}");
        }
    }

    #[test]
    fn documented_media_types_match_with_parameters_and_wildcards() {
        assert!(is_one_of(b"text/plain; charset=utf-8", &["text/plain"]));
        assert!(is_one_of(b"TEXT/CSV", &["text/*"]));
        assert!(is_one_of(b"image/png", &["*/*"]));
        assert!(!is_one_of(b"text/html", &["text/plain", "application/xml"]));
        assert!(!is_one_of(b"text/plain", &[]));
    }
}
