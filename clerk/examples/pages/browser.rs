//! A browser, as far as the `pages` example needs one: follows redirects (307), keeps
//! cookies (one jar for every host: everything runs on 127.0.0.1), and asks for documents
//! as browsers do (`Sec-Fetch-Dest: document`).

use std::collections::BTreeMap;

/// Cookies, and every answer seen: its status, `Location` and Clerk's auth reason.
#[derive(Debug, Default)]
pub struct Browser {
    pub cookies: BTreeMap<String, String>,
    pub trail: Vec<Hop>,
}

/// One answer on the way to a page.
#[derive(Debug)]
pub struct Hop {
    pub status: u16,
    pub location: Option<String>,
    pub reason: Option<String>,
}

impl Browser {
    /// Opens `url`, following up to 8 redirects; the final status and body.
    pub async fn open(&mut self, url: &str) -> Result<(u16, String), reqwest::Error> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let mut url = url.to_string();
        for _ in 0..8 {
            let cookie: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            let response = http
                .get(&url)
                .header("accept", "text/html")
                .header("sec-fetch-dest", "document")
                .header("cookie", cookie.join("; "))
                .send()
                .await?;
            let text = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            for set in response.headers().get_all("set-cookie") {
                let pair = set.to_str().unwrap_or_default().split(';').next();
                if let Some((name, value)) = pair.and_then(|p| p.split_once('=')) {
                    self.cookies.insert(name.trim().into(), value.trim().into());
                }
            }
            let hop = Hop {
                status: response.status().as_u16(),
                location: text("location"),
                reason: text("x-clerk-auth-reason"),
            };
            let next = hop.location.clone().filter(|_| hop.status == 307);
            self.trail.push(hop);
            match next {
                Some(location) => url = location,
                None => {
                    let status = response.status().as_u16();
                    return Ok((status, response.text().await?));
                }
            }
        }
        Ok((0, "a redirect loop".into()))
    }
}
