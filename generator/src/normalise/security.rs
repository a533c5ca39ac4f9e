//! Passes "security" (security schemes -> credential setters and the
//! environment variables they are read from) and "servers" (-> the
//! `Environment` enum).

use std::collections::HashSet;

use openapiv3::{OpenAPI, ReferenceOr};

use super::Normaliser;
use crate::diagnostics::join;
use crate::ir::{ParamLocation, SecurityKind, SecurityScheme, Server};
use crate::names::{pascal, snake, Scope};

/// The methods a generated `ClientBuilder` has before any of the document's.
pub(super) const BUILDER_METHODS: &[&str] = &[
    "base_url",
    "timeout",
    "connect_timeout",
    "user_agent",
    "http_client",
    "configure_http",
    "allow_insecure_http",
    "retry_policy",
    "retry_budget",
    "max_response_body",
    "strict_decoding",
    "pool_max_idle_per_host",
    "pool_idle_timeout",
    "credential",
    "build",
    "environment",
    "default_header",
    "authorization",
    "setting",
    "new",
];

impl Normaliser<'_> {
    pub(super) fn security(&mut self, env_prefix: &str) -> (Vec<SecurityScheme>, Vec<String>) {
        let mut schemes = Vec::new();
        let mut setters = Scope::with_reserved(BUILDER_METHODS);
        if let Some(components) = &self.doc.components {
            for (key, scheme) in &components.security_schemes {
                let pointer = join("/components/securitySchemes", key);
                let ReferenceOr::Item(scheme) = scheme else {
                    self.diagnostics.warn(&pointer, "referenced security schemes are not followed: scheme skipped");
                    continue;
                };
                let (kind, base, description) = match scheme {
                    openapiv3::SecurityScheme::APIKey { location, name, description, .. } => {
                        let location = match location {
                            openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                            openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                            openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                        };
                        // `x-api-key` -> `api_key`: the header's own name reads best.
                        let trimmed = name.strip_prefix("x-").or_else(|| name.strip_prefix("X-")).unwrap_or(name);
                        let lower = name.to_ascii_lowercase();
                        if location == ParamLocation::Header && !is_valid_header_name(&lower) {
                            self.diagnostics.warn(
                                &pointer,
                                format!("header name {name:?} is not a valid HTTP header name: scheme skipped"),
                            );
                            continue;
                        }
                        (
                            SecurityKind::ApiKey {
                                location,
                                name: if location == ParamLocation::Header { lower } else { name.clone() },
                            },
                            snake(trimmed, "api_key"),
                            description.clone(),
                        )
                    }
                    openapiv3::SecurityScheme::HTTP { scheme, description, .. } => {
                        match scheme.to_ascii_lowercase().as_str() {
                            "bearer" => (SecurityKind::Bearer, "bearer_token".to_owned(), description.clone()),
                            "basic" => (SecurityKind::Basic, "basic_auth".to_owned(), description.clone()),
                            other => {
                                self.diagnostics.warn(&pointer, format!("HTTP auth scheme {other:?} is not supported: scheme skipped; set the header yourself"));
                                continue;
                            }
                        }
                    }
                    openapiv3::SecurityScheme::OAuth2 { description, .. }
                    | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                        // The client sends a token the caller obtained.
                        (SecurityKind::Bearer, format!("{}_token", snake(key, "oauth")), description.clone())
                    }
                };
                let setter = setters.claim(&base, "_");
                let env = format!("{env_prefix}_{}", setter.to_ascii_uppercase());
                schemes.push(SecurityScheme { key: key.clone(), setter, env, kind, description });
            }
        }
        let known: HashSet<&str> = schemes.iter().map(|s| s.key.as_str()).collect();
        let required = match &self.doc.security {
            // With several alternatives any one may do, so none is enforced.
            Some(requirements) if requirements.len() == 1 => {
                let mut names: Vec<String> =
                    requirements[0].keys().filter(|k| known.contains(k.as_str())).cloned().collect();
                names.sort();
                names
            }
            _ => Vec::new(),
        };
        (schemes, required)
    }
}

pub(super) fn servers(doc: &OpenAPI) -> Vec<Server> {
    let mut scope = Scope::with_reserved(&["Custom"]);
    doc.servers
        .iter()
        .filter(|server| server.url.starts_with("http://") || server.url.starts_with("https://"))
        .map(|server| {
            let url = server.url.trim_end_matches('/').to_owned();
            let base = server
                .description
                .as_deref()
                .map(|d| pascal(d.split(['(', ',', '.']).next().unwrap_or(d), "Server"))
                .filter(|name| name.len() <= 40)
                .unwrap_or_else(|| {
                    pascal(url.split("://").nth(1).unwrap_or(&url).split('/').next().unwrap_or("server"), "Server")
                });
            Server { variant: scope.claim(&base, ""), url, description: server.description.clone() }
        })
        .collect()
}

/// A header name HTTP allows (RFC 9110 `token`).
pub(super) fn is_valid_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
