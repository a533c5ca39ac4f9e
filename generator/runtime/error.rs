use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// What the server sent back, kept whole so nothing is lost when a response
/// is not what the document promised.
#[derive(Clone)]
pub struct ResponseParts {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw response body.
    pub body: Bytes,
}

impl ResponseParts {
    /// The body as text (invalid UTF-8 replaced), for logging or display.
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

impl fmt::Debug for ResponseParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseParts")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body_text())
            .finish()
    }
}

/// Everything that can go wrong with a call. `E` is the operation's own
/// enum of documented error responses (e.g. a 400 with its typed body).
///
/// Responses and bodies are boxed so that a `Result` stays small on the
/// success path.
#[derive(Debug)]
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
        /// What serde said.
        message: String,
        /// The raw response.
        response: Box<ResponseParts>,
    },
    /// The request did not complete within the configured timeout.
    Timeout(reqwest::Error),
    /// The request could not be sent or the response not read
    /// (DNS, connection refused, TLS, connection reset).
    Transport(reqwest::Error),
    /// The request could not be built from the arguments given
    /// (e.g. a value that cannot be sent in a header).
    InvalidRequest(String),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.response().map(|r| r.status)
    }

    /// The raw response, when the server answered.
    pub fn response(&self) -> Option<&ResponseParts> {
        match self {
            Self::Api { response, .. } | Self::UnexpectedStatus(response) | Self::Decode { response, .. } => {
                Some(response)
            }
            Self::Timeout(_) | Self::Transport(_) | Self::InvalidRequest(_) => None,
        }
    }

    /// The typed body of a documented error response.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Self::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    pub(crate) fn from_transport(error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout(error)
        } else {
            Self::Transport(error)
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api { body, response } => write!(f, "the API answered {}: {body:?}", response.status),
            Self::UnexpectedStatus(response) => write!(
                f,
                "the API answered {}, a status the document does not describe for this operation; body: {}",
                response.status,
                truncate(&response.body_text())
            ),
            Self::Decode { path, message, response } => write!(
                f,
                "the {} response does not match the document's schema at `{path}`: {message}; \
                 the raw body is kept in the error",
                response.status
            ),
            Self::Timeout(_) => f.write_str("the request timed out; retry, or raise the timeout on the client builder"),
            Self::Transport(error) => write!(f, "the request could not be sent or its response read: {error}"),
            Self::InvalidRequest(message) => write!(f, "invalid request: {message}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timeout(error) | Self::Transport(error) => Some(error),
            _ => None,
        }
    }
}

fn truncate(text: &str) -> &str {
    const LIMIT: usize = 512;
    if text.len() <= LIMIT {
        return text;
    }
    let mut end = LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_respects_char_boundaries() {
        let text = "é".repeat(400);
        let cut = truncate(&text);
        assert!(cut.len() <= 512);
        assert!(text.starts_with(cut));
    }
}
