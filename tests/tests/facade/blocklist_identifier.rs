//! `clerk::blocklist_identifier` against the mock.

use clerk::blocklist_identifier as blocklist;
use httpmock::Method::{DELETE, GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture};

#[tokio::test]
async fn create_sends_the_identifier() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/blocklist_identifiers")
                .header("content-type", "application/json")
                .json_body(json!({"identifier": "+15555550199"}));
            then.status(200).json_body(fixture("blocklist_identifier"));
        })
        .await;
    let b = blocklist::Client::new(&config(&server))
        .create(&blocklist::CreateParams {
            identifier: clerk::string("+15555550199"),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(b.id.as_deref(), Some("blid_2abcBLOCK0123456789xyzAB"));
    assert_eq!(b.identifier_type.unwrap().to_string(), "phone_number");
}

#[tokio::test]
async fn list_decodes_the_whole_list() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/blocklist_identifiers")
                .query_param_missing("paginated");
            then.status(200)
                .json_body(json!({"data": [fixture("blocklist_identifier")], "total_count": 1}));
        })
        .await;
    let list = blocklist::Client::new(&config(&server))
        .list()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(list.total_count, 1);
    assert_eq!(list.data[0].identifier.as_deref(), Some("+15555550199"));
}

#[tokio::test]
async fn delete_sends_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/blocklist_identifiers/blid_1")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(
                json!({"id": "blid_1", "object": "blocklist_identifier", "deleted": true}),
            );
        })
        .await;
    let d = blocklist::Client::new(&config(&server))
        .delete("blid_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(d.deleted);
}
