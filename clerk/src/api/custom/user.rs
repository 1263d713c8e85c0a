//! The hand-written operations of [`crate::user`]: the user list carries its count (a
//! second request), and the profile image is a multipart upload. Their package-level
//! functions and blocking twins are generated from these signatures.

use http::Method;

use super::{Client, ListParams, User};
use crate::Result;
use crate::api::request::segment;
use crate::http::call::Call;
use crate::http::list::{List, Paginator, paginate};
use crate::http::upload::{Multipart, Upload};

impl Client {
    /// Lists users matching `params`, newest first unless `order_by` says otherwise.
    ///
    /// `GET /users` answers with a bare array, so `total_count` comes from
    /// `GET /users/count` with the same filters, requested concurrently (two requests,
    /// not one atomic snapshot). Use [`Client::list_all`] to walk every page without the count.
    #[doc(alias = "GetUserList")]
    pub async fn list(&self, params: &ListParams) -> Result<List<User>> {
        let (data, total) =
            futures_util::future::try_join(self.send_list(params), self.count(params)).await?;
        Ok(List::new(data, total))
    }

    /// Counts users matching the filters of `params` (only what `GET /users/count`
    /// declares is sent: not `limit`, `offset`, `order_by` or `starting_after`).
    #[doc(alias = "GetUsersCount")]
    pub async fn count(&self, params: &ListParams) -> Result<i64> {
        Ok(self.send_count(params).await?.total_count)
    }

    /// Every user matching `params`, as a stream fetched a page at a time (no count request).
    pub fn list_all(&self, params: &ListParams) -> Paginator<User> {
        let client = self.clone();
        paginate(params, move |page: ListParams| {
            let client = client.clone();
            async move { Ok((client.send_list(&page).await?, None)) }
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
}
