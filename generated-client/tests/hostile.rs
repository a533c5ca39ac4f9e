//! The client against hostile or broken servers on loopback: what a partner's
//! security reviewer would try. Each case is bounded (a few connections,
//! short timeouts) and stops by itself.

mod support;

use std::time::{Duration, Instant};

use hero_health::types::{CreateAppointmentBody, MergePatientBody};
use hero_health::{Client, ConfigError, Error, RedirectRefusal, RetryPolicy};
use support::{json, redirect, serve, Reply};

const API_KEY: &str = "hostile-test-key-5f1d";
const GROUP_ID: &str = "group-hostile-77";
/// Planted patient data: none of it may reach an error's text.
const NHS_NUMBER: &str = "9434765919";
const PATIENT_ID: &str = "patient-7f3a9c";

fn client(url: &str) -> Client {
    Client::builder()
        .base_url(url)
        .api_key(API_KEY)
        .practice_group_id(GROUP_ID)
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(40),
            ..RetryPolicy::default()
        })
        .timeout(Some(Duration::from_secs(5)))
        .build()
        .expect("client builds")
}

fn appointment() -> CreateAppointmentBody {
    CreateAppointmentBody {
        patient_id: Some(PATIENT_ID.into()),
        ..CreateAppointmentBody::new("1", "2", "3", 15.0, None)
    }
}

/// Display and Debug of `error` carry none of the planted secrets and patient data.
fn assert_clean<E>(error: &Error<E>) {
    assert_text_clean(&error.to_string());
    assert_text_clean(&format!("{error:?}"));
}

fn assert_text_clean(text: &str) {
    for planted in [API_KEY, GROUP_ID, NHS_NUMBER, PATIENT_ID] {
        assert!(!text.contains(planted), "{planted} leaked into: {text}");
    }
}

// Redirects ------------------------------------------------------------------

#[tokio::test]
async fn a_redirect_to_another_origin_reaches_nobody_and_names_only_the_origin() {
    for status in [301, 302, 303, 307, 308] {
        let other = serve(4, |_| json(200, r#"{"id":"stolen"}"#)).await;
        let targets = [
            // another port of the same host
            (
                format!("http://127.0.0.1:{}/steal?nhs_number={NHS_NUMBER}", other.port),
                format!("http://127.0.0.1:{}", other.port),
            ),
            // scheme-relative
            (format!("//127.0.0.1:{}/steal/{PATIENT_ID}", other.port), format!("http://127.0.0.1:{}", other.port)),
            // the same machine under another name is another origin
            (
                format!("http://localhost:{}/v1/patients/{PATIENT_ID}", other.port),
                format!("http://localhost:{}", other.port),
            ),
        ];
        for (location, origin) in targets {
            let api = serve(2, move |_| redirect(status, &location)).await;
            let client = client(&api.url);
            let get = client.patients().get_by_id(PATIENT_ID).await.expect_err("not followed");
            let post = client.booking().create_appointment(appointment()).await.expect_err("not followed");
            for error in [&get as &dyn std::fmt::Debug, &post] {
                let text = format!("{error:?}");
                assert!(text.contains("Redirect") && text.contains(&origin), "{status}: {text}");
            }
            let Error::Redirect { status: got, origin: got_origin, reason, .. } = &get else { panic!("{get:?}") };
            assert_eq!(
                (got.map(|s| s.as_u16()), got_origin.as_str(), *reason),
                (Some(status), origin.as_str(), RedirectRefusal::OtherOrigin)
            );
            assert_clean(&get);
            assert_clean(&post);
            assert!(!get.to_string().contains("steal"), "no path or query of the target: {get}");
            assert_eq!(api.requests().len(), 2, "{status}: one request per call, no retry, no hop");
        }
        assert!(other.requests().is_empty(), "{status}: the other origin received {:?}", other.requests());
    }
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_the_credentials() {
    let api = serve(2, |index| match index {
        0 => redirect(307, "/v1/appointments/moved"),
        _ => json(
            200,
            r#"{"id":"moved","practitioner_id":"2","location_id":"3","appointment_type_id":"4","start_time":null}"#,
        ),
    })
    .await;
    let appointment = client(&api.url).booking().get_appointment("1").await.expect("followed");
    assert_eq!(appointment.id, "moved");
    let requests = api.requests();
    assert_eq!(requests[1].target, "/v1/appointments/moved");
    assert_eq!(requests[1].header("x-api-key"), Some(API_KEY));
}

#[tokio::test]
async fn a_redirect_loop_stops_after_three_hops_and_is_not_retried() {
    let api = serve(16, |_| redirect(302, "/v1/appointments/1")).await;
    let error = client(&api.url).booking().get_appointment("1").await.expect_err("a loop");
    assert!(matches!(error, Error::Redirect { reason: RedirectRefusal::TooMany, .. }), "{error:?}");
    assert_eq!(api.requests().len(), 4, "the request and three hops, once");
}

// Errors carry no patient data -----------------------------------------------

#[tokio::test]
async fn error_messages_show_the_call_and_sizes_never_the_body() {
    let body = format!(
        r#"{{"error":true,"statusCode":400,"message":[{{"code":"x","expected":"{NHS_NUMBER}","path":["{PATIENT_ID}"]}}]}}"#
    );
    let documented = body.clone();
    let api = serve(1, move |_| json(400, &documented)).await;
    let error = client(&api.url).booking().create_appointment(appointment()).await.expect_err("400");
    assert!(matches!(error, Error::Api { .. }), "{error:?}");
    assert_clean(&error);
    assert!(error.to_string().contains("createAppointment (POST /v1/appointments) answered 400"), "{error}");
    assert!(error.response().expect("kept").body_text().contains(NHS_NUMBER), "the raw body stays available to code");

    let undocumented = body.clone();
    let api = serve(1, move |_| json(500, &undocumented)).await;
    let error = client(&api.url).patients().get_by_id(PATIENT_ID).retry(RetryPolicy::none()).await.expect_err("500");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_clean(&error);
    assert_text_clean(&format!("{:?}", error.response().expect("kept")));
    assert!(error.to_string().contains("/v1/patients/{id}"), "the path template: {error}");
}

#[tokio::test]
async fn a_decode_error_names_the_path_and_the_expectation_not_the_value() {
    // An NHS number where a boolean belongs: nothing reads it as one.
    let body = format!(
        r#"{{"id":"1","practitioner_id":"2","location_id":"3","appointment_type_id":"4","start_time":null,"video":{NHS_NUMBER}}}"#
    );
    let api = serve(1, move |_| json(200, &body)).await;
    let error = client(&api.url).booking().get_appointment(PATIENT_ID).await.expect_err("a number for a boolean");
    let Error::Decode { path, message, .. } = &error else { panic!("{error:?}") };
    assert_eq!(path, "video");
    assert!(message.contains("expected a boolean"), "{message}");
    assert_clean(&error);
}

#[tokio::test]
async fn a_strict_decode_error_does_not_echo_the_value_it_refused() {
    // A number where a string belongs decodes by default; strictly it is refused, unquoted.
    let body = format!(
        r#"{{"id":{NHS_NUMBER},"practitioner_id":"2","location_id":"3","appointment_type_id":"4","start_time":null}}"#
    );
    let api = serve(1, move |_| json(200, &body)).await;
    let strict = Client::builder()
        .base_url(&api.url)
        .api_key(API_KEY)
        .practice_group_id(GROUP_ID)
        .retry_policy(RetryPolicy::none())
        .strict_decoding(true)
        .build()
        .expect("client builds");
    let error = strict.booking().get_appointment(PATIENT_ID).await.expect_err("strict refuses a number for a string");
    let Error::Decode { path, message, .. } = &error else { panic!("{error:?}") };
    assert_eq!(path, "id");
    assert!(message.contains("expected a string"), "{message}");
    assert_clean(&error);
}

#[tokio::test]
async fn transport_errors_and_timeouts_carry_no_url() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let error = client(&closed)
        .patients()
        .list_v3()
        .nhs_number(NHS_NUMBER)
        .retry(RetryPolicy::none())
        .await
        .expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_clean(&error);
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        assert!(!cause.to_string().contains(NHS_NUMBER), "{cause}");
        source = cause.source();
    }

    let api = serve(1, |_| Reply::After(Duration::from_secs(3), Box::new(json(200, "{}")))).await;
    let error = client(&api.url)
        .patients()
        .get_by_id(PATIENT_ID)
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .await
        .expect_err("stalls");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert_clean(&error);
}

#[test]
fn request_builders_do_not_show_their_arguments() {
    let client = client("http://127.0.0.1:9");
    let builder = client.patients().list_v3().nhs_number(NHS_NUMBER);
    let text = format!("{builder:?} {:?}", client.patients().get_by_id(PATIENT_ID).header("x-trace", API_KEY));
    for planted in [NHS_NUMBER, PATIENT_ID, API_KEY] {
        assert!(!text.contains(planted), "{text}");
    }
}

// Path parameters ------------------------------------------------------------

#[tokio::test]
async fn a_path_parameter_cannot_name_another_endpoint() {
    let api = serve(8, |_| json(200, "{}")).await;
    let client = client(&api.url);
    let errors = [
        client
            .patients()
            .merge("..", MergePatientBody { merge_token: "t".into(), patient_id: "1".into() })
            .await
            .map(|_| ()),
        client.webhooks().delete("..").await.map(|_| ()),
        client.webhooks().delete("").await.map(|_| ()),
        client.patients().get_by_id("").await.map(|_| ()),
        client.patients().get_by_id(".").await.map(|_| ()),
    ];
    for result in errors {
        let error = result.expect_err("refused");
        let Error::InvalidRequest(message) = &error else { panic!("{error:?}") };
        assert!(message.contains("path parameter `id`"), "{message}");
    }
    assert!(api.requests().is_empty(), "nothing was sent: {:?}", api.requests());
    // Every other value stays one segment.
    for (id, target) in
        [("a/b", "/v1/webhooks/a%2Fb"), ("%2E%2E", "/v1/webhooks/%252E%252E"), ("...", "/v1/webhooks/...")]
    {
        let _ = client.webhooks().delete(id).await;
        let requests = api.requests();
        assert_eq!(requests.last().map(|seen| seen.target.as_str()), Some(target));
    }
}

// Retry-After ----------------------------------------------------------------

#[tokio::test]
async fn a_retry_after_too_large_for_a_duration_after_a_second_does_not_panic() {
    let huge =
        Reply::Send { status: 503, headers: "retry-after: 18446744073709551615\r\n".to_owned(), body: String::new() };
    let api = serve(3, move |_| Reply::After(Duration::from_millis(1100), Box::new(huge.clone()))).await;
    let started = Instant::now();
    let error = client(&api.url).booking().get_appointment("1").await.expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(api.requests().len(), 1, "not waited for");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

// Response size --------------------------------------------------------------

#[tokio::test]
async fn a_body_over_the_limit_is_refused_without_retrying() {
    let announced = serve(2, |_| Reply::Stream { headers: String::new(), length: Some(2 << 30), cap: 0 }).await;
    let error = client(&announced.url).booking().get_appointment("1").await.expect_err("2 GiB announced");
    assert!(
        matches!(error, Error::ResponseTooLarge { limit, .. } if limit == hero_health::DEFAULT_MAX_RESPONSE_BODY),
        "{error:?}"
    );
    assert_eq!(announced.requests().len(), 1, "not retried");

    let chunked = serve(2, |_| Reply::Stream { headers: String::new(), length: None, cap: 1 << 20 }).await;
    let error =
        client(&chunked.url).booking().get_appointment("1").max_response_body(100_000).await.expect_err("over 100 kB");
    assert!(matches!(error, Error::ResponseTooLarge { limit: 100_000, .. }), "{error:?}");
    assert_clean(&error);

    let small = serve(1, |_| {
        json(200, r#"{"id":"1","practitioner_id":"2","location_id":"3","appointment_type_id":"4","start_time":null}"#)
    })
    .await;
    let client = Client::builder()
        .base_url(&small.url)
        .api_key(API_KEY)
        .practice_group_id(GROUP_ID)
        .max_response_body(10)
        .build()
        .expect("builds");
    let error = client.booking().get_appointment("1").await.expect_err("over 10 bytes");
    assert!(matches!(error, Error::ResponseTooLarge { limit: 10, .. }), "the builder's limit: {error:?}");
}

// Pagination -----------------------------------------------------------------

fn admins_page(ids: &[&str], count: u64) -> String {
    let admins: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(r#"{{"id":"{id}","first_name":"A","last_name":"B","email":"a@b.c","external_prescriber_id":null}}"#)
        })
        .collect();
    format!(r#"{{"data":[{}],"count":{count}}}"#, admins.join(","))
}

#[tokio::test]
async fn a_server_that_ignores_paging_ends_the_listing() {
    let page = admins_page(&["1", "2"], 1000);
    let api = serve(8, move |_| json(200, &page)).await;
    let client = client(&api.url);
    let mut items = client.admin().list().page_size(2).items();
    let mut ids = Vec::new();
    let ended = loop {
        match tokio::time::timeout(Duration::from_secs(5), items.next()).await.expect("ends by itself") {
            Some(Ok(admin)) => ids.push(admin.id),
            Some(Err(error)) => break Some(error),
            None => break None,
        }
    };
    assert_eq!(ids, ["1", "2"]);
    assert!(matches!(ended, Some(Error::PageRepeated { page: 1, same_as: 0, .. })), "{ended:?}");
    assert_eq!(api.requests().len(), 2);
}

#[tokio::test]
async fn a_listing_never_yields_more_than_the_count() {
    let pages = [admins_page(&["1", "2"], 3), admins_page(&["3", "4"], 3)];
    let api = serve(4, move |index| json(200, &pages[index.min(1)])).await;
    let all = client(&api.url).admin().list().items().collect_all().await.expect("two pages");
    assert_eq!(all.iter().map(|admin| admin.id.as_str()).collect::<Vec<_>>(), ["1", "2", "3"]);
    assert_eq!(api.requests().len(), 2);
}

// Per-call headers and credentials -------------------------------------------

#[tokio::test]
async fn per_call_headers_cannot_override_credentials_or_framing() {
    let api = serve(8, |_| json(201, "{}")).await;
    let client = client(&api.url);
    for name in ["x-api-key", "X-Practice-Group-Id", "Host", "Content-Length", "transfer-encoding", "Connection"] {
        let error = client.booking().create_appointment(appointment()).header(name, "2").await.expect_err("refused");
        let Error::InvalidRequest(message) = &error else { panic!("{name}: {error:?}") };
        assert!(message.contains(name), "{message}");
    }
    assert!(api.requests().is_empty(), "nothing was sent");
    let _ = client.booking().create_appointment(appointment()).header("x-trace-id", "t-1").await;
    assert_eq!(api.requests()[0].header("x-trace-id"), Some("t-1"), "other headers still go");
}

#[test]
fn credentials_that_cannot_be_sent_fail_the_build_without_echoing_them() {
    for (key, group) in [("sekrit\r\nx-injected: 1", GROUP_ID), (API_KEY, "group\n7"), ("sekrit\0", GROUP_ID)] {
        let result = Client::builder().base_url("http://127.0.0.1:9").api_key(key).practice_group_id(group).build();
        let Err(error @ ConfigError::InvalidCredential { .. }) = result else { panic!("{key:?}/{group:?} built") };
        let text = format!("{error} {error:?}");
        assert!(!text.contains("sekrit") && !text.contains(API_KEY) && !text.contains("group\n7"), "{text}");
    }
}
