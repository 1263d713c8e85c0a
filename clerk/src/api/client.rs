//! Clients: the devices and browsers users sign in from (Go: `client`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::list::List;
use crate::http::resource::unsigned;
use crate::types;

// The response type is `types::Client`; it is not re-exported here, where `Client` is
// this module's API client.
resource_client!();

params! {
    /// Paging for [`list`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many clients to skip.
        offset: i64,
    }
}

operations! {
    /// One page of all clients, newest first. Deprecated by the API, which may answer
    /// 410 Gone: look clients up by id or token instead.
    #[doc(alias = "GetClientList")]
    pub async fn list(&self, params: &ListParams) -> Result<List<types::Client>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.get_client_list().paginated(true), params; limit => unsigned, offset => unsigned);
        Ok(match s.call(b.send()).await? {
            types::GetClientListResponse::Page { data, total_count } => List::new(data, total_count),
            types::GetClientListResponse::Items(data) => List::whole(data),
        })
    }

    /// The client a client JWT (the `__client` cookie's token) stands for, once verified.
    #[doc(alias = "VerifyClient")]
    pub async fn verify(&self, token: &str) -> Result<types::Client> {
        let s = self.api.shared()?;
        let body = types::VerifyClientBody::builder().token(token);
        s.call(s.raw.verify_client().body(body).send()).await
    }

    /// Retrieves a client by id, with its sessions.
    #[doc(alias = "GetClient")]
    pub async fn get(&self, client_id: &str) -> Result<types::Client> {
        let s = self.api.shared()?;
        s.call(s.raw.get_client().client_id(client_id).send()).await
    }
}
