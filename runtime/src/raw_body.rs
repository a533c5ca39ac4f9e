//! A request body sent as it is: the operations whose document gives a
//! wildcard or binary media type (`*/*`, `application/*`, `image/png`,
//! `application/octet-stream`) take one, never JSON-encoded.

use std::fmt;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;

use super::multipart::{BoxError, ByteStream, MapErr};

/// The bytes of a raw request body: in memory (resent when a retry is due)
/// or a stream read while sending (sent once). `From` bytes, a `Vec<u8>`, a
/// `String` or a `&'static str`; [`RawBody::stream`] for a stream.
///
/// Its `Debug` shows the length only: a body may be personal data.
#[derive(Clone)]
pub struct RawBody {
    content: RawContent,
}

#[derive(Clone)]
enum RawContent {
    Bytes(Bytes),
    /// Shared by clones of a request builder: whichever sends first takes it.
    Stream(Arc<Mutex<Option<ByteStream>>>),
}

impl RawBody {
    /// A body read from a stream while the request is sent (e.g. a
    /// `tokio_util::io::ReaderStream` over a file). The request is sent once,
    /// without retries: a stream cannot be replayed.
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let stream: ByteStream = Box::pin(MapErr { inner: Box::pin(stream) });
        Self { content: RawContent::Stream(Arc::new(Mutex::new(Some(stream)))) }
    }

    /// The body for reqwest, or why it cannot be sent (a stream a clone of
    /// the request already sent).
    pub(crate) fn into_body(self) -> Result<reqwest::Body, String> {
        match self.content {
            RawContent::Bytes(bytes) => Ok(bytes.into()),
            RawContent::Stream(shared) => {
                let taken = shared.lock().map(|mut stream| stream.take()).unwrap_or(None);
                taken
                    .map(reqwest::Body::wrap_stream)
                    .ok_or_else(|| "the body stream was already sent by a copy of this request".to_owned())
            }
        }
    }
}

impl From<Bytes> for RawBody {
    fn from(bytes: Bytes) -> Self {
        Self { content: RawContent::Bytes(bytes) }
    }
}

impl From<Vec<u8>> for RawBody {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::from(bytes).into()
    }
}

impl From<String> for RawBody {
    fn from(text: String) -> Self {
        Bytes::from(text).into()
    }
}

impl From<&'static str> for RawBody {
    fn from(text: &'static str) -> Self {
        Bytes::from_static(text.as_bytes()).into()
    }
}

impl From<&'static [u8]> for RawBody {
    fn from(bytes: &'static [u8]) -> Self {
        Bytes::from_static(bytes).into()
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.content {
            RawContent::Bytes(bytes) => write!(f, "RawBody({} bytes)", bytes.len()),
            RawContent::Stream(_) => f.write_str("RawBody(stream)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_body_is_sent_once_even_by_a_clone() {
        let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Ok(Bytes::from_static(b"x"))];
        let body = RawBody::stream(stream_of(chunks));
        let copy = body.clone();
        assert!(body.into_body().is_ok());
        assert!(copy.into_body().is_err(), "the stream is gone");
        assert_eq!(format!("{:?}", RawBody::from("secret text")), "RawBody(11 bytes)");
    }

    /// A stream over a vector, without a stream utility crate.
    fn stream_of<T: Unpin>(items: Vec<T>) -> impl Stream<Item = T> {
        struct Items<T>(std::collections::VecDeque<T>);
        impl<T: Unpin> Stream for Items<T> {
            type Item = T;
            fn poll_next(
                mut self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<Option<T>> {
                std::task::Poll::Ready(self.0.pop_front())
            }
        }
        Items(items.into())
    }
}
