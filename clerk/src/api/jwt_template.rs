//! JWT templates: custom tokens for third-party services (Go: `jwttemplate`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{object, unsigned};
use crate::types;

pub use crate::types::{DeletedObject, JwtTemplate};

resource_client!();

params! {
    /// A template for [`create`] (and [`update`], see [`UpdateParams`]); `name` and
    /// `claims` are required.
    pub struct CreateParams {
        /// The template's name, used to mint tokens from it.
        name: String,
        /// The claims of the token (a JSON object; values may use shortcodes such as `{{user.id}}`).
        claims: serde_json::Value,
        /// Token lifetime in seconds.
        lifetime: i64,
        /// Allowed clock skew in seconds.
        allowed_clock_skew: i64,
        /// Sign with your own key (`signing_algorithm` and `signing_key`) instead of the instance's.
        custom_signing_key: bool,
        /// The algorithm of the custom key, e.g. `HS256` (with `custom_signing_key`).
        signing_algorithm: String,
        /// The custom private key (with `custom_signing_key`).
        signing_key: String,
    }
}

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

/// Changes for [`update`]: the same fields as [`CreateParams`], `name` and `claims`
/// included (the API requires them on every update).
pub type UpdateParams = CreateParams;

operations! {
    /// One page of the instance's JWT templates.
    #[doc(alias = "ListJWTTemplates")]
    pub async fn list(&self, params: &ListParams) -> Result<List<JwtTemplate>> {
        let (data, total_count) = self.page(params).await?;
        Ok(match total_count {
            Some(total_count) => List::new(data, total_count),
            None => List::whole(data),
        })
    }

    /// Creates a JWT template; tokens are then minted from it with
    /// [`crate::session::create_token_from_template`].
    #[doc(alias = "CreateJWTTemplate")]
    pub async fn create(&self, params: &CreateParams) -> Result<JwtTemplate> {
        let s = self.api.shared()?;
        let body = set!(types::CreateJwtTemplateBody::builder(), params;
            name, claims => object, lifetime, allowed_clock_skew, custom_signing_key,
            signing_algorithm, signing_key);
        s.call(s.raw.create_jwt_template().body(body).send()).await
    }

    /// Retrieves a JWT template by id.
    #[doc(alias = "GetJWTTemplate")]
    pub async fn get(&self, template_id: &str) -> Result<JwtTemplate> {
        let s = self.api.shared()?;
        s.call(s.raw.get_jwt_template().template_id(template_id).send()).await
    }

    /// Updates a JWT template. `name` and `claims` must be sent every time.
    #[doc(alias = "UpdateJWTTemplate")]
    pub async fn update(&self, template_id: &str, params: &UpdateParams) -> Result<JwtTemplate> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateJwtTemplateBody::builder(), params;
            name, claims => object, lifetime, allowed_clock_skew, custom_signing_key,
            signing_algorithm, signing_key);
        s.call(s.raw.update_jwt_template().template_id(template_id).body(body).send()).await
    }

    /// Deletes a JWT template.
    #[doc(alias = "DeleteJWTTemplate")]
    pub async fn delete(&self, template_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_jwt_template().template_id(template_id).send()).await
    }
}

impl Client {
    /// One page of templates and, when the API sent it, the total count.
    async fn page(&self, params: &ListParams) -> Result<(Vec<JwtTemplate>, Option<i64>)> {
        let s = self.api.shared()?;
        let b = set!(s.raw.list_jwt_templates().paginated(true), params;
            limit => unsigned, offset => unsigned);
        Ok(match s.call(b.send()).await? {
            types::ListJwtTemplatesResponse::Page { data, total_count } => {
                (data, Some(total_count))
            }
            types::ListJwtTemplatesResponse::Items(data) => (data, None),
        })
    }
}

paginators! {
    /// Every JWT template of the instance, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<JwtTemplate> {
        let client = self.clone();
        paginate(params, move |page: ListParams| {
            let client = client.clone();
            async move { client.page(&page).await }
        })
    }
}
