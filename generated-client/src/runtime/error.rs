// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Which call a response or an error belongs to: the operation, its method and
/// its path template as the document names them. Never the filled path, ids or
/// query values, so it is safe to log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Call {
    /// The document's `operationId`.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The path template, e.g. `/v1/patients/{id}`.
    pub path: &'static str,
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.operation, self.method, self.path)
    }
}

/// What the server sent back, kept whole so nothing is lost when a response
/// is not what the document promised.
///
/// Its `Debug` output shows the status, the header names and the body's size,
/// never header values or the body: bodies carry personal data. Read them in
/// code (`body`, [`body_text`](Self::body_text)).
#[derive(Clone)]
pub struct ResponseParts {
    /// The call this answered.
    pub call: Call,
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
}

impl ResponseParts {
    /// The body as text (invalid UTF-8 replaced). It may hold personal data:
    /// do not log it as it is.
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The request id the server assigned, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        request_id(&self.headers)
    }
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<&str> {
    ["x-request-id", "x-amzn-requestid", "x-correlation-id"]
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|value| value.to_str().ok())
}

/// Header names only: a `Location` or `Set-Cookie` value can carry ids.
pub(crate) struct HeaderNames<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys().map(|name| name.as_str())).finish()
    }
}

/// A size in place of content that must not be printed.
struct Withheld(usize);

impl fmt::Debug for Withheld {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes withheld>", self.0)
    }
}

impl fmt::Debug for ResponseParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseParts")
            .field("call", &self.call)
            .field("status", &self.status)
            .field("headers", &HeaderNames(&self.headers))
            .field("body", &Withheld(self.body.len()))
            .finish()
    }
}

/// A request that could not be sent or whose response could not be read,
/// with the call it belongs to. The underlying `reqwest` error is kept
/// without its URL, which holds ids and query values.
pub struct TransportError {
    /// The call that failed.
    pub call: Call,
    error: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(call: Call, error: reqwest::Error) -> Self {
        Self { call, error: error.without_url() }
    }

    /// The underlying error (without the request's URL).
    pub fn reqwest(&self) -> &reqwest::Error {
        &self.error
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError").field("call", &self.call).field("error", &self.error).finish()
    }
}

/// Why a redirect was not followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectRefusal {
    /// It led to another scheme, host or port, which must not receive the
    /// credentials (an `https` -> `http` redirect is one).
    OtherOrigin,
    /// It was one redirect too many (a loop, or a chain longer than the limit).
    TooMany,
}

/// Everything that can go wrong with a call. `E` is the operation's own
/// enum of documented error responses (e.g. a 400 with its typed body).
///
/// `Display` and `Debug` never show a response body, a decoding failure's
/// value, a header value or the filled URL: errors are what applications log,
/// and these carry personal data. They show the call (operation, method, path
/// template), the status, sizes and, for decoding, where and what was expected.
/// The raw response stays available to code through [`response`](Self::response).
///
/// Responses and bodies are boxed so that a `Result` stays small on the
/// success path.
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with an error status the document describes;
    /// `body` is the decoded, typed body for that status.
    Api {
        /// The typed error, one variant per documented status.
        body: Box<E>,
        /// The raw response it was decoded from.
        response: Box<ResponseParts>,
    },
    /// The API answered with a status the document does not describe for
    /// this operation.
    UnexpectedStatus(Box<ResponseParts>),
    /// The response body did not match the document's schema.
    Decode {
        /// Where in the body decoding failed (e.g. `data[3].dob`).
        path: String,
        /// What serde said, with any value taken from the body withheld
        /// (e.g. `invalid type: string, expected i64`).
        message: String,
        /// The raw response.
        response: Box<ResponseParts>,
    },
    /// The server labelled its answer with a media type that is not JSON
    /// (e.g. an HTML error page from a proxy), where JSON was expected. It
    /// is not decoded.
    UnexpectedContentType {
        /// The response's `Content-Type`, cut to
        /// [`MAX_ECHOED_CHARS`](crate::MAX_ECHOED_CHARS).
        content_type: String,
        /// The raw response.
        response: Box<ResponseParts>,
    },
    /// The request did not complete within the configured timeout.
    Timeout(TransportError),
    /// The request could not be sent or the response not read
    /// (DNS, connection refused, TLS, connection reset).
    Transport(TransportError),
    /// The server redirected the call somewhere the client does not follow:
    /// another origin, which would receive the credentials (opt in per call
    /// with `follow_redirects_elsewhere(true)`, which sends none), or too
    /// many hops. Never retried.
    Redirect {
        /// The call that was redirected.
        call: Call,
        /// The redirect's status.
        status: Option<StatusCode>,
        /// The origin (scheme, host, port) of the redirect's target, cut to
        /// [`MAX_ECHOED_CHARS`](crate::MAX_ECHOED_CHARS).
        origin: String,
        /// The whole target, path and query included (a signed download
        /// URL): for code to use. `Display` and `Debug` never show it.
        location: Option<String>,
        /// Why it was not followed.
        reason: RedirectRefusal,
    },
    /// The response body is longer than the limit allowed for it
    /// (`ClientBuilder::max_response_body`, or the call's own). Reading
    /// stopped at the limit.
    ResponseTooLarge {
        /// The call whose response was too large.
        call: Call,
        /// The response's status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A paged listing stopped because the server sent a page identical to an
    /// earlier one, or gave the same cursor or link twice: it ignores paging,
    /// and going on would never end. The items before it were all yielded.
    PageRepeated {
        /// The listing operation.
        operation: &'static str,
        /// The page that repeated: its position in the listing, from 0.
        page: u64,
        /// The earlier page it repeated, by its position.
        same_as: u64,
    },
    /// A paged listing stopped because the server gave a next page on another
    /// origin (or with a user name), which would receive the credentials.
    /// Nothing was sent there; the items before it were all yielded.
    PageElsewhere {
        /// The listing's call.
        call: Call,
        /// The origin (scheme, host, port) the next page was said to be on, cut to
        /// [`MAX_ECHOED_CHARS`](crate::MAX_ECHOED_CHARS).
        origin: String,
    },
    /// The request could not be built from the arguments given
    /// (e.g. a value that cannot be sent in a header, an empty path parameter).
    /// Nothing was sent.
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::ResponseTooLarge { status, .. } => Some(*status),
            Self::Redirect { status, .. } => *status,
            _ => self.response().map(|r| r.status),
        }
    }

    /// The raw response, when the server answered and it was read.
    pub fn response(&self) -> Option<&ResponseParts> {
        match self {
            Self::Api { response, .. }
            | Self::UnexpectedStatus(response)
            | Self::Decode { response, .. }
            | Self::UnexpectedContentType { response, .. } => Some(response),
            _ => None,
        }
    }

    /// Where a refused redirect pointed, whole (path and query included).
    pub fn redirect_location(&self) -> Option<&str> {
        match self {
            Self::Redirect { location, .. } => location.as_deref(),
            _ => None,
        }
    }

    /// The typed body of a documented error response.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Self::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The call the error belongs to, where it is known.
    pub fn call(&self) -> Option<Call> {
        match self {
            Self::Api { response, .. }
            | Self::UnexpectedStatus(response)
            | Self::Decode { response, .. }
            | Self::UnexpectedContentType { response, .. } => Some(response.call),
            Self::Timeout(error) | Self::Transport(error) => Some(error.call),
            Self::Redirect { call, .. } | Self::ResponseTooLarge { call, .. } | Self::PageElsewhere { call, .. } => {
                Some(*call)
            }
            Self::PageRepeated { .. } | Self::InvalidRequest(_) => None,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { response, .. } => write!(
                f,
                "{} answered {}, a documented error ({} bytes; the typed body is in the error)",
                response.call,
                response.status,
                response.body.len()
            ),
            Self::UnexpectedStatus(response) => write!(
                f,
                "{} answered {}, a status the document does not describe for it ({} bytes; the raw body is in the error)",
                response.call,
                response.status,
                response.body.len()
            ),
            Self::Decode { path, message, response } => write!(
                f,
                "the {} response of {} does not match the document's schema at `{path}`: {message} \
                 ({} bytes; the raw body is in the error)",
                response.status,
                response.call,
                response.body.len()
            ),
            Self::UnexpectedContentType { content_type, response } => write!(
                f,
                "the {} response of {} is {content_type:?}, not JSON, so it was not decoded \
                 ({} bytes; the raw body is in the error)",
                response.status,
                response.call,
                response.body.len()
            ),
            Self::Timeout(error) => {
                write!(f, "{} timed out; retry, or raise the timeout on the client builder", error.call)
            }
            Self::Transport(error) => {
                write!(f, "{}: the request could not be sent or its response read: {}", error.call, error.error)
            }
            Self::Redirect { call, status, origin, reason, .. } => {
                let status = status.map_or_else(|| "a redirect".to_owned(), |status| status.to_string());
                match reason {
                    RedirectRefusal::OtherOrigin => write!(
                        f,
                        "{call} answered {status} to {origin}, another origin: not followed, \
                         so the credentials stay with the API (the whole location is in the error; \
                         `follow_redirects_elsewhere(true)` on the call follows it without them)"
                    ),
                    RedirectRefusal::TooMany => write!(
                        f,
                        "{call} answered {status} to {origin} after too many redirects: not followed"
                    ),
                }
            }
            Self::ResponseTooLarge { call, status, limit } => write!(
                f,
                "the {status} response of {call} is larger than the {limit}-byte limit; \
                 raise it with `max_response_body` on the client builder or the call"
            ),
            Self::PageRepeated { operation, page, same_as } => write!(
                f,
                "{operation}: page {page} of the listing is the same as page {same_as}, so the server \
                 ignores paging; the listing stopped after the items before it"
            ),
            Self::PageElsewhere { call, origin } => write!(
                f,
                "{call}: the next page is on another origin ({origin}), which would receive the \
                 credentials; the listing stopped after the items before it"
            ),
            Self::InvalidRequest(message) => write!(f, "invalid request, nothing was sent: {message}"),
        }
    }
}

impl<E> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { response, .. } => {
                f.debug_struct("Api").field("body", &Withheld(response.body.len())).field("response", response).finish()
            }
            Self::UnexpectedStatus(response) => f.debug_tuple("UnexpectedStatus").field(response).finish(),
            Self::Decode { path, message, response } => f
                .debug_struct("Decode")
                .field("path", path)
                .field("message", message)
                .field("response", response)
                .finish(),
            Self::UnexpectedContentType { content_type, response } => f
                .debug_struct("UnexpectedContentType")
                .field("content_type", content_type)
                .field("response", response)
                .finish(),
            Self::Timeout(error) => f.debug_tuple("Timeout").field(error).finish(),
            Self::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
            Self::Redirect { call, status, origin, location, reason } => f
                .debug_struct("Redirect")
                .field("call", call)
                .field("status", status)
                .field("origin", origin)
                .field("location", &location.as_ref().map(|_| "<withheld>"))
                .field("reason", reason)
                .finish(),
            Self::ResponseTooLarge { call, status, limit } => f
                .debug_struct("ResponseTooLarge")
                .field("call", call)
                .field("status", status)
                .field("limit", limit)
                .finish(),
            Self::PageRepeated { operation, page, same_as } => f
                .debug_struct("PageRepeated")
                .field("operation", operation)
                .field("page", page)
                .field("same_as", same_as)
                .finish(),
            Self::PageElsewhere { call, origin } => {
                f.debug_struct("PageElsewhere").field("call", call).field("origin", origin).finish()
            }
            Self::InvalidRequest(message) => f.debug_tuple("InvalidRequest").field(message).finish(),
        }
    }
}

impl<E> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timeout(error) | Self::Transport(error) => Some(&error.error),
            _ => None,
        }
    }
}

/// serde's message for a body that did not decode, without the values it
/// quotes from the body (`invalid type: string "9434765919", expected i64`
/// names a personal number). What was expected comes from the Rust types and is
/// kept, and so are field names, which come from the document.
pub(crate) fn withhold_values(message: &str, category: serde_json::error::Category) -> String {
    use serde_json::error::Category;
    // Syntax errors describe the text's shape ("expected `,` or `}`"), never its content.
    if matches!(category, Category::Syntax | Category::Eof | Category::Io) {
        return message.to_owned();
    }
    if message.starts_with("missing field `") || message.starts_with("duplicate field `") {
        return message.to_owned();
    }
    match message.split_once(", expected ") {
        Some((found, expected)) => {
            let kind = found.split(['"', '`']).next().unwrap_or_default().trim_end();
            format!("{kind}, expected {expected}")
        }
        None => without_quoted(message),
    }
}

/// Replaces every `"..."` and `` `...` `` span with `<withheld>`.
fn without_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    for character in message.chars() {
        match open {
            Some(quote) if character == quote => open = None,
            Some(_) => {}
            None if character == '"' || character == '`' => {
                open = Some(character);
                out.push_str("<withheld>");
            }
            None => out.push(character),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::error::Category;

    #[test]
    fn decode_messages_keep_the_expectation_and_withhold_the_value() {
        let cases = [
            (
                r#"invalid type: string "9434765919", expected i64 at line 1 column 20"#,
                "invalid type: string, expected i64 at line 1 column 20",
            ),
            ("invalid value: integer `9434765919`, expected u8", "invalid value: integer, expected u8"),
            ("unknown variant `9434765919`, expected `sms` or `email`", "unknown variant, expected `sms` or `email`"),
            ("missing field `dob`", "missing field `dob`"),
            (r#"could not parse "9434765919" as a date"#, "could not parse <withheld> as a date"),
        ];
        for (message, expected) in cases {
            assert_eq!(withhold_values(message, Category::Data), expected);
        }
        assert_eq!(
            withhold_values("expected `,` or `}` at line 1 column 9", Category::Syntax),
            "expected `,` or `}` at line 1 column 9"
        );
    }
}
