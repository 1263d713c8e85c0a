//! `clerk::agent_task` against the mock.

use clerk::agent_task;
use clerk::types::CreateAgentTaskBodyOnBehalfOf as OnBehalfOf;
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::json;

use crate::support::{config, fixture};

#[tokio::test]
async fn create_sends_the_permissions_and_default_duration() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/agents/tasks").json_body(json!({
                "on_behalf_of": {"identifier": "ada@example.com"},
                // Always sent: `*` is the only value the API takes (so the facade does
                // not ask for it), and the spec's default duration.
                "permissions": "*",
                "session_max_duration_in_seconds": 1800,
                "agent_name": "support-bot",
                "task_description": "Update the billing address",
                "redirect_url": "https://app.example.com/billing"
            }));
            then.status(200).json_body(fixture("agent_task"));
        })
        .await;
    let params = agent_task::CreateParams {
        on_behalf_of: Some(OnBehalfOf {
            identifier: clerk::string("ada@example.com"),
            ..Default::default()
        }),
        agent_name: clerk::string("support-bot"),
        task_description: clerk::string("Update the billing address"),
        redirect_url: clerk::string("https://app.example.com/billing"),
        ..Default::default()
    };
    let task = agent_task::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(task.agent_task_id, "agtask_2xhLm7QrSt0UvW2xYz4aBc6dEfG");
    assert!(task.url.unwrap().contains("ticket="));
}

#[tokio::test]
async fn create_takes_a_user_id_and_a_duration() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/agents/tasks").json_body(json!({
                "on_behalf_of": {"user_id": "user_1"},
                "permissions": "*",
                "session_max_duration_in_seconds": 600,
                "agent_name": "support-bot",
                "task_description": "Export invoices",
                "redirect_url": "https://app.example.com"
            }));
            then.status(200).json_body(fixture("agent_task"));
        })
        .await;
    let params = agent_task::CreateParams {
        on_behalf_of: Some(OnBehalfOf {
            user_id: clerk::string("user_1"),
            ..Default::default()
        }),
        session_max_duration_in_seconds: clerk::int64(600),
        agent_name: clerk::string("support-bot"),
        task_description: clerk::string("Export invoices"),
        redirect_url: clerk::string("https://app.example.com"),
    };
    agent_task::Client::new(&config(&server))
        .create(&params)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn missing_fields_fail_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|_, then| {
            then.status(200);
        })
        .await;
    let tasks = agent_task::Client::new(&config(&server));
    let complete = agent_task::CreateParams {
        on_behalf_of: Some(OnBehalfOf {
            user_id: clerk::string("user_1"),
            ..Default::default()
        }),
        agent_name: clerk::string("bot"),
        task_description: clerk::string("task"),
        redirect_url: clerk::string("https://app.example.com"),
        ..Default::default()
    };
    let missing = agent_task::CreateParams {
        on_behalf_of: None,
        ..complete.clone()
    };
    let err = tasks.create(&missing).await.unwrap_err();
    assert!(matches!(err, clerk::Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn revoke_posts_no_body() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/agents/tasks/agtask_1/revoke")
                .body("")
                .header_missing("content-type");
            then.status(200).json_body(json!({
                "object": "agent_task",
                "agent_id": "agent_2xhLm4NqPz8RtV1wXy3bCd5eFgH",
                "agent_task_id": "agtask_1",
                "task_id": "agtask_1"
            }));
        })
        .await;
    let task = agent_task::Client::new(&config(&server))
        .revoke("agtask_1")
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(task.agent_task_id, "agtask_1");
    assert_eq!(task.url, None);
}
