//! Waitlist entries: people waiting for access; invite or reject them.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{positive, unsigned};
use crate::types;
use crate::{Error, Result};

pub use crate::types::{DeletedObject, WaitlistEntry};

resource_client!();

params! {
    /// Paging and filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many entries to skip.
        offset: i64,
        /// Entries whose email address or id matches this.
        query: String,
        /// Only entries in this status: `pending`, `invited`, `completed` or `rejected`.
        status: String,
        /// Sort order: `created_at`, `email_address` or `invited_at` with `+`/`-` (the API's
        /// default is `-created_at`).
        order_by: String,
    }
}
paged!(ListParams);

params! {
    /// A new waitlist entry, for [`create`] and (one per entry) [`create_bulk`].
    pub struct CreateParams {
        /// The email address to add (required).
        email_address: String,
        /// Email a confirmation to the address (the API's default, true, is sent when left `None`).
        notify: bool,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListWaitlistEntries<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListWaitlistEntries<'a>> {
    Ok(set!(b, p; limit => positive, offset => unsigned, query, status, order_by))
}

operations! {
    /// The instance's waitlist entries, newest first by default.
    #[doc(alias = "ListWaitlistEntries")]
    pub async fn list(&self, params: &ListParams) -> Result<List<WaitlistEntry>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_waitlist_entries(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Adds an email address to the waitlist. An address already on it returns its
    /// existing entry.
    #[doc(alias = "CreateWaitlistEntry")]
    pub async fn create(&self, params: &CreateParams) -> Result<WaitlistEntry> {
        let s = self.api.shared()?;
        let body = set!(types::CreateWaitlistEntryBody::builder(), params; email_address, notify);
        s.call(s.raw.create_waitlist_entry().body(body).send()).await
    }

    /// Adds up to 50 email addresses to the waitlist at once (no duplicates within the
    /// call). Addresses already on it return their existing entries.
    #[doc(alias = "CreateBulkWaitlistEntries")]
    pub async fn create_bulk(&self, entries: &[CreateParams]) -> Result<Vec<WaitlistEntry>> {
        let s = self.api.shared()?;
        let body = entries
            .iter()
            .map(|entry| {
                let item = set!(types::CreateBulkWaitlistEntriesBodyItem::builder(), entry; email_address, notify);
                types::CreateBulkWaitlistEntriesBodyItem::try_from(item)
                    .map_err(|e| Error::InvalidRequest(e.to_string()))
            })
            .collect::<Result<Vec<_>>>()?;
        s.call(s.raw.create_bulk_waitlist_entries().body(body).send()).await
    }

    /// Deletes a pending waitlist entry.
    #[doc(alias = "DeleteWaitlistEntry")]
    pub async fn delete(&self, waitlist_entry_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_waitlist_entry().waitlist_entry_id(waitlist_entry_id).send()).await
    }

    /// Sends an invitation to the entry's email address. With `ignore_existing`, one is
    /// created even if the address already has an invitation or belongs to another user.
    #[doc(alias = "InviteWaitlistEntry")]
    pub async fn invite(&self, waitlist_entry_id: &str, ignore_existing: Option<bool>) -> Result<WaitlistEntry> {
        let s = self.api.shared()?;
        let body = types::InviteWaitlistEntryBody::builder();
        let body = match ignore_existing {
            Some(value) => body.ignore_existing(value),
            None => body,
        };
        s.call(s.raw.invite_waitlist_entry().waitlist_entry_id(waitlist_entry_id).body(body).send()).await
    }

    /// Rejects a waitlist entry.
    #[doc(alias = "RejectWaitlistEntry")]
    pub async fn reject(&self, waitlist_entry_id: &str) -> Result<WaitlistEntry> {
        let s = self.api.shared()?;
        s.call(s.raw.reject_waitlist_entry().waitlist_entry_id(waitlist_entry_id).send()).await
    }
}

paginators! {
    /// Every waitlist entry matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<WaitlistEntry> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(list_query(s.raw.list_waitlist_entries(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }
}
