//! Fault injection against a scripted server on loopback: each case asserts
//! the attempts the server saw and the error kind the caller got. A POST is
//! never sent twice.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hero_health::{Client, Error, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const API_KEY: &str = "fault-test-key-0000";

/// What the server does with one request.
#[derive(Clone)]
enum Reply {
    Send {
        status: u16,
        headers: &'static str,
        body: &'static str,
    },
    /// Waits this long before answering 200 `{}`.
    Stall(Duration),
    /// Closes the connection without answering.
    Drop,
}

fn json(status: u16, body: &'static str) -> Reply {
    Reply::Send { status, headers: "content-type: application/json\r\n", body }
}

struct Server {
    url: String,
    attempts: Arc<AtomicUsize>,
}

/// Answers request n with `script[n]` (the last entry repeats).
async fn serve(script: Vec<Reply>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let attempts = Arc::new(AtomicUsize::new(0));
    let seen = attempts.clone();
    tokio::spawn(async move {
        // Bounded: no test needs more than a few connections.
        for _ in 0..32 {
            let Ok((stream, _)) = listener.accept().await else { return };
            let index = seen.fetch_add(1, Ordering::SeqCst);
            let reply = script[index.min(script.len() - 1)].clone();
            tokio::spawn(answer(stream, reply));
        }
    });
    Server { url, attempts }
}

async fn answer(mut stream: TcpStream, reply: Reply) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(read) => buffer.extend_from_slice(&chunk[..read]),
        }
    }
    let (status, headers, body) = match reply {
        Reply::Drop => return,
        Reply::Stall(wait) => {
            tokio::time::sleep(wait).await;
            (200, "content-type: application/json\r\n", "{}")
        }
        Reply::Send { status, headers, body } => (status, headers, body),
    };
    let response =
        format!("HTTP/1.1 {status} X\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n{body}", body.len());
    let _ = stream.write_all(response.as_bytes()).await;
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 3,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        ..RetryPolicy::default()
    }
}

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key(API_KEY)
        .practice_group_id("group")
        .retry_policy(fast_retries())
        .timeout(Some(Duration::from_millis(300)))
        .build()
        .expect("client builds")
}

const APPOINTMENT: &str =
    r#"{"id":"1","practitioner_id":"2","location_id":"3","appointment_type_id":"4","start_time":null}"#;

#[tokio::test]
async fn rate_limited_get_waits_for_retry_after_then_succeeds() {
    let server = serve(vec![
        Reply::Send { status: 429, headers: "retry-after: 1\r\n", body: "slow down" },
        json(200, APPOINTMENT),
    ])
    .await;
    let started = Instant::now();
    let patient = RetryPolicy { max_backoff: Duration::from_secs(2), ..fast_retries() };
    let appointment =
        client(&server.url).booking().get_appointment("1").retry(patient).await.expect("second attempt succeeds");
    assert_eq!(appointment.id, "1");
    assert_eq!(server.attempts.load(Ordering::SeqCst), 2);
    assert!(started.elapsed() >= Duration::from_millis(900), "Retry-After: 1 honoured, waited {:?}", started.elapsed());
}

#[tokio::test]
async fn a_retry_after_longer_than_the_longest_wait_returns_the_answer_at_once() {
    let server = serve(vec![
        Reply::Send { status: 429, headers: "retry-after: 5\r\n", body: "slow down" },
        json(200, APPOINTMENT),
    ])
    .await;
    let started = Instant::now();
    // fast_retries() waits at most 40 ms between attempts.
    let error = client(&server.url).booking().get_appointment("1").await.expect_err("the 429 comes back");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(429));
    assert_eq!(server.attempts.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() < Duration::from_secs(2), "not waited for: {:?}", started.elapsed());
}

#[tokio::test]
async fn unavailable_then_ok_is_retried() {
    let server = serve(vec![json(503, r#"{"error":"down"}"#), json(200, APPOINTMENT)]).await;
    client(&server.url).booking().get_appointment("1").await.expect("retried into success");
    assert_eq!(server.attempts.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_timeout_is_retried_then_reported_as_timeout() {
    let server = serve(vec![Reply::Stall(Duration::from_secs(2))]).await;
    let error = client(&server.url).booking().get_appointment("1").await.expect_err("every attempt stalls");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_eq!(server.attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_then_reported_as_transport() {
    let server = serve(vec![Reply::Drop]).await;
    let error = client(&server.url).booking().get_appointment("1").await.expect_err("every attempt drops");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(server.attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_and_not_retried() {
    let server = serve(vec![json(200, r#"{"id": "1", "practitioner_id": "#)]).await;
    let error = client(&server.url).booking().get_appointment("1").await.expect_err("truncated JSON");
    let Error::Decode { response, .. } = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(server.attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_html_error_page_keeps_its_body_after_the_retries() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = serve(vec![Reply::Send { status: 502, headers: "content-type: text/html\r\n", body: page }]).await;
    let error = client(&server.url).booking().get_appointment("1").await.expect_err("502 every time");
    let Error::UnexpectedStatus(response) = &error else { panic!("expected UnexpectedStatus, got {error:?}") };
    assert_eq!(response.status.as_u16(), 502);
    assert_eq!(response.body_text(), page);
    assert_eq!(server.attempts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_decode() {
    let body = r#"{"data":[{"id":"1","status":"archived","priority":"urgent","patient":null,"brand_new":1}],"count":1,"next":"x"}"#;
    let server = serve(vec![json(200, body)]).await;
    let page = client(&server.url).episode().list().await.expect("decodes");
    assert_eq!(page.data[0].status.as_str(), "archived");
    assert_eq!(page.data[0].priority.as_str(), "urgent");
    assert_eq!(server.attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_empty_body_where_json_is_documented_is_a_decode_error() {
    let server = serve(vec![json(200, "")]).await;
    let error = client(&server.url).booking().get_appointment("1").await.expect_err("no body");
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert_eq!(server.attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_post_is_sent_exactly_once_whatever_fails() {
    let cases: Vec<(&str, Reply)> = vec![
        ("429", Reply::Send { status: 429, headers: "retry-after: 0\r\n", body: "" }),
        ("503", json(503, "{}")),
        ("timeout", Reply::Stall(Duration::from_secs(2))),
        ("dropped connection", Reply::Drop),
    ];
    for (case, reply) in cases {
        let server = serve(vec![reply, json(200, r#"{"access_token":"t"}"#)]).await;
        let result = client(&server.url).practice_group().create_access_token().await;
        assert!(result.is_err(), "{case}: the failure is reported, not retried into success");
        assert_eq!(server.attempts.load(Ordering::SeqCst), 1, "{case}: POST sent once");
    }
}

#[tokio::test]
async fn retries_can_be_turned_off_per_call() {
    let server = serve(vec![json(503, "{}"), json(200, APPOINTMENT)]).await;
    let error =
        client(&server.url).booking().get_appointment("1").retry(RetryPolicy::none()).await.expect_err("no retry");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.attempts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn send_with_response_returns_status_and_headers() {
    let server = serve(vec![Reply::Send {
        status: 200,
        headers: "content-type: application/json\r\nx-request-id: abc-123\r\n",
        body: APPOINTMENT,
    }])
    .await;
    let response = client(&server.url).booking().get_appointment("1").send_with_response().await.expect("ok");
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.request_id(), Some("abc-123"));
    assert_eq!(response.body.id, "1");
}

/// Records every span and event field, to check what reaches logs.
#[derive(Default, Clone)]
struct Recorder(Arc<Mutex<String>>);

struct FieldWriter<'a>(&'a mut String);

impl tracing::field::Visit for FieldWriter<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!("{}={:?} ", field.name(), value));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut log = self.0.lock().expect("log");
        log.push_str(span.metadata().name());
        log.push(' ');
        span.record(&mut FieldWriter(&mut log));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut FieldWriter(&mut self.0.lock().expect("log")));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut FieldWriter(&mut self.0.lock().expect("log")));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn the_request_span_names_the_template_never_the_id_or_the_key() {
    let recorder = Recorder::default();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let server = runtime.block_on(serve(vec![json(503, "{}"), json(200, APPOINTMENT)]));
    tracing::subscriber::with_default(recorder.clone(), || {
        // Other tests in this binary may have met the span's callsite with no
        // subscriber and cached "never"; this recomputes it with the recorder.
        tracing::callsite::rebuild_interest_cache();
        let client = client(&server.url);
        runtime.block_on(client.booking().get_appointment("patient-9434765919").send()).expect("ok");
    });
    let log = recorder.0.lock().expect("log").clone();
    assert!(log.contains("operation=\"getAppointment\""), "{log}");
    assert!(log.contains("path=\"/v1/appointments/{id}\""), "{log}");
    assert!(log.contains("attempt=2"), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(!log.contains("9434765919"), "the filled path (a patient id) never reaches logs: {log}");
    assert!(!log.contains(API_KEY), "the key never reaches logs: {log}");
}

#[tokio::test]
async fn errors_never_show_the_key() {
    let server = serve(vec![json(401, r#"{"message":"bad key"}"#)]).await;
    let error = client(&server.url).booking().get_appointment("1").await.expect_err("401");
    for text in [format!("{error}"), format!("{error:?}")] {
        assert!(!text.contains(API_KEY), "{text}");
    }
}
