// Answers as real servers send them, served on a loopback server to the
// methods of the crate generated from `fixtures/real_answers.yaml`.
// `cargo xtask examples` copies this file into that crate as
// `tests/loopback.rs`, after a line naming the crate `api`.

mod support;

use api::{Client, Error};
use support::serve;

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().expect("client builds")
}

#[tokio::test]
async fn timestamps_and_scalars_decode_as_servers_send_them() {
    let body = r#"{"id": 42, "created": "2018-01-02T03:04:05", "updated": "2018-01-02 03:04:05.123456 +0000 UTC",
        "day": "2018-01-02T00:00:00Z", "modified": "Tue, 02 Jan 2018 03:04:05 GMT",
        "published": "2018-01-02T03:04:05.123456Z", "postal_code": 78652, "booked": "2018-01-02T10:00:00+01:00", "count": 25.0, "ratio": "2.5", "active": 0, "tags": [1.0, 2],
        "metadata": {"region": "eu", "shard": 7}}"#;
    let url = serve(vec![body]).await;
    let event = client(&url).events().get("e1").await.expect("decodes");
    assert_eq!(event.id, "42");
    assert_eq!(event.postal_code.as_deref(), Some("78652"), "an alias of a string is as lenient as a string");
    assert_eq!(event.booked.map(|d| d.to_string()), Some("2018-01-02".to_owned()), "and an alias of a date");
    assert_eq!(event.created.as_str(), "2018-01-02T03:04:05");
    assert_eq!(event.created.offset(), None, "no offset was sent: none is invented");
    assert_eq!(event.updated.as_ref().and_then(|t| t.offset()).map(|o| o.local_minus_utc()), Some(0));
    assert_eq!(event.day.map(|d| d.to_string()), Some("2018-01-02".to_owned()));
    // Formats the corpus uses for timestamps besides `date-time` are timestamps too.
    let modified = event.modified.as_ref().and_then(|t| t.to_date_time()).map(|t| t.to_rfc3339());
    assert_eq!(modified.as_deref(), Some("2018-01-02T03:04:05+00:00"));
    assert_eq!(event.published.as_ref().map(|t| t.date_naive().to_string()), Some("2018-01-02".to_owned()));
    assert_eq!((event.count, event.ratio, event.active), (25, Some(2.5), false));
    assert_eq!(event.tags, Some(vec![1, 2]));
    let metadata = event.metadata.as_ref().expect("metadata");
    let keys = metadata.to_map().expect("an object").len();
    assert_eq!(keys, 2, "an object without declared properties keeps every key");
    // Sent back, the timestamp is the server's text byte for byte.
    let sent = serde_json::to_value(&event).expect("encodes");
    assert_eq!(sent["created"], "2018-01-02T03:04:05");
    assert_eq!(sent["metadata"], serde_json::json!({"region": "eu", "shard": 7}));
}

#[tokio::test]
async fn strict_decoding_refuses_what_the_document_does_not_say() {
    let url = serve(vec![r#"{"id": "e", "created": "2018-01-02T03:04:05Z", "count": 25.0, "active": true}"#]).await;
    let strict = Client::builder().base_url(&url).strict_decoding(true).build().expect("client builds");
    let error = strict.events().get("e1").await.expect_err("25.0 is not an integer");
    let Error::Decode { path, .. } = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(path, "count");
}

#[tokio::test]
async fn a_timestamp_error_says_what_was_expected_and_not_what_was_sent() {
    let url = serve(vec![r#"{"id": "e", "created": "02/01/2018 Jane", "count": 1, "active": true}"#]).await;
    let error = client(&url).events().get("e1").await.expect_err("not a timestamp");
    let Error::Decode { path, message, .. } = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(path, "created");
    assert!(message.contains("not a timestamp") && message.contains("expected RFC 3339"), "{message}");
    assert!(!format!("{error} {error:?}").contains("Jane"), "{error:?}");
}

#[tokio::test]
async fn a_union_never_takes_the_smaller_alternative_in_silence() {
    let url = serve(vec![
        r#"{"id": "r1", "created": "2018-01-02 03:04:05", "name": "full"}"#,
        r#"{"id": "r2"}"#,
        r#"{"id": "r3", "created": "last Tuesday", "name": "broken"}"#,
        r#"{"name": 5}"#,
    ])
    .await;
    let client = client(&url);
    let full = client.resources().get("r1").await.expect("full decodes");
    assert!(matches!(full, api::types::GetResourceResponse::FullResource(_)), "{full:?}");
    let short = client.resources().get("r2").await.expect("short decodes");
    assert!(matches!(short, api::types::GetResourceResponse::ShortResource(_)), "{short:?}");
    // The full shape fails on its timestamp: the short one would drop two fields.
    let error = client.resources().get("r3").await.expect_err("not silently short");
    let Error::Decode { message, .. } = &error else { panic!("expected Decode, got {error:?}") };
    assert!(message.contains("3 fields of alternative FullResource") && message.contains("at created"), "{message}");
    let error = client.resources().get("r4").await.expect_err("nothing decodes");
    let Error::Decode { message, .. } = &error else { panic!("expected Decode, got {error:?}") };
    assert!(message.contains("FullResource at") && message.contains("ShortResource at"), "{message}");
}

#[tokio::test]
async fn all_of_merges_a_property_declared_twice() {
    let url = serve(vec![
        r#"{"id": "a1", "owner": {"id": "u1", "name": "Ann", "email": "a@example.com"}, "status": "open",
            "opened": "2020-05-06", "balance": 10, "kind": "basic"}"#,
        r#"{"id": "a2", "owner": {"id": "u2"}}"#,
    ])
    .await;
    let client = client(&url);
    let account = client.accounts().get("a1").await.expect("decodes");
    // The base part's owner fields are kept beside the later part's.
    assert_eq!((account.owner.id.as_str(), account.owner.name.as_str()), ("u1", "Ann"));
    assert_eq!(account.owner.email.as_deref(), Some("a@example.com"));
    assert_eq!(account.opened.map(|d| d.to_string()), Some("2020-05-06".to_owned()), "the base's format kept");
    let error = client.accounts().get("a2").await.expect_err("the base requires the owner's name");
    let Error::Decode { path, .. } = &error else { panic!("expected Decode, got {error:?}") };
    assert_eq!(path, "owner");
}
