//! `clerk::testing_token` against the mock.

use clerk::testing_token;
use httpmock::Method::POST;
use httpmock::MockServer;

use crate::support::{config, fixture};

#[tokio::test]
async fn create_sends_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/testing_tokens")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(fixture("testing_token"));
        })
        .await;
    let t = testing_token::Client::new(&config(&server))
        .create()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(t.token, "1716200000000-2D2cMPr8zL1JxAW4yhCmfbR9wXKfVnJe");
    assert_eq!(t.expires_at, 1716203600);
}
