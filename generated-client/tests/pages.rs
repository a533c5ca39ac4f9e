// Every list operation of the Hero document pages through `.items()` as the
// document says: `page_index` from 0, one up each page, until the `count` the
// pages report. The lists are counted in the document, not here.

mod support;

use hero_health::{Client, Error, Pages};
use support::{json, serve, Server};

const API_KEY: &str = "test-key";

fn client(base_url: &str) -> Client {
    Client::builder().base_url(base_url).api_key(API_KEY).practice_group_id("42").build().expect("client builds")
}

/// A server answering pages of one `item` each (`{n}` in it: the request's
/// number, so no two pages are the same), with a `count` of 2.
async fn two_pages(item: &'static str) -> Server {
    serve(8, move |n| json(200, &format!(r#"{{"data":[{}],"count":2}}"#, item.replace("{n}", &n.to_string())))).await
}

/// Drains `items`; the page requests the server received, without the query
/// parameters other than `page_index`.
async fn walk<'a, T: serde::Serialize + Send + 'a, E: Send + std::fmt::Debug + 'a>(
    mut items: Pages<'a, T, E>,
    server: &Server,
) -> Vec<String> {
    let mut count = 0;
    while let Some(item) = items.next().await {
        item.expect("every page decodes");
        count += 1;
    }
    assert_eq!(count, 2, "one item per page, until the count");
    server
        .requests()
        .iter()
        .map(|seen| {
            let (path, query) = seen.target.split_once('?').unwrap_or((&seen.target, ""));
            let index: Vec<&str> = query.split('&').filter(|pair| pair.starts_with("page_index=")).collect();
            format!("{path}?{}", index.join("&"))
        })
        .collect()
}

/// The operations of the checked-in document that take `page_index`.
fn documented_lists() -> usize {
    let document = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/hero-public-api.yaml");
    let text = std::fs::read_to_string(&document).expect("the document is checked in");
    text.lines().filter(|line| line.trim_start().trim_start_matches("- ") == "name: page_index").count()
}

#[tokio::test]
async fn every_list_operation_pages_from_page_index_0_until_the_count() {
    const ADMIN: &str =
        r#"{"id":"{n}","first_name":"A","last_name":"B","email":"a@b.c","external_prescriber_id":null}"#;
    const EPISODE: &str = r#"{"id":"{n}","status":"open","priority":"low","patient":null}"#;
    const BATCH: &str = r#"{"id":"{n}","name":"n","status":"CREATED","channel":"SMS","content":"c"}"#;
    const PATIENT: &str = r#"{"ehr_partner_id":"{n}","dob":null,"identifiers":[],"ehr_registered":null}"#;
    const ANY: &str = r#"{"n":{n}}"#;
    let mut walked = Vec::new();
    let mut check = |path: &str, requests: Vec<String>| {
        assert_eq!(requests, [format!("{path}?page_index=0"), format!("{path}?page_index=1")], "{path}");
        walked.push(path.to_owned());
    };

    let server = two_pages(ADMIN).await;
    let hero = client(&server.url);
    check("/v1/admins", walk(hero.admin().list().items(), &server).await);
    let server = two_pages(BATCH).await;
    let hero = client(&server.url);
    check("/v1/batch_message", walk(hero.messages().list_batch_messages().items(), &server).await);
    let server = two_pages(ANY).await;
    let hero = client(&server.url);
    check("/v1/batch_message/7/messages", walk(hero.messages().list_batch_message_sends("7").items(), &server).await);
    let server = two_pages(ANY).await;
    let hero = client(&server.url);
    check(
        "/v1/batch_message/7/recipients",
        walk(hero.messages().list_batch_message_recipients("7").items(), &server).await,
    );
    let server = two_pages(EPISODE).await;
    let hero = client(&server.url);
    check("/v1/episodes", walk(hero.episode().list().items(), &server).await);
    let server = two_pages(ANY).await;
    let hero = client(&server.url);
    check("/v1/short_links", walk(hero.short_links().list().items(), &server).await);
    let server = two_pages(ANY).await;
    let hero = client(&server.url);
    check("/v1/subscriptions", walk(hero.subscriptions().list().items(), &server).await);
    let server = two_pages(ANY).await;
    let hero = client(&server.url);
    check("/v2/automated_messages", walk(hero.booking().list_automated_messages().items(), &server).await);
    let server = two_pages(PATIENT).await;
    let hero = client(&server.url);
    check("/v3/patients", walk(hero.patients().list_v3().items(), &server).await);
    assert_eq!(walked.len(), documented_lists(), "every operation taking `page_index` is walked: {walked:?}");
}

#[tokio::test]
async fn a_page_limit_stops_before_the_count() {
    let server = serve(8, |n| json(200, &format!(r#"{{"data":[{{"n":{n}}}],"count":100}}"#))).await;
    let client = client(&server.url);
    let items = client.subscriptions().list().items().max_pages(3);
    let all = items.collect_all().await.expect("three pages");
    assert_eq!(all.len(), 3);
    assert_eq!(server.requests().len(), 3, "no page past the limit was asked for");
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_error() {
    let server = serve(8, |n| match n {
        0 => json(200, r#"{"data":[{}],"count":5}"#),
        _ => json(500, r#"{"message":"down"}"#),
    })
    .await;
    let client = Client::builder()
        .base_url(&server.url)
        .api_key(API_KEY)
        .practice_group_id("42")
        .retry_policy(hero_health::RetryPolicy::none())
        .build()
        .expect("client builds");
    let mut items = client.subscriptions().list().items();
    assert!(items.next().await.expect("an item").is_ok());
    let failed = items.next().await.expect("the failed page");
    assert!(matches!(&failed, Err(Error::UnexpectedStatus(response)) if response.status == 500), "{failed:?}");
    assert!(items.next().await.is_none(), "nothing after the error");
}
