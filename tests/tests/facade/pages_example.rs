//! The `pages` example's app end to end: a browser (following redirects, keeping
//! cookies) against the app and FakeClerk as Frontend API. A fresh cookie renders; an
//! expired one goes through a handshake and renders signed in; once the session is
//! revoked, the handshake signs the browser out; an admin page refuses a member.

use std::collections::BTreeMap;

use clerk::testing::FakeClerk;
use clerk::{AuthenticateOptions, PageOptions, session, user};

#[path = "../../../clerk/examples/pages/app.rs"]
mod app;

#[derive(Default)]
struct Browser {
    cookies: BTreeMap<String, String>,
    /// Every answer: status, and the auth reason when there was one.
    trail: Vec<(u16, String)>,
}

impl Browser {
    async fn open(&mut self, url: &str) -> (u16, String) {
        let http = clerk::raw::reqwest::Client::builder()
            .redirect(clerk::raw::reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut url = url.to_string();
        for _ in 0..8 {
            let cookie: Vec<String> = self
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            let response = http
                .get(&url)
                .header("accept", "text/html")
                .header("sec-fetch-dest", "document")
                .header("cookie", cookie.join("; "))
                .send()
                .await
                .unwrap();
            for set in response.headers().get_all("set-cookie") {
                let pair = set.to_str().unwrap().split(';').next().unwrap();
                let (name, value) = pair.split_once('=').unwrap();
                self.cookies.insert(name.trim().into(), value.trim().into());
            }
            let status = response.status().as_u16();
            let reason = response
                .headers()
                .get("x-clerk-auth-reason")
                .map_or(String::new(), |r| r.to_str().unwrap().to_string());
            self.trail.push((status, reason));
            match response.headers().get("location") {
                Some(location) if status == 307 => url = location.to_str().unwrap().to_string(),
                _ => return (status, response.text().await.unwrap()),
            }
        }
        panic!("a redirect loop: {:?}", self.trail);
    }
}

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
    let mut browser = Browser::default();
    browser
        .cookies
        .insert("__clerk_db_jwt".into(), "db_1".into());
    browser
        .cookies
        .insert("__client_uat".into(), (now - 3600).to_string());
    browser.cookies.insert("__session".into(), token(now + 60));
    let (status, body) = browser.open(&format!("{origin}/")).await;
    assert_eq!(status, 200);
    assert!(body.contains(&format!("Signed in as {}", ada.id)), "{body}");
    assert_eq!(browser.trail.len(), 1, "no redirect for a fresh cookie");

    // A few minutes later the cookie has expired: the page still renders signed in.
    browser.trail.clear();
    browser.cookies.insert("__session".into(), token(now - 30));
    let (status, body) = browser.open(&format!("{origin}/")).await;
    assert_eq!(status, 200);
    assert!(body.contains(&format!("Signed in as {}", ada.id)), "{body}");
    let hops: Vec<&str> = browser.trail.iter().map(|(_, r)| r.as_str()).collect();
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
    let (status, _) = browser.open(&format!("{origin}/admin")).await;
    assert_eq!(status, 403);

    // Signed out elsewhere: the session is revoked; the next handshake signs out.
    sessions.revoke(&ada_session.id).await.unwrap();
    browser.cookies.insert("__session".into(), token(now - 30));
    let (status, body) = browser.open(&format!("{origin}/")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Signed out"), "{body}");
    assert_eq!(
        browser.cookies.get("__client_uat").map(String::as_str),
        Some("0")
    );
}
