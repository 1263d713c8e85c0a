//! What the Rocket and Poem integrations are held to: the cases, and the axum layer's
//! answers to them (`rocket_fairing` and `poem_middleware` compare theirs).

use axum::body::Body;
use axum::http::Request;
use base64::Engine;
use clerk::jwt::{Requirement, VerifyParams};
use clerk::testing::{TestClock, TokenIssuer};
use clerk::{Auth, AuthenticateOptions, PageOptions};
use httpmock::Method::POST;
use httpmock::MockServer;
use serde_json::Value;
use tower::ServiceExt;

use crate::support::{clerk_errors, config};

/// A request header: name and value.
pub(crate) type Header = (&'static str, String);

/// What a test looks at in an answer: the status, the body (JSON when it is JSON) and
/// the headers the integrations set.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Value,
    /// `(name, values)` of `retry-after`, `location`, `set-cookie`, `cache-control`,
    /// `x-clerk-auth-status` and `x-clerk-auth-reason`, in that order, when present.
    pub(crate) headers: Vec<(&'static str, Vec<String>)>,
}

/// The headers [`Reply`] keeps.
pub(crate) const KEPT: [&str; 6] = [
    "retry-after",
    "location",
    "set-cookie",
    "cache-control",
    "x-clerk-auth-status",
    "x-clerk-auth-reason",
];

impl Reply {
    /// A reply from a status, the body's bytes and a header lookup (all values of a name).
    pub(crate) fn new(status: u16, body: &[u8], values: impl Fn(&str) -> Vec<String>) -> Reply {
        let body = serde_json::from_slice(body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()));
        let headers = KEPT
            .into_iter()
            .map(|name| (name, values(name)))
            .filter(|(_, values)| !values.is_empty())
            .collect();
        Reply {
            status,
            body,
            headers,
        }
    }

    /// The first value of header `name`.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, values)| values[0].as_str())
    }

    /// The reply without Clerk's `x-clerk-auth-*` headers.
    pub(crate) fn without_auth_headers(mut self) -> Reply {
        self.headers
            .retain(|(name, _)| !name.starts_with("x-clerk-auth-"));
        self
    }
}

/// Says who is signed in, for the handlers of every framework.
pub(crate) fn who(auth: &Auth) -> String {
    match auth {
        Auth::Session(claims) => format!("session {}", claims.subject),
        Auth::M2mToken(token) => format!("m2m {}", token.subject),
        other => format!("{other:?}"),
    }
}

/// What `/admin` requires.
pub(crate) fn requirement() -> Requirement {
    Requirement::new().permission("org:invoices:read")
}

/// The extractor cases: authentication options (with a mock API that refuses this
/// server's key) and `(header, [/session, /optional, /any] statuses)`.
pub(crate) struct Cases {
    /// Kept alive for the API key case.
    _server: MockServer,
    pub(crate) options: AuthenticateOptions,
    pub(crate) cases: Vec<(Option<Header>, [u16; 3])>,
    /// `(header, /admin status)`: signed out, without the permission, with it.
    pub(crate) require: Vec<(Option<Header>, u16)>,
}

pub(crate) async fn cases() -> Cases {
    let server = MockServer::start_async().await;
    // The API refuses this server's key when asked about an API key: a 500, not a 401.
    server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/api_keys/verify");
            then.status(401)
                .json_body(clerk_errors("authentication_invalid", "secret key invalid"));
        })
        .await;
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()))
        .accepts_any_token()
        .machine_config(config(&server));
    let bearer = |token: &str| format!("Bearer {token}");
    let session = issuer.session_token("user_1").sign();
    let expired = issuer.session_token("user_1").claim("exp", 1_000).sign();
    let pending = issuer
        .session_token("user_1")
        .claim("sts", "pending")
        .sign();
    let m2m = issuer
        .m2m_token_at("mch_1", TestClock::now().as_ref())
        .sign();
    let reader = issuer
        .session_token("user_2")
        .organization("org_1", "acme", "member", &["org:invoices:read"])
        .sign();
    let cookie = format!("__session={session}; __client_uat=1");
    let cases = vec![
        (None, [401, 200, 401]),
        (Some(("authorization", bearer(&session))), [200, 200, 200]),
        (Some(("cookie", cookie)), [200, 200, 200]),
        (Some(("authorization", bearer(&expired))), [401, 200, 401]),
        (Some(("authorization", bearer(&pending))), [401, 200, 401]),
        (Some(("authorization", bearer(&m2m))), [401, 200, 200]),
        (
            Some(("authorization", bearer("ak_0123456789abcdef"))),
            [500, 200, 500],
        ),
        (
            Some(("authorization", "Bearer not.a.jwt".into())),
            [401, 200, 401],
        ),
    ];
    let require = vec![
        (None, 401),
        (Some(("authorization", bearer(&session))), 403),
        (Some(("authorization", bearer(&m2m))), 403),
        (Some(("authorization", bearer(&reader))), 200),
    ];
    Cases {
        _server: server,
        options,
        cases,
        require,
    }
}

/// The Frontend API host of [`dev_publishable_key`].
pub(crate) const DEV_HOST: &str = "foo-bar-13.clerk.accounts.dev";

/// A development instance's publishable key (its Frontend API is [`DEV_HOST`]).
pub(crate) fn dev_publishable_key() -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{DEV_HOST}$"));
    format!("pk_test_{encoded}")
}

/// Page options for a development instance, and the headers of a browser's navigation
/// to a page of `app.example.org` with an expired session cookie (a handshake), and
/// with a fresh one (signed in).
pub(crate) struct Pages {
    pub(crate) options: AuthenticateOptions,
    pub(crate) expired: Vec<Header>,
    pub(crate) fresh: Vec<Header>,
}

pub(crate) fn pages() -> Pages {
    let issuer = TokenIssuer::new();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let token = |iat: i64, exp: i64| {
        issuer
            .session_token("user_1")
            .claim("iss", format!("https://{DEV_HOST}"))
            .claim("iat", iat)
            .claim("nbf", iat - 10)
            .claim("exp", exp)
            .sign()
    };
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()))
        .pages(PageOptions::new(&dev_publishable_key()).unwrap());
    let navigation = |session: String| {
        vec![
            ("host", "app.example.org".to_string()),
            ("x-forwarded-proto", "https".into()),
            ("sec-fetch-dest", "document".into()),
            ("accept", "text/html".into()),
            (
                "cookie",
                format!(
                    "__clerk_db_jwt=db_123; __session={session}; __client_uat={}",
                    now - 1000
                ),
            ),
        ]
    };
    Pages {
        options,
        expired: navigation(token(now - 600, now - 540)),
        fresh: navigation(token(now - 10, now + 60)),
    }
}

mod on_axum {
    use clerk::axum::{Authenticated, OptionalSession, Session};

    pub async fn session(Session(claims): Session) -> String {
        claims.subject
    }
    pub async fn optional(OptionalSession(claims): OptionalSession) -> String {
        claims.map_or("stranger".into(), |c| c.subject)
    }
    pub async fn any(Authenticated(auth): Authenticated) -> String {
        super::who(&auth)
    }
}

/// `GET path` with `headers` on an axum app behind the layer: `/session`, `/optional`,
/// `/any`, `/admin` (behind a `RequireLayer` of [`requirement`]) and `/dashboard`.
pub(crate) async fn on_axum(
    options: &AuthenticateOptions,
    path: &str,
    headers: &[(&str, &str)],
) -> Reply {
    use axum::routing::get;
    let app = axum::Router::new()
        .route("/admin", get(on_axum::session))
        .route_layer(clerk::axum::RequireLayer::new(requirement()))
        .route("/session", get(on_axum::session))
        .route("/optional", get(on_axum::optional))
        .route("/any", get(on_axum::any))
        .route("/dashboard", get(on_axum::optional))
        .layer(clerk::axum::ClerkLayer::new(options.clone()));
    let mut request = Request::builder().uri(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let head = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    Reply::new(status, &bytes, |name| values(&head, name))
}

/// Every value of header `name` in an `http` map (axum's and Poem's).
pub(crate) fn values(headers: &axum::http::HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

/// `header` as the slice the helpers take.
pub(crate) fn one(header: &Option<Header>) -> Vec<(&str, &str)> {
    header.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

/// `headers` as the slice the helpers take.
pub(crate) fn all(headers: &[Header]) -> Vec<(&str, &str)> {
    headers.iter().map(|(n, v)| (*n, v.as_str())).collect()
}

/// The checks every framework's handshake answer passes (besides equalling axum's).
pub(crate) fn assert_handshake(reply: &Reply) {
    assert_eq!(reply.status, 307, "{reply:?}");
    let location = reply.header("location").unwrap_or_default();
    assert!(
        location.starts_with(&format!("https://{DEV_HOST}/v1/client/handshake?")),
        "{location}"
    );
    assert!(
        location.contains("redirect_url=https%3A%2F%2Fapp.example.org%2F"),
        "{location}"
    );
    let cookies = reply
        .headers
        .iter()
        .find(|(n, _)| *n == "set-cookie")
        .map(|(_, v)| v.join("\n"))
        .unwrap_or_default();
    assert!(cookies.contains("__clerk_redirect_count=1"), "{cookies}");
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert_eq!(reply.header("x-clerk-auth-status"), Some("handshake"));
    assert_eq!(reply.body, Value::String(String::new()));
}
