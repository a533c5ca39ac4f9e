//! Registers a patient through PDS and sends them an SMS.
//!
//! `HERO_API_KEY=... HERO_PRACTICE_GROUP_ID=... HERO_NHS_NUMBER=9000000009 cargo run -p hero-health --example register_and_message`

#[path = "common/mod.rs"]
mod common;

use hero_health::types::{
    RegisterPatientPdsBody, RegisterPatientPdsBodyWithNhsNumber, SendMessageBody, SendMessageBodyMessageType,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client()?;
    let registered = client
        .patients()
        .register_pds(RegisterPatientPdsBody::WithNhsNumber(RegisterPatientPdsBodyWithNhsNumber {
            nhs_number: common::setting("HERO_NHS_NUMBER", "9000000009"),
            dob: None,
            ehr_partner: None,
            ehr_partner_id: None,
        }))
        .await?;
    let patient_id = registered.patient_id.ok_or("PDS registration returned no patient id")?;
    println!("registered patient {patient_id}");
    let sent = client
        .messages()
        .send(SendMessageBody::new(
            patient_id,
            SendMessageBodyMessageType::Sms,
            common::setting("HERO_MESSAGE", "Hello from the hero-health example."),
        ))
        .await?;
    println!("message {} sent", sent.message_id);
    Ok(())
}
