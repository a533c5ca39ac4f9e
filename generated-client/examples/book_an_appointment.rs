//! Lists appointment types, finds where one is offered, then books its next free time.
//!
//! `HERO_PATIENT_ID=... HERO_LOCATION_ID=... HERO_PRACTITIONER_ID=... cargo run -p hero-health --example book_an_appointment`

#[path = "common/mod.rs"]
mod common;

use hero_health::types::CreateAppointmentBody;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client()?;
    let types = client.practice_group().list_appointment_types().await?;
    for kind in &types.data {
        println!("{}: {} ({} free slots)", kind.id, kind.name, kind.slot_count);
    }
    let kind = types.data.iter().find(|t| t.slot_count > 0).ok_or("no appointment type has free slots")?;
    let start = kind.next_available_at.clone().ok_or("no next free time")?;
    // The document does not describe a location's fields: the ids come from settings.
    let locations = client
        .practice_group()
        .list_locations()
        .appointment_type_ids(vec![kind.id.clone()])
        .has_availability(true)
        .await?;
    println!("{:?} locations offer {}", locations.count, kind.name);
    let created = client
        .booking()
        .create_appointment(CreateAppointmentBody {
            appointment_type_id: kind.id.clone(),
            location_id: common::setting("HERO_LOCATION_ID", "1"),
            practitioner_id: common::setting("HERO_PRACTITIONER_ID", "1"),
            duration: kind.duration,
            start_time: Some(start),
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
