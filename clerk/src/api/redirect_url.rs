//! Redirect URLs allowed after OAuth and email-link flows (Go: `redirecturl`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::unsigned;
use crate::types;

pub use crate::types::{DeletedObject, RedirectUrl};

resource_client!();

params! {
    /// The URL to allow with [`create`]; `url` is required.
    pub struct CreateParams {
        /// The full URL: `https://my-app.com/oauth-callback` or a custom scheme such as
        /// `my-app://oauth-callback` (for native apps).
        url: String,
    }
}

params! {
    /// Paging for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many redirect URLs to skip.
        offset: i64,
    }
}
paged!(ListParams);

operations! {
    /// One page of the redirect URLs the instance allows.
    #[doc(alias = "ListRedirectURLs")]
    pub async fn list(&self, params: &ListParams) -> Result<List<RedirectUrl>> {
        let (data, total_count) = self.page(params).await?;
        Ok(match total_count {
            Some(total_count) => List::new(data, total_count),
            None => List::whole(data),
        })
    }

    /// Allows a redirect URL.
    #[doc(alias = "CreateRedirectURL")]
    pub async fn create(&self, params: &CreateParams) -> Result<RedirectUrl> {
        let s = self.api.shared()?;
        let body = set!(types::CreateRedirectUrlBody::builder(), params; url);
        s.call(s.raw.create_redirect_url().body(body).send()).await
    }

    /// Retrieves a redirect URL by id.
    #[doc(alias = "GetRedirectURL")]
    pub async fn get(&self, id: &str) -> Result<RedirectUrl> {
        let s = self.api.shared()?;
        s.call(s.raw.get_redirect_url().id(id).send()).await
    }

    /// Stops allowing a redirect URL.
    #[doc(alias = "DeleteRedirectURL")]
    pub async fn delete(&self, id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_redirect_url().id(id).send()).await
    }
}

impl Client {
    /// One page of redirect URLs and, when the API sent it, the total count.
    async fn page(&self, params: &ListParams) -> Result<(Vec<RedirectUrl>, Option<i64>)> {
        let s = self.api.shared()?;
        let b = set!(s.raw.list_redirect_ur_ls().paginated(true), params;
            limit => unsigned, offset => unsigned);
        Ok(match s.call(b.send()).await? {
            types::ListRedirectUrLsResponse::Page { data, total_count } => {
                (data, Some(total_count))
            }
            types::ListRedirectUrLsResponse::Items(data) => (data, None),
        })
    }
}

paginators! {
    /// Every redirect URL of the instance, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<RedirectUrl> {
        let client = self.clone();
        paginate(params, move |page: ListParams| {
            let client = client.clone();
            async move { client.page(&page).await }
        })
    }
}
