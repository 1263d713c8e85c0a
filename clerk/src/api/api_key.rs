//! API keys that your users, organizations and machines use to call your own API: create,
//! list, update, revoke and verify them. The Go SDK has no twin.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.
//!
//! Each operation answers with its own generated type (the spec repeats the API key
//! schema inline per operation); they all carry the same fields.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{constrained, positive, unsigned};
use crate::types;

pub use crate::types::{
    CreateApiKeyResponse, DeleteApiKeyResponse, GetApiKeyResponse, GetApiKeySecretResponse,
    GetApiKeysResponseDataItem, RevokeApiKeyResponse, UpdateApiKeyResponse, VerifyApiKeyResponse,
};

resource_client!();

params! {
    /// Filters for [`list`] and [`list_all`]. `subject` is required.
    pub struct ListParams {
        /// Required: the user, organization or machine owning the keys
        /// (`user_...`, `org_...`, `mch_...`).
        subject: String,
        /// Only keys of this type (the API's default is `api_key`).
        type_: String,
        /// Also list revoked and expired keys.
        include_invalid: bool,
        /// Keys whose name or id contains this.
        query: String,
        /// Page size (1 to 100; the API's default is 10).
        limit: i64,
        /// How many keys to skip.
        offset: i64,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new API key for [`create`]; `name` and `subject` are required.
    pub struct CreateParams {
        /// A name for the key (at least 3 characters, no surrounding spaces).
        name: String,
        /// Who the key belongs to and acts as: `user_...`, `org_...`, `mch_...` or `scim_...`.
        subject: String,
        /// The key type, 3 to 25 characters (the API's default is `api_key`).
        type_: String,
        /// A description (up to 255 characters).
        description: String,
        /// Custom claims returned when the key is verified (any JSON).
        claims: serde_json::Value,
        /// Scopes returned when the key is verified.
        scopes: Vec<String>,
        /// The user who created the key (`user_...`), for your records.
        created_by: String,
        /// Lifetime in seconds; without it the key never expires.
        seconds_until_expiration: i64,
    }
}

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// New custom claims (any JSON).
        claims: serde_json::Value,
        /// New scopes; an empty list removes them all.
        scopes: Vec<String>,
        /// A new description (up to 255 characters); `clerk::null()` removes it.
        description: crate::Nullable<String>,
        /// A new owner: `user_...`, `org_...`, `mch_...` or `scim_...`.
        subject: String,
        /// A new lifetime in seconds; `clerk::null()` makes the key never expire.
        seconds_until_expiration: crate::Nullable<i64>,
    }
}

/// `include_invalid` is a `"true"`/`"false"` string enum in the spec.
fn include_invalid(value: &bool) -> Result<types::GetApiKeysIncludeInvalid> {
    Ok(if *value {
        types::GetApiKeysIncludeInvalid::True
    } else {
        types::GetApiKeysIncludeInvalid::False
    })
}

fn list_query<'a>(
    b: clerk_raw::builder::GetApiKeys<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::GetApiKeys<'a>> {
    Ok(set!(b, p;
        subject, type_, include_invalid => include_invalid, query,
        limit => unsigned, offset => unsigned,
    ))
}

operations! {
    /// Creates an API key. The response's `secret` is the key itself; it can be
    /// fetched again later with [`get_secret`].
    #[doc(alias = "createApiKey")]
    pub async fn create(&self, params: &CreateParams) -> Result<CreateApiKeyResponse> {
        let s = self.api.shared()?;
        let body = set!(types::CreateApiKeyBody::builder(), params;
            name => constrained::<types::CreateApiKeyBodyName>,
            subject => constrained::<types::CreateApiKeyBodySubject>,
            type_ => constrained::<types::CreateApiKeyBodyType>,
            description => constrained::<types::CreateApiKeyBodyDescription>,
            claims, scopes,
            created_by => constrained::<types::CreateApiKeyBodyCreatedBy>,
            seconds_until_expiration => positive,
        );
        s.call(s.raw.create_api_key().body(body).send()).await
    }

    /// Lists the API keys of `params.subject`, valid ones only unless `include_invalid`.
    #[doc(alias = "getApiKeys")]
    pub async fn list(&self, params: &ListParams) -> Result<List<GetApiKeysResponseDataItem>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.get_api_keys(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count as i64))
    }

    /// Retrieves an API key by id (`ak_...`), without its secret.
    #[doc(alias = "getApiKey")]
    pub async fn get(&self, api_key_id: &str) -> Result<GetApiKeyResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.get_api_key().api_key_id(api_key_id).send()).await
    }

    /// Updates an API key; only the fields set in `params` change.
    #[doc(alias = "updateApiKey")]
    pub async fn update(&self, api_key_id: &str, params: &UpdateParams) -> Result<UpdateApiKeyResponse> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateApiKeyBody::builder(), params;
            claims, scopes,
            description,
            subject => constrained::<types::UpdateApiKeyBodySubject>,
            seconds_until_expiration,
        );
        s.call(s.raw.update_api_key().api_key_id(api_key_id).body(body).send()).await
    }

    /// Deletes an API key; requests made with it fail verification afterwards.
    #[doc(alias = "deleteApiKey")]
    pub async fn delete(&self, api_key_id: &str) -> Result<DeleteApiKeyResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_api_key().api_key_id(api_key_id).send()).await
    }

    /// The secret of an API key, e.g. to show it again to its owner.
    #[doc(alias = "getApiKeySecret")]
    pub async fn get_secret(&self, api_key_id: &str) -> Result<GetApiKeySecretResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.get_api_key_secret().api_key_id(api_key_id).send()).await
    }

    /// Revokes an API key, with an optional reason kept on the key. Unlike [`delete`],
    /// the key stays listed (with `include_invalid`) as revoked.
    #[doc(alias = "revokeApiKey")]
    pub async fn revoke(&self, api_key_id: &str, revocation_reason: Option<&str>) -> Result<RevokeApiKeyResponse> {
        let s = self.api.shared()?;
        let body = types::RevokeApiKeyBody::builder().revocation_reason(revocation_reason.map(str::to_string));
        s.call(s.raw.revoke_api_key().api_key_id(api_key_id).body(body).send()).await
    }

    /// Verifies an API key secret presented to your API and returns the key (its
    /// `subject`, `scopes` and `claims`).
    ///
    /// A secret that is not a valid key is an [`Error::Api`](crate::Error::Api) with
    /// status 404, or 400 when it is malformed: treat both as "not authenticated".
    /// Other errors (5xx, transport) mean the check itself failed, not the key.
    #[doc(alias = "verifyApiKey")]
    pub async fn verify(&self, secret: &str) -> Result<VerifyApiKeyResponse> {
        let s = self.api.shared()?;
        let body = types::VerifyApiKeyBody::builder().secret(secret);
        s.call(s.raw.verify_api_key().body(body).send()).await
    }
}

paginators! {
    /// Every API key matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<GetApiKeysResponseDataItem> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(list_query(s.raw.get_api_keys(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count as i64)))
            }
        })
    }
}
