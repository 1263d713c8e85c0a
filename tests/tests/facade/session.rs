//! `clerk::session` against the mock.

use clerk::{session, types};
use futures::TryStreamExt;
use httpmock::Method::{GET, POST};
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture, fixture_with};

#[tokio::test]
async fn list_asks_for_a_page_and_sends_the_filters() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/sessions")
                .query_param("paginated", "true")
                .query_param("user_id", "user_1")
                .query_param("status", "active")
                .query_param("limit", "2")
                .query_param("offset", "4")
                .query_param_missing("client_id");
            then.status(200)
                .json_body(json!({"data": [fixture("session")], "total_count": 5}));
        })
        .await;
    let page = session::Client::new(&config(&server))
        .list(&session::ListParams {
            user_id: clerk::string("user_1"),
            status: clerk::string("active"),
            limit: clerk::int64(2),
            offset: clerk::int64(4),
            ..Default::default()
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.total_count, 5);
    let s = &page.data[0];
    assert_eq!(s.id, "sess_2abcSESSION0123456789xyz");
    assert_eq!(s.status.to_string(), "active");
    assert_eq!(
        s.last_active_organization_id.as_deref(),
        Some("org_2abcACMEinc0123456789xyz")
    );
    let activity = s
        .latest_activity
        .as_ref()
        .and_then(|a| a.0.as_ref())
        .unwrap();
    assert_eq!(activity.city.as_deref(), Some("London"));
    assert!(!activity.is_mobile);
}

#[tokio::test]
async fn list_takes_a_bare_array_as_the_whole_list() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/sessions");
            then.status(200).json_body(json!([
                fixture("session"),
                fixture_with("session", json!({"id": "sess_2"}))
            ]));
        })
        .await;
    let page = session::Client::new(&config(&server))
        .list(&session::ListParams {
            client_id: clerk::string("client_1"),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 2);
    assert_eq!(page.data[1].id, "sess_2");
}

#[tokio::test]
async fn a_refresh_format_newer_than_the_crate_is_sent_as_given() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sessions/sess_1/refresh")
                .json_body_includes(r#"{"format": "jwt"}"#);
            then.status(200)
                .json_body(json!({"object": "token", "jwt": "eyJ.x.y"}));
        })
        .await;
    let refreshed = session::Client::new(&config(&server))
        .refresh(
            "sess_1",
            &session::RefreshParams {
                expired_token: clerk::string("a"),
                refresh_token: clerk::string("b"),
                request_origin: clerk::string("https://app.example.com"),
                format: Some(types::RefreshSessionBodyFormat::Unknown("jwt".into())),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(
        matches!(refreshed, types::SessionRefresh::Token(_)),
        "{refreshed:?}"
    );
}

#[tokio::test]
async fn list_all_stops_at_total_count() {
    let server = MockServer::start_async().await;
    let mut pages = Vec::new();
    for offset in [0, 2] {
        let sessions: Vec<_> = (0..2)
            .map(|i| fixture_with("session", json!({"id": format!("sess_{}", offset + i)})))
            .collect();
        pages.push(
            server
                .mock_async(move |when, then| {
                    when.method(GET)
                        .path("/v1/sessions")
                        .query_param("paginated", "true")
                        .query_param("user_id", "user_1")
                        .query_param("limit", "2")
                        .query_param("offset", offset.to_string());
                    then.status(200)
                        .json_body(json!({"data": sessions, "total_count": 4}));
                })
                .await,
        );
    }
    let beyond = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/sessions")
                .query_param("offset", "4");
            then.status(200)
                .json_body(json!({"data": [], "total_count": 4}));
        })
        .await;
    let ids: Vec<String> = session::Client::new(&config(&server))
        .list_all(&session::ListParams {
            user_id: clerk::string("user_1"),
            limit: clerk::int64(2),
            ..Default::default()
        })
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["sess_0", "sess_1", "sess_2", "sess_3"]);
    for page in pages {
        page.assert_async().await;
    }
    assert_eq!(beyond.calls_async().await, 0);
}

#[tokio::test]
async fn create_sends_the_user_and_organization() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sessions")
                .header("content-type", "application/json")
                .json_body(json!({"user_id": "user_1", "active_organization_id": "org_1"}));
            then.status(200).json_body(fixture("session"));
        })
        .await;
    let s = session::Client::new(&config(&server))
        .create(&session::CreateParams {
            user_id: clerk::string("user_1"),
            active_organization_id: clerk::string("org_1"),
        })
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(s.client_id, "client_2abcCLIENT0123456789xyz");
}

#[tokio::test]
async fn get_and_revoke() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/sessions/sess_1")
                .header_missing("content-type");
            then.status(200).json_body(fixture("session"));
        })
        .await;
    let revoke = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sessions/sess_1/revoke")
                .body("")
                .header_missing("content-type");
            then.status(200)
                .json_body(fixture_with("session", json!({"status": "revoked"})));
        })
        .await;
    let sessions = session::Client::new(&config(&server));
    assert_eq!(
        sessions.get("sess_1").await.unwrap().user_id,
        "user_2abcDEFghiJKLmnoPQRstuVWxyz"
    );
    let revoked = sessions.revoke("sess_1").await.unwrap();
    assert_eq!(revoked.status.to_string(), "revoked");
    get.assert_async().await;
    revoke.assert_async().await;
}

#[tokio::test]
async fn refresh_sends_the_request_context_and_decodes_cookies() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sessions/sess_1/refresh")
                .json_body(json!({
                    "expired_token": "eyJexpired",
                    "refresh_token": "rt_123",
                    "request_origin": "https://app.example.com",
                    "request_headers": {"user-agent": ["Mozilla/5.0"]},
                    "request_originating_ip": "203.0.113.7",
                    "format": "cookie"
                }));
            then.status(200).json_body(json!({
                "object": "cookies",
                "cookies": ["__session=eyJnew; Path=/; Secure; SameSite=Lax"]
            }));
        })
        .await;
    let refreshed = session::Client::new(&config(&server))
        .refresh(
            "sess_1",
            &session::RefreshParams {
                expired_token: clerk::string("eyJexpired"),
                refresh_token: clerk::string("rt_123"),
                request_origin: clerk::string("https://app.example.com"),
                request_headers: clerk::json(json!({"user-agent": ["Mozilla/5.0"]})),
                request_originating_ip: clerk::string("203.0.113.7"),
                format: clerk::string("cookie"),
            },
        )
        .await
        .unwrap();
    mock.assert_async().await;
    match refreshed {
        session::SessionRefresh::Cookies(c) => {
            assert!(c.cookies[0].starts_with("__session=eyJnew"))
        }
        other => panic!("expected cookies, got {other:?}"),
    }
}

#[tokio::test]
async fn tokens_are_minted_with_and_without_a_template() {
    let server = MockServer::start_async().await;
    let plain = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sessions/sess_1/tokens")
                .json_body(json!({"expires_in_seconds": 600}));
            then.status(200)
                .json_body(json!({"object": "token", "jwt": "eyJhbGciOiJSUzI1NiJ9.session.sig"}));
        })
        .await;
    let templated = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/sessions/sess_1/tokens/hasura")
                .header("content-type", "application/json")
                .json_body(json!({}));
            then.status(200)
                .json_body(json!({"object": "token", "jwt": "eyJhbGciOiJSUzI1NiJ9.hasura.sig"}));
        })
        .await;
    let sessions = session::Client::new(&config(&server));
    let token = sessions
        .create_token(
            "sess_1",
            &session::TokenParams {
                expires_in_seconds: clerk::int64(600),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        token.jwt.as_deref(),
        Some("eyJhbGciOiJSUzI1NiJ9.session.sig")
    );
    let token = sessions
        .create_token_from_template("sess_1", "hasura", &Default::default())
        .await
        .unwrap();
    assert_eq!(
        token.jwt.as_deref(),
        Some("eyJhbGciOiJSUzI1NiJ9.hasura.sig")
    );
    plain.assert_async().await;
    templated.assert_async().await;
}
