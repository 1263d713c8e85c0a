//! The Go SDK README's flow in Rust: create a user, get it, list users, create an
//! organization, update its slug, list its memberships, get the member's user, clean up.
//!
//! With `CLERK_SECRET_KEY` set it talks to the API at `CLERK_API_URL` (default
//! `https://api.clerk.com/v1`); without it, it starts [`clerk::testing::FakeClerk`] in
//! process and runs the same flow offline.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use clerk::{organization, organization_membership, user};

#[tokio::main]
async fn main() -> clerk::Result<()> {
    // Keep the fake alive for the whole run; it stops when dropped.
    let _fake = match clerk::ClientConfig::from_env() {
        Some(config) => {
            println!("using the Clerk API at {}", config.api_url());
            clerk::set_config(config);
            None
        }
        None => {
            let fake = clerk::testing::FakeClerk::start().await;
            println!(
                "CLERK_SECRET_KEY is not set: using FakeClerk at {}",
                fake.url()
            );
            clerk::set_config(fake.config());
            Some(fake)
        }
    };

    // Create a user, get it back, list users.
    let suffix = format!("{:06}", std::process::id() % 1_000_000);
    let created = user::create(&user::CreateParams {
        email_address: Some(vec![format!("ada.{suffix}@example.com")]),
        first_name: clerk::string("Ada"),
        last_name: clerk::string("Lovelace"),
        ..Default::default()
    })
    .await?;
    println!("created user {}", created.id);
    let fetched = user::get(&created.id).await?;
    println!(
        "got user {} ({:?} {:?})",
        fetched.id, fetched.first_name, fetched.last_name
    );
    let users = user::list(&user::ListParams {
        limit: clerk::int64(10),
        ..Default::default()
    })
    .await?;
    println!("listed {} of {} users", users.data.len(), users.total_count);

    // Create an organization with the user as its admin, and update its slug.
    let org = organization::create(&organization::CreateParams {
        name: clerk::string("Clerk Inc"),
        created_by: clerk::string(&created.id),
        ..Default::default()
    })
    .await?;
    println!("created organization {} (slug {})", org.id, org.slug);
    let org = organization::update(
        &org.id,
        &organization::UpdateParams {
            slug: clerk::string(format!("clerk-{suffix}")),
            ..Default::default()
        },
    )
    .await?;
    println!("updated organization {} slug to {}", org.id, org.slug);

    // List its memberships and get the first member's user.
    let memberships = organization_membership::list(
        &org.id,
        &organization_membership::ListParams {
            limit: clerk::int64(10),
            ..Default::default()
        },
    )
    .await?;
    println!(
        "organization {} has {} membership(s)",
        org.id, memberships.total_count
    );
    if let Some(membership) = memberships.data.first() {
        let member_id = membership
            .public_user_data
            .as_ref()
            .map(|d| d.user_id.clone())
            .unwrap_or_default();
        let member = user::get(&member_id).await?;
        println!("member {} has role {}", member.id, membership.role);
    }

    // Clean up.
    organization::delete(&org.id).await?;
    println!("deleted organization {}", org.id);
    user::delete(&created.id).await?;
    println!("deleted user {}", created.id);
    Ok(())
}
