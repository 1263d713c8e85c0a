//! API keys that your users, organizations and machines use to call your own API: create,
//! list, update, revoke and verify them. The Go SDK has no twin.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.
//!
//! Each operation answers with its own generated type (the spec repeats the API key
//! schema inline per operation); they all carry the same fields.

pub use super::generated::api_key::*;

pub use crate::types::{
    CreateApiKeyResponse, DeleteApiKeyResponse, GetApiKeyResponse, GetApiKeySecretResponse,
    GetApiKeysResponseDataItem, RevokeApiKeyResponse, UpdateApiKeyResponse, VerifyApiKeyResponse,
};
