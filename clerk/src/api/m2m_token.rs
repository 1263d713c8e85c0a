//! Machine-to-machine tokens: short-lived tokens one of your machines presents to
//! another; create, list, revoke and verify them. The Go SDK has no twin.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.
//!
//! [`create`] must be authenticated with the machine's secret key instead of the
//! instance's: build a [`ClientConfig`](crate::ClientConfig) with that key and a
//! [`Client`]. The other operations accept either key.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, positive, unsigned};
use crate::types;

pub use crate::types::{
    CreateM2mTokenResponse, GetM2mTokensResponseM2mTokensItem, RevokeM2mTokenResponse,
    VerifyM2mTokenResponse,
};

resource_client!();

params! {
    /// What the new token looks like, for [`create`]. Every field is optional.
    pub struct CreateParams {
        /// `opaque` (the default: stored, listable, revocable) or `jwt` (stateless).
        token_format: String,
        /// Lifetime in seconds; without it the machine's default applies.
        seconds_until_expiration: i64,
        /// Custom claims carried by the token (any JSON).
        claims: serde_json::Value,
        /// Reuse a live opaque token with the same claims and scopes when it has at least
        /// this many seconds left, instead of minting a new one. Must be less than the
        /// token's lifetime.
        min_remaining_ttl_seconds: i64,
    }
}

params! {
    /// Filters for [`list`] and [`list_all`]. `subject` is required.
    pub struct ListParams {
        /// Required: the machine whose tokens to list (`mch_...`).
        subject: String,
        /// Include revoked tokens.
        revoked: bool,
        /// Include expired tokens.
        expired: bool,
        /// Page size (1 to 100; the API's default is 10).
        limit: i64,
        /// How many tokens to skip.
        offset: i64,
    }
}
paged!(ListParams);

fn list_query<'a>(
    b: clerk_raw::builder::GetM2mTokens<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::GetM2mTokens<'a>> {
    Ok(set!(b, p; subject, revoked, expired, limit => unsigned, offset => unsigned))
}

operations! {
    /// Creates a token for the machine whose secret key authenticates the call. The
    /// response's `token` is the secret to present.
    #[doc(alias = "createM2MToken")]
    pub async fn create(&self, params: &CreateParams) -> Result<CreateM2mTokenResponse> {
        let s = self.api.shared()?;
        let body = set!(types::CreateM2mTokenBody::builder(), params;
            token_format => enum_value::<types::CreateM2mTokenBodyTokenFormat>,
            seconds_until_expiration => positive, claims,
            min_remaining_ttl_seconds => unsigned,
        );
        s.call(s.raw.create_m2m_token().body(body).send()).await
    }

    /// Lists a machine's opaque tokens (JWT tokens are not stored), valid ones only
    /// unless `revoked` / `expired` say otherwise.
    #[doc(alias = "getM2MTokens")]
    pub async fn list(&self, params: &ListParams) -> Result<List<GetM2mTokensResponseM2mTokensItem>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.get_m2m_tokens(), params)?.send()).await?;
        Ok(List::new(page.m2m_tokens, page.total_count as i64))
    }

    /// Revokes an opaque token (`mt_...`), with an optional reason kept on the token.
    /// JWT tokens cannot be revoked.
    #[doc(alias = "revokeM2MToken")]
    pub async fn revoke(&self, m2m_token_id: &str, revocation_reason: Option<&str>) -> Result<RevokeM2mTokenResponse> {
        let s = self.api.shared()?;
        let body = types::RevokeM2mTokenBody::builder().revocation_reason(revocation_reason.map(str::to_string));
        s.call(s.raw.revoke_m2m_token().m2m_token_id(m2m_token_id).body(body).send()).await
    }

    /// Verifies a token presented to your API and returns it (its `subject` machine,
    /// `scopes` and `claims`).
    ///
    /// A token that is not valid is an [`Error::Api`](crate::Error::Api) with status
    /// 404, or 400 when it is malformed: treat both as "not authenticated". Other
    /// errors (5xx, transport) mean the check itself failed, not the token.
    #[doc(alias = "verifyM2MToken")]
    pub async fn verify(&self, secret: &str) -> Result<VerifyM2mTokenResponse> {
        let s = self.api.shared()?;
        let body = types::VerifyM2mTokenBody::builder().token(secret);
        s.call(s.raw.verify_m2m_token().body(body).send()).await
    }
}

paginators! {
    /// Every token matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<GetM2mTokensResponseM2mTokensItem> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(list_query(s.raw.get_m2m_tokens(), &page)?.send())
                    .await?;
                Ok((page.m2m_tokens, Some(page.total_count as i64)))
            }
        })
    }
}
