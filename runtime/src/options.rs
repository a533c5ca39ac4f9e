use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::retry::RetryPolicy;

/// Settings for one call, set on an operation's request builder with
/// `.timeout(..)`, `.header(..)`, `.retry(..)`, `.max_response_body(..)`,
/// `.query_param(..)`, `.body_field(..)`, `.follow_redirects_elsewhere(..)`
/// and, where the document offers a choice, `.content_type(..)` and `.accept(..)`.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) max_response_body: Option<u64>,
    /// Query parameters the document does not list, sent after its own.
    pub(crate) query: Vec<(String, String)>,
    /// Fields the document does not list, merged into the JSON body.
    pub(crate) body_fields: Vec<(String, serde_json::Value)>,
    /// The first value that could not be turned into JSON.
    pub(crate) problem: Option<String>,
    /// The media type of a raw body, instead of the document's.
    pub(crate) content_type: Option<String>,
    /// The response media type asked for, among those the document offers.
    pub(crate) accept: Option<String>,
    /// Follow a redirect to another origin, without credentials.
    pub(crate) follow_redirects_elsewhere: bool,
    /// The next page's URL as the server gave it (a `Link` header, a field
    /// of the body): sent instead of the path and query, on the same origin only.
    pub(crate) page_url: Option<String>,
}

impl RequestOptions {
    /// Records a body field; a value that cannot be JSON fails the call.
    pub(crate) fn body_field(&mut self, name: String, value: impl serde::Serialize) {
        match serde_json::to_value(value) {
            Ok(value) => self.body_fields.push((name, value)),
            Err(error) => {
                self.problem.get_or_insert(format!("body field `{name}`: {error}"));
            }
        }
    }
}

// Values a caller adds may be tokens or personal data: names only.
impl std::fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn names<T>(pairs: &[(String, T)]) -> Vec<&str> {
            pairs.iter().map(|(name, _)| name.as_str()).collect()
        }
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("headers", &names(&self.headers))
            .field("retry", &self.retry)
            .field("max_response_body", &self.max_response_body)
            .field("query", &names(&self.query))
            .field("body_fields", &names(&self.body_fields))
            .field("content_type", &self.content_type)
            .field("accept", &self.accept)
            .field("follow_redirects_elsewhere", &self.follow_redirects_elsewhere)
            .field("page_url", &self.page_url.as_ref().map(|_| "set"))
            .finish()
    }
}

/// A decoded body with the status and headers it came with
/// (from an operation's `send_with_response`).
///
/// Its `Debug` shows the status, the header names (not their values: a
/// server may set cookies, tokens or ids tied to a person) and the body as
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
