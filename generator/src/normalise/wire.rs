//! How an operation goes on the wire beyond its parameters: its own server,
//! the path parameter that may span segments, and the media types and
//! redirects its responses document. Part of `convert_operations`.

use indexmap::IndexMap;
use openapiv3::{MediaType, Server};

use super::Normaliser;
use crate::ir::{Param, ParamLocation, QueryStyle, StatusMatch};

impl Normaliser<'_> {
    /// The server an operation's own `servers` (else its path item's) name,
    /// when it is not the document's first; variables at their defaults, a
    /// relative URL resolved against the document's first server.
    pub(super) fn operation_server(
        &mut self,
        operation: &[Server],
        item: &[Server],
        pointer: &str,
        item_pointer: &str,
    ) -> Option<String> {
        let (servers, owner) = match (operation.first(), item.first()) {
            (Some(_), _) => (operation, pointer),
            (None, Some(_)) => (item, item_pointer),
            (None, None) => return None,
        };
        let document = self.doc.servers.first().and_then(|server| server_url(server, None));
        let server = servers.first()?;
        // `""` and `/` are where the document is served: the client's base URL.
        if matches!(server.url.trim(), "" | "/" | "./") {
            return None;
        }
        let Some(url) = server_url(server, document.as_deref()) else {
            self.diagnostics.warn(
                &format!("{owner}/servers/0"),
                format!("server {:?} is not an http(s) URL: the operation goes to the client's base URL", server.url),
            );
            return None;
        };
        (Some(&url) != document.as_ref()).then_some(url)
    }

    /// At most one path parameter spans segments, and only one that is a
    /// whole segment of the template in the simple style; any other keeps
    /// its `/` encoded, with a warning.
    pub(super) fn one_spanning_parameter(&mut self, path: &str, params: &mut [Param], pointer: &str) {
        let mut found = false;
        for param in params.iter_mut().filter(|param| param.spans_segments) {
            let whole_segment = path.split('/').any(|segment| segment == format!("{{{}}}", param.wire_name));
            let simple = matches!(param.style, QueryStyle::Simple { explode: false });
            if found || !whole_segment || !simple || param.location != ParamLocation::Path {
                self.diagnostics.warn(
                    pointer,
                    format!(
                        "path parameter {:?} is marked x-multi-segment but is not the one whole, simple-style segment that may span: its `/` are percent-encoded",
                        param.wire_name
                    ),
                );
                param.spans_segments = false;
            }
            found |= param.spans_segments;
        }
    }
}

/// A server's URL with its variables at their defaults, absolute, without a
/// trailing `/`; `None` when it is neither http(s) nor resolvable.
pub(super) fn server_url(server: &Server, document: Option<&str>) -> Option<String> {
    let mut url = server.url.trim().to_owned();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let url = url.trim_end_matches('/');
    if url.contains(['{', '}', ' ']) {
        return None;
    }
    if url.starts_with("https://") || url.starts_with("http://") {
        return Some(url.to_owned());
    }
    let relative = url.strip_prefix('.').unwrap_or(url);
    if !relative.starts_with('/') {
        return None;
    }
    let document = document?;
    let scheme_end = document.find("://")? + 3;
    let origin_end = document[scheme_end..].find('/').map_or(document.len(), |at| scheme_end + at);
    Some(format!("{}{relative}", &document[..origin_end]))
}

/// The media types a set of response bodies offers, when there is more than
/// one to choose from (wildcards aside).
pub(super) fn offered(media_types: Vec<&String>) -> Vec<String> {
    let mut offered: Vec<String> = Vec::new();
    for media_type in media_types {
        if !media_type.contains('*') && !offered.iter().any(|known| known.eq_ignore_ascii_case(media_type)) {
            offered.push(media_type.clone());
        }
    }
    if offered.len() > 1 {
        offered
    } else {
        Vec::new()
    }
}

/// The other media types of `content` that carry the same schema as `picked`.
pub(super) fn same_schema(content: &IndexMap<String, MediaType>, picked: &str) -> Vec<String> {
    let Some(schema) = content.get(picked).map(|media| &media.schema) else { return Vec::new() };
    content
        .iter()
        .filter(|(media_type, media)| {
            media_type.as_str() != picked && !media_type.contains('*') && &media.schema == schema && schema.is_some()
        })
        .map(|(media_type, _)| media_type.clone())
        .collect()
}

/// A 3xx the document lists: an answer of the operation, not followed.
pub(super) fn is_redirect(status: &StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (300..400).contains(code),
        StatusMatch::Range(range) => *range == 3,
        StatusMatch::Default => false,
    }
}

#[cfg(test)]
mod tests {
    use super::server_url;

    #[test]
    fn server_urls_take_their_variables_defaults_and_the_documents_origin() {
        let server = |url: &str, variables: &[(&str, &str)]| openapiv3::Server {
            url: url.to_owned(),
            variables: Some(
                variables
                    .iter()
                    .map(|(name, default)| {
                        let variable =
                            openapiv3::ServerVariable { default: (*default).to_owned(), ..Default::default() };
                        ((*name).to_owned(), variable)
                    })
                    .collect(),
            ),
            ..Default::default()
        };
        let document = Some("https://api.example.com/v1");
        let cases = [
            (server("https://uploads.example.com/", &[]), Some("https://uploads.example.com")),
            (
                server("https://{region}.example.com/{v}", &[("region", "eu"), ("v", "v2")]),
                Some("https://eu.example.com/v2"),
            ),
            (server("/upload", &[]), Some("https://api.example.com/upload")),
            (server("https://{missing}.example.com", &[]), None),
            (server("ftp://files.example.com", &[]), None),
        ];
        for (server, expected) in cases {
            assert_eq!(server_url(&server, document).as_deref(), expected, "{}", server.url);
        }
    }
}
