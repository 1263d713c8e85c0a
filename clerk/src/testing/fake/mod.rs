//! [`FakeClerk`]: the Backend API in-process, in memory, on a random local port.

mod frontend;
mod invitations;
mod observe;
mod organizations;
mod sessions;
mod state;
mod users;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State as AxumState};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::auth::jwt::{JwksCache, VerifyParams};
use crate::http::config::ClientConfig;
use crate::testing::TokenIssuer;
pub use observe::{FakeWebhook, Fault, ReceivedRequest};
use observe::{Observed, Webhooks};
use state::Store;

/// The secret key the fake's [`config`](FakeClerk::config) uses. The fake accepts any
/// `sk_test_`/`sk_live_` key and refuses requests without one.
pub const FAKE_SECRET_KEY: &str = "sk_test_fakeclerk";

/// An in-memory fake of the Clerk Backend API, for tests and offline demos.
///
/// It serves users, organizations, memberships, invitations, sessions and the JWKS with
/// Clerk's ids, millisecond timestamps, `{data, total_count}` pages, filters, `order_by`
/// and ClerkErrors bodies; session tokens it mints verify with [`crate::auth::jwt::verify`].
/// Any other operation answers 501 with a ClerkErrors body naming it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> clerk::Result<()> {
/// let fake = clerk::testing::FakeClerk::start().await;
/// let users = clerk::user::Client::new(&fake.config());
/// let ada = users
///     .create(&clerk::user::CreateParams {
///         email_address: Some(vec!["ada@example.com".into()]),
///         first_name: clerk::string("Ada"),
///         ..Default::default()
///     })
///     .await?;
/// assert!(ada.id.starts_with("user_"));
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct FakeClerk {
    addr: SocketAddr,
    issuer: TokenIssuer,
    store: Arc<Mutex<Store>>,
    observed: Arc<Mutex<Observed>>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl FakeClerk {
    /// Starts the server on `127.0.0.1` at a free port, on the current Tokio runtime.
    pub async fn start() -> FakeClerk {
        let issuer = TokenIssuer::new();
        let store = Arc::new(Mutex::new(Store::default()));
        let observed = Arc::new(Mutex::new(Observed::default()));
        let app = router(Shared {
            store: store.clone(),
            observed: observed.clone(),
            issuer: issuer.clone(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
        });
        FakeClerk {
            addr,
            issuer,
            store,
            observed,
            shutdown: Some(shutdown),
        }
    }

    /// The API base URL, e.g. `http://127.0.0.1:41234/v1`.
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// A config pointed at the fake, with [`FAKE_SECRET_KEY`].
    pub fn config(&self) -> ClientConfig {
        ClientConfig::new(FAKE_SECRET_KEY).with_api_url(self.url())
    }

    /// The URL of the fake's Frontend API, to give [`crate::PageOptions::proxy_url`]: it
    /// answers handshakes as Clerk's development Frontend API does (back to the page with
    /// a signed handshake token, whose cookies carry a fresh session token while the
    /// session is active in the fake).
    pub fn frontend_api_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A development publishable key naming the fake's instance (its tokens' issuer).
    pub fn publishable_key(&self) -> String {
        use base64::Engine;
        let host = crate::testing::TEST_ISSUER.trim_start_matches("https://");
        format!(
            "pk_test_{}",
            base64::engine::general_purpose::STANDARD.encode(format!("{host}$"))
        )
    }

    /// The key that signs the fake's session tokens.
    pub fn token_issuer(&self) -> &TokenIssuer {
        &self.issuer
    }

    /// Verification settings that fetch the fake's JWKS through the API.
    pub fn verify_params(&self) -> VerifyParams {
        VerifyParams::with_jwks(JwksCache::new(&self.config()))
    }

    /// Makes the next `times` calls of `operation_id` (the spec's, e.g. `CreateUser`;
    /// needs the feature `api`) answer with `fault` instead: for testing retries and
    /// error handling. Faults of one operation are used in the order injected.
    pub fn inject(&self, operation_id: &str, fault: Fault, times: usize) {
        self.observe(|o| {
            let queue = o.faults.entry(operation_id.to_string()).or_default();
            queue.extend(std::iter::repeat_n(fault, times));
        });
    }

    /// Every request received so far (without its secret key), oldest first.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.observe(|o| o.received.clone())
    }

    /// Forgets the requests received so far.
    pub fn clear_received(&self) {
        self.observe(|o| o.received.clear());
    }

    /// Sends a signed webhook to `url` (a POST, in the background) for every change to
    /// the resources the fake keeps (`user.created`, `organization.updated`,
    /// `organizationMembership.deleted`, `session.revoked`, ...), signed with `secret`
    /// (`whsec_...`) as Clerk's Svix endpoints sign them.
    pub fn send_webhooks_to(
        &self,
        url: impl Into<String>,
        secret: &str,
    ) -> Result<(), crate::webhook::WebhookError> {
        let secret = crate::webhook::WebhookSecret::new(secret)?;
        let url = Some(url.into());
        self.observe(|o| match &mut o.webhooks {
            Some(webhooks) => {
                webhooks.secret = secret;
                webhooks.url = url;
            }
            None => {
                o.webhooks = Some(Webhooks {
                    secret,
                    url,
                    channel: None,
                })
            }
        });
        Ok(())
    }

    /// The same webhooks as [`send_webhooks_to`](Self::send_webhooks_to), on a channel.
    pub fn webhooks(
        &self,
        secret: &str,
    ) -> Result<tokio::sync::mpsc::UnboundedReceiver<FakeWebhook>, crate::webhook::WebhookError>
    {
        let secret = crate::webhook::WebhookSecret::new(secret)?;
        let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
        self.observe(|o| match &mut o.webhooks {
            Some(webhooks) => {
                webhooks.secret = secret;
                webhooks.channel = Some(sender);
            }
            None => {
                o.webhooks = Some(Webhooks {
                    secret,
                    url: None,
                    channel: Some(sender),
                })
            }
        });
        Ok(receiver)
    }

    fn observe<T>(&self, f: impl FnOnce(&mut Observed) -> T) -> T {
        f(&mut self.observed.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// How many requests each operation received, e.g. `requests("GetJWKS")`.
    pub fn requests(&self, operation_id: &str) -> usize {
        let store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        store.hits.get(operation_id).copied().unwrap_or(0)
    }
}

impl Drop for FakeClerk {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// What every handler can reach.
#[derive(Clone)]
struct Shared {
    store: Arc<Mutex<Store>>,
    observed: Arc<Mutex<Observed>>,
    issuer: TokenIssuer,
}

impl Shared {
    fn with<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut self.store.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn observe<T>(&self, f: impl FnOnce(&mut Observed) -> T) -> T {
        f(&mut self.observed.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

type Reply = Result<(StatusCode, axum::Json<Value>), ApiError>;

fn ok(value: Value) -> Reply {
    Ok((StatusCode::OK, axum::Json(value)))
}

/// A ClerkErrors response.
#[derive(Debug)]
struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    param: Option<String>,
}

impl ApiError {
    fn not_found(what: &str) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "resource_not_found",
            message: format!("{what} not found"),
            param: None,
        }
    }
    fn invalid(code: &'static str, param: &str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message: message.into(),
            param: Some(param.to_string()),
        }
    }
    fn missing(param: &str) -> Self {
        ApiError::invalid(
            "form_param_missing",
            param,
            format!("{param} must be included."),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let short = match self.code {
            "resource_not_found" => "not found",
            "form_identifier_exists" => "That identifier is taken.",
            "form_param_missing" => "missing required parameter",
            "authentication_invalid" => "Invalid authentication",
            "not_implemented" => "not implemented",
            _ => "is invalid",
        };
        let meta = match &self.param {
            Some(p) => json!({"param_name": p}),
            None => json!({}),
        };
        let body = json!({
            "errors": [{"code": self.code, "message": short, "long_message": self.message, "meta": meta}],
            "clerk_trace_id": format!("fake_{:016x}", fastrand::u64(..)),
        });
        (self.status, axum::Json(body)).into_response()
    }
}

fn router(shared: Shared) -> Router {
    use axum::routing::{get, patch, post};
    Router::new()
        .route("/v1/jwks", get(jwks))
        .route("/v1/users", get(users::list).post(users::create))
        .route("/v1/users/count", get(users::count))
        .route(
            "/v1/users/{id}",
            get(users::get).patch(users::update).delete(users::delete),
        )
        .route("/v1/users/{id}/metadata", patch(users::update_metadata))
        .route("/v1/users/{id}/ban", post(users::ban))
        .route("/v1/users/{id}/unban", post(users::unban))
        .route("/v1/users/{id}/lock", post(users::lock))
        .route("/v1/users/{id}/unlock", post(users::unlock))
        .route(
            "/v1/organizations",
            get(organizations::list).post(organizations::create),
        )
        .route(
            "/v1/organizations/{id}",
            get(organizations::get)
                .patch(organizations::update)
                .delete(organizations::delete),
        )
        .route(
            "/v1/organizations/{id}/metadata",
            patch(organizations::update_metadata),
        )
        .route(
            "/v1/organizations/{id}/memberships",
            get(organizations::list_memberships).post(organizations::create_membership),
        )
        .route(
            "/v1/organizations/{id}/memberships/{user_id}",
            patch(organizations::update_membership).delete(organizations::delete_membership),
        )
        .route(
            "/v1/invitations",
            get(invitations::list).post(invitations::create),
        )
        .route("/v1/invitations/{id}/revoke", post(invitations::revoke))
        .route("/v1/sessions", get(sessions::list).post(sessions::create))
        .route("/v1/sessions/{id}", get(sessions::get))
        .route("/v1/sessions/{id}/revoke", post(sessions::revoke))
        .route("/v1/sessions/{id}/tokens", post(sessions::token))
        .fallback(not_implemented)
        .method_not_allowed_fallback(not_implemented)
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            observe::observe,
        ))
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            authenticate_and_count,
        ))
        // The Frontend API's handshake, for browsers: no secret key.
        .merge(Router::new().route("/v1/client/handshake", get(frontend::handshake)))
        .with_state(shared)
}

/// Refuses requests without a secret key, as the API does, and counts hits per operation.
async fn authenticate_and_count(
    AxumState(shared): AxumState<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let operation = operation_id(request.method().as_str(), request.uri().path());
    shared.with(|s| {
        *s.hits
            .entry(operation.unwrap_or("unknown").to_string())
            .or_default() += 1
    });
    let authorized = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|key| key.starts_with("sk_test_") || key.starts_with("sk_live_"));
    if !authorized {
        return ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "authentication_invalid",
            message: "The provided Clerk Secret Key is invalid.".into(),
            param: None,
        }
        .into_response();
    }
    next.run(request).await
}

/// The spec's operationId for a request, matched against the generated client's table
/// (with the feature `api`; without it the fake names the method and path only).
#[cfg(feature = "api")]
fn operation_id(method: &str, path: &str) -> Option<&'static str> {
    let path = path.strip_prefix("/v1").unwrap_or(path);
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    clerk_raw::OPERATIONS.iter().find_map(|(id, m, template)| {
        if !m.eq_ignore_ascii_case(method) {
            return None;
        }
        let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
        let matches = parts.len() == segments.len()
            && parts
                .iter()
                .zip(&segments)
                .all(|(t, s)| t.starts_with('{') || t == s);
        matches.then_some(*id)
    })
}

#[cfg(not(feature = "api"))]
fn operation_id(_method: &str, _path: &str) -> Option<&'static str> {
    None
}

async fn not_implemented(request: Request) -> ApiError {
    let name = operation_id(request.method().as_str(), request.uri().path());
    ApiError {
        status: StatusCode::NOT_IMPLEMENTED,
        code: "not_implemented",
        message: match name {
            Some(id) => format!("FakeClerk does not implement {id}"),
            None => format!(
                "FakeClerk does not know {} {}",
                request.method(),
                request.uri().path()
            ),
        },
        param: None,
    }
}

async fn jwks(AxumState(shared): AxumState<Shared>) -> Reply {
    ok(shared.issuer.jwks())
}
