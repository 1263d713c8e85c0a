//! SAML connections (deprecated by the API in favour of enterprise connections) (Go: `samlconnection`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.
//!
//! Every operation here is deprecated by the API: use [`crate::enterprise_connection`].

pub use super::generated::saml_connection::*;

pub use crate::types::{DeletedObject, SamlConnection};
