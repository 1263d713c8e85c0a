//! The allow-list: only these identifiers may sign up (Go: `allowlistidentifier`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::unsigned;
use crate::types;

pub use crate::types::{AllowlistIdentifier, DeletedObject};

resource_client!();

params! {
    /// The identifier to allow with [`create`]; `identifier` is required.
    pub struct CreateParams {
        /// An email address, phone number or web3 wallet address.
        identifier: String,
        /// Send an invitation to join (email addresses and phone numbers only; the API's
        /// default is false).
        notify: bool,
    }
}

params! {
    /// Paging for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many identifiers to skip.
        offset: i64,
    }
}
paged!(ListParams);

operations! {
    /// One page of the identifiers allowed to sign up.
    #[doc(alias = "ListAllowlistIdentifiers")]
    pub async fn list(&self, params: &ListParams) -> Result<List<AllowlistIdentifier>> {
        let (data, total_count) = self.page(params).await?;
        Ok(match total_count {
            Some(total_count) => List::new(data, total_count),
            None => List::whole(data),
        })
    }

    /// Allows an identifier to sign up (once the allow-list is on, only listed ones can).
    #[doc(alias = "CreateAllowlistIdentifier")]
    pub async fn create(&self, params: &CreateParams) -> Result<AllowlistIdentifier> {
        let s = self.api.shared()?;
        let body = set!(types::CreateAllowlistIdentifierBody::builder(), params; identifier, notify);
        s.call(s.raw.create_allowlist_identifier().body(body).send()).await
    }

    /// Removes an identifier from the allow-list.
    #[doc(alias = "DeleteAllowlistIdentifier")]
    pub async fn delete(&self, identifier_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_allowlist_identifier().identifier_id(identifier_id).send()).await
    }
}

impl Client {
    /// One page of identifiers and, when the API sent it, the total count.
    async fn page(&self, params: &ListParams) -> Result<(Vec<AllowlistIdentifier>, Option<i64>)> {
        let s = self.api.shared()?;
        let b = set!(s.raw.list_allowlist_identifiers().paginated(true), params;
            limit => unsigned, offset => unsigned);
        Ok(match s.call(b.send()).await? {
            types::ListAllowlistIdentifiersResponse::Page { data, total_count } => {
                (data, Some(total_count))
            }
            types::ListAllowlistIdentifiersResponse::Items(data) => (data, None),
        })
    }
}

paginators! {
    /// Every identifier on the allow-list, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<AllowlistIdentifier> {
        let client = self.clone();
        paginate(params, move |page: ListParams| {
            let client = client.clone();
            async move { client.page(&page).await }
        })
    }
}
