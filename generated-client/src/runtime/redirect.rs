// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

//! Redirects, followed here rather than by reqwest (whose policy is `none`,
//! set last on every client) because the rule depends on the call: a
//! same-origin hop is followed with the credentials; a hop to another origin
//! that the operation documents is its answer; any other hop elsewhere is
//! refused unless the call opts in, and then followed with no credentials.

use std::fmt;

use reqwest::header::{HeaderMap, LOCATION};
use reqwest::{Method, StatusCode, Url};

use super::base_url::{bounded, is_loopback_url};
use super::client::Client;
use super::error::{Call, Error, RedirectRefusal};
use super::request::Failure;

/// Redirects followed in one call before the client gives up.
pub(crate) const MAX_REDIRECTS: usize = 3;

/// How one call treats redirects.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct RedirectRules {
    /// 3xx statuses the operation documents: to another origin, they are its answers.
    pub(crate) documented: &'static [u16],
    /// The call's `follow_redirects_elsewhere`.
    pub(crate) elsewhere: bool,
}

/// The answer of an operation that documents a redirect (a download served
/// from a CDN, a signed URL): where it points, not followed.
///
/// Its `Debug` shows the target's origin only: a signed URL's path and query
/// are a credential.
#[derive(Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The redirect's status (`301`, `302`, `303`, `307`, `308`, ...).
    pub status: StatusCode,
    /// The `Location` the server sent, resolved against the request's URL;
    /// `None` when it sent none (or one that is not a URL).
    pub location: Option<Url>,
}

impl fmt::Debug for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = self.location.as_ref().map(|url| bounded(&url.origin().ascii_serialization()));
        f.debug_struct("Redirect").field("status", &self.status).field("location_origin", &origin).finish()
    }
}

/// The `Location` of a response, resolved against the URL it answered.
pub(crate) fn location(headers: &HeaderMap, base: &Url) -> Option<Url> {
    let text = headers.get(LOCATION)?.to_str().ok()?;
    base.join(text.trim()).ok()
}

/// Whether a redirect from a chain that started at `first` and has made
/// `requests` requests so far may go on to `next` with the credentials.
pub(crate) fn redirect_refusal(first: &Url, next: &Url, requests: usize) -> Option<RedirectRefusal> {
    if requests > MAX_REDIRECTS {
        Some(RedirectRefusal::TooMany)
    } else if first.origin() != next.origin() {
        Some(RedirectRefusal::OtherOrigin)
    } else {
        None
    }
}

/// Sends `request`, following redirects as `rules` and the origin allow.
pub(crate) async fn execute<E>(
    client: &Client,
    call: Call,
    request: reqwest::Request,
    rules: RedirectRules,
) -> Result<reqwest::Response, Failure<E>> {
    let first = request.url().clone();
    let mut current = request;
    let mut requests = 1;
    // Once a hop has left the origin, no later request carries credentials.
    let mut with_credentials = true;
    loop {
        let copy = current.try_clone();
        let (method, url, headers, timeout) =
            (current.method().clone(), current.url().clone(), current.headers().clone(), current.timeout().copied());
        let response = client.http().execute(current).await.map_err(|error| Failure::from_reqwest(call, error))?;
        let status = response.status();
        if !matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308) {
            return Ok(response);
        }
        // Without a usable `Location` the status itself is the answer.
        let Some(next) = location(response.headers(), &url) else { return Ok(response) };
        let refused = |reason| {
            Failure::Final(Error::Redirect {
                call,
                status: Some(status),
                origin: bounded(&next.origin().ascii_serialization()),
                location: Some(next.to_string()),
                reason,
            })
        };
        // 307 and 308 repeat the method and body; the others become a GET (RFC 9110 15.4).
        let keeps_body = matches!(status.as_u16(), 307 | 308);
        let next_method = if keeps_body || method == Method::HEAD { method.clone() } else { Method::GET };
        let same_origin = with_credentials && redirect_refusal(&first, &next, requests).is_none();
        let mut request = reqwest::Request::new(next_method.clone(), next.clone());
        *request.timeout_mut() = timeout;
        if same_origin {
            *request.headers_mut() = headers;
            if keeps_body {
                match copy.and_then(|mut copy| copy.body_mut().take()) {
                    Some(body) => *request.body_mut() = Some(body),
                    None if method == Method::GET || method == Method::HEAD => {}
                    // A streamed body was sent once and cannot be sent again.
                    None => return Ok(response),
                }
            } else {
                for name in [reqwest::header::CONTENT_TYPE, reqwest::header::CONTENT_LENGTH] {
                    request.headers_mut().remove(name);
                }
            }
        } else if rules.documented.contains(&status.as_u16()) {
            // Where it points is the operation's answer (a download on a CDN).
            return Ok(response);
        } else {
            if requests > MAX_REDIRECTS {
                return Err(refused(RedirectRefusal::TooMany));
            }
            let safe_method = next_method == Method::GET || next_method == Method::HEAD;
            let secure = next.scheme() == "https" || is_loopback_url(&next);
            if !(rules.elsewhere && safe_method && secure) {
                return Err(refused(RedirectRefusal::OtherOrigin));
            }
            // Nothing of the call's own: no credentials, cookies or headers.
            with_credentials = false;
        }
        if requests > MAX_REDIRECTS {
            return Err(refused(RedirectRefusal::TooMany));
        }
        requests += 1;
        current = request;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_the_origin_and_never_downgrade() {
        let url = |text: &str| Url::parse(text).expect("URL");
        let api = url("https://api.example.com/v1/patients/1");
        assert_eq!(redirect_refusal(&api, &url("https://api.example.com/v1/patients/2"), 1), None);
        assert_eq!(
            redirect_refusal(&api, &url("https://api.example.com:443/v2"), 1),
            None,
            "the default port is the same origin"
        );
        for elsewhere in [
            "http://api.example.com/v1/patients/1",
            "https://api.example.com:8443/v1",
            "https://other.example.com/v1",
            "https://example.com/v1",
        ] {
            assert_eq!(redirect_refusal(&api, &url(elsewhere), 1), Some(RedirectRefusal::OtherOrigin), "{elsewhere}");
        }
        assert_eq!(redirect_refusal(&api, &api, MAX_REDIRECTS + 1), Some(RedirectRefusal::TooMany));
    }

    #[test]
    fn a_documented_redirect_shows_only_its_origin() {
        let answer = Redirect {
            status: StatusCode::FOUND,
            location: Url::parse("https://cdn.example.net/files/9434765919.pdf?signature=abc").ok(),
        };
        let shown = format!("{answer:?}");
        assert!(shown.contains("https://cdn.example.net") && !shown.contains("9434765919") && !shown.contains("abc"));
        let headers = HeaderMap::from_iter([(LOCATION, "/next?page=2".parse().expect("header"))]);
        let base = Url::parse("https://api.example.com/v1/items").expect("URL");
        assert_eq!(location(&headers, &base).map(String::from).as_deref(), Some("https://api.example.com/next?page=2"));
    }

    /// Answers one request with 204 and returns its request line.
    async fn one_answer(listener: tokio::net::TcpListener) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let Ok((mut socket, _)) = listener.accept().await else { return String::new() };
        let mut received = Vec::new();
        let mut buffer = [0u8; 1024];
        while !received.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(read) => received.extend_from_slice(&buffer[..read]),
            }
        }
        let _ = socket.write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").await;
        String::from_utf8_lossy(&received).lines().next().unwrap_or_default().to_owned()
    }

    #[tokio::test]
    async fn an_operation_goes_to_its_own_server_while_the_client_keeps_the_default() {
        use crate::runtime::client::{ApiConfig, ClientBuilder};
        let bind = || tokio::net::TcpListener::bind("127.0.0.1:0");
        let (api, uploads, mock) =
            (bind().await.expect("bind"), bind().await.expect("bind"), bind().await.expect("bind"));
        let address = |listener: &tokio::net::TcpListener| listener.local_addr().expect("address");
        let default: &'static str = Box::leak(format!("http://{}/v1", address(&api)).into_boxed_str());
        let server: &'static str = Box::leak(format!("http://{}/up", address(&uploads)).into_boxed_str());
        let mock_url = format!("http://{}/mock", address(&mock));
        let config: &'static ApiConfig = Box::leak(Box::new(ApiConfig {
            default_base_url: default,
            required_credentials: &[],
            set_credential: |builder, _, _| builder,
            settings: &[],
        }));
        let (at_uploads, at_mock) = (tokio::spawn(one_answer(uploads)), tokio::spawn(one_answer(mock)));
        drop(api);
        let send = |client: Client| async move {
            let mut request = client.request(Method::POST, "/files/a".to_owned(), "/files/{name}", "upload");
            request.server(server);
            request.send::<()>().await.map(|response| response.status())
        };
        let by_default = ClientBuilder::new(config).build().expect("builds");
        assert_eq!(send(by_default).await.ok(), Some(204));
        assert_eq!(at_uploads.await.expect("served"), "POST /up/files/a HTTP/1.1");
        let pointed = ClientBuilder::new(config).base_url(mock_url).build().expect("builds");
        assert_eq!(send(pointed).await.ok(), Some(204));
        assert_eq!(at_mock.await.expect("served"), "POST /mock/files/a HTTP/1.1", "a mock gets every operation");
    }
}
