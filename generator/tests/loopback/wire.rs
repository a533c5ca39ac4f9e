// The wire as the document says, checked on loopback servers against the
// methods of the crate generated from `fixtures/wire.yaml`: what each
// request carried, and what the answer became. `cargo xtask examples` copies
// this file into that crate as `tests/loopback.rs`, after a line naming the
// crate `api`.

mod support;

use api::api::reports::{DownloadSuccess, GetSuccess};
use api::types::Note;
use api::{Client, Error};
use support::{serve_answers, Answer, Seen};

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().expect("client builds")
}

fn seen(record: &std::sync::Mutex<Vec<Seen>>) -> Vec<Seen> {
    record.lock().expect("record").clone()
}

#[tokio::test]
async fn a_multi_segment_parameter_keeps_its_slashes_and_no_segment_escapes() {
    let (url, record) = serve_answers(vec![Answer::json(200, r#"{"ref": "refs/heads/main"}"#)]).await;
    let client = client(&url);
    let found = client.repos().get_ref("octo cat", "heads/feature x").await.expect("decodes");
    assert_eq!(found.ref_, "refs/heads/main");
    assert_eq!(seen(&record)[0].request_line, "GET /repos/octo%20cat/git/refs/heads/feature%20x");
    for escape in ["heads/..", "heads//main", "./x"] {
        let error = client.repos().get_ref("o", escape).await.expect_err("refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{escape}: {error:?}");
    }
    assert_eq!(seen(&record).len(), 1, "nothing more was sent");
}

#[tokio::test]
async fn wildcard_bodies_go_raw_and_a_client_pointed_elsewhere_sends_every_operation_there() {
    let answers = vec![Answer::json(201, ""), Answer::json(201, ""), Answer::json(204, "")];
    let (url, record) = serve_answers(answers).await;
    let client = client(&format!("{url}/mock"));
    client.uploads().asset("notes.txt", "plain \"text\"\n").await.expect("stored");
    client.uploads().asset("a.txt", b"\x00\x01".to_vec()).content_type("text/plain").await.expect("stored");
    client.avatars().put(&b"\x89PNG"[..]).content_type("image/png").await.expect("stored");
    let seen = seen(&record);
    // The document gives uploads and avatars servers of their own; pointed at a
    // mock, the client sends them to the mock too.
    assert_eq!(seen[0].request_line, "POST /mock/uploads/notes.txt");
    assert_eq!(seen[0].body, b"plain \"text\"\n", "sent as it is, not JSON-quoted");
    assert_eq!(seen[0].header("content-type"), Some("application/octet-stream"));
    assert_eq!((seen[1].header("content-type"), seen[1].body.as_slice()), (Some("text/plain"), &b"\x00\x01"[..]));
    assert_eq!(seen[2].request_line, "PUT /mock/avatars");
    assert_eq!((seen[2].header("content-type"), seen[2].body.as_slice()), (Some("image/png"), &b"\x89PNG"[..]));
}

#[tokio::test]
async fn a_documented_redirect_elsewhere_is_the_answer_and_shows_only_its_origin() {
    let location = "https://files.example.net/reports/9434765919.pdf?signature=s3cr3t";
    let elsewhere = Answer { status: 302, headers: vec![("location", location.to_owned())], body: "" };
    let here = Answer { status: 302, headers: vec![("location", "/files/r1.pdf".to_owned())], body: "" };
    let pdf = Answer { status: 200, headers: vec![("content-type", "application/pdf".to_owned())], body: "%PDF" };
    let (url, record) = serve_answers(vec![elsewhere, here, pdf]).await;
    let client = client(&url);
    let answer = client.reports().download("r1").await.expect("the redirect is the answer");
    let DownloadSuccess::Found(redirect) = answer else { panic!("{answer:?}") };
    assert_eq!(redirect.status.as_u16(), 302);
    assert_eq!(redirect.location.as_ref().map(|url| url.as_str()), Some(location));
    let shown = format!("{redirect:?}");
    assert!(shown.contains("files.example.net") && !shown.contains("s3cr3t") && !shown.contains("9434765919"));
    // On the same origin, a documented redirect is followed as any other.
    let followed = client.reports().download("r1").await.expect("followed");
    assert_eq!(followed, DownloadSuccess::Ok(bytes::Bytes::from_static(b"%PDF")));
    assert_eq!(seen(&record)[2].request_line, "GET /files/r1.pdf");
}

#[tokio::test]
async fn redirects_elsewhere_are_refused_with_their_location_or_followed_without_credentials() {
    let (cdn, cdn_record) = serve_answers(vec![Answer::json(200, r#"{"id": "r1"}"#)]).await;
    let elsewhere = format!("{cdn}/signed/r1?signature=s3cr3t");
    let moved = || Answer { status: 302, headers: vec![("location", elsewhere.clone())], body: "" };
    let same_origin = Answer { status: 307, headers: vec![("location", "/reports/r2".to_owned())], body: "" };
    let (url, record) = serve_answers(vec![moved(), same_origin, moved()]).await;
    let client = Client::builder().base_url(&url).bearer_token("t0k3n").build().expect("client builds");

    let error = client.reports().get("r1").await.expect_err("another origin");
    assert_eq!(error.redirect_location(), Some(elsewhere.as_str()), "the whole location, for code");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("s3cr3t") && !shown.contains("signed"), "{shown}");

    let report = client
        .reports().get("r1")
        .header("x-trace", "7")
        .follow_redirects_elsewhere(true)
        .send()
        .await
        .expect("followed");
    assert!(matches!(report, GetSuccess::Ok(ref report) if report.id == "r1"), "{report:?}");
    let api = seen(&record);
    assert_eq!(api[1].request_line, "GET /reports/r1");
    assert_eq!(api[2].request_line, "GET /reports/r2", "a same-origin redirect is followed");
    assert_eq!(api[2].header("authorization"), Some("Bearer t0k3n"), "with the credentials");
    let at_cdn = &seen(&cdn_record)[0];
    assert_eq!(at_cdn.request_line, "GET /signed/r1?signature=s3cr3t");
    assert_eq!((at_cdn.header("authorization"), at_cdn.header("x-trace")), (None, None), "nothing of the call's");
}

#[tokio::test]
async fn the_content_type_picks_the_decoder_and_a_call_may_pick_the_media_type() {
    let text = |media: &str, body| Answer { status: 200, headers: vec![("content-type", media.to_owned())], body };
    let answers = vec![
        Answer { status: 304, headers: vec![], body: "" },
        text("text/plain; charset=utf-8", r#"{"id": "r1", "rows": 2}"#),
        text("text/csv", "id,rows\nr1,2\n"),
        text("text/csv", "id,rows\nr1,2\n"),
    ];
    let (url, record) = serve_answers(answers).await;
    let client = client(&url);
    let unchanged = client.reports().get("r1").if_none_match("\"v1\"").await.expect("304 is an answer");
    assert_eq!(unchanged, GetSuccess::NotModified);
    let same_schema = client.reports().get("r1").await.expect("text/plain carries the same schema");
    assert!(matches!(same_schema, GetSuccess::Ok(ref report) if report.rows == Some(2)), "{same_schema:?}");
    let error = client.reports().get("r1").await.expect_err("CSV is not the typed answer");
    let Error::UnexpectedContentType { content_type, response } = &error else { panic!("{error:?}") };
    assert_eq!((content_type.as_str(), response.status.as_u16()), ("text/csv", 200));
    assert_eq!(&response.body[..], b"id,rows\nr1,2\n", "the raw body stays in the error");
    let csv = client.reports().get("r1").accept("text/csv").send_raw().await.expect("raw");
    assert_eq!(&csv.body[..], b"id,rows\nr1,2\n");
    assert_eq!(seen(&record)[3].header("accept"), Some("text/csv"));
    let refused = client.reports().get("r1").accept("application/xml").send_raw().await;
    assert!(matches!(refused, Err(Error::InvalidRequest(_))), "{refused:?}");
}

#[tokio::test]
async fn tokens_and_default_headers_without_a_security_scheme_and_what_the_document_forgot() {
    let answers = vec![Answer::json(201, r#"{"text": "hi"}"#), Answer::json(200, "[]")];
    let (url, record) = serve_answers(answers).await;
    let client = Client::builder()
        .base_url(&url)
        .bearer_token("t0k3n")
        .default_header("x-tenant", "acme")
        .build()
        .expect("client builds");
    assert!(!format!("{client:?}").contains("t0k3n"));
    let note = Note { text: "hi".to_owned() };
    let created = client
        .notes().create(note.clone())
        .body_field("pinned", true)
        .query_param("page", 2)
        .header("x-tenant", "other")
        .await
        .expect("created");
    assert_eq!(created, note);
    let sent = &seen(&record)[0];
    assert_eq!(sent.request_line, "POST /notes?page=2");
    assert_eq!(sent.body, br#"{"text":"hi","pinned":true}"#, "the document's fields as they were, then the new one");
    assert_eq!(sent.header("authorization"), Some("Bearer t0k3n"));
    assert_eq!(sent.header("x-tenant"), Some("other"), "a call's header replaces the default");
    let refused = client.notes().list().header("Authorization", "Bearer other").await;
    assert!(matches!(refused, Err(Error::InvalidRequest(_))), "{refused:?}");
    let basic = Client::builder().base_url(&url).basic_auth("Aladdin", "open sesame").build().expect("builds");
    basic.notes().list().await.expect("listed");
    assert_eq!(seen(&record)[1].header("authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
}
