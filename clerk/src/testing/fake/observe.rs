//! What a test can do to and learn from the fake around its operations: failures on
//! demand ([`Fault`]), the requests it received ([`ReceivedRequest`]), and signed
//! webhooks for the changes it makes ([`FakeWebhook`]). All of it happens in one
//! middleware, keyed by the spec's operationId, so every operation the fake serves has it.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State as AxumState};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{ApiError, Matched, Shared};
use crate::webhook::WebhookSecret;

/// The largest request body the log keeps (larger ones are logged without a body).
const MAX_LOGGED_BODY: usize = 1024 * 1024;

/// A failure the fake answers with instead of running the operation
/// ([`FakeClerk::inject`](super::FakeClerk::inject)).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// This status with a ClerkErrors body, and `Retry-After` (seconds) when given.
    Status {
        /// The HTTP status, e.g. 503.
        status: u16,
        /// `Retry-After`, in seconds.
        retry_after: Option<u64>,
    },
    /// Wait this long, then run the operation.
    Delay(Duration),
    /// Break the connection before the answer's body: the client sees a transport error.
    DroppedConnection,
    /// A 200 whose body is not the JSON the operation returns.
    MalformedBody,
}

impl Fault {
    /// 429 with `Retry-After: <seconds>`.
    pub fn rate_limited(retry_after_seconds: u64) -> Fault {
        Fault::Status {
            status: 429,
            retry_after: Some(retry_after_seconds),
        }
    }

    /// This status, without `Retry-After`.
    pub fn status(status: u16) -> Fault {
        Fault::Status {
            status,
            retry_after: None,
        }
    }
}

/// A request the fake received ([`FakeClerk::received`](super::FakeClerk::received)).
/// The secret key is not kept.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ReceivedRequest {
    /// The spec's operationId, e.g. `CreateUser` (none for a path the API does not have).
    pub operation_id: Option<String>,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, e.g. `/v1/users/user_123`.
    pub path: String,
    /// The query parameters, in order, decoded.
    pub query: Vec<(String, String)>,
    /// The body as JSON (a non-JSON body as a JSON string; none when empty).
    pub body: Option<Value>,
    /// The status the fake answered (0 until it has answered).
    pub status: u16,
    /// The JSON body the fake answered with, if any.
    pub response: Option<Value>,
}

/// A webhook the fake signed for a change it made: the headers and body Clerk's Svix
/// endpoint would POST. Feed them to [`crate::webhook::verify`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FakeWebhook {
    /// The event type, e.g. `user.created`.
    pub event_type: String,
    /// `svix-id`, `svix-timestamp` and `svix-signature`, and the content type.
    pub headers: HeaderMap,
    /// The JSON body: `{"data", "object": "event", "type", "timestamp", "instance_id"}`.
    pub body: Vec<u8>,
}

/// Where the fake's webhooks go.
pub(super) struct Webhooks {
    pub(super) secret: WebhookSecret,
    pub(super) url: Option<String>,
    pub(super) channel: Option<tokio::sync::mpsc::UnboundedSender<FakeWebhook>>,
}

/// The observation state of the fake.
#[derive(Default)]
pub(super) struct Observed {
    pub(super) faults: HashMap<String, VecDeque<Fault>>,
    pub(super) received: Vec<ReceivedRequest>,
    /// How many times `received` was cleared: an answer completes its entry only if
    /// the log was not cleared meanwhile.
    pub(super) cleared: u64,
    pub(super) webhooks: Option<Webhooks>,
}

impl std::fmt::Debug for Observed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Observed")
            .field("faults", &self.faults)
            .field("received", &self.received.len())
            .field("webhooks", &self.webhooks.is_some())
            .finish()
    }
}

/// The event an operation's success is, for the operations that change the core
/// resources the fake keeps.
fn event_type(operation_id: &str) -> Option<&'static str> {
    Some(match operation_id {
        "CreateUser" => "user.created",
        "UpdateUser" | "UpdateUserMetadata" | "BanUser" | "UnbanUser" | "LockUser"
        | "UnlockUser" => "user.updated",
        "DeleteUser" => "user.deleted",
        "CreateOrganization" => "organization.created",
        "UpdateOrganization" | "MergeOrganizationMetadata" => "organization.updated",
        "DeleteOrganization" => "organization.deleted",
        "CreateOrganizationMembership" => "organizationMembership.created",
        "UpdateOrganizationMembership" | "UpdateOrganizationMembershipMetadata" => {
            "organizationMembership.updated"
        }
        "DeleteOrganizationMembership" => "organizationMembership.deleted",
        "createSession" => "session.created",
        "RevokeSession" => "session.revoked",
        _ => return None,
    })
}

/// Records the request, applies an injected fault, runs the operation, and sends the
/// webhook its success is.
pub(super) async fn observe(
    AxumState(shared): AxumState<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let operation = request
        .extensions()
        .get::<Matched>()
        .map(|m| m.op.id.as_str());
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_LOGGED_BODY)
        .await
        .unwrap_or_default();
    let logged_body = (!bytes.is_empty()).then(|| {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    });
    let query = parts
        .uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let (fault, entry) = shared.observe(|observed| {
        observed.received.push(ReceivedRequest {
            operation_id: operation.map(str::to_string),
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query,
            body: logged_body,
            status: 0,
            response: None,
        });
        let entry = (observed.cleared, observed.received.len() - 1);
        let fault = operation
            .and_then(|op| observed.faults.get_mut(op))
            .and_then(VecDeque::pop_front);
        (fault, entry)
    });
    let ran = matches!(fault, None | Some(Fault::Delay(_)));
    let response = match fault {
        Some(Fault::Status {
            status,
            retry_after,
        }) => injected(status, retry_after),
        Some(Fault::DroppedConnection) => {
            let broken = futures_util::stream::once(async {
                Err::<bytes::Bytes, _>(std::io::Error::other("FakeClerk dropped the connection"))
            });
            return (StatusCode::OK, Body::from_stream(broken)).into_response();
        }
        Some(Fault::MalformedBody) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"object\": \"user\", \"id\": ",
        )
            .into_response(),
        Some(Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        None => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
    };
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let answered = serde_json::from_slice::<Value>(&bytes).ok();
    shared.observe(|observed| {
        if observed.cleared == entry.0
            && let Some(logged) = observed.received.get_mut(entry.1)
        {
            logged.status = parts.status.as_u16();
            logged.response = answered.clone();
        }
    });
    if ran
        && parts.status.is_success()
        && let (Some(event), Some(data)) = (operation.and_then(event_type), answered)
        && shared.observe(|o| o.webhooks.is_some())
    {
        send_webhook(&shared, event, data);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The answer of an injected status: a ClerkErrors body, `Retry-After` when given.
fn injected(status: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = ApiError {
        status,
        code: "injected_fault",
        message: format!("FakeClerk was told to answer {status}"),
        param: None,
    }
    .into_response();
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Signs the event and hands it to the configured sinks (a POST is sent in the
/// background; a failure to deliver is logged, as Svix would retry it).
fn send_webhook(shared: &Shared, event_type: &str, data: Value) {
    let Some((secret, url, channel)) = shared.observe(|o| {
        o.webhooks
            .as_ref()
            .map(|w| (w.secret.clone(), w.url.clone(), w.channel.clone()))
    }) else {
        return;
    };
    let (now_ms, id) = shared.with(|store| (store.now_ms(), store.new_id("msg")));
    let body = json!({
        "data": data,
        "object": "event",
        "type": event_type,
        "timestamp": now_ms,
        "instance_id": "ins_fakeclerk",
    })
    .to_string()
    .into_bytes();
    let timestamp = now_ms / 1000;
    let mut headers = HeaderMap::new();
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    set("svix-id", id.clone());
    set("svix-timestamp", timestamp.to_string());
    set("svix-signature", secret.sign(&id, timestamp, &body));
    set("content-type", "application/json".to_string());
    let webhook = FakeWebhook {
        event_type: event_type.to_string(),
        headers,
        body,
    };
    if let Some(channel) = channel {
        let _ = channel.send(webhook.clone());
    }
    if let Some(url) = url {
        tokio::spawn(async move {
            let delivered = reqwest::Client::new()
                .post(&url)
                .headers(webhook.headers)
                .body(webhook.body)
                .send()
                .await;
            if let Err(error) = delivered {
                tracing::warn!("FakeClerk: delivering a webhook to {url} failed: {error}");
            }
        });
    }
}
