// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, CONTENT_TYPE};
use reqwest::Method;
use serde::Serialize;
use serde_json::Value;

use std::time::Instant;

use tracing::Instrument;

use super::base_url::bounded;
use super::client::{Client, CredentialLocation};
use super::error::{Call, Error, ResponseParts, TransportError};
use super::multipart::{Multipart, MultipartBody};
use super::options::RequestOptions;
use super::path::check_path_segments;
use super::raw_body::RawBody;
use super::redirect::RedirectRules;
pub(crate) use super::response::RawResponse;
use super::retry::{retry_after, retryable_status, RetryPolicy};

/// How a query parameter is serialised (OpenAPI `style` + `explode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    /// `style: form` (the default); `explode: true` repeats the name per item.
    Form { explode: bool },
    /// `style: spaceDelimited`: items joined by spaces.
    SpaceDelimited,
    /// `style: pipeDelimited`: items joined by `|`.
    PipeDelimited,
    /// `style: deepObject`: `name[key]=value`.
    DeepObject,
}

pub(crate) fn scalar_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

enum Body {
    /// JSON, kept as a value until `build` so that a call's extra fields
    /// can join it.
    Json { content_type: String, bytes: Vec<u8> },
    /// Anything else: bytes (resendable) or a stream (sent once).
    Encoded { content_type: String, content: reqwest::Body },
    /// A raw body, whose media type the call may set.
    Raw { content_type: String, content: RawBody },
}

impl Client {
    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        path: String,
        path_template: &'static str,
        operation_id: &'static str,
    ) -> RequestBuilder<'_> {
        let name = method_name(&method);
        RequestBuilder::new(self, method, name, path, path_template, operation_id)
    }

    /// A request whose method has no constant (OpenAPI 3.2's `QUERY`, a
    /// document's `COPY`): the name as the document gives it, an HTTP token.
    pub(crate) fn request_named(
        &self,
        method: &'static str,
        path: String,
        path_template: &'static str,
        operation_id: &'static str,
    ) -> RequestBuilder<'_> {
        match Method::from_bytes(method.as_bytes()) {
            Ok(parsed) => RequestBuilder::new(self, parsed, method, path, path_template, operation_id),
            Err(_) => {
                let mut request = RequestBuilder::new(self, Method::GET, method, path, path_template, operation_id);
                request.note_problem(format!("`{method}` is not an HTTP method name"));
                request
            }
        }
    }
}

/// A request ready to send, with how it is sent.
struct Built {
    request: reqwest::Request,
    policy: RetryPolicy,
    max_body: u64,
    redirects: RedirectRules,
}

/// A JSON body with a call's extra fields merged in. New fields are added
/// at the end, leaving the body's own bytes as they were; a field the body
/// already has is replaced (the object is then written anew).
fn with_fields(bytes: Vec<u8>, fields: Vec<(String, Value)>) -> Result<Vec<u8>, String> {
    if fields.is_empty() {
        return Ok(bytes);
    }
    let not_object = || "`body_field` needs a JSON object body, and this call's body is not one".to_owned();
    let mut object: serde_json::Map<String, Value> = serde_json::from_slice(&bytes).map_err(|_| not_object())?;
    let repeated =
        fields.iter().enumerate().any(|(at, (name, _))| fields[..at].iter().any(|(earlier, _)| earlier == name));
    if repeated || fields.iter().any(|(name, _)| object.contains_key(name)) {
        object.extend(fields);
        return serde_json::to_vec(&object).map_err(|error| format!("request body: {error}"));
    }
    let mut merged = bytes;
    let Some(end) = merged.iter().rposition(|byte| *byte == b'}') else { return Err(not_object()) };
    merged.truncate(end);
    let mut has_entries = !object.is_empty();
    for (name, value) in fields {
        let value = serde_json::to_vec(&value).map_err(|error| format!("body field `{name}`: {error}"))?;
        if has_entries {
            merged.push(b',');
        }
        merged.extend_from_slice(&serde_json::to_vec(&name).map_err(|error| format!("body field: {error}"))?);
        merged.push(b':');
        merged.extend_from_slice(&value);
        has_entries = true;
    }
    merged.push(b'}');
    Ok(merged)
}

/// One request being assembled by a generated operation.
pub(crate) struct RequestBuilder<'c> {
    client: &'c Client,
    method: Method,
    path: String,
    call: Call,
    options: RequestOptions,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Body>,
    /// The first problem met while assembling; reported by `send`.
    problem: Option<String>,
    /// The operation's own server (`servers` on its path item or itself).
    server: Option<&'static str>,
    /// The path parameter that may fill several segments.
    spanning: Option<&'static str>,
    redirects: RedirectRules,
    /// The response media types the operation documents, for `accept`.
    accepts: &'static [&'static str],
}

impl<'c> RequestBuilder<'c> {
    pub(crate) fn new(
        client: &'c Client,
        method: Method,
        method_name: &'static str,
        path: String,
        path_template: &'static str,
        operation_id: &'static str,
    ) -> Self {
        let call = Call { operation: operation_id, method: method_name, path: path_template };
        Self {
            client,
            method,
            path,
            call,
            options: RequestOptions::default(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            problem: None,
            server: None,
            spanning: None,
            redirects: RedirectRules::default(),
            accepts: &[],
        }
    }

    /// The operation's own server: used while the client keeps the
    /// document's default one.
    pub(crate) fn server(&mut self, url: &'static str) {
        self.server = Some(url);
    }

    /// The path parameter (by its name in the template) that may hold `/`.
    pub(crate) fn spanning_parameter(&mut self, name: &'static str) {
        self.spanning = Some(name);
    }

    /// The 3xx statuses the operation documents: its answers, not followed.
    pub(crate) fn documented_redirects(&mut self, statuses: &'static [u16]) {
        self.redirects.documented = statuses;
    }

    /// The response media types the operation documents, which a call may
    /// pick one of with `accept`.
    pub(crate) fn accepts(&mut self, media_types: &'static [&'static str]) {
        self.accepts = media_types;
    }

    fn note_problem(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    /// Adds a query parameter; `None` and null are left out.
    pub(crate) fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: QueryStyle) {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(error) => return self.note_problem(format!("query parameter `{name}`: {error}")),
        };
        match (value, style) {
            (Value::Null, _) => {}
            (Value::Array(items), QueryStyle::Form { explode: true }) => {
                for item in items.iter().filter(|item| !item.is_null()) {
                    self.query.push((name.to_owned(), scalar_text(item)));
                }
            }
            (Value::Array(items), style) => {
                let separator = match style {
                    QueryStyle::SpaceDelimited => " ",
                    QueryStyle::PipeDelimited => "|",
                    _ => ",",
                };
                let joined = items.iter().map(scalar_text).collect::<Vec<_>>().join(separator);
                self.query.push((name.to_owned(), joined));
            }
            (Value::Object(fields), QueryStyle::DeepObject) => {
                for (key, field) in fields.iter().filter(|(_, field)| !field.is_null()) {
                    self.query.push((format!("{name}[{key}]"), scalar_text(field)));
                }
            }
            (Value::Object(fields), QueryStyle::Form { explode: true }) => {
                for (key, field) in fields.iter().filter(|(_, field)| !field.is_null()) {
                    self.query.push((key.clone(), scalar_text(field)));
                }
            }
            (Value::Object(fields), _) => {
                let joined = fields
                    .iter()
                    .filter(|(_, field)| !field.is_null())
                    .flat_map(|(key, field)| [key.clone(), scalar_text(field)])
                    .collect::<Vec<_>>()
                    .join(",");
                self.query.push((name.to_owned(), joined));
            }
            (scalar, _) => self.query.push((name.to_owned(), scalar_text(&scalar))),
        }
    }

    /// Adds a header parameter (OpenAPI `simple` style); `None` is left out.
    pub(crate) fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(Value::Array(items)) => {
                let joined = items.iter().map(scalar_text).collect::<Vec<_>>().join(",");
                self.headers.push((name.to_owned(), joined));
            }
            Ok(value) => self.headers.push((name.to_owned(), scalar_text(&value))),
            Err(error) => self.note_problem(format!("header parameter `{name}`: {error}")),
        }
    }

    /// Adds a cookie parameter; `None` is left out.
    pub(crate) fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_value(value) {
            Ok(Value::Null) => {}
            Ok(value) => self.headers.push(("cookie".to_owned(), format!("{name}={}", scalar_text(&value)))),
            Err(error) => self.note_problem(format!("cookie parameter `{name}`: {error}")),
        }
    }

    /// Sets a JSON body.
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, content_type: &str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(Body::Json { content_type: content_type.to_owned(), bytes }),
            Err(error) => self.note_problem(format!("request body: {error}")),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    pub(crate) fn form<T: Serialize + ?Sized>(&mut self, body: &T) {
        let fields = match serde_json::to_value(body) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => return self.note_problem("a form body must be an object".to_owned()),
            Err(error) => return self.note_problem(format!("request body: {error}")),
        };
        let mut encoder = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &fields {
            match value {
                Value::Null => {}
                Value::Array(items) => {
                    for item in items {
                        encoder.append_pair(key, &scalar_text(item));
                    }
                }
                other => {
                    encoder.append_pair(key, &scalar_text(other));
                }
            }
        }
        self.body = Some(Body::Encoded {
            content_type: "application/x-www-form-urlencoded".to_owned(),
            content: encoder.finish().into_bytes().into(),
        });
    }

    /// Sets a text body, with its media type.
    pub(crate) fn text(&mut self, content_type: &str, text: String) {
        self.body = Some(Body::Encoded { content_type: content_type.to_owned(), content: text.into() });
    }

    /// Sets a body sent as it is, never JSON-encoded; the call's
    /// `content_type` replaces the document's media type.
    pub(crate) fn raw(&mut self, content_type: &str, content: RawBody) {
        self.body = Some(Body::Raw { content_type: content_type.to_owned(), content });
    }

    /// Sets a `multipart/form-data` body assembled by a generated form type.
    pub(crate) fn multipart(&mut self, form: Result<Multipart, String>) {
        match form {
            Ok(form) => {
                let content_type = form.content_type();
                let content = match form.finish() {
                    MultipartBody::Bytes(bytes) => bytes.into(),
                    MultipartBody::Stream(body) => body,
                };
                self.body = Some(Body::Encoded { content_type, content });
            }
            Err(problem) => self.note_problem(problem),
        }
    }

    /// Per-call settings from the operation's builder.
    pub(crate) fn options(&mut self, options: RequestOptions) {
        self.options = options;
    }

    /// Builds the `reqwest::Request`: URL with query and credentials, headers,
    /// cookies, body and timeout. Refuses, before anything is sent, what would
    /// change where the request goes or how it is framed.
    fn build<E>(self) -> Result<Built, Error<E>> {
        let call = self.call;
        let invalid = |problem: String| Error::InvalidRequest(format!("{call}: {problem}"));
        if let Some(problem) = self.problem.or_else(|| self.options.problem.clone()) {
            return Err(invalid(problem));
        }
        if self.options.page_url.is_none() {
            check_path_segments(call.path, &self.path, self.spanning).map_err(invalid)?;
        }
        for (name, _) in &self.options.headers {
            check_call_header(name, self.client).map_err(invalid)?;
        }
        for (name, _) in &self.options.query {
            check_call_query(name, self.client).map_err(invalid)?;
        }
        if let Some(accept) = &self.options.accept {
            if !self.accepts.iter().any(|media_type| media_type.eq_ignore_ascii_case(accept)) {
                return Err(invalid(format!(
                    "`accept`: {:?} is not a media type the operation documents ({})",
                    bounded(accept),
                    self.accepts.join(", ")
                )));
            }
        }
        let base = self.client.operation_base(self.server).map_err(invalid)?;
        let page_url = match &self.options.page_url {
            Some(next) => Some(super::page_view::next_page_url(call, &base, next, self.client)?),
            None => None,
        };
        // A next page's URL carries its own query: the server wrote it.
        let query = if page_url.is_some() { &[][..] } else { &self.query[..] };
        let extra_query = if page_url.is_some() { &[][..] } else { &self.options.query[..] };
        let mut url = page_url.unwrap_or_else(|| base.join(&self.path));
        let mut cookies = Vec::new();
        let mut headers = self.client.default_headers().clone();
        // A call's own header replaces the client's default of that name.
        for (name, _) in self.headers.iter().chain(self.options.headers.iter()) {
            if let Ok(name) = HeaderName::from_bytes(name.as_bytes()) {
                headers.remove(name);
            }
        }
        {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in query.iter().chain(extra_query.iter()) {
                pairs.append_pair(name, value);
            }
            for credential in self.client.credentials() {
                match credential.location {
                    CredentialLocation::Query => {
                        pairs.append_pair(credential.name, credential.value.expose());
                    }
                    CredentialLocation::Cookie => {
                        cookies.push(format!("{}={}", credential.name, credential.value.expose()));
                    }
                    CredentialLocation::Header => {
                        let name = HeaderName::from_static(credential.name);
                        let mut value = HeaderValue::from_str(credential.value.expose()).map_err(|_| {
                            invalid(format!(
                                "credential `{}` contains characters that cannot be sent in a header",
                                credential.scheme
                            ))
                        })?;
                        value.set_sensitive(true);
                        headers.insert(name, value);
                    }
                }
            }
        }
        if url.query() == Some("") {
            url.set_query(None);
        }
        for (name, value) in self.headers.iter().chain(self.options.headers.iter()) {
            if name == "cookie" {
                cookies.push(value.clone());
                continue;
            }
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(format!("invalid header name `{name}`")))?;
            let header_value = HeaderValue::from_str(value)
                .map_err(|_| invalid(format!("header `{name}` has a value that cannot be sent")))?;
            headers.append(header_name, header_value);
        }
        if let Some(accept) = &self.options.accept {
            let value = HeaderValue::from_str(accept).map_err(|_| invalid("`accept` cannot be sent".to_owned()))?;
            headers.insert(ACCEPT, value);
        }
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| invalid("a cookie value cannot be sent".to_owned()))?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
        }
        let mut request = reqwest::Request::new(self.method, url);
        *request.headers_mut() = headers;
        let fields = self.options.body_fields;
        let body = match self.body {
            Some(Body::Json { content_type, bytes }) => {
                Some((content_type, reqwest::Body::from(with_fields(bytes, fields).map_err(invalid)?)))
            }
            _ if !fields.is_empty() => {
                return Err(invalid("`body_field` needs a JSON object body, and this call has none".to_owned()));
            }
            Some(Body::Encoded { content_type, content }) => Some((content_type, content)),
            Some(Body::Raw { content_type, content }) => {
                let content_type = self.options.content_type.unwrap_or(content_type);
                Some((content_type, content.into_body().map_err(invalid)?))
            }
            None => None,
        };
        if let Some((content_type, content)) = body {
            let content_type = HeaderValue::from_str(&content_type)
                .map_err(|_| invalid(format!("invalid content type {:?}", bounded(&content_type))))?;
            request.headers_mut().insert(CONTENT_TYPE, content_type);
            *request.body_mut() = Some(content);
        }
        if let Some(timeout) = self.options.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        let policy = self.options.retry.unwrap_or_else(|| self.client.retry_policy().clone());
        let max_body = self.options.max_response_body.unwrap_or_else(|| self.client.max_response_body());
        let redirects = RedirectRules { elsewhere: self.options.follow_redirects_elsewhere, ..self.redirects };
        Ok(Built { request, policy, max_body, redirects })
    }

    /// Sends the request, retrying as the policy allows, and reads the
    /// response up to the body limit. One tracing span per call: operation,
    /// method, path template (never the filled path: ids can identify
    /// people), attempts, status.
    pub(crate) async fn send<E>(self) -> Result<RawResponse, Error<E>> {
        match self.exchange(false).await? {
            Answer::Read(response) => Ok(response),
            Answer::Open(response) => response.read_all().await,
        }
    }

    /// Sends the request and decodes the answer with `decode` (the
    /// operation's statuses), keeping its status and headers. Every
    /// operation's `send_with_response` is this one generic future: `cargo
    /// check` checks one async body, not one per operation.
    pub(crate) async fn send_and_decode<T, E>(
        self,
        decode: impl FnOnce(RawResponse) -> Result<T, Error<E>>,
    ) -> Result<super::Response<T>, Error<E>> {
        let response = self.send().await?;
        let (status, headers) = response.head();
        decode(response).map(|body| super::Response { status, headers, body })
    }

    /// Like [`send`](Self::send), but a success's body is left unread, to be
    /// consumed as a stream (server-sent events, JSON lines). Statuses that
    /// are not successes are read as `send` reads them.
    pub(crate) async fn open<E>(self) -> Result<Answer, Error<E>> {
        self.exchange(true).await
    }

    async fn exchange<E>(self, keep_success_open: bool) -> Result<Answer, Error<E>> {
        let client = self.client;
        let strict = client.strict_decoding();
        let call = self.call;
        let span = tracing::info_span!(
            "api_request",
            operation = call.operation,
            method = call.method,
            path = call.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let Built { request, policy, max_body, redirects } = self.build()?;
        let retry_allowed = policy.allows(request.method());
        let mut original = Some(request);
        let started = Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            span.record("attempt", attempt);
            // A bytes body can always be cloned; a stream body is sent once,
            // without retries.
            let this_try = match original.as_ref().and_then(reqwest::Request::try_clone) {
                Some(copy) => copy,
                None => match original.take() {
                    Some(request) => request,
                    None => return Err(Error::InvalidRequest(format!("{call}: the request body cannot be resent"))),
                },
            };
            let outcome = async {
                let response = super::redirect::execute(client, call, this_try, redirects).await?;
                if keep_success_open && response.status().is_success() {
                    return Ok(Attempt::Open(response));
                }
                let (status, headers, url) = (response.status(), response.headers().clone(), response.url().clone());
                let body = read_limited(call, response, max_body).await?;
                Ok::<_, Failure<E>>(Attempt::Read(ResponseParts { call, status, headers, body }, url))
            }
            .instrument(span.clone())
            .await;
            let elapsed = started.elapsed();
            span.record("duration_ms", u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX));
            let can_retry = retry_allowed && original.is_some() && attempt < policy.max_attempts;
            let (wait, last) = match outcome {
                Ok(Attempt::Open(response)) => {
                    span.record("status", response.status().as_u16());
                    if attempt == 1 {
                        client.retry_bucket().record_success();
                    }
                    return Ok(Answer::Open(OpenResponse { call, strict, max_body, response }));
                }
                Ok(Attempt::Read(parts, url)) => {
                    span.record("status", parts.status.as_u16());
                    if !(can_retry && retryable_status(parts.status)) {
                        if attempt == 1 && !retryable_status(parts.status) {
                            client.retry_bucket().record_success();
                        }
                        return Ok(Answer::Read(RawResponse { parts, strict, url }));
                    }
                    (policy.next_wait(attempt, retry_after(&parts.headers), elapsed), Ok((parts, url)))
                }
                Err(Failure::Retryable(error)) if can_retry => (policy.next_wait(attempt, None, elapsed), Err(error)),
                Err(Failure::Retryable(error)) => return Err(Error::from_transport(call, error)),
                Err(Failure::Final(error)) => return Err(error),
            };
            // The client-wide budget is drawn from only when a retry would happen.
            let wait = wait.filter(|_| client.retry_bucket().try_take());
            let Some(wait) = wait else {
                // No retry fits the policy's longest wait, its time budget or
                // the client's retry budget: report what the last try got.
                return match last {
                    Ok((parts, url)) => Ok(Answer::Read(RawResponse { parts, strict, url })),
                    Err(error) => Err(Error::from_transport(call, error)),
                };
            };
            span.in_scope(|| {
                tracing::debug!(attempt, wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX), "retrying")
            });
            tokio::time::sleep(wait).await;
        }
    }
}

/// What one attempt got: a response read in full, or a success left open.
enum Attempt {
    Read(ResponseParts, reqwest::Url),
    Open(reqwest::Response),
}

/// An operation's `send`: its `send_with_response` without status and headers.
pub(crate) async fn body_of<T, E>(
    answer: impl std::future::Future<Output = Result<super::Response<T>, Error<E>>>,
) -> Result<T, Error<E>> {
    answer.await.map(|response| response.body)
}

/// What [`RequestBuilder::open`] returns.
pub(crate) enum Answer {
    /// Not a success (or not kept open): read in full, within the limit.
    Read(RawResponse),
    /// A success whose body is still to be read.
    Open(OpenResponse),
}

/// A success whose body has not been read yet.
pub(crate) struct OpenResponse {
    pub(crate) call: Call,
    pub(crate) strict: bool,
    /// The call's body limit, which a stream applies per event instead.
    pub(crate) max_body: u64,
    pub(crate) response: reqwest::Response,
}

impl OpenResponse {
    /// Reads the body as `send` would have, within the limit.
    pub(crate) async fn read_all<E>(self) -> Result<RawResponse, Error<E>> {
        let Self { call, strict, max_body, response } = self;
        let (status, headers, url) = (response.status(), response.headers().clone(), response.url().clone());
        match read_limited(call, response, max_body).await {
            Ok(body) => Ok(RawResponse { parts: ResponseParts { call, status, headers, body }, strict, url }),
            Err(Failure::Retryable(error)) => Err(Error::from_transport(call, error)),
            Err(Failure::Final(error)) => Err(error),
        }
    }
}

/// How one attempt failed: a transport error may be retried; a refused
/// redirect or an oversized body is the answer.
pub(crate) enum Failure<E> {
    Retryable(reqwest::Error),
    Final(Error<E>),
}

impl<E> Failure<E> {
    pub(crate) fn from_reqwest(call: Call, error: reqwest::Error) -> Self {
        if error.is_redirect() {
            // Not reached with the `none` policy every client has; not worth retrying.
            return Self::Final(Error::from_transport(call, error));
        }
        Self::Retryable(error)
    }
}

impl<E> Error<E> {
    pub(crate) fn from_transport(call: Call, error: reqwest::Error) -> Self {
        if error.is_timeout() {
            Self::Timeout(TransportError::new(call, error))
        } else {
            Self::Transport(TransportError::new(call, error))
        }
    }
}

/// Reads a body chunk by chunk, stopping as soon as it would pass `limit`
/// (at once when `Content-Length` already says so): memory stays bounded by
/// the limit whatever the server sends.
async fn read_limited<E>(call: Call, mut response: reqwest::Response, limit: u64) -> Result<bytes::Bytes, Failure<E>> {
    let status = response.status();
    let too_large = || Failure::Final(Error::ResponseTooLarge { call, status, limit });
    let announced = response.content_length();
    if announced.is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let capacity = usize::try_from(announced.unwrap_or(0)).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity);
    while let Some(chunk) = response.chunk().await.map_err(Failure::Retryable)? {
        let length = u64::try_from(body.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
        if length > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.into())
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::TRACE => "TRACE",
        _ => "OTHER",
    }
}

/// Headers that frame the request or pick its host: never set by a caller.
pub(crate) const FRAMING_HEADERS: [&str; 7] =
    ["host", "content-length", "transfer-encoding", "connection", "te", "trailer", "upgrade"];

/// Headers a caller may not set per call: the credentials (the client sets
/// them, once) and the ones that frame the request or pick its host.
fn check_call_header(name: &str, client: &Client) -> Result<(), String> {
    let lower = name.to_ascii_lowercase();
    if FRAMING_HEADERS.contains(&lower.as_str()) {
        return Err(format!("the header `{name}` frames the request and cannot be set per call"));
    }
    let is_credential = client.credentials().iter().any(|credential| match credential.location {
        CredentialLocation::Header => credential.name.eq_ignore_ascii_case(&lower),
        CredentialLocation::Cookie => lower == "cookie",
        CredentialLocation::Query => false,
    }) || (lower == "authorization"
        && client.default_headers().contains_key(reqwest::header::AUTHORIZATION));
    if is_credential {
        return Err(format!("the header `{name}` carries a credential; set it on the client builder, not per call"));
    }
    Ok(())
}

/// Query parameters a caller may not add per call: the credentials'.
fn check_call_query(name: &str, client: &Client) -> Result<(), String> {
    let is_credential = client
        .credentials()
        .iter()
        .any(|credential| credential.location == CredentialLocation::Query && credential.name == name);
    if is_credential {
        return Err(format!(
            "the query parameter `{name}` carries a credential; set it on the client builder, not per call"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_body_fields_join_the_body_without_reordering_it() {
        let body = br#"{"z":1,"a":{"b":[1,2]}}"#.to_vec();
        let added = with_fields(body.clone(), vec![("new".to_owned(), serde_json::json!("x"))]);
        assert_eq!(added.as_deref(), Ok(&br#"{"z":1,"a":{"b":[1,2]},"new":"x"}"#[..]));
        let replaced = with_fields(body.clone(), vec![("z".to_owned(), serde_json::json!(2))]).unwrap_or_default();
        let replaced: Value = serde_json::from_slice(&replaced).unwrap_or_default();
        assert_eq!(replaced, serde_json::json!({"z": 2, "a": {"b": [1, 2]}}));
        let empty =
            with_fields(b"{}".to_vec(), vec![("a".to_owned(), Value::Null), ("b".to_owned(), Value::Bool(true))]);
        assert_eq!(empty.as_deref(), Ok(&br#"{"a":null,"b":true}"#[..]));
        assert!(with_fields(b"[1]".to_vec(), vec![("a".to_owned(), Value::Null)]).is_err(), "not an object");
        assert_eq!(with_fields(b"[1]".to_vec(), Vec::new()).as_deref(), Ok(&b"[1]"[..]), "no fields: as it was");
    }
}
