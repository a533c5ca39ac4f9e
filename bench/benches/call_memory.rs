//! Peak memory of one call whose answer is free-form JSON, for the Hero
//! client (free-form objects kept as text, `JsonObject`) and for a client
//! that decodes the same answer into `serde_json::Value` (reqwest's
//! `.json()`, as the 0.1 crate and Value-typed generated clients do), on the
//! same bodies in the same run. `cargo bench -p hero-bench --bench call_memory`.
//!
//! Each measurement runs in a process of its own (peak memory only grows),
//! re-executing this binary with `--measure <client> <body>`.

use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BODY_BYTES: usize = 24 << 20;

/// Bodies a free-form answer may hold.
fn body(shape: &str) -> Vec<u8> {
    let item: &[u8] = match shape {
        "small-objects" => br#"{"k":1,"flag":true,"v":"ab"},"#,
        "records" => {
            br#"{"id":"p-000123","first_name":"Alex","last_name":"Smith","postcode":"LS1 1AA","tags":["a","b"]},"#
        }
        _ => b"1,",
    };
    let mut body = Vec::with_capacity(BODY_BYTES + 64);
    body.extend_from_slice(br#"{"data":["#);
    while body.len() + item.len() < BODY_BYTES {
        body.extend_from_slice(item);
    }
    body.extend_from_slice(b"null]}");
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

fn peak_memory() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib = status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .and_then(|line| line.split_whitespace().nth(1)?.parse::<u64>().ok())
        .unwrap_or(0);
    kib * 1024
}

/// One call; prints the peak memory growth in bytes.
fn measure(client: &str, shape: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    runtime.block_on(async {
        let body = Arc::new(body(shape));
        let url = serve_once(body.clone()).await;
        let before = peak_memory();
        match client {
            "hero" => {
                let hero = hero_health::Client::builder()
                    .base_url(&url)
                    .api_key("bench-key")
                    .practice_group_id("group")
                    .timeout(Some(Duration::from_secs(60)))
                    .build()
                    .expect("client builds");
                let patient = hero.patients().get_by_id("p-1").await.expect("decodes");
                assert_eq!(patient.text().len(), body.len());
            }
            _ => {
                let value: serde_json::Value = reqwest::get(format!("{url}/v1/patients/p-1"))
                    .await
                    .expect("an answer")
                    .json()
                    .await
                    .expect("decodes");
                assert!(value.is_object());
            }
        }
        println!("{}", peak_memory().saturating_sub(before));
    });
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(index) = args.iter().position(|arg| arg == "--measure") {
        measure(&args[index + 1], &args[index + 2]);
        return;
    }
    let me = std::env::current_exe().expect("this binary");
    println!("| body ({} MiB) | Hero client (text) | decoded into serde_json::Value |", BODY_BYTES >> 20);
    println!("|---|---|---|");
    for shape in ["small-objects", "records", "numbers"] {
        let mut cells = Vec::new();
        for client in ["hero", "value"] {
            let output = Command::new(&me).args(["--measure", client, shape]).output().expect("a measurement runs");
            let growth: f64 = String::from_utf8_lossy(&output.stdout).trim().parse().unwrap_or(f64::NAN);
            cells.push(format!("{:.0} MiB ({:.1}x)", growth / f64::from(1 << 20), growth / BODY_BYTES as f64));
        }
        println!("| {shape} | {} | {} |", cells[0], cells[1]);
    }
}
