// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::base_url::{redacted, BaseUrl, BaseUrlProblem};
use super::retry::{RetryBucket, RetryBudget, RetryPolicy};
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
    /// The base URL cannot be used as it is.
    InvalidBaseUrl {
        /// The URL without any user name, password, query or fragment, cut
        /// to a bounded length.
        url: String,
        /// What is wrong with it.
        problem: BaseUrlProblem,
    },
    /// A credential has characters that cannot be sent where the document
    /// puts it (e.g. a line break in a header). The value is not shown.
    InvalidCredential {
        /// The security scheme's name in the document.
        scheme: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
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
            Self::InvalidBaseUrl { url, problem } => write!(f, "invalid base URL {url:?}: {problem}"),
            Self::InvalidCredential { scheme, reason } => {
                write!(f, "credential `{scheme}` cannot be sent: {reason}; check the value you configured")
            }
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

/// What a generated crate tells the runtime about its API. The crate's
/// `Client::builder()` passes its own (in `config.rs`) to [`ClientBuilder::new`].
#[derive(Debug)]
pub(crate) struct ApiConfig {
    /// The base URL a client uses unless told otherwise.
    pub(crate) default_base_url: &'static str,
    /// Security schemes every request needs: (scheme, builder method,
    /// environment variable).
    pub(crate) required_credentials: &'static [(&'static str, &'static str, &'static str)],
    /// Sets a credential read from its environment variable.
    pub(crate) set_credential: fn(ClientBuilder, &str, String) -> ClientBuilder,
    /// Parameters set on the client: (wire name, default as JSON text).
    pub(crate) settings: &'static [(&'static str, &'static str)],
}

/// Configures and builds a [`Client`]. Start from [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    api: &'static ApiConfig,
    base_url: String,
    credentials: Vec<Credential>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: String,
    configure_http: Option<ConfigureHttp>,
    retry: RetryPolicy,
    retry_budget: RetryBudget,
    max_response_body: u64,
    strict_decoding: bool,
    allow_insecure_http: bool,
    pool_max_idle_per_host: usize,
    pool_idle_timeout: Option<Duration>,
    /// Headers sent with every request, values kept secret.
    default_headers: Vec<(String, SecretString)>,
    /// `Authorization` from `bearer_token` or `basic_auth`.
    authorization: Option<SecretString>,
    /// Values of the document's parameters set on the client.
    settings: Vec<(&'static str, serde_json::Value)>,
}

/// A caller's adjustments to the HTTP client (proxies, TLS roots, ...).
type ConfigureHttp = Arc<dyn Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync>;

/// Idle connections kept per host by default: enough for steady parallel
/// calls; a burst's extra sockets are closed as soon as they are idle.
pub const DEFAULT_POOL_MAX_IDLE_PER_HOST: usize = 8;

/// How long an idle connection is kept open by default.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The default limit on a response body: 32 MiB, far above any page of the
/// API, far below what would exhaust a server's memory.
pub const DEFAULT_MAX_RESPONSE_BODY: u64 = 32 * 1024 * 1024;

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &redacted(&self.base_url))
            .field("credentials", &self.credentials.iter().map(|c| c.scheme).collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("configure_http", &self.configure_http.is_some())
            .field("retry", &self.retry)
            .field("retry_budget", &self.retry_budget)
            .field("max_response_body", &self.max_response_body)
            .field("strict_decoding", &self.strict_decoding)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("pool_max_idle_per_host", &self.pool_max_idle_per_host)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("default_headers", &self.default_headers.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("authorization", &self.authorization.is_some())
            .field("settings", &self.settings.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    pub(crate) fn new(api: &'static ApiConfig) -> Self {
        Self {
            api,
            base_url: api.default_base_url.to_owned(),
            credentials: Vec::new(),
            timeout: Some(Duration::from_secs(60)),
            connect_timeout: Some(Duration::from_secs(10)),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            configure_http: None,
            retry: RetryPolicy::default(),
            retry_budget: RetryBudget::default(),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            strict_decoding: false,
            allow_insecure_http: false,
            pool_max_idle_per_host: DEFAULT_POOL_MAX_IDLE_PER_HOST,
            pool_idle_timeout: Some(DEFAULT_POOL_IDLE_TIMEOUT),
            default_headers: Vec::new(),
            authorization: None,
            settings: api
                .settings
                .iter()
                .map(|(name, default)| {
                    let value = serde_json::from_str(default).unwrap_or_else(|_| (*default).into());
                    (*name, value)
                })
                .collect(),
        }
    }

    /// Sets the value of a parameter every call that takes it reads from
    /// the client (an API version): the generated setter named after it
    /// calls this.
    pub(crate) fn setting(mut self, name: &'static str, value: impl serde::Serialize) -> Self {
        if let Ok(value) = serde_json::to_value(value) {
            self.settings.retain(|(existing, _)| *existing != name);
            self.settings.push((name, value));
        }
        self
    }

    /// The `Authorization` value sent with every request: the generated
    /// `bearer_token` and `basic_auth` set it, whether or not the document
    /// names a security scheme (many that take a token do not). A scheme of
    /// the document that also uses `Authorization` wins over it.
    pub(crate) fn authorization(mut self, value: SecretString) -> Self {
        self.authorization = Some(value);
        self
    }

    /// Sends a header with every request (a tenant id, an API version, a key
    /// the document forgot). Its value is kept as a secret: never in `Debug`
    /// or logs. The framing headers (`Host`, `Content-Length`, ...) are
    /// refused by `build()`; a call's own header of the same name is sent
    /// instead of it.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<SecretString>) -> Self {
        let name = name.into();
        self.default_headers.retain(|(existing, _)| !existing.eq_ignore_ascii_case(&name));
        self.default_headers.push((name, value.into()));
        self
    }

    /// Allows a plain `http://` base URL to a host other than this machine
    /// (default: refused by `build()`; `http://` to `localhost`, 127.0.0.0/8
    /// or `::1` is always allowed). Off, credentials and personal data never
    /// cross a network in clear. Turn it on only where the network itself is
    /// trusted, e.g. a test environment inside one host.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// The client-wide allowance of retries shared by all calls (default:
    /// [`RetryBudget::default`], 100 retries, one earned back per 10 calls
    /// answered at the first attempt). [`RetryBudget::unlimited`] leaves
    /// only each call's policy.
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.retry_budget = budget;
        self
    }

    /// Idle connections kept open per host (default
    /// [`DEFAULT_POOL_MAX_IDLE_PER_HOST`]); connections beyond it are closed
    /// as soon as a call is done with them.
    pub fn pool_max_idle_per_host(mut self, connections: usize) -> Self {
        self.pool_max_idle_per_host = connections;
        self
    }

    /// How long an idle connection stays open (default
    /// [`DEFAULT_POOL_IDLE_TIMEOUT`], 30 s; `None` keeps it until the server
    /// closes it).
    pub fn pool_idle_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// Refuses a response value of another JSON type than the document says
    /// (default: off). Off, the client takes what is unambiguous, as servers
    /// send it: an integral float (`25.0`) for an integer, `0`/`1` or
    /// `"true"`/`"false"` for a boolean, a number or a boolean where a string
    /// is documented (kept as its text), a numeric string for a number. Each
    /// response that needed it logs one `debug` event (target
    /// `<crate>::decode`) with the count of each kind, never the values.
    /// Timestamps and dates decode in every form servers write either way.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = strict;
        self
    }

    /// The longest response body the client reads, in bytes (default
    /// [`DEFAULT_MAX_RESPONSE_BODY`], 32 MiB). A longer one, whether its
    /// `Content-Length` says so or it just keeps coming, ends the call with
    /// [`Error::ResponseTooLarge`](crate::Error::ResponseTooLarge) and memory
    /// stays bounded by the limit. A call can set its own.
    pub fn max_response_body(mut self, bytes: u64) -> Self {
        self.max_response_body = bytes;
        self
    }

    /// How failed requests are retried (default: [`RetryPolicy::default`];
    /// [`RetryPolicy::none`] turns retries off). A call can override it.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Sends requests to this base URL instead of the default server
    /// (e.g. a local mock server). Operation paths are appended to its path.
    /// `build()` refuses a URL with a user name or password, a query or a
    /// fragment, and plain `http://` to anything but this machine unless
    /// [`allow_insecure_http`](Self::allow_insecure_http).
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

    /// Adjusts the underlying `reqwest::ClientBuilder` (proxies, TLS roots,
    /// local address, HTTP/2 settings): `configure` receives it with this
    /// builder's timeouts, user agent and pool settings applied, and returns
    /// it. reqwest's redirect policy is set to `none` after `configure`: the
    /// client follows redirects itself, so no setting can make it follow one
    /// to another origin with the credentials.
    pub fn configure_http(
        mut self,
        configure: impl Fn(reqwest::ClientBuilder) -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.configure_http = Some(Arc::new(configure));
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
        for (scheme, setter, env) in self.api.required_credentials {
            if self.credentials.iter().any(|c| c.scheme == *scheme) {
                continue;
            }
            match std::env::var(env) {
                Ok(value) if !value.is_empty() => self = (self.api.set_credential)(self, scheme, value),
                _ => return Err(ConfigError::MissingCredential { scheme, setter, env }),
            }
        }
        for credential in &self.credentials {
            check_credential(credential)?;
        }
        let base_url = BaseUrl::parse(&self.base_url, self.allow_insecure_http)
            .map_err(|problem| ConfigError::InvalidBaseUrl { url: redacted(&self.base_url), problem })?;
        let mut builder = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .pool_max_idle_per_host(self.pool_max_idle_per_host)
            .pool_idle_timeout(self.pool_idle_timeout);
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(timeout) = self.connect_timeout {
            builder = builder.connect_timeout(timeout);
        }
        if let Some(configure) = &self.configure_http {
            builder = configure(builder);
        }
        // Last, so that nothing `configure_http` does can undo it: redirects
        // are followed by the request loop, which knows the call's rules.
        let http = builder.redirect(reqwest::redirect::Policy::none()).build().map_err(ConfigError::Http)?;
        let default_headers = default_header_map(&self.default_headers, self.authorization.as_ref())?;
        Ok(Client {
            inner: Arc::new(ClientInner {
                http,
                base_url_is_default: self.base_url.trim() == self.api.default_base_url,
                allow_insecure_http: self.allow_insecure_http,
                base_url,
                default_headers,
                credentials: self.credentials,
                retry: self.retry,
                retry_bucket: RetryBucket::new(self.retry_budget),
                max_response_body: self.max_response_body,
                strict_decoding: self.strict_decoding,
                settings: self.settings,
            }),
        })
    }
}

/// A credential must be sendable where the document puts it; refused here,
/// not at the first call, and without echoing the value.
fn check_credential(credential: &Credential) -> Result<(), ConfigError> {
    let value = credential.value.expose();
    let invalid = |reason| Err(ConfigError::InvalidCredential { scheme: credential.scheme, reason });
    if value.bytes().any(|byte| byte.is_ascii_control()) {
        return invalid("it contains a control character (a line break, tab or NUL)");
    }
    match credential.location {
        CredentialLocation::Header if reqwest::header::HeaderValue::from_str(value).is_err() => {
            invalid("it has characters a header cannot carry")
        }
        CredentialLocation::Cookie if value.contains([';', ',', '"', '\\', ' ']) => {
            invalid("a cookie value cannot contain `;`, `,`, `\"`, `\\` or spaces")
        }
        _ => Ok(()),
    }
}

/// The headers every request starts from: the caller's defaults, then
/// `Authorization`, each marked sensitive (kept out of reqwest's `Debug`).
fn default_header_map(
    headers: &[(String, SecretString)],
    authorization: Option<&SecretString>,
) -> Result<reqwest::header::HeaderMap, ConfigError> {
    use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
    let mut map = reqwest::header::HeaderMap::new();
    let invalid = |reason| ConfigError::InvalidCredential { scheme: "default_header", reason };
    for (name, value) in headers {
        if super::request::FRAMING_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            return Err(invalid("it names a header that frames the request (`Host`, `Content-Length`, ...)"));
        }
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("its name is not a header name"))?;
        let mut value = HeaderValue::from_str(value.expose())
            .map_err(|_| invalid("its value has characters a header cannot carry"))?;
        value.set_sensitive(true);
        map.insert(name, value);
    }
    if let Some(authorization) = authorization {
        let mut value = HeaderValue::from_str(authorization.expose()).map_err(|_| ConfigError::InvalidCredential {
            scheme: "authorization",
            reason: "it has characters a header cannot carry",
        })?;
        value.set_sensitive(true);
        map.insert(AUTHORIZATION, value);
    }
    Ok(map)
}

struct ClientInner {
    http: reqwest::Client,
    base_url: BaseUrl,
    /// The caller kept the document's default server: operations with a
    /// server of their own go there.
    base_url_is_default: bool,
    allow_insecure_http: bool,
    default_headers: reqwest::header::HeaderMap,
    credentials: Vec<Credential>,
    retry: RetryPolicy,
    retry_bucket: RetryBucket,
    max_response_body: u64,
    strict_decoding: bool,
    settings: Vec<(&'static str, serde_json::Value)>,
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
            .field("base_url", &self.inner.base_url.as_str())
            .field("credentials", &self.inner.credentials.iter().map(|c| c.scheme).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// The base URL every path is appended to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    pub(crate) fn base(&self) -> &BaseUrl {
        &self.inner.base_url
    }

    /// The base URL of an operation the document gives a server of its own
    /// (an upload host): that server while the client uses the document's
    /// default one; pointed anywhere else (a mock, staging), the client's.
    pub(crate) fn operation_base(&self, server: Option<&'static str>) -> Result<BaseUrl, String> {
        match server {
            Some(server) if self.inner.base_url_is_default => BaseUrl::parse(server, self.inner.allow_insecure_http)
                .map_err(|problem| format!("the operation's own server {}: {problem}", redacted(server))),
            _ => Ok(self.inner.base_url.clone()),
        }
    }

    pub(crate) fn default_headers(&self) -> &reqwest::header::HeaderMap {
        &self.inner.default_headers
    }

    pub(crate) fn retry_bucket(&self) -> &RetryBucket {
        &self.inner.retry_bucket
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

    pub(crate) fn max_response_body(&self) -> u64 {
        self.inner.max_response_body
    }

    pub(crate) fn strict_decoding(&self) -> bool {
        self.inner.strict_decoding
    }

    /// A parameter's value set on the client (its default unless the
    /// builder set another); `null` for a name the API does not have.
    pub(crate) fn setting(&self, name: &str) -> &serde_json::Value {
        static UNSET: serde_json::Value = serde_json::Value::Null;
        self.inner.settings.iter().find(|(existing, _)| *existing == name).map_or(&UNSET, |(_, value)| value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An API that requires one credential, as a generated `config.rs` says.
    static API: ApiConfig = ApiConfig {
        default_base_url: "https://example.invalid",
        required_credentials: &[("apiKey", "api_key", "OPENAPI_RS_RUNTIME_TEST_API_KEY")],
        set_credential: |builder, _scheme, value| {
            builder.credential("apiKey", CredentialLocation::Header, "x-api-key", SecretString::new(value))
        },
        settings: &[("apiVersion", "\"2024-01\""), ("region", "eu")],
    };

    #[test]
    fn a_required_credential_left_unset_names_its_setter_and_variable() {
        match ClientBuilder::new(&API).build() {
            Err(ConfigError::MissingCredential { scheme, setter, env }) => {
                assert_eq!((scheme, setter, env), API.required_credentials[0]);
            }
            other => panic!("expected MissingCredential, got {other:?}"),
        }
    }

    #[test]
    fn debug_output_hides_credential_values() {
        let builder = ClientBuilder::new(&API).credential(
            "scheme",
            CredentialLocation::Header,
            "x-api-key",
            SecretString::new("top-secret-key"),
        );
        assert!(!format!("{builder:?}").contains("top-secret-key"));
    }

    #[test]
    fn credentials_that_cannot_be_sent_fail_the_build_without_showing_the_value() {
        let cases = [
            (CredentialLocation::Header, "sekrit\r\nx-injected: 1"),
            (CredentialLocation::Query, "sekrit\nvalue"),
            (CredentialLocation::Cookie, "sekrit; admin=1"),
        ];
        for (location, value) in cases {
            let mut builder = ClientBuilder::new(&API);
            for (scheme, _, _) in API.required_credentials {
                builder = builder.credential(scheme, CredentialLocation::Header, "x", SecretString::new("v"));
            }
            let builder = builder.credential("planted", location, "name", SecretString::new(value));
            let error = match builder.build() {
                Err(error @ ConfigError::InvalidCredential { .. }) => error,
                other => panic!("{location:?}: expected InvalidCredential, got {other:?}"),
            };
            assert!(!format!("{error} {error:?}").contains("sekrit"), "{error}");
        }
    }

    #[test]
    fn settings_start_at_their_defaults_and_the_builder_replaces_them() {
        let with_key = |builder: ClientBuilder| {
            builder.credential("apiKey", CredentialLocation::Header, "x-api-key", SecretString::new("k"))
        };
        let client = with_key(ClientBuilder::new(&API)).build().expect("client");
        assert_eq!(client.setting("apiVersion"), &serde_json::json!("2024-01"));
        // A default that is not JSON text is taken as a string.
        assert_eq!(client.setting("region"), &serde_json::json!("eu"));
        assert_eq!(client.setting("absent"), &serde_json::Value::Null);
        let builder = with_key(ClientBuilder::new(&API)).setting("apiVersion", "2025-06-tenant-secret");
        assert!(!format!("{builder:?}").contains("2025-06"), "{builder:?}");
        let client = builder.build().expect("client");
        assert_eq!(client.setting("apiVersion"), &serde_json::json!("2025-06-tenant-secret"));
    }

    #[test]
    fn rejects_relative_base_url() {
        let mut builder = ClientBuilder::new(&API).base_url("not a url");
        for (scheme, _, _) in API.required_credentials {
            builder = builder.credential(scheme, CredentialLocation::Header, "x", SecretString::new("v"));
        }
        assert!(matches!(
            builder.build(),
            Err(ConfigError::InvalidBaseUrl { problem: BaseUrlProblem::NotAbsolute, .. })
        ));
    }
}
