//! A webhook receiver: verifies each delivery's signature, then parses it.
//!
//! ```sh
//! HERO_WEBHOOK_SIGNING_KEY=... cargo run --example webhook_receiver
//! ```
//!
//! Answers 204 to a verified delivery, 401 to one whose signature or
//! timestamp does not check out, and 400 to a signed body that is not a
//! delivery. Hero retries deliveries that do not get a 2xx.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use hero_health::webhooks::{self, WebhookError, WebhookVerifier};

/// The receiver's routes: `POST /hero/webhooks`.
pub fn app(verifier: WebhookVerifier) -> Router {
    Router::new().route("/hero/webhooks", post(receive)).with_state(verifier)
}

async fn receive(State(verifier): State<WebhookVerifier>, headers: HeaderMap, body: Bytes) -> StatusCode {
    // The raw bytes, exactly as received: re-serialised JSON would not verify.
    match webhooks::parse(&verifier, &headers, &body) {
        Ok(event) => {
            println!(
                "{} {} {} (practice group {})",
                event.event_type(),
                event.object,
                event.id,
                event.practice_group_id
            );
            StatusCode::NO_CONTENT
        }
        Err(WebhookError::Verify(error)) => {
            eprintln!("rejected: {error}");
            StatusCode::UNAUTHORIZED
        }
        Err(error) => {
            eprintln!("rejected: {error}");
            StatusCode::BAD_REQUEST
        }
    }
}

#[allow(dead_code)] // the end-to-end test includes this file for `app` alone
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("HERO_WEBHOOK_SIGNING_KEY")
        .map_err(|_| "set HERO_WEBHOOK_SIGNING_KEY to the webhook's signing key")?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}/hero/webhooks", listener.local_addr()?);
    // An empty key would accept deliveries anyone can sign: refused.
    let verifier = webhooks::verifier(key)?;
    axum::serve(listener, app(verifier)).await?;
    Ok(())
}
