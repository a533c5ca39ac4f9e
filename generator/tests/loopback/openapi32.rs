// OpenAPI 3.2 on the wire, checked on loopback servers against the methods
// of the crate generated from `fixtures/openapi32.yaml`: the QUERY method
// with its body, a method from `additionalOperations`, the whole query string
// as one form parameter, `itemSchema` streams and a discriminator's
// `defaultMapping`. `cargo xtask examples` copies this file into that crate
// as `tests/loopback.rs`, after a line naming the crate `api`.

mod support;

use api::types::{Change, Filter, Search};
use api::Client;
use support::{serve_answers, Answer, Seen};

fn client(url: &str) -> Client {
    // The device authorization flow's token, obtained by the caller.
    Client::builder().base_url(url).device_token("token-1").build().expect("client builds")
}

fn seen(record: &std::sync::Mutex<Vec<Seen>>) -> Vec<Seen> {
    record.lock().expect("record").clone()
}

#[tokio::test]
async fn query_and_additional_methods_are_sent_as_the_document_names_them() {
    let answers = vec![
        Answer::json(200, r#"[{"id": "n1", "text": "Call back"}]"#),
        Answer::json(201, r#"{"id": "n2", "text": "Call back"}"#),
    ];
    let (url, record) = serve_answers(answers).await;
    let client = client(&url);
    let search = Search { text: Some("call".to_owned()), limit: Some(5) };
    let found = client.notes().search(search).await.expect("decodes");
    assert_eq!(found[0].id, "n1");
    let copied = client.note_history().copy_note("n1", "/notes/n2").await.expect("decodes");
    assert_eq!(copied.id, "n2");
    let seen = seen(&record);
    assert_eq!(seen[0].request_line, "QUERY /notes");
    let body: serde_json::Value = serde_json::from_slice(&seen[0].body).expect("JSON body");
    assert_eq!(body, serde_json::json!({"text": "call", "limit": 5}), "QUERY carries its body");
    assert_eq!(seen[1].request_line, "COPY /notes/n1");
    assert_eq!(seen[1].header("destination"), Some("/notes/n2"));
    assert_eq!(seen[1].header("authorization"), Some("Bearer token-1"));
}

#[tokio::test]
async fn the_query_string_parameter_is_the_whole_query_and_cookies_are_name_value() {
    let (url, record) = serve_answers(vec![Answer::json(200, r#"[]"#)]).await;
    let client = client(&url);
    let filter = Filter { author: Some("dr smith".to_owned()), since: chrono::NaiveDate::from_ymd_opt(2026, 1, 2) };
    let notes = client.notes().list().filter(filter).session("s1").await.expect("decodes");
    assert!(notes.is_empty());
    let seen = seen(&record);
    assert_eq!(seen[0].request_line, "GET /notes?author=dr+smith&since=2026-01-02");
    assert_eq!(seen[0].header("cookie"), Some("session=s1"));
}

#[tokio::test]
async fn item_schemas_type_each_line_and_each_events_data() {
    let lines = Answer {
        status: 200,
        headers: vec![("content-type", "application/jsonl".to_owned())],
        body: "{\"id\": \"n1\", \"text\": \"one\"}\n{\"id\": \"n1\", \"text\": \"two\"}\n",
    };
    let events = Answer {
        status: 200,
        headers: vec![("content-type", "text/event-stream".to_owned())],
        body: "event: progress\ndata: {\"percent\": 50}\n\ndata: {\"percent\": 100}\n\n",
    };
    let (url, _) = serve_answers(vec![lines, events]).await;
    let client = client(&url);
    let mut versions = client.note_history().list_note_versions("n1").json_lines().await.expect("opens");
    let mut texts = Vec::new();
    while let Some(line) = versions.next().await {
        texts.push(line.expect("decodes").text);
    }
    assert_eq!(texts, ["one", "two"]);
    let mut progress = client.note_exports().export_note("n1").events().await.expect("opens");
    let mut percents = Vec::new();
    while let Some(event) = progress.next().await {
        percents.push(event.expect("decodes").data.percent);
    }
    assert_eq!(percents, [50, 100]);
}

#[tokio::test]
async fn a_tag_no_mapping_names_takes_the_default_mapping() {
    let body = r#"[{"kind": "edit", "text": "new"}, {"kind": "deletion"}, {"kind": "merge"}, {}]"#;
    let (url, _) = serve_answers(vec![Answer::json(200, body)]).await;
    let changes = client(&url).note_history().list_changes("n1").await.expect("decodes");
    assert!(matches!(&changes[0], Change::Edit(edit) if edit.text == "new"), "{changes:?}");
    assert!(matches!(&changes[1], Change::Deletion(_)), "{changes:?}");
    assert!(matches!(&changes[2], Change::OtherChange(other) if other.kind.as_deref() == Some("merge")), "{changes:?}");
    assert!(matches!(&changes[3], Change::OtherChange(other) if other.kind.is_none()), "{changes:?}");
}
