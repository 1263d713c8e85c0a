//! The instance's JSON Web Key Set, to verify session tokens (Go: `jwks`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, resource_client};

pub use crate::types::Jwks;

resource_client!();

operations! {
    /// The public keys that verify the instance's session tokens (networkless verification
    /// needs them once, then caches them).
    #[doc(alias = "GetJWKS")]
    pub async fn get(&self) -> Result<Jwks> {
        let s = self.api.shared()?;
        s.call(s.raw.get_jwks().send()).await
    }
}
