//! Instance settings: restrictions, organization settings, protection, communication (Go: `instancesettings`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

pub use super::generated::instance_settings::*;

pub use crate::types::{
    Instance, InstanceCommunication, InstanceProtect, InstanceRestrictions,
    OAuthApplicationSettings, OrganizationSettings,
};
