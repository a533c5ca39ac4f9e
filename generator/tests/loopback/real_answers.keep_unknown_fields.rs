// The `real_answers` fixture generated with `keep_unknown_fields`: fields the
// document does not declare are kept on every struct and sent back as
// received. `cargo xtask examples` copies this file into that crate as
// `tests/loopback.rs`, after a line naming the crate `api`.

use api::Client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

async fn serve(body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else { return };
        let mut request = Vec::new();
        let mut buffer = [0u8; 4096];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(read) => request.extend_from_slice(&buffer[..read]),
            }
        }
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = socket.write_all(answer.as_bytes()).await;
    });
    url
}

#[tokio::test]
async fn fields_newer_than_the_document_are_kept_and_sent_back() {
    let body = r#"{"id": "a1", "owner": {"id": "u1", "name": "Ann", "pronouns": "she/her"}, "tier": {"level": 3}}"#;
    let url = serve(body).await;
    let client = Client::builder().base_url(&url).build().expect("client builds");
    let account = client.accounts().get_account("a1").await.expect("decodes");
    assert_eq!(account.additional_properties.get("tier"), Some(&serde_json::json!({"level": 3})));
    assert_eq!(account.owner.additional_properties.get("pronouns"), Some(&serde_json::json!("she/her")));
    let sent = serde_json::to_value(&account).expect("encodes");
    assert_eq!(sent["tier"], serde_json::json!({"level": 3}));
    assert_eq!(sent["owner"]["pronouns"], "she/her");
    // Declared fields are not repeated in the map.
    assert!(!account.additional_properties.contains_key("id"));
}
