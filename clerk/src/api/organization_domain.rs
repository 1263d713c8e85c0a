//! Organization domains: email domains that let users join an organization (Go: `organizationdomain`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, unsigned};
use crate::types;

pub use crate::types::{DeletedObject, OrganizationDomain};

resource_client!();

params! {
    /// Fields of a new domain for [`create`].
    pub struct CreateParams {
        /// The domain name, e.g. `example.com`.
        name: String,
        /// How users of the domain join: `automatic_invitation`, `automatic_suggestion`,
        /// `manual_invitation` or `enterprise_sso`.
        enrollment_mode: String,
        /// Whether the domain is verified (the API's default is true).
        verified: bool,
    }
}

params! {
    /// Changes for [`update`].
    pub struct UpdateParams {
        /// `automatic_invitation`, `automatic_suggestion`, `manual_invitation` or `enterprise_sso`.
        enrollment_mode: String,
        /// Whether the domain is verified.
        verified: bool,
    }
}

params! {
    /// Filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching domains to skip.
        offset: i64,
        /// Only verified (true) or only unverified (false) domains.
        verified: bool,
        /// Only domains with this enrollment mode; a `-` prefix excludes it (e.g. `-enterprise_sso`).
        enrollment_mode: String,
    }
}
paged!(ListParams);

params! {
    /// Filters for [`list_from_instance`]. `order_by` takes `name` or `created_at` with `+`/`-`.
    pub struct ListFromInstanceParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many matching domains to skip.
        offset: i64,
        /// Sort order, e.g. `-created_at`, `+name`.
        order_by: String,
        /// Only domains of this organization.
        organization_id: String,
        /// Only verified (true) or only unverified (false) domains.
        verified: bool,
        /// Enrollment modes to include (e.g. `automatic_invitation`) or, with a `-` prefix,
        /// exclude; includes and excludes combine with AND.
        enrollment_mode: Vec<String>,
        /// Domain names containing this, or an exact organization id when it starts with `org_`
        /// (must not be blank).
        query: String,
        /// Only domains with exactly these names.
        domains: Vec<String>,
    }
}

/// `verified` as the string the list query takes.
fn bool_string(value: &bool) -> Result<String> {
    Ok(value.to_string())
}

fn list_query<'a>(
    b: clerk_raw::builder::ListOrganizationDomains<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListOrganizationDomains<'a>> {
    Ok(set!(b, p;
        limit => unsigned, offset => unsigned, verified => bool_string, enrollment_mode))
}

operations! {
    /// Adds a domain to an organization (verified unless `verified` is false).
    #[doc(alias = "CreateOrganizationDomain")]
    pub async fn create(&self, organization_id: &str, params: &CreateParams) -> Result<OrganizationDomain> {
        let s = self.api.shared()?;
        let body = set!(types::CreateOrganizationDomainBody::builder(), params;
            name, enrollment_mode, verified);
        s.call(s.raw.create_organization_domain().organization_id(organization_id).body(body).send()).await
    }

    /// One page of an organization's domains.
    #[doc(alias = "ListOrganizationDomains")]
    pub async fn list(&self, organization_id: &str, params: &ListParams) -> Result<List<OrganizationDomain>> {
        let s = self.api.shared()?;
        let b = list_query(s.raw.list_organization_domains().organization_id(organization_id), params)?;
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Changes a domain's enrollment mode or verification status.
    #[doc(alias = "UpdateOrganizationDomain")]
    pub async fn update(
        &self,
        organization_id: &str,
        domain_id: &str,
        params: &UpdateParams,
    ) -> Result<OrganizationDomain> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateOrganizationDomainBody::builder(), params; enrollment_mode, verified);
        let b = s.raw.update_organization_domain().organization_id(organization_id).domain_id(domain_id);
        s.call(b.body(body).send()).await
    }

    /// Removes a domain from an organization.
    #[doc(alias = "DeleteOrganizationDomain")]
    pub async fn delete(&self, organization_id: &str, domain_id: &str) -> Result<DeletedObject> {
        let s = self.api.shared()?;
        let b = s.raw.delete_organization_domain().organization_id(organization_id).domain_id(domain_id);
        s.call(b.send()).await
    }

    /// Marks the domain's ownership as verified without the TXT DNS challenge (manual
    /// override). Calling it again on a verified domain changes nothing.
    #[doc(alias = "VerifyOrganizationDomainOwnership")]
    pub async fn verify_ownership(&self, organization_id: &str, domain_id: &str) -> Result<OrganizationDomain> {
        let s = self.api.shared()?;
        let b = s
            .raw
            .verify_organization_domain_ownership()
            .organization_id(organization_id)
            .domain_id(domain_id);
        s.call(b.send()).await
    }

    /// One page of the domains of every organization of the instance.
    #[doc(alias = "ListAllOrganizationDomains")]
    pub async fn list_from_instance(&self, params: &ListFromInstanceParams) -> Result<List<OrganizationDomain>> {
        let s = self.api.shared()?;
        let b = set!(s.raw.list_all_organization_domains(), params;
            limit => unsigned, offset => unsigned, order_by, organization_id,
            verified => |v: &bool| enum_value::<types::ListAllOrganizationDomainsVerified>(&v.to_string()),
            enrollment_mode => |modes: &Vec<String>| {
                modes
                    .iter()
                    .map(enum_value::<types::ListAllOrganizationDomainsEnrollmentModeItem>)
                    .collect::<Result<Vec<_>>>()
            },
            query, domains);
        let page = s.call(b.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }
}

paginators! {
    /// Every domain of the organization matching `params`, as a stream fetched a page at a time.
    pub fn list_all(
        &self,
        organization_id: &str,
        params: &ListParams,
    ) -> Paginator<OrganizationDomain> {
        let api = self.api.clone();
        let organization_id = organization_id.to_string();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            let organization_id = organization_id.clone();
            async move {
                let s = api.shared()?;
                let b = list_query(
                    s.raw
                        .list_organization_domains()
                        .organization_id(organization_id),
                    &page,
                )?;
                let domains = s.call(b.send()).await?;
                Ok((domains.data, Some(domains.total_count)))
            }
        })
    }
}
