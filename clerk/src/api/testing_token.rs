//! Testing tokens: let end-to-end tests pass bot protection (Go: `testingtoken`).
//! See the Backend API reference: <https://clerk.com/docs/reference/backend-api>.

use crate::Result;
use crate::api::macros::{operations, resource_client};

pub use crate::types::TestingToken;

resource_client!();

operations! {
    /// A new testing token: pass it as `__clerk_testing_token` to the Frontend API so
    /// automated tests are not stopped by bot protection.
    #[doc(alias = "CreateTestingToken")]
    pub async fn create(&self) -> Result<TestingToken> {
        let s = self.api.shared()?;
        s.call(s.raw.create_testing_token().send()).await
    }
}
