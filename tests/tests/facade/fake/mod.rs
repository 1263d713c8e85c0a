//! `clerk::testing::FakeClerk` through the facade, one file per scenario: users,
//! organizations and memberships, invitations, sessions and tokens, error shapes,
//! pagination; then a raw-HTTP scenario whose every response is checked against the
//! spec's response schema and decoded into the generated types (`spec_check.rs`).

mod errors;
mod invitations;
mod organizations;
mod paging;
mod sessions;
mod spec_check;
mod users;

use clerk::{ApiErrorResponse, Error, user};
use serde_json::Value;

/// The API error of a failed call, or a panic saying what came back instead.
fn api_error<T: std::fmt::Debug>(result: clerk::Result<T>) -> ApiErrorResponse {
    match result {
        Err(Error::Api(e)) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// The `param_name` of the first error.
fn param_name(e: &ApiErrorResponse) -> Option<&str> {
    e.errors.first()?.meta.as_ref()?.get("param_name")?.as_str()
}

fn as_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serialisable")
}

async fn new_user(users: &user::Client, email: &str, first: &str, last: &str) -> user::User {
    users
        .create(&user::CreateParams {
            email_address: Some(vec![email.to_string()]),
            first_name: clerk::string(first),
            last_name: clerk::string(last),
            ..Default::default()
        })
        .await
        .unwrap()
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| id(i).to_string()).collect()
}
