//! How the generated [`Client`](crate::Client) sends its requests.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>;

/// Sends one built request. The `clerk` crate's transport adds authentication, the
/// `Clerk-API-Version` header and retries; without one the request goes out as built.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` for the operation `operation_id` with `client`.
    fn send<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> TransportFuture<'a>;
}

/// What a [`Transport`] puts in the extensions of a response it refuses to hand over
/// (a body over its size limit, an answer from another URL than the one requested): the
/// call then fails with [`Error::Custom`] and this message, before any body is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused(pub String);

/// The generated client's inner state: an optional [`Transport`].
#[derive(Clone, Default)]
pub struct Hooks {
    transport: Option<Arc<dyn Transport>>,
}

impl Hooks {
    /// Hooks that send every request through `transport`.
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        Hooks {
            transport: Some(transport),
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("transport", &self.transport.as_ref().map(|_| "custom"))
            .finish()
    }
}

impl ClientHooks<Hooks> for crate::Client {
    /// Refuses a request whose URL path does not have its operation's shape: the second
    /// line of defence behind [`crate::path::encode_path`], after URL parsing.
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        check_path(self.baseurl(), request.url(), info.operation_id).map_err(Error::InvalidRequest)
    }

    /// Fails the call when the transport refused its response ([`Refused`]).
    async fn post<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        _info: &OperationInfo,
    ) -> Result<(), Error<E>> {
        match result
            .as_ref()
            .ok()
            .and_then(|r| r.extensions().get::<Refused>())
        {
            Some(Refused(message)) => Err(Error::Custom(message.clone())),
            None => Ok(()),
        }
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        match &self.inner.transport {
            Some(transport) => {
                transport
                    .send(&self.client, request, info.operation_id)
                    .await
            }
            None => self.client.execute(request).await,
        }
    }
}

/// Checks the URL of a request of the method `operation` against its path template.
fn check_path(baseurl: &str, url: &reqwest::Url, operation: &str) -> Result<(), String> {
    let template = crate::PATH_TEMPLATES
        .binary_search_by(|(name, _)| (*name).cmp(operation))
        .map(|i| crate::PATH_TEMPLATES[i].1)
        .map_err(|_| format!("{operation}: unknown operation"))?;
    let base_path = reqwest::Url::parse(baseurl)
        .map(|u| u.path().trim_end_matches('/').to_string())
        .map_err(|e| format!("base URL {baseurl:?}: {e}"))?;
    let path = url.path();
    let confined = path
        .strip_prefix(&base_path)
        .is_some_and(|rest| crate::path::matches_template(template, rest));
    if confined {
        Ok(())
    } else {
        Err(format!(
            "{operation}: the request path {path:?} does not match {template:?}; a path parameter was empty, `.`, `..` or not one segment"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_left_their_template_are_refused() {
        let base = "https://api.clerk.com/v1";
        let url = |s: &str| reqwest::Url::parse(s).unwrap();
        assert!(check_path(base, &url("https://api.clerk.com/v1/users/u1"), "get_user").is_ok());
        // What `..\\organizations\\o` becomes when `\\` is not encoded.
        let escaped = url("https://api.clerk.com/v1/users/..\\organizations\\o");
        assert_eq!(escaped.path(), "/v1/organizations/o");
        assert!(check_path(base, &escaped, "delete_user").is_err());
        assert!(check_path(base, &url("https://api.clerk.com/v1/users/"), "get_user").is_err());
        assert!(check_path(base, &url("https://api.clerk.com/v1/users/%2e"), "get_user").is_err());
        assert!(check_path(base, &url("https://api.clerk.com/v2/users/u"), "get_user").is_err());
        assert!(check_path(base, &url("https://api.clerk.com/v1/users/u"), "no_such_op").is_err());
    }
}
