// The `real_answers` fixture generated with `keep_unknown_fields`: fields the
// document does not declare are kept on every struct and sent back as
// received. `cargo xtask examples` copies this file into that crate as
// `tests/loopback.rs`, after a line naming the crate `api`.

mod support;

use api::Client;
use support::serve;

#[tokio::test]
async fn fields_newer_than_the_document_are_kept_and_sent_back() {
    let body = r#"{"id": "a1", "owner": {"id": "u1", "name": "Ann", "pronouns": "she/her"}, "tier": {"level": 3}}"#;
    let url = serve(vec![body]).await;
    let client = Client::builder().base_url(&url).build().expect("client builds");
    let account = client.accounts().get("a1").await.expect("decodes");
    assert_eq!(account.additional_properties["tier"], serde_json::json!({"level": 3}));
    assert_eq!(account.owner.additional_properties["pronouns"], serde_json::json!("she/her"));
    let sent = serde_json::to_value(&account).expect("encodes");
    assert_eq!(sent["tier"], serde_json::json!({"level": 3}));
    assert_eq!(sent["owner"]["pronouns"], "she/her");
    // Declared fields are not repeated in the map.
    assert!(!account.additional_properties.contains_key("id"));
}
