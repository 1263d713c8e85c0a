//! The block-list: these identifiers may not sign up (Go: `blocklistidentifier`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, params, resource_client, set};
use crate::http::list::List;
use crate::types;

pub use crate::types::{BlocklistIdentifier, DeletedObject};

resource_client!();

params! {
    /// The identifier to block with [`create`]; `identifier` is required.
    pub struct CreateParams {
        /// An email address, phone number or web3 wallet address.
        identifier: String,
    }
}

operations! {
    /// Every identifier on the block-list (the API sends them all at once).
    #[doc(alias = "ListBlocklistIdentifiers")]
    pub async fn list(&self) -> Result<List<BlocklistIdentifier>> {
        let s = self.api.shared()?;
        let page = s.call(s.raw.list_blocklist_identifiers().send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Blocks an identifier from signing up or signing in.
    #[doc(alias = "CreateBlocklistIdentifier")]
    pub async fn create(&self, params: &CreateParams) -> Result<BlocklistIdentifier> {
        let s = self.api.shared()?;
        let body = set!(types::CreateBlocklistIdentifierBody::builder(), params; identifier);
        s.call(s.raw.create_blocklist_identifier().body(body).send()).await
    }

    /// Removes an identifier from the block-list.
    #[doc(alias = "DeleteBlocklistIdentifier")]
    pub async fn delete(&self, identifier_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_blocklist_identifier().identifier_id(identifier_id).send()).await
    }
}
