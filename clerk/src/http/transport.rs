//! How every request goes out: headers, timeout, retries; and how results become [`Error`]s.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clerk_raw::progenitor_client::{self, ResponseValue};
use clerk_raw::reqwest;
use http::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, USER_AGENT};

use crate::http::config::ClientConfig;
use crate::http::error::{ApiErrorResponse, Error, Result, TransportError};
use crate::http::retry::{self, RetryPolicy};

/// What a [`ClientConfig`] builds once: the generated client wired to our transport.
pub(crate) struct Shared {
    pub(crate) raw: clerk_raw::Client,
    pub(crate) transport: Arc<ClerkTransport>,
    pub(crate) http: reqwest::Client,
    pub(crate) api_url: String,
}

impl Shared {
    pub(crate) fn new(config: &ClientConfig) -> Result<Shared> {
        let key = config.secret_key.expose();
        if key.is_empty() {
            return Err(Error::MissingSecretKey);
        }
        let http = match &config.http {
            Some(client) => client.clone(),
            None => reqwest::Client::builder()
                .build()
                .map_err(|e| Error::Transport(TransportError::new(e)))?,
        };
        // The key must never reach an error message, so the error says nothing about it.
        let mut auth = HeaderValue::try_from(format!("Bearer {key}")).map_err(|_| {
            Error::InvalidRequest(
                "the secret key contains characters not allowed in a header".into(),
            )
        })?;
        auth.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, auth);
        headers.insert(
            HeaderName::from_static("clerk-api-version"),
            HeaderValue::from_static(clerk_raw::API_VERSION),
        );
        headers.insert(
            USER_AGENT,
            HeaderValue::from_static(concat!("clerk-rust/", env!("CARGO_PKG_VERSION"))),
        );
        headers.insert(
            HeaderName::from_static("x-clerk-sdk"),
            HeaderValue::from_static(concat!("rust/", env!("CARGO_PKG_VERSION"))),
        );
        for (name, value) in &config.headers {
            headers.insert(name.clone(), value.clone());
        }
        let transport = Arc::new(ClerkTransport {
            headers,
            timeout: config.timeout,
            retry: config.retry.clone(),
        });
        let raw = clerk_raw::Client::new_with_client(
            &config.api_url,
            http.clone(),
            clerk_raw::Hooks::new(transport.clone()),
        );
        Ok(Shared {
            raw,
            transport,
            http,
            api_url: config.api_url.clone(),
        })
    }

    /// Runs one generated call and turns its outcome into ours.
    pub(crate) async fn call<T, E, F>(&self, call: F) -> Result<T>
    where
        F: Future<Output = std::result::Result<ResponseValue<T>, progenitor_client::Error<E>>>,
    {
        let slot = Slot::default();
        let result = CAPTURED.scope(slot.clone(), call).await;
        match result {
            Ok(value) => Ok(value.into_inner()),
            Err(e) => Err(convert(e, slot.take()).await),
        }
    }

    /// Sends a request built by hand (multipart uploads) through the same transport.
    pub(crate) async fn send_raw(
        &self,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> Result<bytes::Bytes> {
        let slot = Slot::default();
        let response = CAPTURED
            .scope(
                slot.clone(),
                clerk_raw::Transport::send(&*self.transport, &self.http, request, operation_id),
            )
            .await
            .map_err(|e| Error::Transport(TransportError::new(e)))?;
        if let Some(captured) = slot.take() {
            return Err(Error::Api(captured.into_error()));
        }
        let status = response.status().as_u16();
        let body = response
            .bytes()
            .await
            .map_err(|e| Error::Transport(TransportError::new(e)))?;
        if !(200..300).contains(&status) {
            return Err(Error::UnexpectedStatus {
                status,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
        }
        Ok(body)
    }
}

/// The final error response of a call, kept by the transport for [`Shared::call`].
struct Captured {
    status: u16,
    trace_id: Option<String>,
    retry_after: Option<Duration>,
    body: bytes::Bytes,
}

impl Captured {
    fn into_error(self) -> ApiErrorResponse {
        ApiErrorResponse::from_parts(self.status, self.trace_id, self.retry_after, &self.body)
    }
}

#[derive(Clone, Default)]
struct Slot(Arc<Mutex<Option<Captured>>>);

impl Slot {
    fn take(&self) -> Option<Captured> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

tokio::task_local! {
    /// Set while a facade call runs, so the transport can hand back the raw error response
    /// (the generated code keeps neither the status nor the body of an unparseable one).
    static CAPTURED: Slot;
}

async fn convert<E>(error: progenitor_client::Error<E>, captured: Option<Captured>) -> Error {
    use progenitor_client::Error as Raw;
    if let Some(captured) = captured {
        return Error::Api(captured.into_error());
    }
    match error {
        Raw::InvalidRequest(msg) | Raw::Custom(msg) => Error::InvalidRequest(msg),
        Raw::CommunicationError(e) | Raw::ResponseBodyError(e) | Raw::InvalidUpgrade(e) => {
            Error::Transport(TransportError::new(e))
        }
        Raw::InvalidResponsePayload(body, source) => Error::Decode {
            body: String::from_utf8_lossy(&body).into_owned(),
            source,
        },
        Raw::ErrorResponse(response) => {
            // Only reachable when no transport captured the response.
            Error::Api(ApiErrorResponse::from_parts(
                response.status().as_u16(),
                None,
                None,
                b"",
            ))
        }
        Raw::UnexpectedResponse(response) => {
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            Error::UnexpectedStatus { status, body }
        }
    }
}

/// Adds Clerk's headers, applies the timeout and retries, and keeps error responses.
pub(crate) struct ClerkTransport {
    headers: HeaderMap,
    timeout: Duration,
    retry: RetryPolicy,
}

impl clerk_raw::Transport for ClerkTransport {
    fn send<'a>(
        &'a self,
        client: &'a reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &'static str,
    ) -> clerk_raw::TransportFuture<'a> {
        Box::pin(async move {
            let headers = request.headers_mut();
            // progenitor adds `api-version`; Clerk reads `Clerk-API-Version`, set below.
            headers.remove("api-version");
            for (name, value) in &self.headers {
                headers.insert(name.clone(), value.clone());
            }
            *request.timeout_mut() = Some(self.timeout);
            let method = request.method().clone();
            let started = Instant::now();
            let mut attempt = 1;
            loop {
                let spare = if attempt < self.retry.max_attempts() {
                    request.try_clone()
                } else {
                    None
                };
                let result = client.execute(request).await;
                let wait = match &result {
                    Ok(response) if retry::retry_status(&method, response.status()) => {
                        let after = retry::retry_after(response.headers());
                        self.retry.next_wait(attempt, started.elapsed(), after)
                    }
                    Err(e) if e.is_connect() || (retry::idempotent(&method) && e.is_timeout()) => {
                        self.retry.next_wait(attempt, started.elapsed(), None)
                    }
                    _ => None,
                };
                match (wait, spare) {
                    (Some(wait), Some(spare)) => {
                        tracing::debug!(
                            operation_id,
                            attempt,
                            wait_ms = wait.as_millis() as u64,
                            status = result.as_ref().ok().map(|r| r.status().as_u16()),
                            "clerk: retrying"
                        );
                        tokio::time::sleep(wait).await;
                        request = spare;
                        attempt += 1;
                    }
                    _ => {
                        let response = result?;
                        tracing::debug!(
                            operation_id,
                            attempt,
                            status = response.status().as_u16(),
                            "clerk: response"
                        );
                        return keep_error(response).await;
                    }
                }
            }
        })
    }
}

/// For an error status, reads the body once, hands a copy to the running facade call
/// (if any) and returns an equivalent response for the generated code to decode.
async fn keep_error(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }
    let version = response.version();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    let _ = CAPTURED.try_with(|slot| {
        let trace_id = headers
            .get("clerk-trace-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Captured {
            status: status.as_u16(),
            trace_id,
            retry_after: retry::retry_after(&headers),
            body: body.clone(),
        });
    });
    let mut rebuilt = http::Response::new(reqwest::Body::from(body));
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}
