//! A tonic gRPC service behind [`clerk::tower::ClerkLayer`]: the standard health service,
//! answering only callers whose `authorization` metadata carries a valid session token.
//!
//! ```sh
//! cargo run -p clerk-tests --example tonic
//! ```
//!
//! It lives in the workspace tests crate, beside the tonic test, so that tonic stays out of
//! what building `clerk`'s own examples compiles.
//!
//! It runs offline: tokens are minted with a throwaway key
//! ([`clerk::testing::TokenIssuer`]) and verified with that key, no network. It serves on
//! a free port of 127.0.0.1, calls `grpc.health.v1.Health/Check` without a token, with a
//! valid one and with an expired one, prints the answers and exits. In a real service,
//! verify with the instance's keys instead: `VerifyParams::with_jwks(JwksCache::global())`
//! (with `CLERK_SECRET_KEY` set) or `VerifyParams::with_key(JwtKey::from_pem(..)?)` (with
//! `CLERK_JWT_KEY`).
//!
//! gRPC metadata travels as HTTP/2 headers, so the layer reads `authorization: Bearer
//! <token>` like any HTTP request; a tonic interceptor then turns a signed-out request
//! into `UNAUTHENTICATED` (or `INTERNAL` when this server's own key was refused).

use std::sync::Arc;

use clerk::jwt::VerifyParams;
use clerk::testing::{TestClock, TokenIssuer};
use clerk::tower::ClerkLayer;
use clerk::{AuthenticateOptions, RequestState};
use tokio_stream::wrappers::TcpListenerStream;
use tonic::service::InterceptorLayer;
use tonic::transport::{Channel, Server};
use tonic::{Code, Request, Status};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;
use tower::ServiceBuilder;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Lets signed-in requests through, from the state [`ClerkLayer`] stored; tonic keeps the
/// HTTP request's extensions in `Request::extensions`.
fn require_signed_in(request: Request<()>) -> Result<Request<()>, Status> {
    match request
        .extensions()
        .get::<Arc<RequestState>>()
        .map(|s| &**s)
    {
        Some(RequestState::SignedIn(_)) => Ok(request),
        Some(RequestState::SignedOut(reason)) if reason.is_configuration_error() => Err(
            Status::internal("the server could not verify the credentials"),
        ),
        Some(RequestState::SignedOut(reason)) => Err(Status::unauthenticated(reason.code())),
        Some(_) => Err(Status::unauthenticated("not signed in")),
        None => Err(Status::internal("ClerkLayer is not installed")),
    }
}

/// `Health/Check` with `token` (if any) as `authorization` metadata.
async fn check(channel: &Channel, token: Option<&str>) -> Result<String, Status> {
    let mut request = Request::new(HealthCheckRequest {
        service: String::new(),
    });
    if let Some(token) = token {
        let value = format!("Bearer {token}")
            .parse()
            .map_err(|_| Status::invalid_argument("the token is not a valid header value"))?;
        request.metadata_mut().insert("authorization", value);
    }
    let response = HealthClient::new(channel.clone()).check(request).await?;
    Ok(format!("{:?}", response.get_ref().status()))
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()));

    let (_reporter, health) = tonic_health::server::health_reporter();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server = tokio::spawn(
        Server::builder()
            .layer(
                ServiceBuilder::new()
                    .layer(ClerkLayer::new(options))
                    .layer(InterceptorLayer::new(require_signed_in)),
            )
            .add_service(health)
            .serve_with_incoming(TcpListenerStream::new(listener)),
    );
    println!("serving grpc.health.v1.Health on {addr}");

    let channel = Channel::from_shared(format!("http://{addr}"))?
        .connect()
        .await?;
    let valid = issuer
        .session_token("user_2lLoNcz3KbqXKrAy5US8wtiCSbV")
        .sign();
    let an_hour_ago = TestClock::now();
    an_hour_ago.advance(-3600);
    let expired = issuer
        .session_token_at("user_2lLoNcz3KbqXKrAy5US8wtiCSbV", an_hour_ago.as_ref())
        .sign();

    let mut unexpected = Vec::new();
    for (what, token, want) in [
        ("without a token", None, Code::Unauthenticated),
        ("with a session token", Some(valid.as_str()), Code::Ok),
        (
            "with an expired token",
            Some(expired.as_str()),
            Code::Unauthenticated,
        ),
    ] {
        let (code, answer) = match check(&channel, token).await {
            Ok(status) => (Code::Ok, format!("SERVING status {status}")),
            Err(status) => (
                status.code(),
                format!("{:?}: {}", status.code(), status.message()),
            ),
        };
        println!("Health/Check {what}: {answer}");
        if code != want {
            unexpected.push(format!("{what}: expected {want:?}, got {code:?}"));
        }
    }
    server.abort();
    if unexpected.is_empty() {
        Ok(())
    } else {
        Err(unexpected.join("; ").into())
    }
}
