//! Streamed responses: server-sent events (`text/event-stream`) and JSON
//! lines (NDJSON), read from the body as it arrives, each event or line
//! bounded by the call's body limit.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;

use super::error::{withhold_values, Call, Error, ResponseParts, TransportError};
use super::request::OpenResponse;
use super::BoxFuture;

/// How long a stream waits before reconnecting when the server has not said
/// (`retry:`), and the longest it waits whatever the server says.
const DEFAULT_RECONNECT_WAIT: Duration = Duration::from_secs(1);
const MAX_RECONNECT_WAIT: Duration = Duration::from_secs(30);
/// How many times a stream reconnects after its connection drops.
const MAX_RECONNECTS: u32 = 3;

/// One server-sent event.
#[derive(Clone, PartialEq)]
pub struct Event<T> {
    /// The `event:` field: the event's type, when the server names one.
    pub event: Option<String>,
    /// The last `id:` the server sent, which a reconnection sends back as `Last-Event-ID`.
    pub id: Option<String>,
    /// The `retry:` field: how long to wait before reconnecting.
    pub retry: Option<Duration>,
    /// The `data:` lines, decoded into the documented type.
    pub data: T,
}

// Ids may identify people: whether there is one, not what it is.
impl<T: std::fmt::Debug> std::fmt::Debug for Event<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("event", &self.event)
            .field("id", &self.id.as_ref().map(|_| "<withheld>"))
            .field("retry", &self.retry)
            .field("data", &self.data)
            .finish()
    }
}

/// Decodes one event's data or one line; `Ok(None)` is the end of the stream
/// (the `[DONE]` that chat-completion APIs send last).
pub(crate) type Decode<T> = fn(&str) -> Result<Option<T>, (String, String)>;

/// Opens (or reopens, with the last event id) the streamed call.
type Reopen<'a, E> = Box<dyn FnMut(Option<String>) -> BoxFuture<'a, Result<OpenResponse, Error<E>>> + Send + 'a>;

/// Event data as JSON of the documented type; `[DONE]` ends the stream.
pub(crate) fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<Option<T>, (String, String)> {
    if data.trim() == "[DONE]" {
        return Ok(None);
    }
    let mut deserializer = serde_json::Deserializer::from_str(data);
    serde_path_to_error::deserialize(super::lenient::Lenient(&mut deserializer)).map(Some).map_err(|error| {
        (error.path().to_string(), withhold_values(&error.inner().to_string(), error.inner().classify()))
    })
}

/// Event data as the text it is.
pub(crate) fn text_data(data: &str) -> Result<Option<String>, (String, String)> {
    Ok(Some(data.to_owned()))
}

type Body = Pin<Box<dyn futures_core::Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A streamed body cut into lines (`\n`, `\r\n` or `\r`), each bounded.
struct Lines {
    call: Call,
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Option<Body>,
    buffer: Vec<u8>,
    /// Where the unread part of `buffer` starts.
    start: usize,
    /// The last line ended with `\r`: a `\n` first in what follows belongs to it.
    after_cr: bool,
    limit: u64,
}

impl Lines {
    fn new(open: OpenResponse) -> Self {
        let OpenResponse { call, max_body, response, .. } = open;
        let (status, headers) = (response.status(), response.headers().clone());
        Self {
            call,
            status,
            headers,
            body: Some(Box::pin(response.bytes_stream())),
            buffer: Vec::new(),
            start: 0,
            after_cr: false,
            limit: max_body,
        }
    }

    fn too_large<E>(&self) -> Error<E> {
        Error::ResponseTooLarge { call: self.call, status: self.status, limit: self.limit }
    }

    /// The next whole line, if one is buffered.
    fn take_line(&mut self) -> Option<String> {
        // Until the byte after a `\r` has arrived, it may be the `\n` of a `\r\n`.
        match self.buffer.get(self.start) {
            None => return None,
            Some(b'\n') if self.after_cr => self.start += 1,
            Some(_) => {}
        }
        self.after_cr = false;
        let unread = &self.buffer[self.start..];
        let end = unread.iter().position(|byte| matches!(byte, b'\n' | b'\r'))?;
        let line = String::from_utf8_lossy(&unread[..end]).into_owned();
        self.after_cr = unread[end] == b'\r';
        self.start += end + 1;
        Some(line)
    }

    /// Reads more of the body: `Ok(false)` at its end.
    async fn fill<E>(&mut self) -> Result<bool, Failure<E>> {
        let Some(body) = self.body.as_mut() else { return Ok(false) };
        match std::future::poll_fn(|cx| body.as_mut().poll_next(cx)).await {
            None => {
                self.body = None;
                Ok(false)
            }
            Some(Err(error)) => {
                self.body = None;
                Err(Failure::Dropped(Error::Transport(TransportError::new(self.call, error))))
            }
            Some(Ok(chunk)) => {
                if self.start > 0 {
                    self.buffer.drain(..self.start);
                    self.start = 0;
                }
                let length = u64::try_from(self.buffer.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
                if length > self.limit {
                    self.body = None;
                    return Err(Failure::Final(self.too_large()));
                }
                self.buffer.extend_from_slice(&chunk);
                Ok(true)
            }
        }
    }

    fn decode_error<E>(&self, text: &str, (path, message): (String, String)) -> Error<E> {
        let body = Bytes::copy_from_slice(text.as_bytes());
        let response = ResponseParts { call: self.call, status: self.status, headers: self.headers.clone(), body };
        Error::Decode { path, message, response: Box::new(response) }
    }
}

enum Failure<E> {
    /// The connection dropped: a stream that may reconnect does.
    Dropped(Error<E>),
    Final(Error<E>),
}

/// A stream made of a state that an async step moves on, one item at a time;
/// the state is dropped after the last item or an error.
struct Unfold<'a, S, I> {
    state: Option<S>,
    step: fn(S) -> BoxFuture<'a, (S, Option<I>)>,
    in_flight: Option<BoxFuture<'a, (S, Option<I>)>>,
}

impl<'a, S, T, E> Unfold<'a, S, Result<T, E>> {
    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, E>>> {
        if self.in_flight.is_none() {
            let Some(state) = self.state.take() else { return Poll::Ready(None) };
            self.in_flight = Some((self.step)(state));
        }
        let Some(future) = self.in_flight.as_mut() else { return Poll::Ready(None) };
        match future.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready((state, item)) => {
                self.in_flight = None;
                if item.as_ref().is_some_and(Result::is_ok) {
                    self.state = Some(state);
                }
                Poll::Ready(item)
            }
        }
    }

    fn ended(&self) -> bool {
        self.state.is_none() && self.in_flight.is_none()
    }
}

/// Server-sent events from a `text/event-stream` answer, each decoded into
/// the documented type. It ends when the server closes the stream (or sends
/// `[DONE]`); a dropped connection is reopened with `Last-Event-ID` where the
/// operation takes it (at most 3 times, waiting what `retry:` says, at most
/// 30 s), else it ends the stream with its error. An event longer than the
/// call's body limit ends it with [`Error::ResponseTooLarge`].
///
/// Use it as a `futures_core::Stream`, or call [`next`](Self::next) in a loop.
pub struct EventStream<'a, T, E> {
    events: Unfold<'a, SseState<'a, T, E>, Result<Event<T>, Error<E>>>,
}

struct SseState<'a, T, E> {
    lines: Lines,
    decode: Decode<T>,
    reopen: Option<Reopen<'a, E>>,
    reconnects: u32,
    wait: Duration,
    last_id: Option<String>,
    event: Option<String>,
    data: String,
    retry: Option<Duration>,
    /// The first line may start with a byte order mark.
    first_line: bool,
}

impl<T, E> std::fmt::Debug for EventStream<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventStream").field("ended", &self.events.ended()).finish()
    }
}

impl<'a, T: Send + 'a, E: Send + 'a> EventStream<'a, T, E> {
    pub(crate) fn new(open: OpenResponse, decode: Decode<T>, reopen: Option<Reopen<'a, E>>) -> Self {
        let state = SseState {
            lines: Lines::new(open),
            decode,
            reopen,
            reconnects: 0,
            wait: DEFAULT_RECONNECT_WAIT,
            last_id: None,
            event: None,
            data: String::new(),
            retry: None,
            first_line: true,
        };
        Self { events: Unfold { state: Some(state), step: |state| Box::pin(state.advance()), in_flight: None } }
    }

    /// The next event; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error<E>>> {
        std::future::poll_fn(|cx| self.events.poll_item(cx)).await
    }
}

impl<'a, T: Send + 'a, E: Send + 'a> SseState<'a, T, E> {
    async fn advance(mut self) -> (Self, Option<Result<Event<T>, Error<E>>>) {
        let item = self.next_event().await;
        (self, item)
    }

    async fn next_event(&mut self) -> Option<Result<Event<T>, Error<E>>> {
        loop {
            while let Some(line) = self.lines.take_line() {
                let line = if std::mem::take(&mut self.first_line) {
                    line.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(line)
                } else {
                    line
                };
                if let Some(event) = self.feed(&line) {
                    return event;
                }
            }
            match self.lines.fill().await {
                Ok(true) => {}
                // A last event without its blank line is dropped, as the format says.
                Ok(false) => return None,
                Err(Failure::Final(error)) => return Some(Err(error)),
                Err(Failure::Dropped(error)) => {
                    if let Err(error) = self.reconnect(error).await {
                        return Some(Err(error));
                    }
                }
            }
        }
    }

    /// One line of the stream; an event (or the end) when it completes one.
    fn feed(&mut self, line: &str) -> Option<Option<Result<Event<T>, Error<E>>>> {
        if line.is_empty() {
            let retry = self.retry.take();
            let event = self.event.take();
            if self.data.is_empty() {
                return None;
            }
            let data = std::mem::take(&mut self.data);
            let data = data.strip_suffix('\n').unwrap_or(&data);
            return Some(match (self.decode)(data) {
                Ok(Some(value)) => Some(Ok(Event { event, id: self.last_id.clone(), retry, data: value })),
                Ok(None) => None,
                Err(problem) => Some(Err(self.lines.decode_error(data, problem))),
            });
        }
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => {
                let length = u64::try_from(self.data.len().saturating_add(value.len())).unwrap_or(u64::MAX);
                if length > self.lines.limit {
                    self.lines.body = None;
                    return Some(Some(Err(self.lines.too_large())));
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" => {
                if let Ok(millis) = value.parse::<u64>() {
                    let wait = Duration::from_millis(millis).min(MAX_RECONNECT_WAIT);
                    self.retry = Some(wait);
                    self.wait = wait;
                }
            }
            _ => {}
        }
        None
    }

    async fn reconnect(&mut self, dropped: Error<E>) -> Result<(), Error<E>> {
        let Some(reopen) = self.reopen.as_mut() else { return Err(dropped) };
        if self.reconnects >= MAX_RECONNECTS {
            return Err(dropped);
        }
        self.reconnects += 1;
        tokio::time::sleep(self.wait).await;
        let open = reopen(self.last_id.clone()).await?;
        self.lines = Lines::new(open);
        self.event = None;
        self.data.clear();
        self.first_line = true;
        Ok(())
    }
}

impl<T, E> Unpin for EventStream<'_, T, E> {}

impl<'a, T: Send + 'a, E: Send + 'a> futures_core::Stream for EventStream<'a, T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().events.poll_item(cx)
    }
}

/// JSON lines (NDJSON) from a streamed answer, one value per line, each
/// decoded into the documented type; blank lines are skipped. A line longer
/// than the call's body limit ends it with [`Error::ResponseTooLarge`], a
/// line that does not decode with [`Error::Decode`].
///
/// Use it as a `futures_core::Stream`, or call [`next`](Self::next) in a loop.
pub struct JsonLines<'a, T, E> {
    lines: Unfold<'a, (Lines, Decode<T>), Result<T, Error<E>>>,
}

impl<T, E> std::fmt::Debug for JsonLines<'_, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines").field("ended", &self.lines.ended()).finish()
    }
}

impl<'a, T: Send + 'a, E: Send + 'a> JsonLines<'a, T, E> {
    pub(crate) fn new(open: OpenResponse, decode: Decode<T>) -> Self {
        let state = (Lines::new(open), decode);
        Self { lines: Unfold { state: Some(state), step: |state| Box::pin(next_line(state)), in_flight: None } }
    }

    /// The next value; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        std::future::poll_fn(|cx| self.lines.poll_item(cx)).await
    }
}

async fn next_line<T, E>((mut lines, decode): (Lines, Decode<T>)) -> ((Lines, Decode<T>), Option<Result<T, Error<E>>>) {
    let item = loop {
        if let Some(line) = lines.take_line() {
            if line.trim().is_empty() {
                continue;
            }
            break match decode(&line) {
                Ok(Some(value)) => Some(Ok(value)),
                Ok(None) => None,
                Err(problem) => Some(Err(lines.decode_error(&line, problem))),
            };
        }
        match lines.fill().await {
            Ok(true) => {}
            Ok(false) => {
                // A last line without its newline still counts.
                let rest = String::from_utf8_lossy(&lines.buffer[lines.start..]).into_owned();
                lines.start = lines.buffer.len();
                if rest.trim().is_empty() {
                    break None;
                }
                break match decode(&rest) {
                    Ok(Some(value)) => Some(Ok(value)),
                    Ok(None) => None,
                    Err(problem) => Some(Err(lines.decode_error(&rest, problem))),
                };
            }
            Err(Failure::Final(error) | Failure::Dropped(error)) => break Some(Err(error)),
        }
    };
    ((lines, decode), item)
}

impl<T, E> Unpin for JsonLines<'_, T, E> {}

impl<'a, T: Send + 'a, E: Send + 'a> futures_core::Stream for JsonLines<'a, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().lines.poll_item(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime").block_on(future)
    }

    const CALL: Call = Call { operation: "createChatCompletion", method: "POST", path: "/chat/completions" };

    /// An answer whose body arrives in the chunks given.
    fn open(chunks: &[&'static str], limit: u64) -> OpenResponse {
        let chunks: Vec<Result<Bytes, std::io::Error>> = chunks.iter().map(|chunk| Ok(Bytes::from(*chunk))).collect();
        let body = reqwest::Body::wrap_stream(futures_stream(chunks));
        let response = reqwest::Response::from(http::Response::new(body));
        OpenResponse { call: CALL, strict: false, max_body: limit, response }
    }

    /// A stream of ready chunks, without a dependency for it.
    fn futures_stream(
        chunks: Vec<Result<Bytes, std::io::Error>>,
    ) -> impl futures_core::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        struct Ready(std::collections::VecDeque<Result<Bytes, std::io::Error>>);
        impl futures_core::Stream for Ready {
            type Item = Result<Bytes, std::io::Error>;
            fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
                Poll::Ready(self.0.pop_front())
            }
        }
        Ready(chunks.into())
    }

    fn events<T: Send + 'static>(
        chunks: &[&'static str],
        limit: u64,
        decode: Decode<T>,
    ) -> Vec<Result<Event<T>, Error<()>>> {
        let mut stream: EventStream<'static, T, ()> = EventStream::new(open(chunks, limit), decode, None);
        block_on(async {
            let mut all = Vec::new();
            while let Some(event) = stream.next().await {
                all.push(event);
            }
            all
        })
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Chunk {
        delta: String,
    }

    #[test]
    fn events_are_cut_at_blank_lines_whatever_the_chunks_and_line_endings() {
        let chunks = [
            "\u{feff}: a comment\r\nevent: delta\r",
            "\nid: 7\ndata: {\"delta\"",
            ": \"Hel\"}\n\nretry: 2500\ndata:{\"delta\":\"lo\"}\r\r",
            "data: [DONE]\n\ndata: {\"delta\": \"never\"}\n\n",
        ];
        let all = events(&chunks, 1 << 20, json_data::<Chunk>);
        let all: Vec<Event<Chunk>> = all.into_iter().map(|event| event.expect("decodes")).collect();
        assert_eq!(all.len(), 2, "[DONE] ends the stream");
        assert_eq!(all[0].event.as_deref(), Some("delta"));
        assert_eq!(all[0].id.as_deref(), Some("7"));
        assert_eq!(all[0].data, Chunk { delta: "Hel".into() });
        assert_eq!((all[1].event.as_deref(), all[1].id.as_deref()), (None, Some("7")), "the id carries on");
        assert_eq!(all[1].retry, Some(Duration::from_millis(2500)));
        assert_eq!(all[1].data, Chunk { delta: "lo".into() });
    }

    #[test]
    fn text_events_join_their_data_lines_and_an_unfinished_event_is_dropped() {
        let all = events(&["data: one\ndata:two\n\n", "data: cut off"], 1 << 20, text_data);
        let all: Vec<String> = all.into_iter().map(|event| event.expect("text").data).collect();
        assert_eq!(all, ["one\ntwo"]);
    }

    #[test]
    fn an_event_longer_than_the_limit_ends_the_stream() {
        let all = events(&["data: 0123456789", "0123456789\n\n", "data: next\n\n"], 16, text_data);
        assert_eq!(all.len(), 1);
        assert!(matches!(all[0], Err(Error::ResponseTooLarge { limit: 16, .. })), "{:?}", all[0]);
        let all = events(&["data: 0123456789\ndata: 0123456789\n\n"], 24, text_data);
        assert!(matches!(all[..], [Err(Error::ResponseTooLarge { .. })]), "data over lines: {all:?}");
    }

    #[test]
    fn data_that_does_not_decode_is_an_error_without_its_values_shown() {
        let all = events(&["data: {\"delta\": [12345]}\n\n"], 1 << 20, json_data::<Chunk>);
        let Some(Err(error)) = all.first() else { panic!("an error: {all:?}") };
        assert!(matches!(error, Error::Decode { .. }), "{error:?}");
        assert!(!format!("{error} {error:?}").contains("12345"), "{error}");
    }

    #[test]
    fn json_lines_are_values_one_per_line_the_last_without_its_newline() {
        let chunks = ["{\"delta\":\"a\"}\n\n{\"de", "lta\":\"b\"}\r\n{\"delta\":\"c\"}"];
        let mut lines: JsonLines<'static, Chunk, ()> = JsonLines::new(open(&chunks, 1 << 20), json_data::<Chunk>);
        let all = block_on(async {
            let mut all = Vec::new();
            while let Some(line) = lines.next().await {
                all.push(line.expect("decodes").delta);
            }
            all
        });
        assert_eq!(all, ["a", "b", "c"]);
    }
}
