//! Enterprise connections: SAML and OIDC single sign-on per organization or domain.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, from_json, positive, unsigned};
use crate::types;

pub use crate::types::{DeletedObject, EnterpriseConnection, EnterpriseConnectionTestRun};

resource_client!();

params! {
    /// Paging and filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many connections to skip.
        offset: i64,
        /// Connections of this organization.
        organization_id: String,
        /// Only active (true) or only inactive (false) connections.
        active: bool,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new enterprise connection for [`create`]. `name`, `provider` and
    /// `domains` are required.
    pub struct CreateParams {
        /// The connection's display name.
        name: String,
        /// The IdP: `saml_custom`, `saml_okta`, `saml_google`, `saml_microsoft`,
        /// `oidc_custom`, `oidc_github_enterprise` or `oidc_gitlab`.
        provider: String,
        /// The connection's domains (at least one; lowercased by the API).
        domains: Vec<String>,
        /// The organization the connection belongs to.
        organization_id: String,
        /// Allow account linking through organization membership.
        allow_organization_account_linking: bool,
        /// Create the connection active (a SAML connection then needs its IdP metadata in `saml`).
        active: bool,
        /// SAML settings (for SAML providers), e.g. `{"idp_metadata_url": "https://...",
        /// "attribute_mapping": {"email_address": "mail"}, "allow_idp_initiated": true}`. Keys:
        /// `idp_entity_id`, `idp_sso_url`, `idp_certificate`, `idp_metadata_url`,
        /// `idp_metadata`, `attribute_mapping`, `allow_subdomains`, `allow_idp_initiated`,
        /// `force_authn`, `login_hint`.
        saml: serde_json::Value,
        /// OIDC settings (for OIDC providers), e.g. `{"client_id": "...", "client_secret": "...",
        /// "discovery_url": "https://..."}`. Keys: `client_id`, `client_secret`, `discovery_url`,
        /// `auth_url`, `token_url`, `user_info_url`, `requires_pkce`.
        oidc: serde_json::Value,
        /// Custom attributes mapped from the IdP to the user's metadata: a JSON array of
        /// `{"name", "key", "sso_path", "directory_path", "multi_valued"}` objects.
        custom_attributes: serde_json::Value,
    }
}

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// The connection's display name.
        name: String,
        /// The connection's domains (replace the current ones; an empty list changes nothing).
        domains: Vec<String>,
        /// Activate or deactivate the connection. Activating removes verified organization
        /// domains on the same domains.
        active: bool,
        /// Update the user's attributes at each sign-in.
        sync_user_attributes: bool,
        /// Stop users of the connection from adding other identifications.
        disable_additional_identifications: bool,
        /// Allow account linking through organization membership.
        allow_organization_account_linking: bool,
        /// Links the connection to this organization. The API documents no way to unlink one;
        /// `clerk::null()` sends an explicit `null`.
        organization_id: crate::Nullable<String>,
        /// SAML settings to change (as in [`CreateParams::saml`], plus `name`).
        saml: serde_json::Value,
        /// OIDC settings to change (as in [`CreateParams::oidc`]).
        oidc: serde_json::Value,
        /// Custom attributes (a JSON array, as in [`CreateParams::custom_attributes`]).
        custom_attributes: serde_json::Value,
    }
}

params! {
    /// Paging and filter for [`list_test_runs`].
    pub struct TestRunsParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many test runs to skip.
        offset: i64,
        /// Only test runs in any of these statuses: `pending`, `success`, `failed`.
        status: Vec<String>,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListEnterpriseConnections<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListEnterpriseConnections<'a>> {
    Ok(set!(b, p; limit => positive, offset => unsigned, organization_id, active))
}

/// Test run statuses as the generated query builder takes them.
fn statuses(values: &[String]) -> Result<Vec<types::ListEnterpriseConnectionTestRunsStatusItem>> {
    values.iter().map(enum_value).collect()
}

operations! {
    /// The instance's enterprise connections.
    #[doc(alias = "ListEnterpriseConnections")]
    pub async fn list(&self, params: &ListParams) -> Result<List<EnterpriseConnection>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_enterprise_connections(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates an enterprise connection.
    #[doc(alias = "CreateEnterpriseConnection")]
    pub async fn create(&self, params: &CreateParams) -> Result<EnterpriseConnection> {
        let s = self.api.shared()?;
        let body = set!(types::CreateEnterpriseConnectionBody::builder(), params;
            name, provider => enum_value::<types::CreateEnterpriseConnectionBodyProvider>, domains,
            organization_id, allow_organization_account_linking, active,
            saml => from_json::<types::CreateEnterpriseConnectionBodySaml>,
            oidc => from_json::<types::CreateEnterpriseConnectionBodyOidc>,
            custom_attributes => from_json::<Vec<types::CreateEnterpriseConnectionBodyCustomAttributesItem>>,
        );
        s.call(s.raw.create_enterprise_connection().body(body).send()).await
    }

    /// Retrieves an enterprise connection by id.
    #[doc(alias = "GetEnterpriseConnection")]
    pub async fn get(&self, enterprise_connection_id: &str) -> Result<EnterpriseConnection> {
        let s = self.api.shared()?;
        let b = s.raw.get_enterprise_connection().enterprise_connection_id(enterprise_connection_id);
        s.call(b.send()).await
    }

    /// Updates an enterprise connection; only the fields set in `params` change.
    #[doc(alias = "UpdateEnterpriseConnection")]
    pub async fn update(
        &self,
        enterprise_connection_id: &str,
        params: &UpdateParams,
    ) -> Result<EnterpriseConnection> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateEnterpriseConnectionBody::builder(), params;
            name, domains, active, sync_user_attributes, disable_additional_identifications,
            allow_organization_account_linking, organization_id,
            saml => from_json::<types::UpdateEnterpriseConnectionBodySaml>,
            oidc => from_json::<types::UpdateEnterpriseConnectionBodyOidc>,
            custom_attributes => from_json::<Vec<types::UpdateEnterpriseConnectionBodyCustomAttributesItem>>,
        );
        let b = s.raw.update_enterprise_connection().enterprise_connection_id(enterprise_connection_id).body(body);
        s.call(b.send()).await
    }

    /// Deletes an enterprise connection.
    #[doc(alias = "DeleteEnterpriseConnection")]
    pub async fn delete(&self, enterprise_connection_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        let b = s.raw.delete_enterprise_connection().enterprise_connection_id(enterprise_connection_id);
        s.call(b.send()).await
    }

    /// The SAML or OIDC test runs of a connection, with what the IdP sent and the logs.
    #[doc(alias = "ListEnterpriseConnectionTestRuns")]
    pub async fn list_test_runs(
        &self,
        enterprise_connection_id: &str,
        params: &TestRunsParams,
    ) -> Result<List<EnterpriseConnectionTestRun>> {
        let s = self.api.shared()?;
        let b = s.raw.list_enterprise_connection_test_runs().enterprise_connection_id(enterprise_connection_id);
        let b = set!(b, params; limit => positive, offset => unsigned, status => statuses);
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Starts a test of the connection: returns a short-lived URL that runs the IdP flow.
    #[doc(alias = "CreateEnterpriseConnectionTestRun")]
    pub async fn create_test_run(
        &self,
        enterprise_connection_id: &str,
    ) -> Result<types::EnterpriseConnectionTestRunResponse> {
        let s = self.api.shared()?;
        let b = s.raw.create_enterprise_connection_test_run().enterprise_connection_id(enterprise_connection_id);
        s.call(b.send()).await
    }
}

paginators! {
    /// Every enterprise connection matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<EnterpriseConnection> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(list_query(s.raw.list_enterprise_connections(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }
}
