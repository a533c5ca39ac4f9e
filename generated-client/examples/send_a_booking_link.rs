//! Creates a single-use booking link for a patient and sends it by SMS.
//!
//! `HERO_PATIENT_ID=... HERO_APPOINTMENT_TYPE_ID=... cargo run -p hero-health --example send_a_booking_link`

#[path = "common/mod.rs"]
mod common;

use hero_health::types::{CreateBookingLinkBody, SendMessageBody, SendMessageBodyMessageType};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client()?;
    let patient_id = common::setting("HERO_PATIENT_ID", "1");
    let link = client
        .utilities()
        .create_booking_link(CreateBookingLinkBody {
            patient_id: Some(patient_id.clone()),
            appointment_type_id: Some(common::setting("HERO_APPOINTMENT_TYPE_ID", "1")),
            maximum_use_count: Some(1),
            link_name: Some("Annual review".to_owned()),
            ..CreateBookingLinkBody::default()
        })
        .await?;
    println!("booking link {:?} (short link {:?})", link.booking_link, link.short_link_id);
    let sent = client
        .messages()
        .send(SendMessageBody {
            short_link_id: link.short_link_id,
            ..SendMessageBody::new(
                patient_id,
                SendMessageBodyMessageType::Sms,
                "Please book your review using this link.",
            )
        })
        .await?;
    println!("message {} sent", sent.message_id);
    Ok(())
}
