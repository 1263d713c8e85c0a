//! What every resource `Client` holds: a handle on its config, through which calls go out.

use std::sync::Arc;

use crate::http::call::{Call, Reply};
use crate::http::config::{ClientConfig, global};
use crate::http::error::Result;

/// A resource client's handle on its config; the transport is built once per config.
#[derive(Clone, Debug)]
pub(crate) struct Api {
    config: Arc<ClientConfig>,
}

impl Api {
    pub(crate) fn new(config: &ClientConfig) -> Api {
        Api {
            config: Arc::new(config.clone()),
        }
    }

    /// The process-wide config's handle (an `Arc` copy, not a config copy).
    pub(crate) fn global() -> Result<Api> {
        Ok(Api { config: global()? })
    }

    /// Sends `call` through the config's transport.
    pub(crate) async fn send(&self, call: Call) -> Result<Reply> {
        self.config.shared()?.execute(call).await
    }
}
