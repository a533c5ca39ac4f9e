//! Creates a webhook for confirmed appointments.
//!
//! `HERO_WEBHOOK_URL=https://you.example/hero cargo run -p hero-health --example subscribe_to_webhooks`

#[path = "common/mod.rs"]
mod common;

use hero_health::types::{CreateWebhookBody, CreateWebhookBodyEventType};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client()?;
    let webhook = client
        .webhooks()
        .create(CreateWebhookBody {
            url: common::setting("HERO_WEBHOOK_URL", "https://partner.example/hero/webhooks"),
            event_type: CreateWebhookBodyEventType::AppointmentConfirmed,
            description: Some("Confirmed appointments".to_owned()),
            signing_key: None,
            headers: None,
        })
        .await?;
    println!("webhook {} for {} created", webhook.id, webhook.event_type);
    Ok(())
}
