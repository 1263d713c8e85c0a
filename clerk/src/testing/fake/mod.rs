//! [`FakeClerk`]: the Backend API in-process, in memory, on a random local port.

mod answer;
mod collections;
mod engine;
mod frontend;
mod identifications;
mod invitations;
mod machines;
mod observe;
mod organizations;
mod resources;
mod sessions;
mod spec;
mod state;
mod users;
mod validate;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State as AxumState};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::auth::jwt::{Clock, JwksCache, VerifyParams};
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
/// Every operation of the API answers, as its spec says (status, body shape, Clerk's ids
/// with their prefixes, millisecond timestamps, `{data, total_count}` pages honouring
/// `limit` and `offset`), after checking the request against the spec as the API does:
/// an unknown path is a 404, a missing required field, a value of the wrong type, one
/// its enum does not list or out of its bounds, or a body key the operation does not
/// take is a 422 ClerkErrors body naming the parameter (`meta.param_name`). Enums are
/// this spec's: a value the SDK sends as `Unknown("...")` is refused, as an API that
/// does not know it would.
///
/// These resources keep state, created, read, listed, filtered, updated and deleted
/// consistently, and missing ones are 404s: users (with their email addresses and phone
/// numbers), organizations, memberships, invitations and organization invitations,
/// organization domains, sessions (whose tokens verify with
/// [`crate::auth::jwt::verify`]), allow- and blocklist identifiers, JWT templates,
/// redirect URLs, domains, actor and sign-in tokens, API keys, machines, M2M tokens
/// and OAuth applications. The machine-token verify endpoints verify what the fake
/// issued, so [`crate::authenticate_request`] with
/// [`machine_config(fake.config())`](crate::AuthenticateOptions::machine_config) signs
/// its API keys, M2M tokens and [OAuth access tokens](Self::oauth_access_token) in.
/// Other operations answer with values generated from the spec, repeating the
/// request's fields where the answer has them.
///
/// With a seed ([`start_with_seed`](Self::start_with_seed), [`builder`](Self::builder))
/// ids and timestamps repeat from run to run.
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

/// Settings of a [`FakeClerk`] before it starts ([`FakeClerk::builder`]).
#[derive(Debug, Default)]
pub struct FakeClerkBuilder {
    seed: Option<u64>,
    clock: Option<Arc<dyn Clock>>,
}

impl FakeClerkBuilder {
    /// Draws ids and other values from `seed`: the same requests get the same answers.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Takes the records' timestamps from `clock` (e.g. a [`TestClock`](crate::testing::TestClock))
    /// instead of the system's. Each change still moves them on by at least a
    /// millisecond, so that creation order is total.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Starts the server on `127.0.0.1` at a free port, on the current Tokio runtime.
    pub async fn start(self) -> FakeClerk {
        let issuer = TokenIssuer::new();
        let mut store = Store::default();
        if let Some(seed) = self.seed {
            store.rng = fastrand::Rng::with_seed(seed);
        }
        store.clock = self.clock;
        let store = Arc::new(Mutex::new(store));
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
}

/// The instant a seeded fake's clock starts at: 2025-01-01T00:00:00Z.
const SEEDED_EPOCH: i64 = 1_735_689_600;

impl FakeClerk {
    /// Starts the server on `127.0.0.1` at a free port, on the current Tokio runtime.
    pub async fn start() -> FakeClerk {
        FakeClerkBuilder::default().start().await
    }

    /// Starts a fake whose answers repeat from run to run: ids from `seed`, timestamps
    /// from a clock that stands at 2025-01-01T00:00:00Z (moving a millisecond per
    /// change). Session tokens it signs are still timed by the real clock, so that they
    /// verify.
    pub async fn start_with_seed(seed: u64) -> FakeClerk {
        FakeClerk::builder()
            .seed(seed)
            .clock(crate::testing::TestClock::at(SEEDED_EPOCH))
            .start()
            .await
    }

    /// Settings for a fake to start: a seed, a clock.
    pub fn builder() -> FakeClerkBuilder {
        FakeClerkBuilder::default()
    }

    /// Issues an opaque OAuth access token (`oat_...`), as Clerk does at the end of an
    /// OAuth flow of the application with `client_id`, for `user_id` with `scopes`,
    /// valid for an hour: `POST /oauth_applications/access_tokens/verify` (and so
    /// [`crate::authenticate_request`]) then verifies it, until it is revoked with
    /// `POST /oauth_applications/{id}/revoke_token`.
    pub fn oauth_access_token(&self, client_id: &str, user_id: &str, scopes: &[&str]) -> String {
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        machines::issue_oauth_access_token(&mut store, client_id, user_id, scopes)
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

    /// Makes the next `times` calls of `operation_id` (the spec's, e.g. `CreateUser`)
    /// answer with `fault` instead: for testing retries and error handling. Faults of
    /// one operation are used in the order injected.
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
        self.observe(|o| {
            o.received.clear();
            o.cleared += 1;
        });
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
    pub(super) fn not_found(what: &str) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            code: "resource_not_found",
            message: format!("{what} not found"),
            param: None,
        }
    }
    pub(super) fn invalid(code: &'static str, param: &str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code,
            message: message.into(),
            param: Some(param.to_string()),
        }
    }
    pub(super) fn missing(param: &str) -> Self {
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
            "form_param_unknown" => "is unknown",
            "authentication_invalid" => "Invalid authentication",
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

/// The operation a request is for and its path parameters, found once (by the first
/// middleware) for all that follow.
#[derive(Clone, Debug)]
struct Matched {
    op: &'static spec::Op,
    params: Vec<(String, String)>,
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
            "/v1/users/{id}/organization_memberships",
            get(organizations::list_user_memberships),
        )
        .route(
            "/v1/organization_memberships",
            get(organizations::list_all_memberships),
        )
        .route(
            "/v1/email_addresses",
            post(identifications::create_email_address),
        )
        .route(
            "/v1/email_addresses/{id}",
            get(identifications::get_email_address)
                .patch(identifications::update_email_address)
                .delete(identifications::delete_email_address),
        )
        .route(
            "/v1/phone_numbers",
            post(identifications::create_phone_number),
        )
        .route(
            "/v1/phone_numbers/{id}",
            get(identifications::get_phone_number)
                .patch(identifications::update_phone_number)
                .delete(identifications::delete_phone_number),
        )
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
            "/v1/organizations/{id}/memberships/{user_id}/metadata",
            patch(organizations::update_membership_metadata),
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
        // Everything else: the kept resources of `resources.rs`, answers from the spec.
        .fallback(engine::serve)
        .method_not_allowed_fallback(engine::serve)
        .layer(middleware::from_fn_with_state(
            shared.clone(),
            validate::middleware,
        ))
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

/// Finds the operation, refuses requests without a secret key (or the secret key of a
/// machine the fake keeps), as the API does, and counts hits per operation.
async fn authenticate_and_count(
    AxumState(shared): AxumState<Shared>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let matched = spec::route(
        request.method().as_str(),
        path.strip_prefix("/v1").unwrap_or(path),
    )
    .map(|(op, params)| Matched { op, params });
    let operation = matched.as_ref().map(|m| m.op.id.as_str());
    let key = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let authorized = shared.with(|s| {
        *s.hits
            .entry(operation.unwrap_or("unknown").to_string())
            .or_default() += 1;
        key.starts_with("sk_test_")
            || key.starts_with("sk_live_")
            || machines::is_machine_key(s, key)
    });
    if !authorized {
        return ApiError {
            status: StatusCode::UNAUTHORIZED,
            code: "authentication_invalid",
            message: "The provided Clerk Secret Key is invalid.".into(),
            param: None,
        }
        .into_response();
    }
    if let Some(matched) = matched {
        request.extensions_mut().insert(matched);
    }
    next.run(request).await
}

async fn jwks(AxumState(shared): AxumState<Shared>) -> Reply {
    ok(shared.issuer.jwks())
}
