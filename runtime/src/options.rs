use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::retry::RetryPolicy;

/// Settings for one call, set on an operation's request builder with
/// `.timeout(..)`, `.header(..)`, `.retry(..)` and `.max_response_body(..)`.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) max_response_body: Option<u64>,
}

// Header values a caller adds may be tokens of their own: names only.
impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &self.headers.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>())
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .finish()
    }
}

/// A decoded body with the status and headers it came with
/// (from an operation's `send_with_response`).
///
/// Its `Debug` shows the status, the header names (not their values: a
/// server may set cookies, tokens or ids tied to a patient) and the body as
/// its type prints it.
#[derive(Clone)]
pub struct Response<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T: std::fmt::Debug> std::fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &super::error::HeaderNames(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

impl<T> Response<T> {
    /// The request id the server assigned, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        super::error::request_id(&self.headers)
    }
}
