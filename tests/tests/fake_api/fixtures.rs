//! One of each resource FakeClerk keeps, created afresh for each call, and the path
//! parameters that name them: a call about "the user" or "the machine" gets one that
//! exists, as an app's would.

use clerk::testing::{FAKE_SECRET_KEY, FakeClerk};
use serde_json::{Value, json};

/// The ids of the resources created for one call.
pub struct Fixtures {
    /// `(path prefix, parameter, id)`: the first whose prefix the operation's path
    /// template starts with names the parameter's value.
    ids: Vec<(&'static str, &'static str, String)>,
    /// `(path prefix, body key, value)`: what a request body about them carries.
    pub body_values: Vec<(String, String, Value)>,
}

impl Fixtures {
    /// Creates one of each kept resource in the fake at `api` (its `/v1` URL), with
    /// names unique by `n` (the fake refuses a second user with one email address).
    pub async fn create(fake: &FakeClerk, n: usize) -> Fixtures {
        let (api, key) = (&fake.url(), FAKE_SECRET_KEY);
        let http = reqwest::Client::new();
        let post = |path: &str, body: Value, bearer: &str| {
            let request = http
                .post(format!("{api}{path}"))
                .bearer_auth(bearer)
                .json(&body);
            let path = path.to_string();
            async move {
                let response = request.send().await.expect("the fake answers");
                let status = response.status();
                let body: Value = response.json().await.expect("a JSON answer");
                assert!(status.is_success(), "fixture {path}: {status} {body}");
                body
            }
        };
        let id = |v: &Value| v["id"].as_str().expect("an id").to_string();

        let user = post(
            "/users",
            json!({"email_address": [format!("u{n}@example.com")],
                   "phone_number": [format!("+1555555{n:04}")]}),
            key,
        )
        .await;
        let user_id = id(&user);
        let second = post(
            "/users",
            json!({"email_address": [format!("second{n}@example.com")]}),
            key,
        )
        .await;
        let email = id(&user["email_addresses"][0]);
        let phone = id(&user["phone_numbers"][0]);
        let org = post(
            "/organizations",
            json!({"name": format!("Org {n}"), "created_by": user_id}),
            key,
        )
        .await;
        let org_id = id(&org);
        let session = post("/sessions", json!({"user_id": user_id}), key).await;
        let invitation = post(
            "/invitations",
            json!({"email_address": format!("i{n}@example.com")}),
            key,
        )
        .await;
        let org_invitation = post(
            &format!("/organizations/{org_id}/invitations"),
            json!({"email_address": format!("oi{n}@example.com"), "role": "org:member"}),
            key,
        )
        .await;
        let org_domain = post(
            &format!("/organizations/{org_id}/domains"),
            json!({"name": format!("org{n}.example.com")}),
            key,
        )
        .await;
        let allow = post(
            "/allowlist_identifiers",
            json!({"identifier": format!("a{n}@example.com")}),
            key,
        )
        .await;
        let block = post(
            "/blocklist_identifiers",
            json!({"identifier": format!("b{n}@example.com")}),
            key,
        )
        .await;
        let template = post(
            "/jwt_templates",
            json!({"name": format!("template-{n}"), "claims": {"aud": "x"}}),
            key,
        )
        .await;
        let redirect = post(
            "/redirect_urls",
            json!({"url": format!("https://app{n}.example.com/callback")}),
            key,
        )
        .await;
        let domain = post(
            "/domains",
            json!({"name": format!("sat{n}.example.com"), "is_satellite": true}),
            key,
        )
        .await;
        let actor = post(
            "/actor_tokens",
            json!({"user_id": user_id, "actor": {"sub": "user_support"}}),
            key,
        )
        .await;
        let sign_in = post("/sign_in_tokens", json!({"user_id": user_id}), key).await;
        let api_key = post(
            "/api_keys",
            json!({"name": format!("key-{n}"), "subject": user_id}),
            key,
        )
        .await;
        let machine = post("/machines", json!({"name": format!("worker-{n}")}), key).await;
        let other = post("/machines", json!({"name": format!("other-{n}")}), key).await;
        let third = post("/machines", json!({"name": format!("third-{n}")}), key).await;
        let machine_id = id(&machine);
        post(
            &format!("/machines/{machine_id}/scopes"),
            json!({"to_machine_id": id(&other)}),
            key,
        )
        .await;
        let secret = |path: String| {
            let request = http.get(format!("{api}{path}")).bearer_auth(key);
            async move {
                let answer: Value = request
                    .send()
                    .await
                    .expect("the fake answers")
                    .json()
                    .await
                    .expect("a JSON answer");
                answer["secret"].as_str().expect("a secret").to_string()
            }
        };
        let machine_key = secret(format!("/machines/{machine_id}/secret_key")).await;
        let api_key_secret = secret(format!("/api_keys/{}/secret", id(&api_key))).await;
        let m2m = post("/m2m_tokens", json!({}), &machine_key).await;
        let oauth = post(
            "/oauth_applications",
            json!({"name": format!("app-{n}"), "redirect_uris": ["https://app.example.com/cb"]}),
            key,
        )
        .await;
        let oauth_token = fake.oauth_access_token(
            oauth["client_id"].as_str().expect("a client id"),
            &user_id,
            &["profile"],
        );

        let body_values = [
            ("/organizations/", "user_id", json!(id(&second))),
            ("/", "user_id", json!(user_id)),
            ("/", "email_address", json!(format!("new{n}@example.com"))),
            ("/", "phone_number", json!(format!("+1555666{n:04}"))),
            ("/", "identifier", json!(format!("listed{n}@example.com"))),
            ("/", "subject", json!(user_id)),
            ("/", "role", json!("org:member")),
            ("/jwt_templates", "name", json!(format!("renamed-{n}"))),
            ("/machines/", "to_machine_id", json!(id(&third))),
            ("/api_keys/", "secret", json!(api_key_secret)),
            ("/m2m_tokens/", "token", m2m["token"].clone()),
            ("/oauth_applications/", "token", json!(oauth_token)),
            ("/oauth_applications/", "access_token", json!(oauth_token)),
        ]
        .into_iter()
        .map(|(prefix, key, value)| (prefix.to_string(), key.to_string(), value))
        .collect();

        Fixtures {
            body_values,
            ids: vec![
                ("/users/", "user_id", user_id.clone()),
                ("/", "user_id", user_id),
                ("/", "organization_id", org_id),
                ("/", "session_id", id(&session)),
                ("/", "email_address_id", email),
                ("/", "phone_number_id", phone),
                ("/invitations/", "invitation_id", id(&invitation)),
                ("/organizations/", "invitation_id", id(&org_invitation)),
                ("/organizations/", "domain_id", id(&org_domain)),
                ("/domains/", "domain_id", id(&domain)),
                ("/allowlist_identifiers/", "identifier_id", id(&allow)),
                ("/blocklist_identifiers/", "identifier_id", id(&block)),
                ("/jwt_templates/", "template_id", id(&template)),
                ("/redirect_urls/", "id", id(&redirect)),
                ("/actor_tokens/", "actor_token_id", id(&actor)),
                ("/sign_in_tokens/", "sign_in_token_id", id(&sign_in)),
                ("/api_keys/", "apiKeyID", id(&api_key)),
                ("/m2m_tokens/", "m2m_token_id", id(&m2m)),
                ("/machines/", "machine_id", machine_id),
                ("/machines/", "other_machine_id", id(&other)),
                ("/oauth_applications/", "oauth_application_id", id(&oauth)),
            ],
        }
    }

    /// The path parameter values for the operation at path template `path`: the
    /// fixture's where one names that parameter, else `synthesized` (from the spec).
    pub fn path_ids(&self, path: &str, synthesized: Vec<String>) -> Vec<String> {
        let names = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'));
        names
            .zip(synthesized)
            .map(|(name, value)| {
                self.ids
                    .iter()
                    .find(|(prefix, param, _)| *param == name && path.starts_with(prefix))
                    .map_or(value, |(_, _, id)| id.clone())
            })
            .collect()
    }
}
