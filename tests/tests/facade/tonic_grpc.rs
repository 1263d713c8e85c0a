//! A tonic gRPC server with `clerk::tower::ClerkLayer` in `Server::builder().layer(...)`:
//! the token comes from the `authorization` metadata, the verified claims reach a tonic
//! interceptor through the request's extensions, and signed-out calls get gRPC statuses.

use std::sync::{Arc, Mutex};

use clerk::jwt::VerifyParams;
use clerk::testing::TokenIssuer;
use clerk::tower::ClerkLayer;
use clerk::{AuthenticateOptions, RequestState};
use tokio_stream::wrappers::TcpListenerStream;
use tonic::service::InterceptorLayer;
use tonic::transport::{Channel, Server};
use tonic::{Code, Request, Status};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;
use tower::ServiceBuilder;

/// Serves the health service behind the layer and an interceptor that refuses signed-out
/// calls and records the subjects it let through.
async fn serve(options: AuthenticateOptions) -> (Channel, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let interceptor = move |request: Request<()>| -> Result<Request<()>, Status> {
        let state = request
            .extensions()
            .get::<Arc<RequestState>>()
            .cloned()
            .ok_or_else(|| Status::internal("no request state"))?;
        match &*state {
            RequestState::SignedIn(auth) => {
                let subject = auth.session().map_or("?", |c| c.subject.as_str());
                record.lock().unwrap().push(subject.to_string());
                Ok(request)
            }
            RequestState::SignedOut(reason) => Err(Status::unauthenticated(reason.code())),
            RequestState::Handshake(reason) => Err(Status::unauthenticated(reason.code())),
            _ => Err(Status::unauthenticated("not signed in")),
        }
    };
    let (_reporter, health) = tonic_health::server::health_reporter();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(
        Server::builder()
            .layer(
                ServiceBuilder::new()
                    .layer(ClerkLayer::new(options))
                    .layer(InterceptorLayer::new(interceptor)),
            )
            .add_service(health)
            .serve_with_incoming(TcpListenerStream::new(listener)),
    );
    let channel = Channel::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    (channel, seen)
}

async fn check(channel: &Channel, authorization: Option<String>) -> Result<(), Status> {
    let mut request = Request::new(HealthCheckRequest {
        service: String::new(),
    });
    if let Some(value) = authorization {
        request
            .metadata_mut()
            .insert("authorization", value.parse().unwrap());
    }
    HealthClient::new(channel.clone())
        .check(request)
        .await
        .map(drop)
}

#[tokio::test]
async fn grpc_calls_are_authenticated_from_the_authorization_metadata() {
    let issuer = TokenIssuer::new();
    let options = AuthenticateOptions::new(VerifyParams::with_key(issuer.jwt_key()));
    let (channel, seen) = serve(options).await;

    check(
        &channel,
        Some(format!("Bearer {}", issuer.session_token("user_7").sign())),
    )
    .await
    .unwrap();
    assert_eq!(*seen.lock().unwrap(), ["user_7"]);

    let expired = issuer.session_token("user_8").claim("exp", 1_000).sign();
    let forged = TokenIssuer::new()
        .session_token("user_9")
        .header("kid", issuer.kid())
        .sign();
    for (authorization, reason) in [
        (None, "session-token-and-uat-missing"),
        (Some(format!("Bearer {expired}")), "token-expired"),
        (Some(format!("Bearer {forged}")), "token-invalid-signature"),
        (
            Some("Basic dXNlcjpwYXNz".to_string()),
            "session-token-and-uat-missing",
        ),
    ] {
        let status = check(&channel, authorization.clone()).await.unwrap_err();
        assert_eq!(status.code(), Code::Unauthenticated, "{authorization:?}");
        assert_eq!(status.message(), reason, "{authorization:?}");
    }
    assert_eq!(seen.lock().unwrap().len(), 1, "refused calls never passed");
}
