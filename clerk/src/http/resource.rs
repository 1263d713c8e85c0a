//! What every resource `Client` holds: a handle on its config, through which calls go out.

use std::sync::Arc;

use crate::http::call::{Call, Reply};
use crate::http::config::{ClientConfig, global};
use crate::http::error::Result;

/// A resource client's handle on its config; the transport is built once per config.
#[derive(Clone, Debug)]
pub(crate) enum Api {
    /// A config of the caller's.
    Config(Arc<ClientConfig>),
    /// The process-wide config, looked up when a call is sent (so that `set_key` takes
    /// effect for every later call, and a missing key is the call's error).
    Global,
}

impl Api {
    pub(crate) fn new(config: &ClientConfig) -> Api {
        Api::Config(Arc::new(config.clone()))
    }

    /// Sends `call` through the config's transport.
    pub(crate) async fn send(&self, call: Call) -> Result<Reply> {
        let shared = match self {
            Api::Config(config) => config.shared()?,
            Api::Global => global()?.shared()?,
        };
        shared.execute(call).await
    }
}
