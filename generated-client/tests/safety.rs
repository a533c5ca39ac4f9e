//! Safe by default, second round, against loopback servers: base URLs are
//! parsed (a query, fragment or password never reaches a request or a log),
//! no configuration follows a redirect elsewhere or sends keys in clear, only
//! JSON is decoded as JSON, retries cannot storm, `Debug` and errors hold no
//! header values and nothing unbounded, and a burst leaves few sockets open.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hero_health::{
    BaseUrlProblem, Client, ClientBuilder, ConfigError, Error, RetryBudget, RetryPolicy,
    DEFAULT_POOL_MAX_IDLE_PER_HOST, MAX_ECHOED_CHARS,
};
use support::{json, redirect, serve, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const API_KEY: &str = "safety-test-key-91c2";

fn builder(url: &str) -> ClientBuilder {
    Client::builder().base_url(url).api_key(API_KEY).practice_group_id("group").timeout(Some(Duration::from_secs(5)))
}

// Base URLs ------------------------------------------------------------------

#[tokio::test]
async fn a_base_url_with_a_query_fragment_or_password_is_refused_without_showing_it() {
    let cases = [
        ("http://127.0.0.1:9/?tenant=acme-42", BaseUrlProblem::Query),
        ("http://127.0.0.1:9/#frag-7731", BaseUrlProblem::Fragment),
        ("https://user:hunter2-pass@api.example.com", BaseUrlProblem::Userinfo),
    ];
    for (url, expected) in cases {
        let error = builder(url).build().expect_err("refused");
        let text = format!("{error} {error:?} {:?}", builder(url));
        assert!(
            matches!(error, ConfigError::InvalidBaseUrl { problem, .. } if problem == expected),
            "{url}: {error:?}"
        );
        for secret in ["hunter2-pass", "user:", "acme-42", "frag-7731"] {
            assert!(!text.contains(secret), "{secret} shown in: {text}");
        }
    }
}

#[tokio::test]
async fn operation_paths_are_joined_to_the_base_path_as_segments() {
    let server = serve(2, |_| json(200, "{}")).await;
    let client = builder(&format!("{}/prefix/", server.url)).build().expect("client builds");
    let _ = client.practice_group().list_locations().await;
    let _ = client.webhooks().delete("wh_1").await;
    let targets: Vec<String> = server.requests().iter().map(|seen| seen.target.clone()).collect();
    assert_eq!(targets, ["/prefix/v1/locations", "/prefix/v1/webhooks/wh_1"]);
}

// Cleartext and redirects ----------------------------------------------------

#[tokio::test]
async fn plain_http_to_another_host_needs_an_explicit_opt_in() {
    for url in ["http://api.example.com", "http://10.1.2.3:8080"] {
        let error = builder(url).build().expect_err("cleartext refused");
        assert!(matches!(error, ConfigError::InvalidBaseUrl { problem: BaseUrlProblem::Cleartext, .. }), "{error:?}");
        assert!(error.to_string().contains("allow_insecure_http"), "{error}");
        assert!(builder(url).allow_insecure_http(true).build().is_ok(), "{url} with the opt-in");
    }
    assert!(builder("http://localhost:8080").build().is_ok(), "loopback needs no opt-in");
}

#[tokio::test]
async fn no_http_configuration_follows_a_redirect_elsewhere() {
    let other = serve(4, |_| json(200, r#"{"id":"stolen"}"#)).await;
    let location = format!("http://localhost:{}/steal", other.port);
    let api = serve(2, move |_| redirect(302, &location)).await;
    let client = builder(&api.url)
        // A caller asking reqwest to follow any redirect gets ours all the same.
        .configure_http(|http| http.redirect(reqwest::redirect::Policy::limited(10)))
        .build()
        .expect("client builds");
    let error = client.patients().get_by_id("p-1").await.expect_err("not followed");
    assert!(matches!(error, Error::Redirect { .. }), "{error:?}");
    assert!(other.requests().is_empty(), "the other origin received {} requests", other.requests().len());
}

// Media types ----------------------------------------------------------------

#[tokio::test]
async fn an_html_answer_is_not_decoded_as_the_answer() {
    let page = "<html><body>{}</body></html>";
    let huge_type = format!("text/html; x={}", "y".repeat(64 * 1024));
    let headers = format!("content-type: {huge_type}\r\n");
    let server = serve(1, move |_| Reply::Send { status: 200, headers: headers.clone(), body: page.to_owned() }).await;
    let client = builder(&server.url).retry_policy(RetryPolicy::none()).build().expect("client builds");
    let error = client.practice_group().list_locations().await.expect_err("HTML is not JSON");
    let Error::UnexpectedContentType { content_type, response } = &error else { panic!("{error:?}") };
    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.body_text(), page, "the raw body is kept");
    assert!(content_type.starts_with("text/html") && content_type.chars().count() <= MAX_ECHOED_CHARS + 1);
    assert!(error.to_string().len() < 400, "{} bytes of error text", error.to_string().len());
}

// Retry storms ---------------------------------------------------------------

#[tokio::test]
async fn retry_after_zero_cannot_make_a_storm() {
    let server =
        serve(1000, |_| Reply::Send { status: 503, headers: "retry-after: 0\r\n".to_owned(), body: String::new() })
            .await;
    let budget = Duration::from_secs(2);
    let policy = RetryPolicy { max_attempts: u32::MAX, max_elapsed: budget, ..RetryPolicy::default() };
    let client = builder(&server.url)
        .retry_policy(policy.clone())
        .retry_budget(RetryBudget::unlimited())
        .build()
        .expect("builds");
    let started = Instant::now();
    let error = client.practice_group().list_locations().await.expect_err("always 503");
    let elapsed = started.elapsed();
    let requests = server.requests().len();
    let per_second = requests as f64 / elapsed.as_secs_f64();
    eprintln!("Retry-After: 0 for {elapsed:?}: {requests} requests, {per_second:.1} per second");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    let most = budget.as_millis() / policy.min_backoff.as_millis() + 1;
    assert!(requests as u128 <= most, "{requests} requests in {elapsed:?}, floor allows {most}");
}

#[tokio::test]
async fn the_client_wide_budget_gives_a_failing_server_fewer_attempts() {
    let server = serve(1000, |_| Reply::Send { status: 503, headers: String::new(), body: String::new() }).await;
    let policy = RetryPolicy {
        max_attempts: 10,
        initial_backoff: Duration::from_millis(1),
        min_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryPolicy::default()
    };
    let retries = 5;
    let client = builder(&server.url)
        .retry_policy(policy)
        .retry_budget(RetryBudget { max_retries: retries, ..RetryBudget::default() })
        .build()
        .expect("builds");
    let calls = 20;
    let shared = client.clone();
    let results = join_all(calls, move || {
        let client = shared.clone();
        async move { client.practice_group().list_locations().await.map(|_| ()) }
    })
    .await;
    assert!(results.iter().all(|result| result.as_ref().err().and_then(Error::status).is_some()));
    let requests = server.requests().len();
    eprintln!("{calls} calls against a failing server with a budget of {retries} retries: {requests} requests");
    assert_eq!(requests, calls + retries as usize, "each call once, plus the budget's retries, across clones");
}

/// Runs `count` calls at once and waits for all of them.
async fn join_all<F, Fut, E>(count: usize, call: F) -> Vec<Result<(), Error<E>>>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), Error<E>>> + Send + 'static,
    E: Send + 'static,
{
    let handles: Vec<_> = (0..count).map(|_| tokio::spawn(call())).collect();
    let mut results = Vec::with_capacity(count);
    for handle in handles {
        results.push(handle.await.expect("the call task finishes"));
    }
    results
}

// What Debug and errors may hold ---------------------------------------------

#[tokio::test]
async fn a_response_debug_names_headers_without_their_values() {
    let headers = "content-type: application/json\r\nset-cookie: session=cookie-secret-55\r\nx-request-id: req-patient-9434765919\r\n";
    let server =
        serve(1, move |_| Reply::Send { status: 200, headers: headers.to_owned(), body: "{}".to_owned() }).await;
    let client = builder(&server.url).build().expect("builds");
    let response = client.practice_group().list_locations().send_with_response().await.expect("an answer");
    let text = format!("{response:?}");
    assert!(text.contains("set-cookie") && text.contains("x-request-id"), "{text}");
    for value in ["cookie-secret-55", "9434765919"] {
        assert!(!text.contains(value), "{value} shown in {text}");
    }
    assert_eq!(response.request_id(), Some("req-patient-9434765919"), "values stay available to code");
}

#[cfg(feature = "webhooks")]
#[test]
fn a_huge_webhook_timestamp_is_cut_in_the_error() {
    let verifier = hero_health::webhooks::verifier("whsec_test").expect("a key");
    let mut headers = reqwest::header::HeaderMap::new();
    let timestamp = "7".repeat(64 * 1024) + "x";
    headers.insert(hero_health::webhooks::TIMESTAMP_HEADER, timestamp.parse().expect("a header value"));
    headers.insert(hero_health::webhooks::SIGNATURE_HEADER, "00".repeat(32).parse().expect("a header value"));
    let error = verifier.verify(&headers, b"{}").expect_err("not a timestamp");
    let text = format!("{error} {error:?}");
    assert!(text.len() < 2 * MAX_ECHOED_CHARS + 200, "{} bytes: {text}", text.len());
}

// The connection pool --------------------------------------------------------

#[tokio::test]
async fn a_burst_leaves_a_bounded_number_of_idle_sockets() {
    let (url, open) = keep_alive_server().await;
    let client = builder(&url).build().expect("builds");
    let burst = 200;
    let calls: Vec<_> = (0..burst)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.practice_group().list_locations().await.is_ok() })
        })
        .collect();
    let mut peak_open = 0;
    for call in calls {
        assert!(call.await.expect("the call task finishes"), "a call failed");
        peak_open = peak_open.max(open.load(Ordering::SeqCst));
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while open.load(Ordering::SeqCst) > DEFAULT_POOL_MAX_IDLE_PER_HOST && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let left = open.load(Ordering::SeqCst);
    eprintln!("burst of {burst} calls: {peak_open} sockets open at most, {left} left open after it");
    assert!(left <= DEFAULT_POOL_MAX_IDLE_PER_HOST, "{left} sockets left open");
}

/// A keep-alive server answering every request `200 {}`, counting the
/// connections that are open.
async fn keep_alive_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let open = Arc::new(AtomicUsize::new(0));
    let counter = open.clone();
    tokio::spawn(async move {
        for _ in 0..1000 {
            let Ok((mut stream, _)) = listener.accept().await else { return };
            let counter = counter.clone();
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(read) => buffer.extend_from_slice(&chunk[..read]),
                    }
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        let answer = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                        if stream.write_all(answer.as_bytes()).await.is_err() {
                            break;
                        }
                    }
                }
                counter.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    (url, open)
}
