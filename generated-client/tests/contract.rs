//! The client against Prism serving the Hero document (with the overlay
//! applied): every operation is called once with valid arguments, Prism
//! validates each request, and every response must decode.
//!
//! Needs `contract/node_modules/.bin/prism` (`npm ci --prefix contract`) and
//! `target/contract/hero-public-api.json` (`cargo xtask contract-spec`);
//! `cargo xtask test` does both. Without them this test fails, it never skips.

#[rustfmt::skip] // generated: prettyplease formats it
#[path = "generated/every_operation.rs"]
mod every_operation;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use hero_health::{Client, RetryPolicy};

/// Stops Prism however the test ends.
struct Prism(Child);

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free loopback port")
}

fn start_prism(port: u16) -> Prism {
    let prism = workspace().join("contract/node_modules/.bin/prism");
    let spec = workspace().join("target/contract/hero-public-api.json");
    assert!(
        prism.exists(),
        "Prism is not installed at {}: run `npm ci --prefix contract` (or `cargo xtask test`)",
        prism.display()
    );
    assert!(spec.exists(), "{} is missing: run `cargo xtask contract-spec` (or `cargo xtask test`)", spec.display());
    let child = Command::new(prism)
        .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string(), "--dynamic", "--seed", "hero", "--errors"])
        .arg(spec)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Prism starts");
    Prism(child)
}

async fn wait_until_ready(url: &str, prism: &mut Prism) {
    let deadline = Instant::now() + Duration::from_secs(90);
    let http = reqwest::Client::new();
    loop {
        if let Ok(Some(status)) = prism.0.try_wait() {
            panic!("Prism exited before it was ready: {status}");
        }
        if http.get(url).send().await.is_ok() {
            return;
        }
        assert!(Instant::now() < deadline, "Prism did not answer on {url} within 90 s");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

#[tokio::test]
async fn every_operation_against_prism() {
    let port = free_port();
    let mut prism = start_prism(port);
    let url = format!("http://127.0.0.1:{port}");
    wait_until_ready(&url, &mut prism).await;
    let client = Client::builder()
        .base_url(&url)
        .api_key("contract-test-key")
        .practice_group_id("1")
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds");
    let calls = every_operation::call_every_operation(&client).await;
    assert_eq!(calls.len(), every_operation::OPERATION_COUNT, "every operation was called");
    let mut problems = Vec::new();
    for call in &calls {
        if let Some(violations) = &call.violations {
            problems.push(format!("{}: Prism reports request violations: {violations}", call.operation));
        }
        if let Some(error) = &call.error {
            problems.push(format!("{}: {error}", call.operation));
        } else if !call.status.is_some_and(|s| (200..300).contains(&s)) {
            problems.push(format!("{}: status {:?}", call.operation, call.status));
        }
    }
    assert!(
        problems.is_empty(),
        "{} of {} operations failed against Prism:\n{}",
        problems.len(),
        calls.len(),
        problems.join("\n")
    );
    println!("contract: {} operations called against Prism, 0 request violations, every response decoded", calls.len());
}
