//! The Hero document's quirks, as the generated types handle them: JSON shaped
//! like the document's samples and the notes' observations, both directions.

use chrono::NaiveDate;
use hero_health::types::{
    CreateAttachmentLinkBody, CreateAttachmentLinkBodySource, CreateAttachmentLinkBodySourceEhrFile,
    CreateAttachmentLinkBodySourceUpload, CreateBookingLinkBody, EditAppointmentBody, ListAdminsResponse,
    ListAppointmentTypesResponse, SendMessageBodyEncrypted, UpdateAdminBody, UpdateAdminBodyPrescriberDetails,
};
use hero_health::{Nullable, Timestamp};
use serde_json::json;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[test]
fn attachment_source_is_one_or_the_other_and_the_json_stays_flat() {
    let by_id = CreateAttachmentLinkBody {
        expiry_date: Some(date(2024, 5, 29)),
        patient_id: Some("156".into()),
        maximum_use_count: Some(1),
        source: CreateAttachmentLinkBodySource::EhrFile(CreateAttachmentLinkBodySourceEhrFile {
            ehr_file_id: "f-1".into(),
        }),
    };
    let sent = serde_json::to_value(&by_id).expect("encodes");
    assert_eq!(
        sent,
        json!({"expiry_date": "2024-05-29", "patient_id": "156", "maximum_use_count": 1, "ehr_file_id": "f-1"})
    );
    assert_eq!(serde_json::from_value::<CreateAttachmentLinkBody>(sent).expect("decodes"), by_id);

    let upload = CreateAttachmentLinkBody {
        expiry_date: None,
        patient_id: None,
        maximum_use_count: None,
        source: CreateAttachmentLinkBodySource::Upload(CreateAttachmentLinkBodySourceUpload {
            file_data: "JVBERi0=".into(),
            file_name: "letter.pdf".into(),
        }),
    };
    let sent = serde_json::to_value(&upload).expect("encodes");
    assert_eq!(sent, json!({"file_data": "JVBERi0=", "file_name": "letter.pdf"}));
    assert_eq!(serde_json::from_value::<CreateAttachmentLinkBody>(sent).expect("decodes"), upload);
}

#[test]
fn an_update_can_leave_alone_clear_or_set_a_nullable_field() {
    let leave = UpdateAdminBody { external_prescriber_id: Nullable::Absent, prescriber_details: Nullable::Absent };
    assert_eq!(serde_json::to_value(&leave).expect("encodes"), json!({}));
    let clear = UpdateAdminBody { external_prescriber_id: Nullable::Null, prescriber_details: Nullable::Absent };
    assert_eq!(serde_json::to_value(&clear).expect("encodes"), json!({"external_prescriber_id": null}));
    let set = UpdateAdminBody {
        external_prescriber_id: "P-9".to_owned().into(),
        prescriber_details: Nullable::Value(UpdateAdminBodyPrescriberDetails {
            name: Some("Dr Who".into()),
            email: None,
            registration_code: None,
        }),
    };
    assert_eq!(
        serde_json::to_value(&set).expect("encodes"),
        json!({"external_prescriber_id": "P-9", "prescriber_details": {"name": "Dr Who"}})
    );
    for body in [leave, clear, set] {
        let again: UpdateAdminBody =
            serde_json::from_value(serde_json::to_value(&body).expect("encodes")).expect("decodes");
        assert_eq!(again, body);
    }
}

#[test]
fn start_time_documented_as_a_date_decodes_either_form_and_is_sent_back_as_received() {
    let documented: EditAppointmentBody =
        serde_json::from_value(json!({"start_time": "1989-04-11", "duration": 15, "practitioner_id": "3"}))
            .expect("a date");
    assert_eq!(documented.start_time, Some(Timestamp::from(date(1989, 4, 11))));
    let timestamp: EditAppointmentBody = serde_json::from_value(
        json!({"start_time": "2024-05-01T09:30:00+01:00", "duration": 15, "practitioner_id": "3"}),
    )
    .expect("a timestamp");
    assert_eq!(timestamp.start_time.as_ref().map(Timestamp::date_naive), Some(date(2024, 5, 1)));
    let no_offset: EditAppointmentBody =
        serde_json::from_value(json!({"start_time": "2024-05-01 09:30:00", "duration": 15, "practitioner_id": "3"}))
            .expect("a timestamp without an offset");
    let start = no_offset.start_time.as_ref().expect("start time");
    assert_eq!(start.offset(), None, "not silently UTC");
    assert_eq!(serde_json::to_value(&no_offset).expect("encodes")["start_time"], json!("2024-05-01 09:30:00"));
    let sent = serde_json::to_value(&documented).expect("encodes");
    assert_eq!(sent["start_time"], json!("1989-04-11"));
}

#[test]
fn link_dates_are_dates_and_tolerate_a_timestamp() {
    let body: CreateBookingLinkBody =
        serde_json::from_value(json!({"from_date": "1989-04-11", "to_date": "2024-05-01T00:00:00.000Z"}))
            .expect("decodes");
    assert_eq!(body.from_date, Some(date(1989, 4, 11)));
    assert_eq!(body.to_date, Some(date(2024, 5, 1)));
    assert_eq!(
        serde_json::to_value(&body).expect("encodes"),
        json!({"from_date": "1989-04-11", "to_date": "2024-05-01"})
    );
}

#[test]
fn list_responses_ignore_extra_fields_keep_unknown_values_and_accept_null_enums() {
    let body = json!({
        "data": [{
            "id": "1", "name": "Flu jab", "partner_slot_name": "flu", "next_available_at": null, "slot_count": 4,
            "price": 0, "assignee_id": null, "assignee_type": null, "duration": 10, "use_partner_bookable_slots": false,
            "form_id": null, "practitioner_type": "Podiatrist", "sector": "nhs", "added_by_hero_later": {"x": 1}
        }],
        "count": 1,
        "page_size": 50
    });
    let page: ListAppointmentTypesResponse = serde_json::from_value(body).expect("decodes");
    let item = &page.data[0];
    assert_eq!(item.assignee_type, None, "null in a nullable enum whose values lack null");
    assert_eq!(item.practitioner_type.as_str(), "Podiatrist", "an unknown value is kept");
    assert_eq!(serde_json::to_value(&item.practitioner_type).expect("encodes"), json!("Podiatrist"));
    assert_eq!(page.count, 1, "counts are integers (overlay)");
}

#[test]
fn counts_are_integers() {
    let page: ListAdminsResponse = serde_json::from_value(json!({"data": [], "count": 3})).expect("decodes");
    assert_eq!(page.count, 3_i64);
}

#[test]
fn encrypted_is_a_boolean_or_a_string() {
    assert_eq!(
        serde_json::from_value::<SendMessageBodyEncrypted>(json!(true)).expect("bool"),
        SendMessageBodyEncrypted::Boolean(true)
    );
    assert_eq!(
        serde_json::from_value::<SendMessageBodyEncrypted>(json!("true")).expect("string"),
        SendMessageBodyEncrypted::String("true".into())
    );
}
