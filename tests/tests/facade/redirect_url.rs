//! `clerk::redirect_url` against the mock.

use clerk::redirect_url;
use futures::TryStreamExt;
use httpmock::Method::{DELETE, GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn create_sends_the_url() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/redirect_urls")
                .header("content-type", "application/json")
                .json_body(json!({"url": "my-app://oauth-callback"}));
            then.status(200).json_body(fixture("redirect_url"));
        })
        .await;
    let r = redirect_url::Client::new(&config(&server))
        .create(&redirect_url::CreateParams {
            url: clerk::string("my-app://oauth-callback"),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(r.id, "ru_2abcREDIRECT0123456789xyz");
    assert_eq!(r.url, "my-app://oauth-callback");
}

#[tokio::test]
async fn list_takes_a_bare_array_and_list_all_stops_on_it() {
    // An answer without `total_count` still lists; the walk then stops at a short page.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/redirect_urls")
                .query_param("paginated", "true");
            then.status(200).json_body(json!([
                fixture("redirect_url"),
                fixture_with(
                    "redirect_url",
                    json!({"id": "ru_2", "url": "https://app.example.com/callback"})
                )
            ]));
        })
        .await;
    let urls = redirect_url::Client::new(&config(&server));
    let page = urls.list(&Default::default()).await.unwrap();
    assert_eq!(page.total_count, 2);
    let all: Vec<String> = urls
        .list_all(&redirect_url::ListParams {
            limit: clerk::int64(5),
            ..Default::default()
        })
        .map_ok(|r| r.url)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        all,
        [
            "my-app://oauth-callback",
            "https://app.example.com/callback"
        ]
    );
    assert_eq!(mock.calls_async().await, 2);
}

#[tokio::test]
async fn get_and_delete() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/redirect_urls/ru_1");
            then.status(200).json_body(fixture("redirect_url"));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/redirect_urls/ru_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": "ru_1", "object": "redirect_url", "deleted": true}));
        })
        .await;
    let urls = redirect_url::Client::new(&config(&server));
    assert_eq!(urls.get("ru_1").await.unwrap().created_at, 1716200000000);
    assert!(urls.delete("ru_1").await.unwrap().deleted);
    get.assert_async().await;
    delete.assert_async().await;
}
