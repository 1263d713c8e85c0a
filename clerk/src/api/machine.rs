//! Machines: identities for machine-to-machine authentication, their secret keys and scopes.
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::machine::*;

pub use crate::types::{
    CreateMachineResponse, DeleteMachineResponse, DeleteMachineScopeResponse,
    GetMachineSecretKeyResponse, Machine, MachineScope, RotateMachineSecretKeyResponse,
};
