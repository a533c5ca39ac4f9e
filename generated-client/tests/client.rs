//! The Hero client against a tiny HTTP server on loopback: what goes on the
//! wire, and what each kind of response becomes.

use std::collections::HashMap;

use hero_health::types::{BookingEpisodeStatus, CreateAppointmentBody};
use hero_health::{Client, ConfigError, Environment, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

const API_KEY: &str = "test-key-do-not-log-4242";
const GROUP_ID: &str = "group-7";

/// What the server received.
#[derive(Debug)]
struct Seen {
    method: String,
    target: String,
    headers: HashMap<String, String>,
    body: String,
}

/// Serves each canned `(status, body)` once, in order, recording requests.
async fn serve(responses: Vec<(u16, &'static str)>) -> (String, mpsc::UnboundedReceiver<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let address = listener.local_addr().expect("address");
    let (sender, receiver) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        for (status, body) in responses {
            let Ok((mut stream, _)) = listener.accept().await else { return };
            let mut buffer = Vec::new();
            let mut chunk = [0u8; 4096];
            let head_end = loop {
                let read = stream.read(&mut chunk).await.expect("read");
                buffer.extend_from_slice(&chunk[..read]);
                if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    break end;
                }
                assert!(read > 0, "connection closed before the request head ended");
            };
            let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
            let mut lines = head.lines();
            let request_line: Vec<&str> = lines.next().unwrap_or_default().split(' ').collect();
            let headers: HashMap<String, String> = lines
                .filter_map(|line| line.split_once(':'))
                .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
                .collect();
            let length: usize = headers.get("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
            while buffer.len() < head_end + 4 + length {
                let read = stream.read(&mut chunk).await.expect("read body");
                assert!(read > 0, "connection closed inside the body");
                buffer.extend_from_slice(&chunk[..read]);
            }
            let received = String::from_utf8_lossy(&buffer[head_end + 4..head_end + 4 + length]).into_owned();
            let _ = sender.send(Seen {
                method: request_line[0].to_owned(),
                target: request_line[1].to_owned(),
                headers,
                body: received,
            });
            let reply = format!(
                "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\ncontent-length: {}\r\nx-request-id: req-1\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            stream.write_all(reply.as_bytes()).await.expect("write");
        }
    });
    (format!("http://{address}"), receiver)
}

/// A create-appointment body with the required fields only.
fn appointment() -> CreateAppointmentBody {
    CreateAppointmentBody {
        appointment_type_id: "1".into(),
        location_id: "2".into(),
        practitioner_id: "3".into(),
        duration: 15.0,
        start_time: None,
        patient_id: None,
        billpayer_id: None,
        reason: None,
        suppress_mail: None,
        suppress_availability_check: None,
    }
}

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).api_key(API_KEY).practice_group_id(GROUP_ID).build().expect("client builds")
}

#[tokio::test]
async fn success_decodes_and_path_parameters_are_encoded() {
    let body = r#"{"id":"12","practitioner_id":"3","location_id":"4","appointment_type_id":"5","start_time":"2024-05-01T09:30:00+01:00","video":true}"#;
    let (url, mut seen) = serve(vec![(200, body)]).await;
    let appointment = client(&url).booking().get_appointment("a/b c?").await.expect("200 decodes");
    assert_eq!(appointment.id, "12");
    assert_eq!(appointment.video, Some(true));
    assert_eq!(appointment.start_time.map(|t| t.to_string()), Some("2024-05-01T09:30:00+01:00".to_owned()));
    let request = seen.recv().await.expect("one request");
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/v1/appointments/a%2Fb%20c%3F");
    assert_eq!(request.headers.get("x-api-key").map(String::as_str), Some(API_KEY));
    assert_eq!(request.headers.get("x-practice-group-id").map(String::as_str), Some(GROUP_ID));
    assert!(request.headers.get("user-agent").is_some_and(|ua| ua.starts_with("hero-health/")));
}

#[tokio::test]
async fn query_arrays_repeat_their_bracketed_name() {
    let (url, mut seen) = serve(vec![(200, r#"{"data":[],"count":0}"#)]).await;
    client(&url)
        .episode()
        .list()
        .status(vec![BookingEpisodeStatus::Open, BookingEpisodeStatus::InProgress])
        .page_size(50)
        .await
        .expect("200 decodes");
    let request = seen.recv().await.expect("one request");
    assert_eq!(request.target, "/v1/episodes?page_size=50&status%5B%5D=open&status%5B%5D=in_progress");
}

#[tokio::test]
async fn json_body_is_sent_as_documented() {
    let (url, mut seen) = serve(vec![(200, r#"{"id":"9","reserved_until":null}"#)]).await;
    let body = CreateAppointmentBody { patient_id: Some("156".into()), ..appointment() };
    let created = client(&url).booking().create_appointment(body).await.expect("200 decodes");
    assert_eq!(created.id, "9");
    let request = seen.recv().await.expect("one request");
    assert_eq!(request.method, "POST");
    assert_eq!(request.headers.get("content-type").map(String::as_str), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_str(&request.body).expect("JSON body");
    // Required-and-nullable is sent as null; unset optional fields are left out.
    assert_eq!(
        sent,
        serde_json::json!({"appointment_type_id":"1","location_id":"2","practitioner_id":"3","duration":15.0,"start_time":null,"patient_id":"156"})
    );
}

#[tokio::test]
async fn documented_error_status_carries_its_typed_body() {
    let body = r#"{"error":true,"statusCode":400,"message":[{"code":"invalid_type","expected":"string","path":["location_id"]}]}"#;
    let (url, _seen) = serve(vec![(400, body)]).await;
    let error = client(&url).booking().create_appointment(appointment()).await.expect_err("400 is an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    match &error {
        Error::Api { body, response } => {
            let hero_health::api::booking::CreateAppointmentError::BadRequest(validation) = body.as_ref() else {
                panic!("400 maps to BadRequest, got {body:?}");
            };
            assert_eq!(validation.message[0].path, vec![serde_json::json!("location_id")]);
            assert_eq!(response.request_id(), Some("req-1"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn undocumented_status_keeps_status_and_raw_body() {
    let (url, _seen) = serve(vec![(418, r#"{"teapot":true}"#)]).await;
    let error = client(&url).booking().get_appointment("1").await.expect_err("418 is not documented");
    let Error::UnexpectedStatus(response) = &error else { panic!("expected UnexpectedStatus, got {error:?}") };
    assert_eq!(response.status.as_u16(), 418);
    assert_eq!(response.body_text(), r#"{"teapot":true}"#);
    assert!(error.to_string().contains("418"), "{error}");
}

#[tokio::test]
async fn undecodable_body_names_the_failing_path_and_keeps_the_body() {
    let body =
        r#"{"id":"12","practitioner_id":"3","location_id":"4","appointment_type_id":{"id":5},"start_time":null}"#;
    let (url, _seen) = serve(vec![(200, body)]).await;
    let error = client(&url).booking().get_appointment("1").await.expect_err("an object where a string belongs");
    let Error::Decode { path, response, .. } = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(path, "appointment_type_id");
    assert_eq!(response.body_text(), body);
}

#[tokio::test]
async fn values_of_another_json_type_decode_unless_decoding_is_strict() {
    // A number for a documented string, 0/1 for a boolean, a timestamp without an offset.
    let body = r#"{"id":12,"practitioner_id":"3","location_id":"4","appointment_type_id":"5","start_time":"2024-05-01 09:30:00","video":1}"#;
    let (url, _seen) = serve(vec![(200, body), (200, body)]).await;
    let appointment = client(&url).booking().get_appointment("1").await.expect("decodes leniently");
    assert_eq!(appointment.id, "12", "the number kept as its text");
    assert_eq!(appointment.video, Some(true));
    let start = appointment.start_time.expect("a start time");
    assert_eq!((start.as_str(), start.offset()), ("2024-05-01 09:30:00", None));
    let strict = Client::builder()
        .base_url(&url)
        .api_key(API_KEY)
        .practice_group_id(GROUP_ID)
        .strict_decoding(true)
        .build()
        .expect("client builds");
    let error = strict.booking().get_appointment("1").await.expect_err("strict refuses the number");
    let Error::Decode { path, .. } = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(path, "id");
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let error = client(&url).booking().get_appointment("1").await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.status().is_none());
}

#[test]
fn a_missing_credential_fails_at_build_time() {
    let error = Client::builder().api_key(API_KEY).build().expect_err("practice group id missing");
    assert!(matches!(error, ConfigError::MissingCredential { setter: "practice_group_id", .. }), "{error:?}");
    assert!(error.to_string().contains("practice_group_id"));
}

#[test]
fn secrets_never_show_in_debug_output() {
    let builder = Client::builder().environment(Environment::Staging).api_key(API_KEY).practice_group_id(GROUP_ID);
    let client = builder.clone().build().expect("builds");
    for text in [format!("{builder:?}"), format!("{client:?}")] {
        assert!(!text.contains(API_KEY) && !text.contains(GROUP_ID), "{text}");
    }
    assert_eq!(client.base_url(), "https://api.staging.htech.app");
}

#[test]
fn unknown_enum_values_decode_and_round_trip() {
    let value: BookingEpisodeStatus = serde_json::from_str(r#""archived""#).expect("unknown value decodes");
    assert_eq!(value, BookingEpisodeStatus::UnknownValue("archived".to_owned()));
    assert_eq!(serde_json::to_string(&value).expect("encodes"), r#""archived""#);
    let known: BookingEpisodeStatus = serde_json::from_str(r#""in_progress""#).expect("decodes");
    assert_eq!(known, BookingEpisodeStatus::InProgress);
}

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[tokio::test]
async fn items_walks_the_pages_lazily_and_stops_at_the_count() {
    // listAdmins: `page_index` typed as a string, a `{data, count}` envelope.
    let admin = |id: &str| {
        format!(r#"{{"id":"{id}","first_name":"A","last_name":"B","email":"a@b.c","external_prescriber_id":null}}"#)
    };
    let page = |ids: &[&str]| {
        leak(format!(r#"{{"data":[{}],"count":3}}"#, ids.iter().map(|id| admin(id)).collect::<Vec<_>>().join(",")))
    };
    let (url, mut seen) = serve(vec![(200, page(&["1", "2"])), (200, page(&["3"]))]).await;
    let client = client(&url);
    let mut items = client.admin().list().page_size(2).items();
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        ids.push(item.expect("page decodes").id);
    }
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(seen.recv().await.expect("first page").target, "/v1/admins?page_index=0&page_size=2");
    assert_eq!(seen.recv().await.expect("second page").target, "/v1/admins?page_index=1&page_size=2");
    assert!(seen.try_recv().is_err(), "no third request: the count was reached");
}

#[tokio::test]
async fn items_without_a_count_stops_at_an_empty_page() {
    let episode = |id: &str| format!(r#"{{"id":"{id}","status":"open","priority":"low","patient":null}}"#);
    let (url, mut seen) = serve(vec![
        (200, leak(format!(r#"{{"data":[{},{}]}}"#, episode("1"), episode("2")))),
        (200, leak(format!(r#"{{"data":[{}]}}"#, episode("3")))),
        (200, r#"{"data":[]}"#),
    ])
    .await;
    let client = client(&url);
    let all = client.episode().list().page_index(5).items().collect_all().await.expect("all pages");
    assert_eq!(all.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), ["1", "2", "3"]);
    for expected in ["/v1/episodes?page_index=5", "/v1/episodes?page_index=6", "/v1/episodes?page_index=7"] {
        assert_eq!(seen.recv().await.expect("a page request").target, expected);
    }
}
