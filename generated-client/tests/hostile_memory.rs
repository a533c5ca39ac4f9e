//! Memory under a server that sends without end: a 2 GiB body without a
//! `Content-Length` and an endless chunked one, each read with the default
//! limit (32 MiB). Peak memory (Linux `VmHWM`) must stay near the limit; before
//! the limit, the 2 GiB body took the process to over 4 GiB.
//!
//! One test in its own binary, so no other test's memory counts.

mod support;

use std::time::Duration;

use hero_health::{Client, Error, DEFAULT_MAX_RESPONSE_BODY};
use support::{serve, Reply};

#[tokio::test]
async fn endless_and_huge_bodies_stay_within_the_limit() {
    let before = support::peak_memory().expect("VmHWM in /proc/self/status (Linux)");
    let cases = [
        (
            "2 GiB, no Content-Length",
            Reply::Stream { headers: "connection: close\r\n".to_owned(), length: None, cap: 2 << 30 },
        ),
        ("endless chunks", Reply::Stream { headers: String::new(), length: None, cap: u64::MAX }),
    ];
    for (name, reply) in cases {
        let server = serve(1, move |_| reply.clone()).await;
        let client = Client::builder()
            .base_url(&server.url)
            .api_key("memory-test-key")
            .practice_group_id("group")
            .timeout(Some(Duration::from_secs(60)))
            .build()
            .expect("client builds");
        let error = client.booking().get_appointment("1").await.expect_err("too large");
        assert!(matches!(error, Error::ResponseTooLarge { .. }), "{name}: {error:?}");
        let peak = support::peak_memory().unwrap_or(u64::MAX);
        let growth = peak.saturating_sub(before);
        eprintln!("{name}: peak memory grew by {} MiB (limit {} MiB)", growth >> 20, DEFAULT_MAX_RESPONSE_BODY >> 20);
        // The body buffer grows by doubling up to the limit, so twice the
        // limit plus the runtime's own buffers bounds it.
        assert!(growth < 3 * DEFAULT_MAX_RESPONSE_BODY, "{name}: peak memory grew by {growth} bytes");
    }
}
