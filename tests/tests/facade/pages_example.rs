//! The `pages` example's app end to end: a browser (following redirects, keeping
//! cookies) against the app and FakeClerk as Frontend API. A fresh cookie renders; an
//! expired one goes through a handshake and renders signed in; once the session is
//! revoked, the handshake signs the browser out; an admin page refuses a member.

use clerk::testing::FakeClerk;
use clerk::{AuthenticateOptions, PageOptions, session, user};

#[path = "../../../clerk/examples/pages/app.rs"]
mod app;
#[path = "../../../clerk/examples/pages/browser.rs"]
mod browser;

#[tokio::test]
async fn a_page_survives_an_expired_cookie_and_a_revoked_session_signs_out() {
    let fake = FakeClerk::start().await;
    let ada = user::Client::new(&fake.config())
        .create(&user::CreateParams {
            email_address: Some(vec!["ada@example.com".into()]),
            ..Default::default()
        })
        .await
        .unwrap();
    let sessions = session::Client::new(&fake.config());
    let ada_session = sessions
        .create(&session::CreateParams {
            user_id: Some(ada.id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    let pages = PageOptions::new(&fake.publishable_key())
        .unwrap()
        .proxy_url(fake.frontend_api_url());
    let options = AuthenticateOptions::new(fake.verify_params())
        .pages(pages)
        .machine_config(fake.config());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app::app(options)).await });

    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let token = |exp: i64| {
        fake.token_issuer()
            .session_token(&ada.id)
            .claim("sid", ada_session.id.clone())
            .claim("iat", exp - 60)
            .claim("nbf", exp - 70)
            .claim("exp", exp)
            .sign()
    };
    let mut browser = browser::Browser::default();
    browser
        .cookies
        .insert("__clerk_db_jwt".into(), "db_1".into());
    browser
        .cookies
        .insert("__client_uat".into(), (now - 3600).to_string());
    browser.cookies.insert("__session".into(), token(now + 60));
    let (status, body) = browser.open(&format!("{origin}/")).await.unwrap();
    assert_eq!(status, 200);
    assert!(body.contains(&format!("Signed in as {}", ada.id)), "{body}");
    assert_eq!(browser.trail.len(), 1, "no redirect for a fresh cookie");

    // A few minutes later the cookie has expired: the page still renders signed in.
    browser.trail.clear();
    browser.cookies.insert("__session".into(), token(now - 30));
    let (status, body) = browser.open(&format!("{origin}/")).await.unwrap();
    assert_eq!(status, 200);
    assert!(body.contains(&format!("Signed in as {}", ada.id)), "{body}");
    let hops: Vec<&str> = browser
        .trail
        .iter()
        .map(|hop| hop.reason.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        hops,
        [
            "session-token-expired-refresh-non-eligible-no-refresh-cookie",
            "",
            "",
            ""
        ],
        "to the Frontend API, back with the handshake, to the clean URL, the page"
    );
    assert!(!browser.cookies["__session"].is_empty());
    // The member is not an admin.
    let (status, _) = browser.open(&format!("{origin}/admin")).await.unwrap();
    assert_eq!(status, 403);

    // Signed out elsewhere: the session is revoked; the next handshake signs out.
    sessions.revoke(&ada_session.id).await.unwrap();
    browser.cookies.insert("__session".into(), token(now - 30));
    let (status, body) = browser.open(&format!("{origin}/")).await.unwrap();
    assert_eq!(status, 200);
    assert!(body.contains("Signed out"), "{body}");
    assert_eq!(
        browser.cookies.get("__client_uat").map(String::as_str),
        Some("0")
    );
}
