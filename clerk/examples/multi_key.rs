//! Two Clerk instances in one process: one [`clerk::ClientConfig`] per secret key and a
//! `Client` per resource, instead of the process-wide key.
//!
//! ```sh
//! cargo run -p clerk-backend --example multi_key
//! ```
//!
//! With `CLERK_SECRET_KEY` and `CLERK_SECRET_KEY_2` set (keys of two *different*
//! instances) it talks to the real API; otherwise it starts two
//! [`clerk::testing::FakeClerk`]s and runs offline. It creates a user with each client,
//! shows that each instance sees only its own user, deletes both and exits.

use clerk::{ClientConfig, user};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Whether `users` finds a user with this id (a 404 is "no").
async fn sees(users: &user::Client, id: &str) -> clerk::Result<bool> {
    match users.get(id).await {
        Ok(_) => Ok(true),
        Err(e) if e.is_not_found() => Ok(false),
        Err(e) => Err(e),
    }
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let key = |name: &str| std::env::var(name).ok().filter(|k| !k.is_empty());
    // The fakes must outlive the clients; they stop when dropped.
    let (configs, _fakes) = match (key("CLERK_SECRET_KEY"), key("CLERK_SECRET_KEY_2")) {
        (Some(first), Some(second)) => {
            let configs = [ClientConfig::new(first), ClientConfig::new(second)];
            println!("using two Clerk instances at {}", configs[0].api_url());
            (configs, None)
        }
        _ => {
            let fakes = [
                clerk::testing::FakeClerk::start().await,
                clerk::testing::FakeClerk::start().await,
            ];
            println!(
                "CLERK_SECRET_KEY and CLERK_SECRET_KEY_2 are not both set: using two FakeClerks at {} and {}",
                fakes[0].url(),
                fakes[1].url()
            );
            ([fakes[0].config(), fakes[1].config()], Some(fakes))
        }
    };
    let clients = [
        user::Client::new(&configs[0]),
        user::Client::new(&configs[1]),
    ];

    // One user in each instance.
    let suffix = format!("{:06}", std::process::id() % 1_000_000);
    let mut created = Vec::new();
    for (i, users) in clients.iter().enumerate() {
        let u = users
            .create(&user::CreateParams {
                email_address: Some(vec![format!("tenant{}.{suffix}@example.com", i + 1)]),
                first_name: clerk::string(format!("Tenant {}", i + 1)),
                ..Default::default()
            })
            .await?;
        println!("instance {}: created user {}", i + 1, u.id);
        created.push(u.id);
    }

    // Each client sees its own user and not the other's.
    let mut mixed_up = Vec::new();
    for (i, users) in clients.iter().enumerate() {
        let own = sees(users, &created[i]).await?;
        let other = sees(users, &created[1 - i]).await?;
        let listed = users
            .list(&user::ListParams {
                user_id: Some(created.clone()),
                ..Default::default()
            })
            .await?;
        let ids: Vec<&str> = listed.data.iter().map(|u| u.id.as_str()).collect();
        println!(
            "instance {}: sees its own user: {own}, sees the other's: {other}, lists {ids:?}",
            i + 1
        );
        if !own || other || ids != [created[i].as_str()] {
            mixed_up.push(format!(
                "instance {} does not see exactly its own user",
                i + 1
            ));
        }
    }

    // Clean up.
    for (i, users) in clients.iter().enumerate() {
        users.delete(&created[i]).await?;
        println!("instance {}: deleted user {}", i + 1, created[i]);
    }
    if mixed_up.is_empty() {
        Ok(())
    } else {
        Err(mixed_up.join("; ").into())
    }
}
