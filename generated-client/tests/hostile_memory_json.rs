//! Memory of one call whose answer is free-form JSON (`getPatientById`
//! documents a JSON object without properties): a 24 MiB body of many small
//! values. Parsed into `serde_json::Value` such a body took 14 to 17 times
//! its size; kept as text (`JsonObject`), the call's peak memory must stay
//! under 3 times the body (the body read, plus the text kept).
//!
//! One test in its own binary, so no other test's memory counts; the server
//! writes a body built before the measurement starts, without copying it.

mod support;

use std::sync::Arc;
use std::time::Duration;

use hero_health::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BODY_BYTES: usize = 24 << 20;

/// `{"data":[{"k":1,"flag":true,"v":"ab"},...]}`: small nodes, the worst
/// case for a parsed tree.
fn dense_body() -> Vec<u8> {
    let item = br#"{"k":1,"flag":true,"v":"ab"},"#;
    let mut body = Vec::with_capacity(BODY_BYTES + 64);
    body.extend_from_slice(br#"{"data":["#);
    while body.len() + item.len() < BODY_BYTES {
        body.extend_from_slice(item);
    }
    body.extend_from_slice(br#"{}],"numbers":[1,2,3]}"#);
    body
}

async fn serve_once(body: Arc<Vec<u8>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let Ok((mut stream, _)) = listener.accept().await else { return };
        let mut buffer = Vec::new();
        let mut chunk = [0u8; 4096];
        while !buffer.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes()).await;
        let _ = stream.write_all(&body).await;
    });
    url
}

#[tokio::test]
async fn a_free_form_answer_takes_at_most_three_times_its_body() {
    let body = Arc::new(dense_body());
    let size = body.len() as u64;
    let url = serve_once(body.clone()).await;
    let client = Client::builder()
        .base_url(&url)
        .api_key("memory-test-key")
        .practice_group_id("group")
        .timeout(Some(Duration::from_secs(60)))
        .build()
        .expect("client builds");
    let before = support::peak_memory().expect("VmHWM in /proc/self/status (Linux)");
    let patient = client.patients().get_by_id("p-1").await.expect("decodes");
    let growth = support::peak_memory().unwrap_or(u64::MAX).saturating_sub(before);
    assert_eq!(patient.text().len() as u64, size, "the whole object is kept");
    let ratio = growth as f64 / size as f64;
    eprintln!(
        "free-form answer of {} MiB: peak memory grew by {} MiB ({ratio:.2}x the body)",
        size >> 20,
        growth >> 20
    );
    assert!(growth < 3 * size, "peak memory grew by {growth} bytes for a {size}-byte body ({ratio:.2}x)");
    // Parsed on demand into what the caller needs, it is all there.
    #[derive(serde::Deserialize)]
    struct Tail {
        numbers: Vec<u8>,
    }
    assert_eq!(patient.parse::<Tail>().expect("decodes").numbers, [1, 2, 3]);
}
