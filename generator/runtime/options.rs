use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::retry::RetryPolicy;

/// Settings for one call, set on an operation's request builder with
/// `.timeout(..)`, `.header(..)` and `.retry(..)`.
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// A decoded body with the status and headers it came with
/// (from an operation's `send_with_response`).
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// The request id the server assigned, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        super::error::request_id(&self.headers)
    }
}
