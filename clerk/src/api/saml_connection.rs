//! SAML connections (deprecated by the API in favour of enterprise connections) (Go: `samlconnection`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.
//!
//! Every operation here is deprecated by the API: use [`crate::enterprise_connection`].

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, from_json, positive, unsigned};
use crate::types;

pub use crate::types::{DeletedObject, SamlConnection};

resource_client!();

params! {
    /// Paging and filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many connections to skip.
        offset: i64,
        /// Connections whose name contains this (case-insensitive).
        query: String,
        /// Sort order, a field with `+`/`-`, e.g. `-created_at`.
        order_by: String,
        /// Connections of these organizations; prefix an id with `-` to exclude it (at most 100).
        organization_id: Vec<String>,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new SAML connection for [`create`]. `name`, `provider` and `domains` (or
    /// the deprecated `domain`) are required.
    pub struct CreateParams {
        /// A label for the connection.
        name: String,
        /// The organization's domain (deprecated by the API; use `domains`).
        domain: String,
        /// The organization's domains: sign-ins with an email address at one of them use the connection.
        domains: Vec<String>,
        /// The IdP: `saml_custom`, `saml_okta`, `saml_google` or `saml_microsoft`.
        provider: String,
        /// The IdP's entity id.
        idp_entity_id: String,
        /// The IdP's single sign-on URL.
        idp_sso_url: String,
        /// The IdP's X.509 certificate.
        idp_certificate: String,
        /// The URL of the IdP metadata; takes priority over the individual IdP fields.
        idp_metadata_url: String,
        /// The IdP metadata XML; takes priority over the individual IdP fields.
        idp_metadata: String,
        /// The organization users of the connection are added to.
        organization_id: String,
        /// IdP attribute names for Clerk's user fields, e.g.
        /// `{"email_address": "mail", "first_name": "givenName"}` (keys `user_id`,
        /// `email_address`, `first_name`, `last_name`).
        attribute_mapping: serde_json::Value,
        /// Send ForceAuthn to the IdP.
        force_authn: bool,
        /// The login hint sent to the IdP, e.g. `{"mode": "custom_attribute", "source": "upn"}`
        /// (`mode`: `email_address`, `custom_attribute` or `off`; `source`: a public metadata key).
        login_hint: serde_json::Value,
    }
}

params! {
    /// Changes for [`update`]. Fields left `None` are not sent; `organization_id` can be
    /// cleared with [`crate::null`].
    pub struct UpdateParams {
        /// A label for the connection.
        name: String,
        /// The connection's domain (deprecated by the API; use `domains`).
        domain: String,
        /// The connection's domains.
        domains: Vec<String>,
        /// The IdP's entity id.
        idp_entity_id: String,
        /// The IdP's single sign-on URL.
        idp_sso_url: String,
        /// The IdP's X.509 certificate.
        idp_certificate: String,
        /// The URL of the IdP metadata; takes priority over, and replaces, the individual IdP fields.
        idp_metadata_url: String,
        /// The IdP metadata XML; takes priority over the individual IdP fields.
        idp_metadata: String,
        /// The organization users of the connection are added to; `clerk::null()` unlinks it.
        organization_id: crate::Nullable<String>,
        /// IdP attribute names for Clerk's user fields (keys `user_id`, `email_address`,
        /// `first_name`, `last_name`).
        attribute_mapping: serde_json::Value,
        /// Activate or deactivate the connection.
        active: bool,
        /// Update the user's attributes at each sign-in.
        sync_user_attributes: bool,
        /// Let email addresses at subdomains of the domains use the connection.
        allow_subdomains: bool,
        /// Allow IdP-initiated sign-in.
        allow_idp_initiated: bool,
        /// Stop users of the connection from adding other identifications.
        disable_additional_identifications: bool,
        /// Allow account linking through organization membership.
        allow_organization_account_linking: bool,
        /// Send ForceAuthn to the IdP.
        force_authn: bool,
        /// The login hint sent to the IdP, e.g. `{"mode": "email_address"}`.
        login_hint: serde_json::Value,
        /// When activating: remove verified organization domains on the same domains (used by
        /// automatic invitations or suggestions) instead of failing.
        consent_verified_domains_deletion: bool,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListSamlConnections<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListSamlConnections<'a>> {
    Ok(set!(b, p; limit => positive, offset => unsigned, query, order_by, organization_id))
}

operations! {
    /// The instance's SAML connections, newest first (deprecated by the API).
    #[doc(alias = "ListSAMLConnections")]
    pub async fn list(&self, params: &ListParams) -> Result<List<SamlConnection>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_saml_connections(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates a SAML connection (deprecated by the API).
    #[doc(alias = "CreateSAMLConnection")]
    pub async fn create(&self, params: &CreateParams) -> Result<SamlConnection> {
        let s = self.api.shared()?;
        let body = set!(types::CreateSamlConnectionBody::builder(), params;
            name, domain, domains, provider => enum_value::<types::CreateSamlConnectionBodyProvider>,
            idp_entity_id, idp_sso_url, idp_certificate, idp_metadata_url, idp_metadata, organization_id,
            attribute_mapping => from_json::<types::CreateSamlConnectionBodyAttributeMapping>, force_authn,
            login_hint => from_json::<types::CreateSamlConnectionBodyLoginHint>,
        );
        s.call(s.raw.create_saml_connection().body(body).send()).await
    }

    /// Retrieves a SAML connection by id (deprecated by the API).
    #[doc(alias = "GetSAMLConnection")]
    pub async fn get(&self, saml_connection_id: &str) -> Result<SamlConnection> {
        let s = self.api.shared()?;
        s.call(s.raw.get_saml_connection().saml_connection_id(saml_connection_id).send()).await
    }

    /// Updates a SAML connection; only the fields set in `params` change (deprecated by the API).
    #[doc(alias = "UpdateSAMLConnection")]
    pub async fn update(&self, saml_connection_id: &str, params: &UpdateParams) -> Result<SamlConnection> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateSamlConnectionBody::builder(), params;
            name, domain, domains, idp_entity_id, idp_sso_url, idp_certificate, idp_metadata_url,
            idp_metadata, organization_id,
            attribute_mapping => from_json::<types::UpdateSamlConnectionBodyAttributeMapping>, active,
            sync_user_attributes, allow_subdomains, allow_idp_initiated, disable_additional_identifications,
            allow_organization_account_linking, force_authn,
            login_hint => from_json::<types::UpdateSamlConnectionBodyLoginHint>,
            consent_verified_domains_deletion,
        );
        s.call(s.raw.update_saml_connection().saml_connection_id(saml_connection_id).body(body).send()).await
    }

    /// Deletes a SAML connection (deprecated by the API).
    #[doc(alias = "DeleteSAMLConnection")]
    pub async fn delete(&self, saml_connection_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_saml_connection().saml_connection_id(saml_connection_id).send()).await
    }
}

paginators! {
    /// Every SAML connection matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<SamlConnection> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(list_query(s.raw.list_saml_connections(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }
}
