//! Email and SMS templates (deprecated by the API) (Go: `template`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.
//!
//! Every operation here is deprecated by the API; they still work for instances that
//! customise their emails and SMS this way. `template_type` is `email` or `sms`.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::unsigned;
use crate::types;

pub use crate::types::Template;

resource_client!();

params! {
    /// Paging for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many templates to skip.
        offset: i64,
    }
}
paged!(ListParams);

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// The template's display name.
        name: String,
        /// The email subject (email templates only).
        subject: String,
        /// The editor markup the body is generated from.
        markup: String,
        /// The body before variable interpolation.
        body: String,
        /// Whether Clerk delivers the messages (if not, handle the `email.created` or
        /// `sms.created` webhooks).
        delivered_by_clerk: bool,
        /// Local part of the From address, `hello` in `hello@example.com` (email only).
        from_email_name: String,
        /// Local part of the Reply-To address (email only).
        reply_to_email_name: String,
    }
}

params! {
    /// The draft [`preview`] renders.
    pub struct PreviewParams {
        /// The email subject (email templates only).
        subject: String,
        /// The body before variable interpolation.
        body: String,
        /// Local part of the From address (email only).
        from_email_name: String,
        /// Local part of the Reply-To address (email only).
        reply_to_email_name: String,
    }
}

operations! {
    /// One page of the templates of a type, in their display order. Deprecated by the API.
    #[doc(alias = "GetTemplateList")]
    pub async fn list(&self, template_type: &str, params: &ListParams) -> Result<List<Template>> {
        let (data, total_count) = self.page(template_type, params).await?;
        Ok(match total_count {
            Some(total_count) => List::new(data, total_count),
            None => List::whole(data),
        })
    }

    /// Retrieves a template by type and slug. Deprecated by the API.
    #[doc(alias = "GetTemplate")]
    pub async fn get(&self, template_type: &str, slug: &str) -> Result<Template> {
        let s = self.api.shared()?;
        s.call(s.raw.get_template().template_type(template_type).slug(slug).send()).await
    }

    /// Updates a template (a `PUT`: the API calls it an upsert). Deprecated by the API.
    #[doc(alias = "UpsertTemplate")]
    pub async fn update(&self, template_type: &str, slug: &str, params: &UpdateParams) -> Result<Template> {
        let s = self.api.shared()?;
        let body = set!(types::UpsertTemplateBody::builder(), params;
            name, subject, markup, body, delivered_by_clerk, from_email_name, reply_to_email_name);
        let b = s.raw.upsert_template().template_type(template_type).slug(slug);
        s.call(b.body(body).send()).await
    }

    /// Reverts a template to Clerk's default. Deprecated by the API.
    #[doc(alias = "RevertTemplate")]
    pub async fn revert(&self, template_type: &str, slug: &str) -> Result<Template> {
        let s = self.api.shared()?;
        s.call(s.raw.revert_template().template_type(template_type).slug(slug).send()).await
    }

    /// Renders a draft of a template without saving it; the answer is free-form JSON.
    /// Deprecated by the API.
    #[doc(alias = "PreviewTemplate")]
    pub async fn preview(
        &self,
        template_type: &str,
        slug: &str,
        params: &PreviewParams,
    ) -> Result<crate::Metadata> {
        let s = self.api.shared()?;
        let body = set!(types::PreviewTemplateBody::builder(), params;
            subject, body, from_email_name, reply_to_email_name);
        let b = s.raw.preview_template().template_type(template_type).slug(slug);
        s.call(b.body(body).send()).await
    }

    /// Turns delivery by Clerk on or off for a template; when off, deliver the messages
    /// yourself from the `email.created` / `sms.created` webhooks. Deprecated by the API.
    #[doc(alias = "ToggleTemplateDelivery")]
    pub async fn toggle_delivery(
        &self,
        template_type: &str,
        slug: &str,
        delivered_by_clerk: bool,
    ) -> Result<Template> {
        let s = self.api.shared()?;
        let body = types::ToggleTemplateDeliveryBody::builder().delivered_by_clerk(delivered_by_clerk);
        let b = s.raw.toggle_template_delivery().template_type(template_type).slug(slug);
        s.call(b.body(body).send()).await
    }
}

impl Client {
    /// One page of templates and, when the API sent it, the total count.
    async fn page(
        &self,
        template_type: &str,
        params: &ListParams,
    ) -> Result<(Vec<Template>, Option<i64>)> {
        let s = self.api.shared()?;
        let b = set!(s.raw.get_template_list().template_type(template_type).paginated(true), params;
            limit => unsigned, offset => unsigned);
        Ok(match s.call(b.send()).await? {
            types::GetTemplateListResponse::Page { data, total_count } => (data, Some(total_count)),
            types::GetTemplateListResponse::Items(data) => (data, None),
        })
    }
}

paginators! {
    /// Every template of a type, as a stream fetched a page at a time. Deprecated by the API.
    pub fn list_all(&self, template_type: &str, params: &ListParams) -> Paginator<Template> {
        let client = self.clone();
        let template_type = template_type.to_string();
        paginate(params, move |page: ListParams| {
            let client = client.clone();
            let template_type = template_type.clone();
            async move { client.page(&template_type, &page).await }
        })
    }
}
