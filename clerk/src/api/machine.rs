//! Machines: identities for machine-to-machine authentication, their secret keys and scopes.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, paged, paginators, params, resource_client, set};
use crate::http::list::{List, paginate};
use crate::http::resource::{enum_value, positive, unsigned};
use crate::types;

pub use crate::types::{
    CreateMachineResponse, DeleteMachineResponse, DeleteMachineScopeResponse,
    GetMachineSecretKeyResponse, Machine, MachineScope, RotateMachineSecretKeyResponse,
};

resource_client!();

params! {
    /// Paging and filters for [`list`] and [`list_all`].
    pub struct ListParams {
        /// Page size (1 to 500; the API's default is 10).
        limit: i64,
        /// How many machines to skip.
        offset: i64,
        /// Machines whose id is this or whose name contains it.
        query: String,
        /// Sort order: `name` or `created_at` with `+`/`-` (the API's default is `-created_at`).
        order_by: String,
    }
}
paged!(ListParams);

params! {
    /// Fields of a new machine for [`create`].
    pub struct CreateParams {
        /// The machine's name (1 to 255 characters; required).
        name: String,
        /// Ids of the machines this machine may access (at most 150).
        scoped_machines: Vec<String>,
        /// Lifetime in seconds of the tokens the machine creates (the API's default is 3600).
        default_token_ttl: i64,
    }
}

params! {
    /// Changes for [`update`]; fields left `None` are not sent.
    pub struct UpdateParams {
        /// The machine's name (1 to 255 characters).
        name: String,
        /// Lifetime in seconds of the tokens the machine creates.
        default_token_ttl: i64,
    }
}

fn list_query<'a>(
    b: clerk_raw::builder::ListMachines<'a>,
    p: &ListParams,
) -> Result<clerk_raw::builder::ListMachines<'a>> {
    Ok(set!(b, p; limit => positive, offset => unsigned, query, order_by))
}

operations! {
    /// The instance's machines, newest first by default.
    #[doc(alias = "ListMachines")]
    pub async fn list(&self, params: &ListParams) -> Result<List<Machine>> {
        let s = self.api.shared()?;
        let page = s.call(list_query(s.raw.list_machines(), params)?.send()).await?;
        Ok(List::new(page.data, page.total_count))
    }

    /// Creates a machine. The response carries its secret key.
    #[doc(alias = "CreateMachine")]
    pub async fn create(&self, params: &CreateParams) -> Result<CreateMachineResponse> {
        let s = self.api.shared()?;
        let body = set!(types::CreateMachineBody::builder(), params;
            name, scoped_machines, default_token_ttl => positive);
        s.call(s.raw.create_machine().body(body).send()).await
    }

    /// Retrieves a machine with the machines it may access.
    #[doc(alias = "GetMachine")]
    pub async fn get(&self, machine_id: &str) -> Result<Machine> {
        let s = self.api.shared()?;
        s.call(s.raw.get_machine().machine_id(machine_id).send()).await
    }

    /// Updates a machine; only the fields set in `params` change.
    #[doc(alias = "UpdateMachine")]
    pub async fn update(&self, machine_id: &str, params: &UpdateParams) -> Result<Machine> {
        let s = self.api.shared()?;
        let body = set!(types::UpdateMachineBody::builder(), params;
            name => enum_value::<types::UpdateMachineBodyName>, default_token_ttl => positive);
        s.call(s.raw.update_machine().machine_id(machine_id).body(body).send()).await
    }

    /// Deletes a machine.
    #[doc(alias = "DeleteMachine")]
    pub async fn delete(&self, machine_id: &str) -> Result<DeleteMachineResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.delete_machine().machine_id(machine_id).send()).await
    }

    /// The machine's current secret key.
    #[doc(alias = "GetMachineSecretKey")]
    pub async fn get_secret_key(&self, machine_id: &str) -> Result<GetMachineSecretKeyResponse> {
        let s = self.api.shared()?;
        s.call(s.raw.get_machine_secret_key().machine_id(machine_id).send()).await
    }

    /// Issues a new secret key. The previous one stays valid for `previous_token_ttl` seconds
    /// (0 to 28800; 0 expires it at once), time to roll the new one out.
    #[doc(alias = "RotateMachineSecretKey")]
    pub async fn rotate_secret_key(
        &self,
        machine_id: &str,
        previous_token_ttl: i64,
    ) -> Result<RotateMachineSecretKeyResponse> {
        let s = self.api.shared()?;
        let body = types::RotateMachineSecretKeyBody::builder().previous_token_ttl(previous_token_ttl);
        s.call(s.raw.rotate_machine_secret_key().machine_id(machine_id).body(body).send()).await
    }

    /// Lets the machine access `to_machine_id` (at most 150 scopes per machine).
    #[doc(alias = "CreateMachineScope")]
    pub async fn create_scope(&self, machine_id: &str, to_machine_id: &str) -> Result<MachineScope> {
        let s = self.api.shared()?;
        let body = types::CreateMachineScopeBody::builder().to_machine_id(to_machine_id);
        s.call(s.raw.create_machine_scope().machine_id(machine_id).body(body).send()).await
    }

    /// Removes the machine's access to `other_machine_id`.
    #[doc(alias = "DeleteMachineScope")]
    pub async fn delete_scope(
        &self,
        machine_id: &str,
        other_machine_id: &str,
    ) -> Result<DeleteMachineScopeResponse> {
        let s = self.api.shared()?;
        let b = s.raw.delete_machine_scope().machine_id(machine_id).other_machine_id(other_machine_id);
        s.call(b.send()).await
    }
}

paginators! {
    /// Every machine matching `params`, as a stream fetched a page at a time.
    pub fn list_all(&self, params: &ListParams) -> Paginator<Machine> {
        let api = self.api.clone();
        paginate(params, move |page: ListParams| {
            let api = api.clone();
            async move {
                let s = api.shared()?;
                let page = s
                    .call(list_query(s.raw.list_machines(), &page)?.send())
                    .await?;
                Ok((page.data, Some(page.total_count)))
            }
        })
    }
}
