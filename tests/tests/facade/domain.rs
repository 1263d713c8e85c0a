//! `clerk::domain` against the mock.

use clerk::domain;
use httpmock::Method::{DELETE, GET, PATCH, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn list_decodes_primary_and_satellites() {
    let server = MockServer::start_async().await;
    let primary = fixture_with(
        "domain",
        json!({"id": "dmn_primary", "name": "example.com", "is_satellite": false,
               "frontend_api_url": "https://clerk.example.com",
               "accounts_portal_url": "https://accounts.example.com"}),
    );
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/domains");
            then.status(200)
                .json_body(json!({"data": [primary, fixture("domain")], "total_count": 2}));
        })
        .await;
    let list = domain::Client::new(&config(&server)).list().await.unwrap();
    mock.assert_async().await;
    assert_eq!(list.total_count, 2);
    assert!(!list.data[0].is_satellite);
    let satellite = &list.data[1];
    assert!(satellite.is_satellite);
    let cnames = satellite.cname_targets.as_ref().unwrap();
    assert_eq!(cnames[0].host, "clerk.satellite.example.com");
    assert!(cnames.iter().all(|c| c.required));
}

#[tokio::test]
async fn create_sends_the_satellite() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/domains")
                .header("content-type", "application/json")
                .json_body(json!({"name": "satellite.example.com", "is_satellite": true}));
            then.status(200).json_body(fixture("domain"));
        })
        .await;
    let d = domain::Client::new(&config(&server))
        .create(&domain::CreateParams {
            name: clerk::string("satellite.example.com"),
            is_satellite: clerk::bool(true),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(d.id, "dmn_2abcDOMAIN0123456789xyzA");
    assert_eq!(d.frontend_api_url, "https://clerk.satellite.example.com");
}

#[tokio::test]
async fn update_sends_only_the_fields_set_and_delete_no_body() {
    let server = MockServer::start_async().await;
    let update = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path("/v1/domains/dmn_1")
                .json_body(json!({"proxy_url": "https://satellite.example.com/__clerk"}));
            then.status(200).json_body(fixture_with(
                "domain",
                json!({"proxy_url": "https://satellite.example.com/__clerk"}),
            ));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/v1/domains/dmn_1")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(json!({"id": "dmn_1", "object": "domain", "deleted": true}));
        })
        .await;
    let domains = domain::Client::new(&config(&server));
    let d = domains
        .update(
            "dmn_1",
            &domain::UpdateParams {
                proxy_url: clerk::string("https://satellite.example.com/__clerk"),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        d.proxy_url.as_deref(),
        Some("https://satellite.example.com/__clerk")
    );
    assert!(domains.delete("dmn_1").await.unwrap().deleted);
    update.assert_async().await;
    delete.assert_async().await;
}

#[tokio::test]
async fn create_without_is_satellite_fails_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let err = domain::Client::new(&config(&server))
        .create(&domain::CreateParams {
            name: clerk::string("satellite.example.com"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}
