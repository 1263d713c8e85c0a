//! Users: create, find, update and delete the people who sign in to your application
//! (Go: `user`). See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::user::*;

pub use crate::billing::CreditAdjustmentParams;
pub use crate::types::{DeletedObject, User};

use http::Method;

use super::generated::user::GLOBAL;
use crate::api::request::segment;
use crate::http::call::{Call, Query};
use crate::http::list::{List, Paginator, paginate};
use crate::http::upload::{Multipart, Upload};
use crate::{Result, types};

// The operations with logic of their own: the user list carries its count (a second
// request), and the profile image is a multipart upload.
impl Client {
    /// Lists users matching `params`, newest first unless `order_by` says otherwise.
    ///
    /// `GET /users` answers with a bare array, so `total_count` comes from
    /// `GET /users/count` with the same filters, requested concurrently (two requests,
    /// not one atomic snapshot). Use [`Client::list_all`] to walk every page without the count.
    #[doc(alias = "GetUserList")]
    pub async fn list(&self, params: &ListParams) -> Result<List<User>> {
        let (data, total) =
            futures_util::future::try_join(self.page(params), self.count(params)).await?;
        Ok(List::new(data, total))
    }

    /// Counts users matching the filters of `params` (`limit`, `offset` and `order_by`
    /// are not sent).
    #[doc(alias = "GetUsersCount")]
    pub async fn count(&self, params: &ListParams) -> Result<i64> {
        let mut query = Query::new();
        filters(&mut query, params);
        let call = Call::new(
            Method::GET,
            "GetUsersCount",
            "/users/count",
            "/users/count".into(),
        )
        .query(query);
        let count: types::TotalCount = self.api.send(call).await?.json()?;
        Ok(count.total_count)
    }

    /// Every user matching `params`, as a stream fetched a page at a time (no count request).
    pub fn list_all(&self, params: &ListParams) -> Paginator<User> {
        let client = self.clone();
        paginate(params, move |page: ListParams| {
            let client = client.clone();
            async move { Ok((client.page(&page).await?, None)) }
        })
    }

    /// Uploads a new profile image (a multipart form with the file as `file`).
    #[doc(alias = "SetUserProfileImage")]
    pub async fn update_profile_image(&self, user_id: &str, file: &Upload) -> Result<User> {
        let mut form = Multipart::new();
        form.file("file", file)?;
        let path = format!("/users/{}/profile_image", segment("user_id", user_id)?);
        let call = Call::new(
            Method::POST,
            "SetUserProfileImage",
            "/users/{user_id}/profile_image",
            path,
        )
        .body(form.finish());
        self.api.send(call).await?.json()
    }

    /// One page of `GET /users`.
    async fn page(&self, params: &ListParams) -> Result<Vec<User>> {
        let mut query = Query::new();
        crate::api::request::check_opt::<std::num::NonZeroU64, _>("limit", params.limit.as_ref())?;
        crate::api::request::check_opt::<u64, _>("offset", params.offset.as_ref())?;
        query.opt("limit", params.limit.as_ref());
        query.opt("offset", params.offset.as_ref());
        query.opt("order_by", params.order_by.as_ref());
        filters(&mut query, params);
        let call = Call::new(Method::GET, "GetUserList", "/users", "/users".into()).query(query);
        self.api.send(call).await?.json()
    }
}

/// The filters `GET /users` and `GET /users/count` share.
fn filters(query: &mut Query, p: &ListParams) {
    query.opt("query", p.query.as_ref());
    query.opt("email_address", p.email_address.as_ref());
    query.opt("email_address_query", p.email_address_query.as_ref());
    query.opt("phone_number", p.phone_number.as_ref());
    query.opt("phone_number_query", p.phone_number_query.as_ref());
    query.opt("external_id", p.external_id.as_ref());
    query.opt("username", p.username.as_ref());
    query.opt("username_query", p.username_query.as_ref());
    query.opt("name_query", p.name_query.as_ref());
    query.opt("web3_wallet", p.web3_wallet.as_ref());
    query.opt("user_id", p.user_id.as_ref());
    query.opt("organization_id", p.organization_id.as_ref());
    query.opt("provider", p.provider.as_ref());
    query.opt("provider_user_id", p.provider_user_id.as_ref());
    query.opt("banned", p.banned.as_ref());
    query.opt("last_active_at_since", p.last_active_at_since.as_ref());
    query.opt("last_active_at_after", p.last_active_at_after.as_ref());
    query.opt("last_active_at_before", p.last_active_at_before.as_ref());
    query.opt("last_sign_in_at_after", p.last_sign_in_at_after.as_ref());
    query.opt("last_sign_in_at_before", p.last_sign_in_at_before.as_ref());
    query.opt("created_at_after", p.created_at_after.as_ref());
    query.opt("created_at_before", p.created_at_before.as_ref());
    query.opt("starting_after", p.starting_after.as_ref());
}

/// Lists users matching `params`, with their total count (two requests); see [`Client::list`].
///
/// Uses the process-wide config ([`crate::set_key`]).
#[doc(alias = "GetUserList")]
pub fn list(params: &ListParams) -> impl Future<Output = Result<List<User>>> {
    GLOBAL.list(params)
}

/// Counts users matching the filters of `params`; see [`Client::count`].
///
/// Uses the process-wide config ([`crate::set_key`]).
#[doc(alias = "GetUsersCount")]
pub fn count(params: &ListParams) -> impl Future<Output = Result<i64>> {
    GLOBAL.count(params)
}

/// Every user matching `params`, as a stream; see [`Client::list_all`].
///
/// Uses the process-wide config ([`crate::set_key`]).
pub fn list_all(params: &ListParams) -> Paginator<User> {
    GLOBAL.list_all(params)
}

/// Uploads a new profile image; see [`Client::update_profile_image`].
///
/// Uses the process-wide config ([`crate::set_key`]).
#[doc(alias = "SetUserProfileImage")]
pub fn update_profile_image(user_id: &str, file: &Upload) -> impl Future<Output = Result<User>> {
    GLOBAL.update_profile_image(user_id, file)
}
