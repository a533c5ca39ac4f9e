//! Creates an attachment link for a file in the patient's GP record.
//!
//! `HERO_PATIENT_ID=... HERO_EHR_FILE_ID=... cargo run -p hero-health --example share_an_ehr_file`

#[path = "common/mod.rs"]
mod common;

use hero_health::types::{
    CreateAttachmentLinkBody, CreateAttachmentLinkBodySource, CreateAttachmentLinkBodySourceEhrFile,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client()?;
    let link = client
        .utilities()
        .create_attachment_link(CreateAttachmentLinkBody {
            patient_id: Some(common::setting("HERO_PATIENT_ID", "1")),
            expiry_date: None,
            maximum_use_count: Some(3),
            source: CreateAttachmentLinkBodySource::EhrFile(CreateAttachmentLinkBodySourceEhrFile {
                ehr_file_id: common::setting("HERO_EHR_FILE_ID", "1"),
            }),
        })
        .await?;
    println!("share {:?} (attachment {:?})", link.attachment_link, link.attachment_uuid);
    Ok(())
}
