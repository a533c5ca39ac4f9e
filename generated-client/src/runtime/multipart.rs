// @generated: copied verbatim from the generator's `runtime/` folder. Edit it there, then regenerate.

//! `multipart/form-data` bodies (RFC 7578), encoded here rather than by
//! reqwest so that a body made only of bytes stays a bytes body: it can be
//! resent when a retry is due. A body with a streamed file is sent once.

use std::collections::VecDeque;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use serde::Serialize;
use serde_json::Value;

pub(crate) type BoxError = Box<dyn std::error::Error + Send + Sync>;
pub(crate) type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

enum FileContent {
    Bytes(Bytes),
    Stream(ByteStream),
}

/// A file sent as one part of a `multipart/form-data` request body: its
/// content (bytes in memory, or a stream read while sending), and optionally
/// its file name and content type, e.g.
/// `FilePart::bytes(pdf).file_name("letter.pdf").content_type("application/pdf")`.
pub struct FilePart {
    content: FileContent,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A file whose content is in memory. A request carrying only such files
    /// can be retried.
    pub fn bytes(content: impl Into<Bytes>) -> Self {
        FilePart { content: FileContent::Bytes(content.into()), file_name: None, content_type: None }
    }

    /// A file read from a stream while the request is sent (e.g. a
    /// `tokio_util::io::ReaderStream` over a file). The request is sent once:
    /// a stream cannot be replayed for a retry.
    pub fn stream<S, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let stream = MapErr { inner: Box::pin(stream) };
        FilePart { content: FileContent::Stream(Box::pin(stream)), file_name: None, content_type: None }
    }

    /// The file name the server sees (`filename=` in the part's headers).
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The part's `Content-Type`; `application/octet-stream` when not set.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let content = match &self.content {
            FileContent::Bytes(bytes) => format!("{} bytes", bytes.len()),
            FileContent::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("FilePart")
            .field("content", &content)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

pub(crate) struct MapErr<S> {
    pub(crate) inner: Pin<Box<S>>,
}

impl<S, E> Stream for MapErr<S>
where
    S: Stream<Item = Result<Bytes, E>>,
    E: Into<BoxError>,
{
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx).map(|item| item.map(|result| result.map_err(Into::into)))
    }
}

enum Segment {
    Bytes(Bytes),
    Stream(ByteStream),
}

/// A `multipart/form-data` body being assembled by a generated form type.
pub(crate) struct Multipart {
    boundary: String,
    segments: Vec<Segment>,
    /// Headers and small values waiting to become one segment.
    pending: Vec<u8>,
}

/// The finished body: bytes when every part was in memory.
pub(crate) enum MultipartBody {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl Multipart {
    pub(crate) fn new() -> Self {
        // Random per process and per call (std seeds RandomState from the OS);
        // 128 bits make a collision with the content vanishingly unlikely.
        let random = || std::collections::hash_map::RandomState::new().build_hasher().finish();
        Multipart {
            boundary: format!("openapi-rs-boundary-{:016x}{:016x}", random(), random()),
            segments: Vec::new(),
            pending: Vec::new(),
        }
    }

    pub(crate) fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    fn head(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>) {
        let mut head = format!("--{}\r\nContent-Disposition: form-data; name=\"{}\"", self.boundary, quote(name));
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quote(file_name)));
        }
        head.push_str("\r\n");
        if let Some(content_type) = content_type {
            head.push_str(&format!("Content-Type: {}\r\n", content_type.replace(['\r', '\n'], "")));
        }
        head.push_str("\r\n");
        self.pending.extend_from_slice(head.as_bytes());
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.segments.push(Segment::Bytes(Bytes::from(std::mem::take(&mut self.pending))));
        }
    }

    /// A file part.
    pub(crate) fn file(&mut self, name: &str, file: FilePart) {
        let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
        self.head(name, Some(file.file_name.as_deref().unwrap_or(name)), Some(content_type));
        self.flush();
        match file.content {
            FileContent::Bytes(bytes) => self.segments.push(Segment::Bytes(bytes)),
            FileContent::Stream(stream) => self.segments.push(Segment::Stream(stream)),
        }
        self.pending.extend_from_slice(b"\r\n");
    }

    /// A file part, when there is one.
    pub(crate) fn optional_file(&mut self, name: &str, file: Option<FilePart>) {
        if let Some(file) = file {
            self.file(name, file);
        }
    }

    /// One part per file, all under the same name.
    pub(crate) fn files(&mut self, name: &str, files: impl IntoIterator<Item = FilePart>) {
        for file in files {
            self.file(name, file);
        }
    }

    /// A value part, encoded as OpenAPI's defaults say: text for strings,
    /// numbers and booleans, one part per item for arrays of those, JSON for
    /// objects. Absent and null values send no part.
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), String> {
        let value =
            serde_json::to_value(value).map_err(|error| format!("form field `{name}` cannot be encoded: {error}"))?;
        match value {
            Value::Null => {}
            Value::Array(items) if items.iter().all(|item| !item.is_object() && !item.is_array()) => {
                for item in items {
                    self.scalar(name, &item);
                }
            }
            Value::Array(_) | Value::Object(_) => {
                self.head(name, None, Some("application/json"));
                self.pending.extend_from_slice(value.to_string().as_bytes());
                self.pending.extend_from_slice(b"\r\n");
            }
            scalar => self.scalar(name, &scalar),
        }
        Ok(())
    }

    fn scalar(&mut self, name: &str, value: &Value) {
        let text = match value {
            Value::Null => return,
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        self.head(name, None, None);
        self.pending.extend_from_slice(text.as_bytes());
        self.pending.extend_from_slice(b"\r\n");
    }

    /// The body: the closing boundary is added here.
    pub(crate) fn finish(mut self) -> MultipartBody {
        let closing = format!("--{}--\r\n", self.boundary);
        self.pending.extend_from_slice(closing.as_bytes());
        self.flush();
        if self.segments.iter().all(|segment| matches!(segment, Segment::Bytes(_))) {
            let mut body = Vec::new();
            for segment in &self.segments {
                if let Segment::Bytes(bytes) = segment {
                    body.extend_from_slice(bytes);
                }
            }
            return MultipartBody::Bytes(Bytes::from(body));
        }
        MultipartBody::Stream(reqwest::Body::wrap_stream(Segments { segments: self.segments.into() }))
    }
}

/// Escapes a name for a quoted header parameter as browsers do (WHATWG).
fn quote(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

struct Segments {
    segments: VecDeque<Segment>,
}

impl Stream for Segments {
    type Item = Result<Bytes, BoxError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            match self.segments.front_mut() {
                None => return Poll::Ready(None),
                Some(Segment::Bytes(_)) => {
                    if let Some(Segment::Bytes(bytes)) = self.segments.pop_front() {
                        return Poll::Ready(Some(Ok(bytes)));
                    }
                }
                Some(Segment::Stream(stream)) => match stream.as_mut().poll_next(cx) {
                    Poll::Ready(None) => {
                        self.segments.pop_front();
                    }
                    other => return other,
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: MultipartBody) -> String {
        match body {
            MultipartBody::Bytes(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            MultipartBody::Stream(_) => panic!("expected a bytes body"),
        }
    }

    #[test]
    fn parts_follow_rfc_7578() {
        let mut form = Multipart::new();
        let boundary = form.boundary.clone();
        form.value("orderId", &Some(7)).unwrap();
        form.value("skipped", &None::<i64>).unwrap();
        form.value("tags", &["a", "b"]).unwrap();
        form.value("meta", &serde_json::json!({"k": 1})).unwrap();
        form.file("doc", FilePart::bytes(&b"%PDF"[..]).file_name("a \"b\".pdf").content_type("application/pdf"));
        form.files("pics", vec![FilePart::bytes(&b"1"[..]), FilePart::bytes(&b"2"[..])]);
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"orderId\"\r\n\r\n7\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a %22b%22.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"pics\"; filename=\"pics\"\r\nContent-Type: application/octet-stream\r\n\r\n1\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"pics\"; filename=\"pics\"\r\nContent-Type: application/octet-stream\r\n\r\n2\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(text(form.finish()), expected);
    }

    #[test]
    fn boundaries_differ_between_bodies() {
        assert_ne!(Multipart::new().boundary, Multipart::new().boundary);
    }

    #[tokio::test]
    async fn a_streamed_file_is_sent_whole() {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let chunks = Segments {
            segments: [Segment::Bytes(Bytes::from_static(b"hello ")), Segment::Bytes(Bytes::from_static(b"world"))]
                .into(),
        };
        let mut form = Multipart::new();
        let boundary = form.boundary.clone();
        form.value("id", "7").unwrap();
        form.file("doc", FilePart::stream(chunks).file_name("greeting.txt").content_type("text/plain"));
        let MultipartBody::Stream(body) = form.finish() else { panic!("a streamed file makes a stream body") };

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut received = Vec::new();
            let mut buffer = [0u8; 4096];
            // A streamed body is sent chunked; its last chunk is empty.
            while !received.ends_with(b"\r\n0\r\n\r\n") {
                let read = socket.read(&mut buffer).await.unwrap();
                if read == 0 {
                    break;
                }
                received.extend_from_slice(&buffer[..read]);
            }
            socket.write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n").await.unwrap();
            String::from_utf8_lossy(&received).into_owned()
        });
        let response = reqwest::Client::new().post(format!("http://{address}/upload")).body(body).send().await.unwrap();
        assert_eq!(response.status(), 204);
        let received = server.await.unwrap();
        let head = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"greeting.txt\"\r\nContent-Type: text/plain\r\n\r\n");
        for expected in [
            "name=\"id\"\r\n\r\n7\r\n".to_owned(),
            head,
            "hello ".to_owned(),
            "world".to_owned(),
            format!("--{boundary}--\r\n"),
        ] {
            assert!(received.contains(&expected), "{expected:?} missing from {received:?}");
        }
    }
}
