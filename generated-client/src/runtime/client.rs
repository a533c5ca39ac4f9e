// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::request::RequestBuilder;
use super::retry::RetryPolicy;
use super::secret::SecretString;

/// Where a credential travels on each request, as the document's security
/// scheme says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CredentialLocation {
    Header,
    Query,
    Cookie,
}

#[derive(Clone, Debug)]
pub(crate) struct Credential {
    /// The security scheme's name in the document (e.g. `apiKeyAuth`).
    pub(crate) scheme: &'static str,
    pub(crate) location: CredentialLocation,
    /// Header, query parameter or cookie name.
    pub(crate) name: &'static str,
    pub(crate) value: SecretString,
}

/// Why a [`Client`] could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// The document requires this credential on every request and none was given.
    MissingCredential {
        /// The security scheme's name in the document.
        scheme: &'static str,
        /// The builder method that sets it.
        setter: &'static str,
        /// The environment variable read when the builder is not given it.
        env: &'static str,
    },
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl(String),
    /// The underlying HTTP client could not be created.
    Http(reqwest::Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingCredential { scheme, setter, env } => write!(
                f,
                "missing credential `{scheme}`: every request needs it; call `ClientBuilder::{setter}` or set the environment variable {env}"
            ),
            Self::InvalidBaseUrl(url) => write!(
                f,
                "invalid base URL {url:?}: give an absolute http(s) URL such as \"https://api.example.com\""
            ),
            Self::Http(error) => write!(f, "could not create the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Http(error) => Some(error),
            _ => None,
        }
    }
}

/// Configures and builds a [`Client`]. Start from [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Vec<Credential>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    http: Option<reqwest::Client>,
    retry: RetryPolicy,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials.iter().map(|c| c.scheme).collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn new(default_base_url: &str) -> Self {
        Self {
            base_url: default_base_url.to_owned(),
            credentials: Vec::new(),
            timeout: Some(Duration::from_secs(60)),
            connect_timeout: Some(Duration::from_secs(10)),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            http: None,
            retry: RetryPolicy::default(),
        }
    }

    /// How failed requests are retried (default: [`RetryPolicy::default`];
    /// [`RetryPolicy::none`] turns retries off). A call can override it.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends requests to this base URL instead of the default server
    /// (e.g. a local mock server). Paths are appended to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Total time allowed for one request, from connecting to reading the
    /// whole body. Default: 60 seconds. `None` waits for ever.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed to establish a connection. Default: 10 seconds.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Replaces the `User-Agent` header (default: `<crate>/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Uses a `reqwest::Client` you configured yourself (proxies, TLS
    /// roots, connection pools). Timeouts and user agent set on this builder
    /// are then not applied: configure them on your client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    pub(crate) fn credential(
        mut self,
        scheme: &'static str,
        location: CredentialLocation,
        name: &'static str,
        value: SecretString,
    ) -> Self {
        self.credentials.retain(|c| c.scheme != scheme);
        self.credentials.push(Credential { scheme, location, name, value });
        self
    }

    /// Builds the client, checking that every credential the document
    /// requires has been given, here or in its environment variable.
    pub fn build(mut self) -> Result<Client, ConfigError> {
        for (scheme, setter, env) in crate::config::REQUIRED_CREDENTIALS {
            if self.credentials.iter().any(|c| c.scheme == *scheme) {
                continue;
            }
            match std::env::var(env) {
                Ok(value) if !value.is_empty() => self = crate::config::set_credential(self, scheme, value),
                _ => return Err(ConfigError::MissingCredential { scheme, setter, env }),
            }
        }
        let base_url = self.base_url.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base_url) {
            Ok(url) if matches!(url.scheme(), "http" | "https") => {}
            _ => return Err(ConfigError::InvalidBaseUrl(self.base_url)),
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder().user_agent(self.user_agent);
                if let Some(timeout) = self.timeout {
                    builder = builder.timeout(timeout);
                }
                if let Some(timeout) = self.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder.build().map_err(ConfigError::Http)?
            }
        };
        Ok(Client {
            inner: Arc::new(ClientInner { http, base_url, credentials: self.credentials, retry: self.retry }),
        })
    }
}

struct ClientInner {
    http: reqwest::Client,
    base_url: String,
    credentials: Vec<Credential>,
    retry: RetryPolicy,
}

/// The API client. Cheap to clone: clones share one connection pool.
///
/// Operations are grouped by the document's tags; each group is reached
/// through a method of the same name (see the crate's README for the table).
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials.iter().map(|c| c.scheme).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client for the document's default server.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new(crate::config::DEFAULT_BASE_URL)
    }

    /// The base URL every path is appended to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn request(
        &self,
        method: reqwest::Method,
        path: String,
        path_template: &'static str,
        operation_id: &'static str,
    ) -> RequestBuilder<'_> {
        RequestBuilder::new(self, method, path, path_template, operation_id)
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn http(&self) -> &reqwest::Client {
        &self.inner.http
    }

    pub(crate) fn credentials(&self) -> &[Credential] {
        &self.inner.credentials
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_credential_values() {
        let builder = ClientBuilder::new("https://example.invalid").credential(
            "scheme",
            CredentialLocation::Header,
            "x-api-key",
            SecretString::new("top-secret-key"),
        );
        assert!(!format!("{builder:?}").contains("top-secret-key"));
    }

    #[test]
    fn rejects_relative_base_url() {
        let mut builder = ClientBuilder::new("not a url");
        for (scheme, _, _) in crate::config::REQUIRED_CREDENTIALS {
            builder = builder.credential(scheme, CredentialLocation::Header, "x", SecretString::new("v"));
        }
        assert!(matches!(builder.build(), Err(ConfigError::InvalidBaseUrl(_))));
    }
}
