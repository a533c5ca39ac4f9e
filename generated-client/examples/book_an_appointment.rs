//! Lists appointment types, then free slots, then books one.
//!
//! `HERO_PATIENT_ID=... cargo run -p hero-health --example book_an_appointment`

#[path = "common/mod.rs"]
mod common;

use hero_health::types::CreateAppointmentBody;
use hero_health::DateOrDateTime;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client()?;
    let types = client.practice_group().list_appointment_types().await?;
    for kind in &types.data {
        println!("{}: {} ({} free slots)", kind.id, kind.name, kind.slot_count);
    }
    let kind = types.data.iter().find(|t| t.slot_count > 0).ok_or("no appointment type has free slots")?;
    let slots = client
        .booking()
        .list_slots()
        .start_date(common::setting("HERO_FROM", "2025-01-06"))
        .end_date(common::setting("HERO_TO", "2025-01-10"))
        .await?;
    let slot = slots.get("data").and_then(|d| d.get(0)).ok_or("no free slot")?;
    let text = |key: &str| slot.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
    let start: chrono::DateTime<chrono::FixedOffset> = text("start_time").parse()?;
    let created = client
        .booking()
        .create_appointment(CreateAppointmentBody {
            appointment_type_id: kind.id.clone(),
            location_id: text("location_id"),
            practitioner_id: text("practitioner_id"),
            duration: 10.0,
            start_time: Some(DateOrDateTime::DateTime(start)),
            patient_id: Some(common::setting("HERO_PATIENT_ID", "1")),
            billpayer_id: None,
            reason: None,
            suppress_mail: None,
            suppress_availability_check: None,
        })
        .await?;
    println!("appointment {} reserved until {:?}", created.id, created.reserved_until);
    Ok(())
}
