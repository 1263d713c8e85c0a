//! The cookie path held to Clerk's JavaScript SDK: each case is authenticated by
//! `clerk::authenticate` and by `@clerk/backend`'s `authenticateRequest` (run under node by
//! `tests/js/authenticate.mjs`), with development and production keys, satellite or not,
//! suffixed cookies or not, handshake tokens and nonces, and the answers must agree:
//! status, reason, redirect target, cookies set, user. Where they differ on purpose, the
//! case says why.
//!
//! Needs node and `npm ci` in `tests/js` (`.ci/run` does both); skipped without them,
//! except under `CI=true`, where that is a failure.

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clerk::jwt::{FactorLevel, JwtKey, Requirement, Reverification, VerifyParams};
use clerk::testing::TokenIssuer;
use clerk::{AuthenticateOptions, OrganizationSync, PageOptions, RequestState};
use httpmock::Method::GET;
use httpmock::MockServer;
use serde_json::{Value, json};

const DEV_HOST: &str = "foo-bar-13.clerk.accounts.dev";
const PROD_HOST: &str = "clerk.example.com";
const SECRET: &str = "sk_test_parityKey0123456789";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Instance {
    Dev,
    Prod,
}

impl Instance {
    fn host(self) -> &'static str {
        match self {
            Instance::Dev => DEV_HOST,
            Instance::Prod => PROD_HOST,
        }
    }

    fn publishable_key(self) -> String {
        let prefix = match self {
            Instance::Dev => "pk_test_",
            Instance::Prod => "pk_live_",
        };
        format!("{prefix}{}", STANDARD.encode(format!("{}$", self.host())))
    }
}

/// One request, and the settings it is authenticated with.
struct Case {
    name: String,
    instance: Instance,
    url: String,
    method: &'static str,
    headers: Vec<(String, String)>,
    satellite: Option<&'static str>,
    sign_in_url: Option<&'static str>,
    org_sync: bool,
    /// `PageOptions::allowed_redirect_origins` (Rust only).
    allowed_origins: Vec<&'static str>,
    /// Why the Rust SDK answers otherwise, when it does on purpose.
    deliberate: Option<&'static str>,
}

impl Case {
    fn new(name: impl Into<String>, instance: Instance, url: &str) -> Case {
        Case {
            name: name.into(),
            instance,
            url: url.to_string(),
            method: "GET",
            headers: Vec::new(),
            satellite: None,
            sign_in_url: None,
            org_sync: false,
            allowed_origins: Vec::new(),
            deliberate: None,
        }
    }

    /// A browser's navigation to a page (behind a proxy that terminates TLS).
    fn document(mut self) -> Case {
        self.headers
            .push(("x-forwarded-proto".into(), "https".into()));
        self.headers
            .push(("sec-fetch-dest".into(), "document".into()));
        self.headers.push(("accept".into(), "text/html".into()));
        self
    }

    fn header(mut self, name: &str, value: impl Into<String>) -> Case {
        self.headers.push((name.into(), value.into()));
        self
    }

    fn cookies(self, pairs: &[(&str, String)]) -> Case {
        let cookie = pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        self.header("cookie", cookie)
    }

    fn method(mut self, method: &'static str) -> Case {
        self.method = method;
        self
    }

    fn satellite(mut self, domain: &'static str, sign_in_url: &'static str) -> Case {
        self.satellite = Some(domain);
        self.sign_in_url = Some(sign_in_url);
        self
    }

    fn org_sync(mut self) -> Case {
        self.org_sync = true;
        self
    }

    fn allow_redirects_to(mut self, origin: &'static str) -> Case {
        self.allowed_origins.push(origin);
        self
    }

    fn deliberate(mut self, why: &'static str) -> Case {
        self.deliberate = Some(why);
        self
    }

    fn js_line(&self, pem: &str, api_url: &str) -> String {
        let mut options = json!({
            "publishableKey": self.instance.publishable_key(),
            "secretKey": SECRET,
            "jwtKey": pem,
            "apiUrl": api_url,
        });
        if let Some(domain) = self.satellite {
            options["isSatellite"] = json!(true);
            options["domain"] = json!(domain);
            options["signInUrl"] = json!(self.sign_in_url);
        }
        if self.org_sync {
            options["organizationSyncOptions"] = json!({
                "organizationPatterns": ["/orgs/:slug", "/orgs/:slug/(.*)"],
                "personalAccountPatterns": ["/me", "/me/(.*)"],
            });
        }
        let headers: serde_json::Map<String, Value> = self
            .headers
            .iter()
            .map(|(n, v)| (n.clone(), json!(v)))
            .collect();
        json!({"url": self.url, "method": self.method, "headers": headers, "options": options})
            .to_string()
    }

    async fn rust(&self, key: &JwtKey, api: &MockServer) -> Value {
        let mut pages = PageOptions::new(&self.instance.publishable_key()).unwrap();
        if let Some(domain) = self.satellite {
            pages = pages
                .satellite(domain)
                .sign_in_url(self.sign_in_url.unwrap());
        }
        if self.org_sync {
            pages = pages.organization_sync(
                OrganizationSync::new()
                    .organization_patterns(["/orgs/:slug", "/orgs/:slug/(.*)"])
                    .unwrap()
                    .personal_account_patterns(["/me", "/me/(.*)"])
                    .unwrap(),
            );
        }
        let options = AuthenticateOptions::new(VerifyParams::with_key(key.clone()))
            .pages(pages.allowed_redirect_origins(self.allowed_origins.clone()))
            .machine_config(clerk::ClientConfig::new(SECRET).with_api_url(api.url("/v1")));
        let url = url::Url::parse(&self.url).unwrap();
        let mut request = axum::http::Request::builder()
            .method(self.method)
            .uri(&url[url::Position::BeforePath..])
            .header(
                "host",
                &url[url::Position::BeforeHost..url::Position::AfterPort],
            );
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let (head, ()) = request.body(()).unwrap().into_parts();
        let authentication = clerk::authenticate(&head, &options).await;
        let (status, user) = match &authentication.state {
            RequestState::SignedIn(auth) => (
                "signed-in",
                auth.session().map(|c| Value::from(c.subject.clone())),
            ),
            RequestState::SignedOut(_) => ("signed-out", None),
            RequestState::Handshake(_) => ("handshake", None),
            other => panic!("{other:?}"),
        };
        let header = |name: &str| {
            authentication
                .headers
                .get(name)
                .map(|v| Value::from(v.to_str().unwrap()))
                .unwrap_or(Value::Null)
        };
        let set_cookie: Vec<Value> = authentication
            .headers
            .get_all("set-cookie")
            .iter()
            .map(|v| Value::from(v.to_str().unwrap()))
            .collect();
        json!({
            "status": status,
            "reason": if status == "signed-in" { Value::Null } else { header("x-clerk-auth-reason") },
            "location": header("location"),
            "setCookie": set_cookie,
            "userId": user.unwrap_or(Value::Null),
        })
    }
}

/// The same URL with its query parameters sorted, for comparing redirect targets.
fn normalised(outcome: &Value) -> Value {
    let mut outcome = outcome.clone();
    if let Some(fields) = outcome.as_object_mut() {
        fields.remove("logs");
    }
    if let Some(location) = outcome["location"].as_str()
        && let Ok(url) = url::Url::parse(location)
    {
        let mut pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        pairs.sort();
        outcome["location"] = json!({
            "at": &url[..url::Position::AfterPath],
            "query": pairs,
        });
    }
    outcome
}

fn run_js(script: &str, lines: &[String]) -> Option<Vec<Value>> {
    let dir = format!("{}/js", env!("CARGO_MANIFEST_DIR"));
    let installed = std::path::Path::new(&dir)
        .join("node_modules/@clerk/backend")
        .exists();
    let node = Command::new("node").arg("--version").output();
    if !installed || node.is_err() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "node and `npm ci` in tests/js are needed under CI"
        );
        eprintln!("skipped: node or tests/js/node_modules missing (npm ci in tests/js)");
        return None;
    }
    let mut child = Command::new("node")
        .arg(script)
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.join("\n").as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the JS runner failed");
    let text = String::from_utf8(output.stdout).unwrap();
    Some(
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    )
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

// Several threads: the mock API must answer the JS runner while this test waits for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cookie_path_answers_as_clerks_js_sdk() {
    let issuer = TokenIssuer::new();
    let pem = issuer.public_key_pem();
    let key = JwtKey::from_pem(&pem).unwrap();
    let now = now();
    let uat = (now - 1000).to_string();
    let session = |instance: Instance| {
        issuer
            .session_token("user_1")
            .claim("iss", format!("https://{}", instance.host()))
            .claim("iat", now - 10)
            .claim("nbf", now - 20)
            .sign()
    };
    let expired = |instance: Instance| {
        issuer
            .session_token("user_1")
            .claim("iss", format!("https://{}", instance.host()))
            .claim("iat", now - 600)
            .claim("nbf", now - 610)
            .claim("exp", now - 540)
            .sign()
    };
    let early = |instance: Instance| {
        issuer
            .session_token("user_1")
            .claim("iss", format!("https://{}", instance.host()))
            .claim("iat", now - 10)
            .claim("nbf", now + 600)
            .claim("exp", now + 660)
            .sign()
    };
    let in_org = |instance: Instance| {
        issuer
            .session_token("user_1")
            .claim("iss", format!("https://{}", instance.host()))
            .claim("iat", now - 10)
            .organization("org_1", "acme", "admin", &[])
            .sign()
    };
    // The cookies a handshake sets: a fresh session, a client, the nonce cleared.
    let directives = |instance: Instance| {
        vec![
            format!("__session={}; Path=/; SameSite=Lax", session(instance)),
            format!("__client_uat={uat}; Path=/; SameSite=Lax"),
        ]
    };
    let handshake_token = |instance: Instance| {
        issuer.sign(
            &json!({"alg": "RS256", "typ": "JWT", "kid": issuer.kid()}),
            &json!({"handshake": directives(instance), "iat": now}),
        )
    };
    let forged_handshake = TokenIssuer::new().sign(
        &json!({"alg": "RS256", "typ": "JWT"}),
        &json!({"handshake": directives(Instance::Prod), "iat": now}),
    );
    let api = MockServer::start_async().await;
    api.mock_async(|when, then| {
        when.method(GET)
            .path("/v1/clients/handshake_payload")
            .query_param("nonce", "nonce_good");
        // Exactly `application/json`, as the API sends it (the JS SDK reads anything else
        // as text).
        then.status(200)
            .header("content-type", "application/json")
            .body(json!({"directives": directives(Instance::Prod)}).to_string());
    })
    .await;
    api.mock_async(|when, then| {
        when.method(GET).path("/v1/clients/handshake_payload");
        then.status(404)
            .json_body(json!({"errors": [{"code": "resource_not_found", "message": "not found"}]}));
    })
    .await;

    let suffix = |instance: Instance| {
        PageOptions::new(&instance.publishable_key())
            .unwrap()
            .publishable_key()
            .cookie_suffix()
            .to_string()
    };
    let mut cases = Vec::new();
    for instance in [Instance::Dev, Instance::Prod] {
        let page = "https://app.example.org/dashboard?tab=1";
        let tag = format!("{instance:?}");
        // Development instances need the dev browser before anything else.
        let db: Vec<(&'static str, String)> = match instance {
            Instance::Dev => vec![("__clerk_db_jwt", "db_123".into())],
            Instance::Prod => vec![],
        };
        let with = |pairs: &[(&'static str, String)]| -> Vec<(&'static str, String)> {
            db.iter().cloned().chain(pairs.iter().cloned()).collect()
        };
        cases.extend([
            Case::new(format!("{tag}: nothing"), instance, page)
                .document()
                .cookies(&with(&[])),
            Case::new(format!("{tag}: signed in"), instance, page)
                .document()
                .cookies(&with(&[("__session", session(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: signed out in another tab"), instance, page)
                .document()
                .cookies(&with(&[("__session", session(instance))])),
            Case::new(format!("{tag}: no client_uat, an API call"), instance, page)
                .header("accept", "application/json")
                .cookies(&with(&[("__session", session(instance))])),
            Case::new(format!("{tag}: client but no session"), instance, page)
                .document()
                .cookies(&with(&[("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: client signed out (uat 0)"), instance, page)
                .document()
                .cookies(&with(&[("__session", session(instance)), ("__client_uat", "0".into())])),
            Case::new(format!("{tag}: expired"), instance, page)
                .document()
                .cookies(&with(&[("__session", expired(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: expired, a POST"), instance, page)
                .method("POST")
                .header("sec-fetch-dest", "document")
                .cookies(&with(&[("__session", expired(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: expired, an API call"), instance, page)
                .cookies(&with(&[("__session", expired(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: expired, html without sec-fetch-dest"), instance, page)
                .header("x-forwarded-proto", "https")
                .header("accept", "text/html,application/xhtml+xml")
                .cookies(&with(&[("__session", expired(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: not yet valid"), instance, page)
                .document()
                .cookies(&with(&[("__session", early(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: issued before the client's last sign-in"), instance, page)
                .document()
                .cookies(&with(&[("__session", session(instance)), ("__client_uat", (now + 100).to_string())])),
            Case::new(format!("{tag}: a redirect loop"), instance, page)
                .document()
                .cookies(&with(&[
                    ("__session", expired(instance)),
                    ("__client_uat", uat.clone()),
                    ("__clerk_redirect_count", "3".into()),
                ])),
            Case::new(format!("{tag}: suffixed cookies"), instance, page)
                .document()
                .cookies(&with(&[
                    (format!("__session_{}", suffix(instance)).leak(), session(instance)),
                    (format!("__client_uat_{}", suffix(instance)).leak(), uat.clone()),
                    ("__client_uat", uat.clone()),
                ])),
            Case::new(format!("{tag}: an organization in the URL"), instance, "https://app.example.org/orgs/other/invoices")
                .org_sync()
                .document()
                .cookies(&with(&[("__session", in_org(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: the active organization in the URL"), instance, "https://app.example.org/orgs/acme")
                .org_sync()
                .document()
                .cookies(&with(&[("__session", in_org(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: the personal account in the URL"), instance, "https://app.example.org/me")
                .org_sync()
                .document()
                .cookies(&with(&[("__session", in_org(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: from another site"), instance, page)
                .document()
                .header("referer", "https://elsewhere.example.net/")
                .cookies(&with(&[("__session", session(instance)), ("__client_uat", uat.clone())])),
            Case::new(format!("{tag}: a bearer token"), instance, page)
                .header("authorization", format!("Bearer {}", session(instance))),
            Case::new(format!("{tag}: an expired bearer token"), instance, page)
                .document()
                .header("authorization", format!("Bearer {}", expired(instance))),
            Case::new(format!("{tag}: an expired bearer token, an API call"), instance, page)
                .header("authorization", format!("Bearer {}", expired(instance)))
                .deliberate("JS: session-token-expired-refresh-non-eligible-no-refresh-cookie; the Rust SDK keeps the token's own reason, token-expired, for API calls"),
        ]);
    }
    // Development only.
    cases.extend([
        Case::new("Dev: no dev browser", Instance::Dev, "https://app.example.org/")
            .document()
            .cookies(&[("__session", session(Instance::Dev)), ("__client_uat", uat.clone())]),
        Case::new("Dev: the dev browser in the URL", Instance::Dev, "https://app.example.org/?__clerk_db_jwt=db_9")
            .document(),
        Case::new("Dev: a handshake token in the URL", Instance::Dev, &format!("https://app.example.org/p?x=1&__clerk_handshake={}", handshake_token(Instance::Dev)))
            .document()
            .cookies(&[("__clerk_db_jwt", "db_123".into())]),
        Case::new("Dev: a satellite to sync", Instance::Dev, "https://sat.example.net/?__clerk_synced=false")
            .satellite("sat.example.net", "https://app.example.org/sign-in")
            .document()
            .cookies(&[("__clerk_db_jwt", "db_123".into())]),
        Case::new("Dev: a satellite's first visit", Instance::Dev, "https://sat.example.net/")
            .satellite("sat.example.net", "https://app.example.org/sign-in")
            .document()
            .cookies(&[("__clerk_db_jwt", "db_123".into())]),
        Case::new("Dev: a forged handshake token", Instance::Dev, &format!("https://app.example.org/?__clerk_handshake={forged_handshake}"))
            .document()
            .cookies(&[("__clerk_db_jwt", "db_123".into())])
            .deliberate("JS throws (a 500 from the middleware); the Rust SDK refuses the handshake, logs it and authenticates the request without it"),
        Case::new("Dev: a primary sending the browser back to a satellite", Instance::Dev, "https://app.example.org/?__clerk_redirect_url=https%3A%2F%2Fevil.example%2F")
            .document()
            .cookies(&[("__clerk_db_jwt", "db_123".into()), ("__session", session(Instance::Dev)), ("__client_uat", uat.clone())])
            .deliberate("JS redirects to any __clerk_redirect_url with the dev browser token in it; the Rust SDK only to PageOptions::allowed_redirect_origins (none here)"),
        Case::new("Dev: a primary sending the browser back to a known satellite", Instance::Dev, "https://app.example.org/?__clerk_redirect_url=https%3A%2F%2Fsat.example.net%2Fp%3Fa%3D1")
            .document()
            .allow_redirects_to("https://sat.example.net")
            .cookies(&[("__clerk_db_jwt", "db_123".into()), ("__session", session(Instance::Dev)), ("__client_uat", uat.clone())]),
    ]);
    // Production only.
    cases.extend([
        Case::new(
            "Prod: a handshake nonce",
            Instance::Prod,
            "https://app.example.org/p",
        )
        .document()
        .cookies(&[("__clerk_handshake_nonce", "nonce_good".into())]),
        Case::new(
            "Prod: an unknown handshake nonce",
            Instance::Prod,
            "https://app.example.org/p",
        )
        .document()
        .cookies(&[("__clerk_handshake_nonce", "nonce_bad".into())]),
        Case::new(
            "Prod: a handshake token cookie",
            Instance::Prod,
            "https://app.example.org/p",
        )
        .document()
        .cookies(&[("__clerk_handshake", handshake_token(Instance::Prod))]),
        Case::new(
            "Prod: a forged handshake token",
            Instance::Prod,
            "https://app.example.org/p",
        )
        .document()
        .cookies(&[("__clerk_handshake", forged_handshake.clone())]),
        Case::new(
            "Prod: a satellite to sync",
            Instance::Prod,
            "https://sat.example.net/?__clerk_synced=false",
        )
        .satellite("sat.example.net", "https://app.example.org/sign-in")
        .document(),
        Case::new(
            "Prod: a satellite's first visit",
            Instance::Prod,
            "https://sat.example.net/",
        )
        .satellite("sat.example.net", "https://app.example.org/sign-in")
        .document(),
        Case::new(
            "Prod: a satellite with a client",
            Instance::Prod,
            "https://sat.example.net/",
        )
        .satellite("sat.example.net", "https://app.example.org/sign-in")
        .document()
        .cookies(&[("__client_uat", uat.clone())]),
        Case::new(
            "Prod: a machine token in the cookie",
            Instance::Prod,
            "https://app.example.org/",
        )
        .document()
        .cookies(&[
            ("__session", "ak_live_0123456789".into()),
            ("__client_uat", uat.clone()),
        ])
        .deliberate("JS: token-invalid (not a JWT); the Rust SDK says machine-token-in-cookie"),
    ]);

    let lines: Vec<String> = cases
        .iter()
        .map(|c| c.js_line(&pem, &api.url("")))
        .collect();
    let Some(js) = tokio::task::spawn_blocking(move || run_js("authenticate.mjs", &lines))
        .await
        .unwrap()
    else {
        return;
    };
    assert_eq!(js.len(), cases.len());
    let mut disagreements = Vec::new();
    let mut deliberate = Vec::new();
    for (case, js) in cases.iter().zip(&js) {
        let rust = case.rust(&key, &api).await;
        let (js_n, rust_n) = (normalised(js), normalised(&rust));
        match (js_n == rust_n, case.deliberate) {
            (true, None) => {}
            (true, Some(why)) => {
                panic!("{}: agrees, but is listed as deliberate: {why}", case.name)
            }
            (false, Some(why)) => deliberate.push(format!("{}: {why}", case.name)),
            (false, None) => disagreements.push(format!(
                "{}\n  js:   {js_n}\n  rust: {rust_n}\n  js logs: {}",
                case.name, js["logs"]
            )),
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
    eprintln!(
        "{} cases agree with @clerk/backend; deliberate differences:\n{}",
        cases.len() - deliberate.len(),
        deliberate.join("\n")
    );
}

/// A `has()` check in both SDKs' words.
fn requirement(params: &Value) -> Requirement {
    let mut requirement = Requirement::new();
    for (name, value) in params.as_object().unwrap() {
        requirement = match (name.as_str(), value) {
            ("role", Value::String(v)) => requirement.role(v),
            ("permission", Value::String(v)) => requirement.permission(v),
            ("feature", Value::String(v)) => requirement.feature(v),
            ("plan", Value::String(v)) => requirement.plan(v),
            ("reverification", Value::String(v)) => requirement.reverification(match v.as_str() {
                "strict_mfa" => Reverification::StrictMfa,
                "strict" => Reverification::Strict,
                "moderate" => Reverification::Moderate,
                _ => Reverification::Lax,
            }),
            ("reverification", Value::Object(o)) => {
                requirement.reverification(Reverification::Custom {
                    level: match o["level"].as_str().unwrap() {
                        "first_factor" => FactorLevel::FirstFactor,
                        "second_factor" => FactorLevel::SecondFactor,
                        _ => FactorLevel::MultiFactor,
                    },
                    after_minutes: o["afterMinutes"].as_u64().unwrap() as u32,
                })
            }
            other => panic!("{other:?}"),
        };
    }
    requirement
}

#[tokio::test]
async fn has_answers_as_clerks_js_sdk() {
    let issuer = TokenIssuer::new();
    let key = issuer.jwt_key();
    let org = json!({"id": "org_1", "slg": "acme", "rol": "admin", "per": "read,manage,delete", "fpm": "3,4"});
    let claims_list = [
        json!({"v": 2, "fea": "o:invoices,o:reports,u:beta", "pla": "o:pro,u:free", "o": org, "fva": [3, 30]}),
        json!({"v": 2, "fea": "o:invoices,ou:ai", "pla": "u:free", "o": {"id": "org_2", "rol": "org:member", "per": "read", "fpm": "1"}, "fva": [90, -1]}),
        json!({"v": 2, "fea": "u:beta", "pla": "u:pro", "fva": [-1, -1]}),
        json!({"v": 2, "fea": "broken,o:x", "pla": "o:pro", "fva": [5, 5]}),
        json!({"v": 2}),
        json!({"org_id": "org_9", "org_role": "org:admin", "org_permissions": ["org:invoices:read"], "fva": [0, 2000]}),
    ];
    let params_list = [
        json!({}),
        json!({"role": "admin"}),
        json!({"role": "org:admin"}),
        json!({"role": "org:member"}),
        json!({"permission": "org:invoices:read"}),
        json!({"permission": "invoices:read"}),
        json!({"permission": "org:reports:delete"}),
        json!({"permission": "org:invoices:manage", "role": "admin"}),
        json!({"feature": "invoices"}),
        json!({"feature": "org:invoices"}),
        json!({"feature": "user:invoices"}),
        json!({"feature": "u:beta"}),
        json!({"feature": "organization:ai"}),
        json!({"feature": "team:x"}),
        json!({"plan": "pro"}),
        json!({"plan": "org:pro"}),
        json!({"plan": "user:free"}),
        json!({"plan": "o:free"}),
        json!({"feature": "invoices", "plan": "org:pro"}),
        json!({"reverification": "strict"}),
        json!({"reverification": "strict_mfa"}),
        json!({"reverification": "moderate"}),
        json!({"reverification": "lax"}),
        json!({"reverification": {"level": "first_factor", "afterMinutes": 5}}),
        json!({"reverification": {"level": "second_factor", "afterMinutes": 45}}),
        json!({"reverification": {"level": "multi_factor", "afterMinutes": 100}}),
        json!({"role": "admin", "reverification": "strict"}),
        json!({"permission": "org:invoices:read", "plan": "org:pro", "reverification": "lax"}),
    ];
    let mut lines = Vec::new();
    let mut rust = Vec::new();
    for claims in &claims_list {
        let mut full = claims.clone();
        full["sub"] = json!("user_1");
        full["sid"] = json!("sess_1");
        full["exp"] = json!(now() + 600);
        full["iss"] = json!(clerk::testing::TEST_ISSUER);
        let token = issuer.sign(
            &json!({"alg": "RS256", "typ": "JWT", "kid": issuer.kid()}),
            &full,
        );
        let verified = clerk::jwt::verify(&token, &VerifyParams::with_key(key.clone()))
            .await
            .unwrap();
        for params in &params_list {
            lines.push(json!({"claims": full, "params": params}).to_string());
            rust.push((claims, params, verified.has(&requirement(params))));
        }
    }
    let Some(js) = tokio::task::spawn_blocking(move || run_js("has.mjs", &lines))
        .await
        .unwrap()
    else {
        return;
    };
    let disagreements: Vec<String> = rust
        .iter()
        .zip(&js)
        .filter(|((_, _, rust), js)| js.as_bool() != Some(*rust))
        .map(|((claims, params, rust), js)| format!("{claims} {params}: js {js}, rust {rust}"))
        .collect();
    assert!(
        disagreements.is_empty(),
        "{} of {} checks disagree:\n{}",
        disagreements.len(),
        rust.len(),
        disagreements.join("\n")
    );
    let granted = rust.iter().filter(|(_, _, has)| *has).count();
    assert!(
        granted > 20 && granted < rust.len() - 20,
        "both answers are exercised: {granted}"
    );
}
