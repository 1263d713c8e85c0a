//! The blocking twin of [`crate::user`]: users.

pub use super::generated::user::*;

use super::{Iter, run};
use crate::{List, Result, Upload};

pub use crate::types::{DeletedObject, User};

// The hand-written operations of `crate::user`.
impl Client {
    /// Lists users with their total count; the blocking twin of [`crate::user::Client::list`].
    #[doc(alias = "GetUserList")]
    pub fn list(&self, params: &ListParams) -> Result<List<User>> {
        run(self.inner.list(params))
    }

    /// Counts users; the blocking twin of [`crate::user::Client::count`].
    #[doc(alias = "GetUsersCount")]
    pub fn count(&self, params: &ListParams) -> Result<i64> {
        run(self.inner.count(params))
    }

    /// Every user matching `params`, fetched a page at a time as the iterator advances.
    pub fn list_all(&self, params: &ListParams) -> Iter<User> {
        Iter::new(self.inner.list_all(params))
    }

    /// Uploads a new profile image; the blocking twin of
    /// [`crate::user::Client::update_profile_image`].
    #[doc(alias = "SetUserProfileImage")]
    pub fn update_profile_image(&self, user_id: &str, file: &Upload) -> Result<User> {
        run(self.inner.update_profile_image(user_id, file))
    }
}

/// Lists users with their total count; uses the process-wide config.
#[doc(alias = "GetUserList")]
pub fn list(params: &ListParams) -> Result<List<User>> {
    run(crate::user::list(params))
}

/// Counts users; uses the process-wide config.
#[doc(alias = "GetUsersCount")]
pub fn count(params: &ListParams) -> Result<i64> {
    run(crate::user::count(params))
}

/// Every user matching `params`; uses the process-wide config.
pub fn list_all(params: &ListParams) -> Iter<User> {
    Iter::new(crate::user::list_all(params))
}

/// Uploads a new profile image; uses the process-wide config.
#[doc(alias = "SetUserProfileImage")]
pub fn update_profile_image(user_id: &str, file: &Upload) -> Result<User> {
    run(crate::user::update_profile_image(user_id, file))
}
