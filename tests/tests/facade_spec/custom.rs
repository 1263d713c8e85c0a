//! Calls of the facade functions written by hand (`custom = true` in openapi/facade.toml),
//! with their params from the generated `calls.rs`.

use clerk::{ClientConfig, Upload, oauth_application, organization, user};
use futures::StreamExt;

use crate::calls;

/// The hand-written operations and their number of path parameters.
pub const CUSTOM: &[(&str, usize)] = &[
    ("GetUserList", 0),
    ("GetUsersCount", 0),
    ("SetUserProfileImage", 1),
    ("UploadOrganizationLogo", 1),
    ("UploadOAuthApplicationLogo", 1),
];

fn png() -> Upload {
    Upload::new(b"\x89PNG\r\n".to_vec(), "logo.png", "image/png")
}

/// Calls the hand-written function of `operation` with its required fields or (`full`)
/// every field; `None` for another operation.
pub async fn call(
    config: &ClientConfig,
    operation: &str,
    ids: &[&str],
    full: bool,
) -> Option<clerk::Result<()>> {
    Some(match operation {
        // `list` sends two requests (the page and the count); the minimal call is the
        // walk's first page (one request), the full one `list` itself.
        "GetUserList" if full => user::Client::new(config)
            .list(&calls::get_user_list_params(true))
            .await
            .map(drop),
        "GetUserList" => {
            let mut walk = user::Client::new(config).list_all(&calls::get_user_list_params(false));
            match walk.next().await {
                Some(Err(e)) => Err(e),
                _ => Ok(()),
            }
        }
        "GetUsersCount" => user::Client::new(config)
            .count(&calls::get_users_count_params(full))
            .await
            .map(drop),
        "SetUserProfileImage" => user::Client::new(config)
            .update_profile_image(ids[0], &png())
            .await
            .map(drop),
        "UploadOrganizationLogo" => organization::Client::new(config)
            .update_logo(
                ids[0],
                &png(),
                &calls::upload_organization_logo_params(full),
            )
            .await
            .map(drop),
        "UploadOAuthApplicationLogo" => oauth_application::Client::new(config)
            .update_logo(ids[0], &png(), full.then_some("user_1"))
            .await
            .map(drop),
        _ => return None,
    })
}
