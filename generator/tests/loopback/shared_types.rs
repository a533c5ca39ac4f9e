// Parameters set on the client, checked on a loopback server against
// the crate generated from `fixtures/shared_types.yaml`: the document's
// default goes on every call that takes it, in its path or query, until the
// builder sets another.
// `cargo xtask examples` copies this file into that crate as
// `tests/loopback.rs`, after a line naming the crate `api`.

mod support;

use api::types::{ApiVersion, ErrorBody};
use api::{Client, Error};
use support::{serve_answers, Answer};

#[tokio::test]
async fn the_documents_default_fills_the_path_until_the_builder_sets_another() {
    let answers = vec![Answer::json(200, "[]"), Answer::json(200, "[]"), Answer::json(204, "")];
    let (url, record) = serve_answers(answers).await;
    let default = Client::builder().base_url(&url).build().expect("client builds");
    default.clients().list().await.expect("listed");
    let chosen = Client::builder().base_url(&url).api_version(ApiVersion::V202301).build().expect("client builds");
    chosen.clients().list().await.expect("listed");
    chosen.clients().delete("c 1").await.expect("deleted");
    let lines: Vec<String> = record.lock().expect("record").iter().map(|seen| seen.request_line.clone()).collect();
    assert_eq!(
        lines,
        [
            "GET /2024-01/clients?Version=2016-11-15",
            "GET /2023-01/clients?Version=2016-11-15",
            "DELETE /2023-01/clients/c%201"
        ]
    );
}

#[tokio::test]
async fn one_error_type_serves_every_operation_that_answers_with_it() {
    let body = r#"{"code": "bad", "details": [{"field": "name", "reason": "empty"}]}"#;
    let (url, _record) = serve_answers(vec![Answer::json(400, body), Answer::json(404, body)]).await;
    let client = Client::builder().base_url(&url).build().expect("client builds");
    let from_list = match client.clients().list().await {
        Err(Error::Api { body, .. }) => body,
        other => panic!("expected the documented 400, got {other:?}"),
    };
    let from_delete = match client.clients().delete("c1").await {
        Err(Error::Api { body, .. }) => body,
        other => panic!("expected the documented 404, got {other:?}"),
    };
    let errors: [&ErrorBody; 2] = [list_error(&from_list), delete_error(&from_delete)];
    assert_eq!(errors[0], errors[1]);
    assert_eq!(errors[0].details.as_ref().map(Vec::len), Some(1));
}

fn list_error(error: &api::api::clients::ListError) -> &ErrorBody {
    match error {
        api::api::clients::ListError::BadRequest(body) => body,
    }
}

fn delete_error(error: &api::api::clients::DeleteError) -> &ErrorBody {
    match error {
        api::api::clients::DeleteError::NotFound(body) => body,
    }
}
