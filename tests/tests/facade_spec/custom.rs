//! Calls of the facade functions written by hand (`custom = true` in openapi/facade.toml).

use clerk::{ClientConfig, Upload, oauth_application, organization, user};
use futures::StreamExt;

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

pub async fn call(
    config: &ClientConfig,
    operation: &str,
    ids: &[&str],
) -> Option<clerk::Result<()>> {
    Some(match operation {
        // `list` sends two requests (the page and the count); the walk's first page is one.
        "GetUserList" => {
            let mut walk = user::Client::new(config).list_all(&user::ListParams::default());
            match walk.next().await {
                Some(Err(e)) => Err(e),
                _ => Ok(()),
            }
        }
        "GetUsersCount" => user::Client::new(config)
            .count(&user::ListParams::default())
            .await
            .map(drop),
        "SetUserProfileImage" => user::Client::new(config)
            .update_profile_image(ids[0], &png())
            .await
            .map(drop),
        "UploadOrganizationLogo" => organization::Client::new(config)
            .update_logo(ids[0], &png(), &organization::UpdateLogoParams::default())
            .await
            .map(drop),
        "UploadOAuthApplicationLogo" => oauth_application::Client::new(config)
            .update_logo(ids[0], &png(), None)
            .await
            .map(drop),
        _ => return None,
    })
}
