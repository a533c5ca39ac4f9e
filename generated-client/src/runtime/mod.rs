// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

//! Hand-written runtime shared by every generated operation: the client and its
//! builder, request assembly, response handling and errors.
//!
//! This folder is copied verbatim into each generated crate by the generator;
//! its source is the workspace's `runtime/` crate, which builds and tests it
//! alone. Edit it there.

// Each document uses a subset of the runtime (one has no form bodies, another
// no cookie credentials), so parts of it are unused in any one crate.
#![allow(dead_code)]

mod base_url;
mod client;
mod dates;
mod error;
mod json;
mod lenient;
mod multipart;
mod nullable;
mod options;
mod page_view;
mod pages;
mod path;
mod raw_body;
mod redirect;
mod request;
mod response;
mod retry;
mod secret;
mod streams;
mod union;
#[cfg(feature = "webhooks")]
pub(crate) mod webhooks;

pub use base_url::{BaseUrlProblem, MAX_ECHOED_CHARS};
pub use client::{
    Client, ClientBuilder, ConfigError, DEFAULT_MAX_RESPONSE_BODY, DEFAULT_POOL_IDLE_TIMEOUT,
    DEFAULT_POOL_MAX_IDLE_PER_HOST,
};
pub use dates::{Timestamp, TimestampError};
pub use error::{Call, Error, RedirectRefusal, ResponseParts, TransportError};
pub use json::{Json, JsonObject};
pub use multipart::FilePart;
pub use nullable::Nullable;
pub use options::{RequestOptions, Response};
#[allow(unused_imports)]
pub(crate) use page_view::{last_item_field, link_next, page_value, resolve as resolve_page_url, PageValue};
pub use pages::Pages;
#[allow(unused_imports)]
pub(crate) use pages::{Page, PageAt, PageStart};
pub use raw_body::RawBody;
pub use redirect::Redirect;
pub use retry::{RetryBudget, RetryPolicy};
pub use secret::SecretString;
pub use streams::{Event, EventStream, JsonLines};

// Used by generated code, which may need none of them (no credentials, no path parameters).
#[allow(unused_imports)]
pub(crate) use client::{ApiConfig, CredentialLocation};
#[allow(unused_imports)]
pub(crate) use dates::{lenient_date, lenient_option_date};
#[allow(unused_imports)]
pub(crate) use lenient::{from_slice, from_value};
#[allow(unused_imports)]
pub(crate) use multipart::Multipart;
#[allow(unused_imports)]
pub(crate) use path::{encode_path, encode_path_segments, encode_path_styled, PathStyle};
#[allow(unused_imports)]
pub(crate) use request::{body_of, Answer, OpenResponse, QueryStyle, RequestBuilder};
#[allow(unused_imports)]
pub(crate) use streams::{json_data, text_data};
#[allow(unused_imports)]
pub(crate) use union::{strict_enums, with_strict_enums, Choice};

/// The boxed future returned when an operation's request builder is `.await`ed.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// The `Authorization` value for HTTP basic auth.
pub(crate) fn basic_auth_value(username: &str, password: &str) -> SecretString {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{username}:{password}");
    let mut encoded = String::with_capacity(input.len().div_ceil(3) * 4 + 6);
    encoded.push_str("Basic ");
    for chunk in input.as_bytes().chunks(3) {
        let bytes = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let triple = (u32::from(bytes[0]) << 16) | (u32::from(bytes[1]) << 8) | u32::from(bytes[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                encoded.push(char::from(ALPHABET[((triple >> shift) & 0x3f) as usize]));
            } else {
                encoded.push('=');
            }
        }
    }
    SecretString::new(encoded)
}

#[cfg(test)]
mod tests {
    #[test]
    fn basic_auth_matches_rfc_7617_example() {
        assert_eq!(super::basic_auth_value("Aladdin", "open sesame").expose(), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }
}
