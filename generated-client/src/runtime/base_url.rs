// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

use std::fmt;
use std::net::IpAddr;

/// The longest text taken from a URL, a header or a server into an error,
/// in characters; the rest is cut and marked with `…`. Errors are logged:
/// a hostile server must not fill a log line.
pub const MAX_ECHOED_CHARS: usize = 100;

/// `text` cut to [`MAX_ECHOED_CHARS`] characters, control characters
/// replaced, with `…` where it was cut.
pub(crate) fn bounded(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(MAX_ECHOED_CHARS)
        .map(|character| if character.is_control() { '?' } else { character })
        .collect();
    if text.chars().nth(MAX_ECHOED_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// What is wrong with a base URL given to the client builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BaseUrlProblem {
    /// Not an absolute URL.
    NotAbsolute,
    /// A scheme other than `http` or `https`.
    Scheme,
    /// A user name or password (`https://user:pass@host`): it would be sent
    /// as it is and printed wherever the URL is.
    Userinfo,
    /// A query (`?tenant=a`): every path would be glued after it.
    Query,
    /// A fragment (`#part`): everything after it is never sent.
    Fragment,
    /// `http://` to a host that is not this machine: keys and personal data
    /// would cross the network in clear.
    Cleartext,
}

impl fmt::Display for BaseUrlProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotAbsolute => "it is not an absolute URL; give one such as \"https://api.example.com\"",
            Self::Scheme => "only http and https are supported",
            Self::Userinfo => {
                "it holds a user name or password, which would be sent and logged as they are; \
                 remove them and set the credential on the builder"
            }
            Self::Query => {
                "it has a query, which every request path would be glued after; \
                 remove it (send per-call values with the operation's parameters or `.header`)"
            }
            Self::Fragment => "it has a fragment (`#...`), after which nothing is sent; remove it",
            Self::Cleartext => {
                "it is plain http to a host that is not this machine, so credentials and data would \
                 travel in clear; use https, or call `allow_insecure_http(true)` on a network you trust"
            }
        })
    }
}

/// A base URL the client may use: absolute http(s), no user name, query or
/// fragment, and https unless loopback or allowed.
#[derive(Clone)]
pub(crate) struct BaseUrl {
    url: reqwest::Url,
    /// The URL as shown by `Client::base_url`, without a trailing `/`.
    shown: String,
}

impl BaseUrl {
    pub(crate) fn parse(text: &str, allow_cleartext: bool) -> Result<Self, BaseUrlProblem> {
        let url = reqwest::Url::parse(text.trim()).map_err(|_| BaseUrlProblem::NotAbsolute)?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(BaseUrlProblem::Scheme);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(BaseUrlProblem::Userinfo);
        }
        if url.query().is_some() {
            return Err(BaseUrlProblem::Query);
        }
        if url.fragment().is_some() {
            return Err(BaseUrlProblem::Fragment);
        }
        let Some(host) = url.host() else { return Err(BaseUrlProblem::NotAbsolute) };
        if url.scheme() == "http" && !allow_cleartext && !is_loopback(&host) {
            return Err(BaseUrlProblem::Cleartext);
        }
        let shown = url.as_str().trim_end_matches('/').to_owned();
        Ok(Self { url, shown })
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.shown
    }

    /// The URL of an operation: the base URL's path, then `path` (its
    /// segments already percent-encoded, starting with `/`), set as the
    /// parsed URL's path, so nothing in a path can become a query, a
    /// fragment or another host.
    pub(crate) fn join(&self, path: &str) -> reqwest::Url {
        // `set_path` keeps percent-escapes as they are and escapes `?` and
        // `#`, so the query and fragment (none) stay untouched.
        let mut url = self.url.clone();
        let joined = format!("{}/{}", self.url.path().trim_end_matches('/'), path.trim_start_matches('/'));
        url.set_path(&joined);
        url
    }
}

/// Whether a URL's host is this machine.
pub(crate) fn is_loopback_url(url: &reqwest::Url) -> bool {
    url.host().is_some_and(|host| is_loopback(&host))
}

/// This machine: `localhost` (and names under it, RFC 6761), 127.0.0.0/8, `::1`.
fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(name) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        url::Host::Ipv4(address) => IpAddr::V4(*address).is_loopback(),
        url::Host::Ipv6(address) => IpAddr::V6(*address).is_loopback(),
    }
}

/// A URL as an error may show it: scheme, host, port and path (cut), never a
/// user name, password, query or fragment.
pub(crate) fn redacted(text: &str) -> String {
    match reqwest::Url::parse(text.trim()) {
        Ok(mut url) if matches!(url.scheme(), "http" | "https") => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.set_query(None);
            url.set_fragment(None);
            bounded(url.as_str())
        }
        // Not a web URL: drop anything up to an `@` (a user name or password)
        // and from a `?` or `#` on.
        _ => {
            let after_userinfo = text.rsplit('@').next().unwrap_or_default();
            bounded(after_userinfo.split(['?', '#']).next().unwrap_or_default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_with_a_query_fragment_or_userinfo_are_refused() {
        let cases = [
            ("http://127.0.0.1:1/?tenant=a", BaseUrlProblem::Query),
            ("https://api.example.com/#frag", BaseUrlProblem::Fragment),
            ("https://user:pass@api.example.com", BaseUrlProblem::Userinfo),
            ("https://user@api.example.com", BaseUrlProblem::Userinfo),
            ("ftp://api.example.com", BaseUrlProblem::Scheme),
            ("api.example.com", BaseUrlProblem::NotAbsolute),
            ("http://api.example.com", BaseUrlProblem::Cleartext),
            ("http://10.0.0.8:8080", BaseUrlProblem::Cleartext),
        ];
        for (text, problem) in cases {
            assert_eq!(BaseUrl::parse(text, false).err(), Some(problem), "{text}");
        }
        assert!(BaseUrl::parse("http://api.example.com", true).is_ok(), "cleartext when allowed");
    }

    #[test]
    fn loopback_may_be_plain_http() {
        for text in [
            "http://127.0.0.1:4010",
            "http://127.8.9.1",
            "http://[::1]:80",
            "http://localhost:3000",
            "http://api.localhost",
        ] {
            assert!(BaseUrl::parse(text, false).is_ok(), "{text}");
        }
    }

    #[test]
    fn paths_join_as_segments() {
        let base = BaseUrl::parse("https://api.example.com/base/", false).expect("valid");
        assert_eq!(base.as_str(), "https://api.example.com/base");
        assert_eq!(base.join("/v1/patients/a%2Fb").as_str(), "https://api.example.com/base/v1/patients/a%2Fb");
        assert_eq!(base.join("/v1/items/").as_str(), "https://api.example.com/base/v1/items/");
        let root = BaseUrl::parse("https://api.example.com", false).expect("valid");
        assert_eq!(root.join("/v1/locations").as_str(), "https://api.example.com/v1/locations");
        assert_eq!(root.join("/a%3Fb%23c").as_str(), "https://api.example.com/a%3Fb%23c");
        assert_eq!(root.join("/a?b#c").as_str(), "https://api.example.com/a%3Fb%23c", "never a query or fragment");
    }

    #[test]
    fn redacted_urls_keep_no_secret() {
        assert_eq!(redacted("https://user:pass@api.example.com/v1?key=k#f"), "https://api.example.com/v1");
        assert_eq!(redacted("user:pass@api.example.com/v1?key=k"), "api.example.com/v1");
    }

    #[test]
    fn echoed_text_is_bounded() {
        let long = "x".repeat(64 * 1024);
        let cut = bounded(&long);
        assert_eq!(cut.chars().count(), MAX_ECHOED_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(bounded("a\r\nb"), "a??b");
    }
}
