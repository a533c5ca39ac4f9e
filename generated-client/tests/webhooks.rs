//! Webhook verification: known-answer vectors computed with
//! `printf '%s' "$TS.$BODY" | openssl dgst -sha256 -hmac "$KEY"` (hex, and
//! `-binary | base64`), every way a delivery can be wrong, and an end-to-end
//! delivery to the example receiver.

#[path = "../examples/webhook_receiver.rs"]
mod receiver;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hero_health::webhooks::{self, EventType, VerifyError};

const KEY: &str = "whsec_hero_test_key";
const TIMESTAMP: &str = "1700000000";
const BODY: &str = r#"{"object":"Appointment","id":"1234","practice_group_id":"42","event":"appointment.confirmed"}"#;
/// openssl dgst -sha256 -hmac, hex.
const HEX: &str = "0f5f61105f9b7bdf6be443dfea05369d5937f3cc413c3351c934c9bb25354a7a";
/// openssl dgst -sha256 -hmac -binary | base64.
const BASE64: &str = "D19hEF+be99r5EPf6gU2nVk388xBPDNRyTTJuyU1Sno=";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn sent() -> SystemTime {
    at(1_700_000_000)
}

#[test]
fn signing_matches_openssl() {
    assert_eq!(webhooks::sign(KEY, TIMESTAMP, BODY.as_bytes()), HEX);
}

#[test]
fn hex_and_base64_signatures_verify() {
    let verifier = webhooks::verifier(KEY).expect("a real key");
    for signature in [HEX, BASE64, BASE64.trim_end_matches('='), &format!("sha256={HEX}")] {
        assert_eq!(
            verifier.verify_at(TIMESTAMP, signature, BODY.as_bytes(), sent() + Duration::from_secs(10)),
            Ok(()),
            "{signature}"
        );
    }
}

#[test]
fn the_timestamp_may_be_seconds_milliseconds_or_iso_8601() {
    let verifier = webhooks::verifier(KEY).expect("a real key");
    for timestamp in ["1700000000", "1700000000000", "2023-11-14T22:13:20Z"] {
        let signature = webhooks::sign(KEY, timestamp, BODY.as_bytes());
        assert_eq!(verifier.verify_at(timestamp, &signature, BODY.as_bytes(), sent()), Ok(()), "{timestamp}");
    }
}

#[test]
fn tampering_and_wrong_keys_are_mismatches() {
    let verifier = webhooks::verifier(KEY).expect("a real key");
    let tampered_body = BODY.replace("1234", "1235");
    assert_eq!(verifier.verify_at(TIMESTAMP, HEX, tampered_body.as_bytes(), sent()), Err(VerifyError::Mismatch));
    assert_eq!(
        verifier.verify_at("1700000001", HEX, BODY.as_bytes(), sent()),
        Err(VerifyError::Mismatch),
        "tampered timestamp"
    );
    let other = webhooks::verifier("whsec_some_other_key").expect("a real key");
    assert_eq!(other.verify_at(TIMESTAMP, HEX, BODY.as_bytes(), sent()), Err(VerifyError::Mismatch), "wrong key");
}

#[test]
fn stale_and_future_deliveries_are_refused() {
    let verifier = webhooks::verifier(KEY).expect("a real key");
    assert!(matches!(
        verifier.verify_at(TIMESTAMP, HEX, BODY.as_bytes(), sent() + Duration::from_secs(301)),
        Err(VerifyError::Stale { .. })
    ));
    assert!(matches!(
        verifier.verify_at(TIMESTAMP, HEX, BODY.as_bytes(), sent() - Duration::from_secs(301)),
        Err(VerifyError::FromTheFuture { .. })
    ));
    let patient = webhooks::verifier(KEY).expect("a real key").tolerance(Duration::from_secs(3600));
    assert_eq!(patient.verify_at(TIMESTAMP, HEX, BODY.as_bytes(), sent() + Duration::from_secs(1800)), Ok(()));
}

#[test]
fn malformed_headers_are_named() {
    let verifier = webhooks::verifier(KEY).expect("a real key");
    assert_eq!(
        verifier.verify_at(TIMESTAMP, "zz-not-a-signature", BODY.as_bytes(), sent()),
        Err(VerifyError::BadSignatureEncoding)
    );
    assert!(matches!(
        verifier.verify_at("last tuesday", HEX, BODY.as_bytes(), sent()),
        Err(VerifyError::BadTimestamp(_))
    ));
    let mut headers = reqwest::header::HeaderMap::new();
    assert_eq!(verifier.verify(&headers, BODY.as_bytes()), Err(VerifyError::MissingHeader(webhooks::TIMESTAMP_HEADER)));
    headers.insert(webhooks::TIMESTAMP_HEADER, TIMESTAMP.parse().expect("header"));
    assert_eq!(verifier.verify(&headers, BODY.as_bytes()), Err(VerifyError::MissingHeader(webhooks::SIGNATURE_HEADER)));
}

#[test]
fn errors_and_debug_never_show_the_key() {
    let verifier = webhooks::verifier(KEY).expect("a real key");
    assert!(!format!("{verifier:?}").contains(KEY));
    let error = verifier.verify_at(TIMESTAMP, &"0".repeat(64), BODY.as_bytes(), sent()).expect_err("mismatch");
    assert!(!format!("{error} {error:?}").contains(KEY));
}

#[test]
fn a_verified_delivery_parses_into_a_typed_event() {
    let mut headers = reqwest::header::HeaderMap::new();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs().to_string();
    headers.insert(webhooks::TIMESTAMP_HEADER, now.parse().expect("header"));
    headers.insert(webhooks::SIGNATURE_HEADER, webhooks::sign(KEY, &now, BODY.as_bytes()).parse().expect("header"));
    let event = webhooks::parse(&webhooks::verifier(KEY).expect("a real key"), &headers, BODY.as_bytes())
        .expect("verifies and parses");
    assert_eq!(event.event_type(), EventType::AppointmentConfirmed);
    assert_eq!(
        (event.object.as_str(), event.id.as_str(), event.practice_group_id.as_str()),
        ("Appointment", "1234", "42")
    );
    let unknown: webhooks::Event =
        serde_json::from_str(&BODY.replace("appointment.confirmed", "form-submission.created")).expect("decodes");
    assert_eq!(
        unknown.event_type(),
        EventType::UnknownValue("form-submission.created".into()),
        "unknown event types are kept"
    );
}

#[tokio::test]
async fn the_example_receiver_accepts_a_signed_delivery_and_refuses_the_rest() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}/hero/webhooks", listener.local_addr().expect("address"));
    let server = tokio::spawn(async move {
        axum::serve(listener, receiver::app(webhooks::verifier(KEY).expect("a real key"))).await
    });
    let http = reqwest::Client::new();
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs().to_string();
    let deliver = |timestamp: String, signature: String, body: String| {
        http.post(&url)
            .header(webhooks::TIMESTAMP_HEADER, timestamp)
            .header(webhooks::SIGNATURE_HEADER, signature)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let signed = webhooks::sign(KEY, &now, BODY.as_bytes());
    let ok = deliver(now.clone(), signed.clone(), BODY.to_owned()).await.expect("delivered");
    assert_eq!(ok.status().as_u16(), 204);
    let tampered = deliver(now.clone(), signed, BODY.replace("42", "43")).await.expect("delivered");
    assert_eq!(tampered.status().as_u16(), 401);
    let not_an_event = r#"{"hello":"world"}"#;
    let signed_junk = webhooks::sign(KEY, &now, not_an_event.as_bytes());
    let junk = deliver(now, signed_junk, not_an_event.to_owned()).await.expect("delivered");
    assert_eq!(junk.status().as_u16(), 400);
    server.abort();
}
