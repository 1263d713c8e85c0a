//! A server-rendered app on Clerk's cookie session, as Next.js or Remix apps have it with
//! Clerk's JS SDK: the `__session` cookie signs page requests in, and when it has
//! expired (it lives about a minute) the page is not rendered signed out: the browser
//! goes through a *handshake* with Clerk's Frontend API and comes back with a fresh one.
//!
//! ```sh
//! cargo run -p clerk-backend --example pages
//! ```
//!
//! With `CLERK_PUBLISHABLE_KEY` and `CLERK_SECRET_KEY` set, it serves the app on
//! <http://127.0.0.1:3000> for your browser (sign in with Clerk's components on your
//! Frontend API, then open it). Without them it runs offline: it starts
//! [`clerk::testing::FakeClerk`] (which also answers handshakes as a development
//! Frontend API does), creates a user and a session, and walks a browser through the
//! app: a page with a fresh cookie, then with an expired one, following the redirects
//! and keeping the cookies, and prints each step.

mod app;
mod browser;

use clerk::jwt::{JwksCache, VerifyParams};
use clerk::testing::FakeClerk;
use clerk::{AuthenticateOptions, PageOptions, session, user};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let keys = (
        std::env::var("CLERK_PUBLISHABLE_KEY"),
        std::env::var("CLERK_SECRET_KEY"),
    );
    if let (Ok(publishable_key), Ok(_)) = keys {
        let options = AuthenticateOptions::new(VerifyParams::with_jwks(JwksCache::global()))
            .pages(PageOptions::new(&publishable_key)?);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
        println!("serving on http://127.0.0.1:3000");
        axum::serve(listener, app::app(options)).await?;
        return Ok(());
    }
    offline().await
}

/// The app against FakeClerk, and a browser walking it.
async fn offline() -> Result<(), BoxError> {
    let fake = FakeClerk::start().await;
    let users = user::Client::new(&fake.config());
    let ada = users
        .create(&user::CreateParams {
            email_address: Some(vec!["ada@example.com".into()]),
            ..Default::default()
        })
        .await?;
    let ada_session = session::Client::new(&fake.config())
        .create(&session::CreateParams {
            user_id: Some(ada.id.clone()),
            ..Default::default()
        })
        .await?;
    let pages = PageOptions::new(&fake.publishable_key())?.proxy_url(fake.frontend_api_url());
    let options = AuthenticateOptions::new(fake.verify_params())
        .pages(pages)
        .machine_config(fake.config());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let origin = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, app::app(options)).await });

    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?;
    let now = now.as_secs() as i64;
    let issuer = fake.token_issuer();
    let mut browser = browser::Browser::default();
    browser
        .cookies
        .insert("__clerk_db_jwt".into(), "dev_browser_1".into());
    browser
        .cookies
        .insert("__client_uat".into(), (now - 3600).to_string());

    let fresh = issuer
        .session_token(&ada.id)
        .claim("sid", ada_session.id.clone())
        .sign();
    browser.cookies.insert("__session".into(), fresh);
    println!("-- a page with a fresh session cookie");
    show(&mut browser, &format!("{origin}/")).await?;

    let expired = issuer
        .session_token(&ada.id)
        .claim("sid", ada_session.id.clone())
        .claim("iat", now - 120)
        .claim("nbf", now - 130)
        .claim("exp", now - 60)
        .sign();
    browser.cookies.insert("__session".into(), expired);
    println!("-- the same page a few minutes later: the cookie has expired");
    show(&mut browser, &format!("{origin}/")).await?;
    Ok(())
}

/// Opens `url` and prints each step (query strings cut: they carry tokens).
async fn show(browser: &mut browser::Browser, url: &str) -> Result<(), BoxError> {
    browser.trail.clear();
    let (status, body) = browser.open(url).await?;
    for hop in &browser.trail {
        if let Some(location) = hop.location.as_deref().filter(|_| hop.status == 307) {
            let location = location.split_once('?').map_or(location, |(path, _)| path);
            let reason = hop.reason.as_deref().map(|r| format!(" ({r})"));
            println!(
                "   {} to {location}?...{}",
                hop.status,
                reason.unwrap_or_default()
            );
        }
    }
    println!("   {status}: {body}");
    Ok(())
}
