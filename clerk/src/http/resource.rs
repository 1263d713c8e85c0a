//! What every resource `Client` holds, and small conversions the operations share.

use std::sync::Arc;

use crate::http::config::{ClientConfig, global_config};
use crate::http::error::{Error, Result};
use crate::http::transport::Shared;

/// A resource client's handle on its config; the HTTP client is built once per config.
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

    pub(crate) fn global() -> Result<Api> {
        Ok(Api::new(&global_config()?))
    }

    pub(crate) fn shared(&self) -> Result<Arc<Shared>> {
        self.config.shared()
    }
}

/// A page size or offset as the generated builders take it (they reject 0 and negatives).
pub(crate) fn unsigned(value: &i64) -> Result<u64> {
    u64::try_from(*value)
        .map_err(|_| Error::InvalidRequest(format!("{value} must not be negative")))
}

/// A JSON value into a generated request type.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Result<T> {
    serde_json::from_value(value.clone()).map_err(|e| Error::InvalidRequest(e.to_string()))
}

/// A metadata value into the JSON object the API expects.
pub(crate) fn object(value: &serde_json::Value) -> Result<crate::Metadata> {
    match value {
        serde_json::Value::Object(map) => Ok(map.clone()),
        other => Err(Error::InvalidRequest(format!(
            "expected a JSON object, got {other}"
        ))),
    }
}

/// A positive count (`expires_in_days`, ...) as the generated builders take it.
pub(crate) fn positive(value: &i64) -> Result<std::num::NonZeroU64> {
    u64::try_from(*value)
        .ok()
        .and_then(std::num::NonZeroU64::new)
        .ok_or_else(|| Error::InvalidRequest(format!("{value} must be positive")))
}

/// A string into a generated enum (open or closed), through its serde form.
pub(crate) fn enum_value<T: serde::de::DeserializeOwned>(value: &String) -> Result<T> {
    serde_json::from_value(serde_json::Value::String(value.clone()))
        .map_err(|e| Error::InvalidRequest(format!("{value:?}: {e}")))
}

/// A string into a generated constrained string (an id with a pattern, a length-limited
/// name, ...): the spec's constraint is checked here, before anything is sent.
pub(crate) fn constrained<T: std::str::FromStr>(value: &String) -> Result<T>
where
    T::Err: std::fmt::Display,
{
    value
        .parse()
        .map_err(|e| Error::InvalidRequest(format!("{value:?}: {e}")))
}
