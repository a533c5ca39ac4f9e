// Pages and streams, checked on loopback servers against the methods of the
// crate generated from `fixtures/pages.yaml`: each paging style asks for the
// pages the way its API does and ends where the pages say, and streamed
// answers arrive event by event. `cargo xtask examples` copies this file into
// that crate as `tests/loopback.rs`, after a line naming the crate `api`.

mod support;

use api::types::{CreateChatCompletionBody, Message, Thing};
use api::{Client, Error};
use support::{serve_answers, Answer, Seen, CUT};

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().expect("client builds")
}

fn lines(record: &std::sync::Mutex<Vec<Seen>>) -> Vec<String> {
    record.lock().expect("record").iter().map(|seen| seen.request_line.clone()).collect()
}

fn ids(things: &[Thing]) -> Vec<&str> {
    things.iter().map(|thing| thing.id.as_str()).collect()
}

fn answer(body: &'static str, headers: Vec<(&'static str, String)>) -> Answer {
    let mut all = vec![("content-type", "application/json".to_owned())];
    all.extend(headers);
    Answer { status: 200, headers: all, body }
}

#[tokio::test]
async fn page_numbers_start_at_the_documented_first_page_and_stop_at_the_page_total() {
    let pages = vec![
        Answer::json(200, r#"{"items": [{"id": "a"}, {"id": "b"}], "total_pages": 2}"#),
        Answer::json(200, r#"{"items": [{"id": "c"}], "total_pages": 2}"#),
        Answer::json(200, r#"{"items": [{"id": "never"}], "total_pages": 2}"#),
    ];
    let (url, record) = serve_answers(pages).await;
    let all = client(&url).numbered().list().per_page(2).items().collect_all().await.expect("two pages");
    assert_eq!(ids(&all), ["a", "b", "c"]);
    assert_eq!(lines(&record), ["GET /numbered?page=1&per_page=2", "GET /numbered?page=2&per_page=2"]);
}

#[tokio::test]
async fn the_link_header_is_followed_on_the_same_origin_only() {
    // GitHub writes absolute links; a relative one resolves against the page.
    let next = r#"</repos?page=2&per_page=1>; rel="next", </repos?page=9>; rel="last""#.to_owned();
    let pages = vec![answer(r#"[{"id": "a"}]"#, vec![("link", next)]), answer(r#"[{"id": "b"}]"#, Vec::new())];
    let (url, record_here) = serve_answers(pages).await;
    let all = client(&url).repos().list().per_page(1).items().collect_all().await.expect("two pages");
    assert_eq!(ids(&all), ["a", "b"]);
    assert_eq!(lines(&record_here), ["GET /repos?per_page=1", "GET /repos?page=2&per_page=1"]);

    let elsewhere = r#"<https://elsewhere.example/repos?page=2>; rel="next""#.to_owned();
    let (url, record) = serve_answers(vec![answer(r#"[{"id": "a"}]"#, vec![("link", elsewhere)])]).await;
    let client = client(&url);
    let mut items = client.repos().list().items();
    let first = items.next().await.expect("an item").expect("decodes");
    assert_eq!(first.id, "a");
    let ended = items.next().await;
    assert!(matches!(&ended, Some(Err(Error::PageElsewhere { origin, .. })) if origin == "https://elsewhere.example"), "{ended:?}");
    assert!(items.next().await.is_none());
    assert_eq!(lines(&record).len(), 1, "nothing was sent elsewhere");
}

#[tokio::test]
async fn a_documented_redirect_while_paging_is_followed_here_and_ends_the_stream_elsewhere() {
    let next = r#"</repos?page=2>; rel="next""#.to_owned();
    let moved = Answer { status: 301, headers: vec![("location", "/moved?page=2".to_owned())], body: "" };
    let pages = vec![answer(r#"[{"id": "a"}]"#, vec![("link", next.clone())]), moved, answer(r#"[{"id": "b"}]"#, Vec::new())];
    let (url, record) = serve_answers(pages).await;
    let all = client(&url).repos().list().items().collect_all().await.expect("the redirect is followed");
    assert_eq!(ids(&all), ["a", "b"]);
    assert_eq!(lines(&record), ["GET /repos", "GET /repos?page=2", "GET /moved?page=2"]);

    let away = Answer { status: 301, headers: vec![("location", "https://elsewhere.example/repos".to_owned())], body: "" };
    let (url, record) = serve_answers(vec![answer(r#"[{"id": "a"}]"#, vec![("link", next)]), away]).await;
    let client = client(&url);
    let mut items = client.repos().list().items();
    assert_eq!(items.next().await.expect("an item").expect("decodes").id, "a");
    let ended = items.next().await;
    assert!(matches!(&ended, Some(Err(Error::UnexpectedStatus(response))) if response.status == 301), "{ended:?}");
    assert!(items.next().await.is_none());
    assert_eq!(lines(&record).len(), 2, "nothing was sent elsewhere");
}

#[tokio::test]
async fn offsets_move_by_the_items_received_until_the_total() {
    let pages = vec![
        Answer::json(200, r#"{"results": [{"id": "a"}, {"id": "b"}], "total": "3"}"#),
        Answer::json(200, r#"{"results": [{"id": "c"}, {"id": "past the total"}], "total": 3}"#),
    ];
    let (url, record) = serve_answers(pages).await;
    let all = client(&url).offset().list_by_offset().limit(2).items().collect_all().await.expect("two pages");
    assert_eq!(ids(&all), ["a", "b", "c"], "never past the total, even when it comes as text");
    assert_eq!(lines(&record), ["GET /offset?limit=2", "GET /offset?offset=2&limit=2"]);
}

#[tokio::test]
async fn a_nested_cursor_is_sent_back_until_it_is_empty_and_a_repeated_one_ends_it() {
    let pages = vec![
        Answer::json(200, r#"{"ok": true, "members": [{"id": "a"}], "response_metadata": {"next_cursor": "dXNlcjo="}}"#),
        Answer::json(200, r#"{"ok": true, "members": [{"id": "b"}], "response_metadata": {"next_cursor": ""}}"#),
    ];
    let (url, record) = serve_answers(pages).await;
    let all = client(&url).users().list().items().collect_all().await.expect("two pages");
    assert_eq!(ids(&all), ["a", "b"]);
    assert_eq!(lines(&record), ["GET /users.list", "GET /users.list?cursor=dXNlcjo%3D"]);

    let same = r#"{"members": [{"id": "x"}], "response_metadata": {"next_cursor": "again"}}"#;
    let (url, record) = serve_answers(vec![Answer::json(200, same), Answer::json(200, same)]).await;
    let client = client(&url);
    let mut items = client.users().list().items();
    let mut got = Vec::new();
    while let Some(item) = items.next().await {
        got.push(item);
    }
    assert!(matches!(got.last(), Some(Err(Error::PageRepeated { .. }))), "{got:?}");
    assert_eq!(lines(&record).len(), 2, "the cursor given twice is not followed twice");
}

#[tokio::test]
async fn the_last_items_id_is_the_next_cursor_while_has_more() {
    let pages = vec![
        Answer::json(200, r#"{"object": "list", "url": "/customers", "has_more": true, "data": [{"id": "cus_1"}, {"id": "cus_2"}]}"#),
        Answer::json(200, r#"{"object": "list", "url": "/customers", "has_more": false, "data": [{"id": "cus_3"}]}"#),
    ];
    let (url, record) = serve_answers(pages).await;
    let all = client(&url).customers().list().limit(2).items().collect_all().await.expect("two pages");
    assert_eq!(ids(&all), ["cus_1", "cus_2", "cus_3"]);
    assert_eq!(lines(&record), ["GET /customers?limit=2", "GET /customers?starting_after=cus_2&limit=2"]);
}

#[tokio::test]
async fn a_next_url_in_the_body_is_followed_relative_to_the_page() {
    let pages = vec![
        Answer::json(200, r#"{"count": 3, "next": "/snippets?page=2", "previous": null, "results": [{"id": "a"}, {"id": "b"}]}"#),
        Answer::json(200, r#"{"count": 3, "next": null, "previous": "/snippets", "results": [{"id": "c"}]}"#),
        Answer::json(200, r#"{"value": [{"id": "v1"}], "nextLink": "vaults?$skiptoken=x%3D1"}"#),
        Answer::json(200, r#"{"value": [{"id": "v2"}]}"#),
    ];
    let (url, record) = serve_answers(pages).await;
    let client = client(&url);
    let all = client.snippets().list().items().collect_all().await.expect("two pages");
    assert_eq!(ids(&all), ["a", "b", "c"]);
    let all = client.vaults().list().items().collect_all().await.expect("two pages");
    assert_eq!(ids(&all), ["v1", "v2"]);
    assert_eq!(lines(&record), ["GET /snippets", "GET /snippets?page=2", "GET /vaults", "GET /vaults?$skiptoken=x%3D1"]);
}

#[tokio::test]
async fn a_declared_listing_pages_as_declared_and_limits_end_it() {
    let pages = vec![
        Answer::json(200, r#"{"entries": [{"id": "e1"}, {"id": "e2"}], "meta": {"page": {"next": "t2", "more": true}}}"#),
        Answer::json(200, r#"{"entries": [{"id": "e3"}], "meta": {"page": {"next": "t3", "more": "false"}}}"#),
        Answer::json(200, r#"{"entries": [{"id": "a"}, {"id": "b"}], "meta": {"page": {"next": "t2", "more": true}}}"#),
    ];
    let (url, record) = serve_answers(pages).await;
    let client = client(&url);
    let all = client.audit().search().items().collect_all().await.expect("two pages");
    assert_eq!(ids(&all), ["e1", "e2", "e3"], "`more: \"false\"` ends it");
    let limited = client.audit().search().items().max_items(1).collect_all().await.expect("one page");
    assert_eq!(ids(&limited), ["a"]);
    assert_eq!(lines(&record), ["POST /audit", "POST /audit?page_token=t2", "POST /audit"]);
}

fn chat() -> CreateChatCompletionBody {
    CreateChatCompletionBody::new("small", vec![Message { role: "user".into(), content: "Hello".into() }])
}

#[tokio::test]
async fn a_chat_completion_streams_its_chunks_as_events_and_still_answers_as_json() {
    let events = "data: {\"id\": \"c1\", \"choices\": [{\"delta\": {\"content\": \"Hel\"}}]}\n\n\
                  event: delta\ndata: {\"id\": \"c1\", \"choices\": [{\"delta\": {\"content\": \"lo\"}}]}\n\n\
                  data: [DONE]\n\n";
    let sse = Answer { status: 200, headers: vec![("content-type", "text/event-stream".to_owned())], body: events };
    let json = Answer::json(200, r#"{"id": "c2", "choices": [{"message": {"role": "assistant", "content": "Hi"}}]}"#);
    let limited = Answer::json(429, r#"{"title": "slow down"}"#);
    let (url, record) = serve_answers(vec![sse, json, limited]).await;
    let client = client(&url);
    let mut stream = client.chat().create_completion(chat()).events().await.expect("opens");
    let mut text = String::new();
    while let Some(event) = stream.next().await {
        let event = event.expect("decodes");
        for choice in event.data.choices.unwrap_or_default() {
            text.push_str(&choice.delta.and_then(|delta| delta.content).unwrap_or_default());
        }
    }
    assert_eq!(text, "Hello");
    let answer = client.chat().create_completion(chat()).await.expect("JSON");
    assert_eq!(answer.id.as_deref(), Some("c2"));
    let error = client.chat().create_completion(chat()).events().await.expect_err("429");
    assert!(matches!(error.api_error(), Some(api::api::chat::CreateCompletionError::TooManyRequests(_))), "{error:?}");
    let seen = record.lock().expect("record").clone();
    assert_eq!(seen[0].header("accept"), Some("text/event-stream"));
    let body: serde_json::Value = serde_json::from_slice(&seen[0].body).expect("JSON body");
    assert_eq!(body["stream"], true, "the stream is asked for in the body too");
    assert_eq!(body["model"], "small");
    let body: serde_json::Value = serde_json::from_slice(&seen[1].body).expect("JSON body");
    assert!(body.get("stream").is_none(), "`send` does not ask for a stream");
}

#[tokio::test]
async fn a_dropped_event_stream_resumes_from_the_last_event_id() {
    let first = Answer {
        status: 200,
        headers: vec![("content-type", "text/event-stream".to_owned()), (CUT, String::new())],
        body: "retry: 10\nid: 5\ndata: five\n\ndata: half an eve",
    };
    let second = Answer {
        status: 200,
        headers: vec![("content-type", "text/event-stream".to_owned())],
        body: "id: 6\ndata: six\n\n",
    };
    let (url, record) = serve_answers(vec![first, second]).await;
    let client = client(&url);
    let mut stream = client.feed().watch_feed().events().await.expect("opens");
    let mut data = Vec::new();
    while let Some(event) = stream.next().await {
        data.push(event.expect("reconnected").data);
    }
    assert_eq!(data, ["five", "six"]);
    let seen = record.lock().expect("record").clone();
    assert_eq!((seen[0].header("last-event-id"), seen[1].header("last-event-id")), (None, Some("5")));
}

#[tokio::test]
async fn json_lines_arrive_one_value_per_line() {
    let body = "{\"level\": \"info\", \"message\": \"up\"}\n{\"level\": \"warn\", \"message\": \"slow\"}\n";
    let lines = Answer { status: 200, headers: vec![("content-type", "application/x-ndjson".to_owned())], body };
    let (url, record) = serve_answers(vec![lines]).await;
    let client = client(&url);
    let mut stream = client.logs().tail_logs().json_lines().await.expect("opens");
    let mut levels = Vec::new();
    while let Some(line) = stream.next().await {
        levels.push(line.expect("decodes").level);
    }
    assert_eq!(levels, ["info", "warn"]);
    assert_eq!(record.lock().expect("record")[0].header("accept"), Some("application/x-ndjson"));
}
