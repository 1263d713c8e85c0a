//! FakeClerk: every response of a raw-HTTP scenario against the spec and the generated types.

use std::collections::BTreeSet;

use clerk::raw::reqwest;
use clerk::testing::FakeClerk;
use serde_json::{Value, json};

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../support/registry.rs"]
mod registry;

/// Checks responses against the original spec and the generated types.
struct SpecCheck {
    doc: Value,
    http: reqwest::Client,
    base: String,
    failures: Vec<String>,
    /// `(operationId, status)` of every response seen.
    seen: BTreeSet<(String, u16)>,
    /// How many 4xx/5xx responses were checked.
    error_responses: usize,
}

/// The spec's operationId for a request: the template of `clerk::raw::OPERATIONS` that
/// matches with the most literal segments (`/users/count` over `/users/{user_id}`).
fn operation_for(method: &str, path: &str) -> Option<(&'static str, &'static str)> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    clerk::raw::OPERATIONS
        .iter()
        .filter(|(_, m, _)| m.eq_ignore_ascii_case(method))
        .filter_map(|(id, _, template)| {
            let parts: Vec<&str> = template.trim_matches('/').split('/').collect();
            let fits = parts.len() == segments.len()
                && parts
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| t.starts_with('{') || t == s);
            fits.then(|| {
                (
                    parts.iter().filter(|p| !p.starts_with('{')).count(),
                    *id,
                    *template,
                )
            })
        })
        .max_by_key(|(literals, _, _)| *literals)
        .map(|(_, id, template)| (id, template))
}

impl SpecCheck {
    /// `GET path` with the secret key, expecting `want`; returns the body.
    async fn get(&mut self, want: u16, path: &str) -> Value {
        self.expect(want, "GET", path, None, Some(KEY_HEADER)).await
    }

    /// `POST path` with a JSON body (or none).
    async fn post(&mut self, want: u16, path: &str, body: impl Into<Option<Value>>) -> Value {
        self.expect(want, "POST", path, body.into(), Some(KEY_HEADER))
            .await
    }

    async fn patch(&mut self, want: u16, path: &str, body: Value) -> Value {
        self.expect(want, "PATCH", path, Some(body), Some(KEY_HEADER))
            .await
    }

    async fn delete(&mut self, want: u16, path: &str) -> Value {
        self.expect(want, "DELETE", path, None, Some(KEY_HEADER))
            .await
    }

    /// Sends a request, checks the response, records a failure unless its status is `want`.
    async fn expect(
        &mut self,
        want: u16,
        method: &str,
        path: &str,
        body: Option<Value>,
        auth: Option<&str>,
    ) -> Value {
        let (status, json) = self.send(method, path, body, auth).await;
        if status != want {
            self.failures.push(format!(
                "{method} {path}: expected {want}, got {status}: {json}"
            ));
        }
        json
    }

    async fn send(
        &mut self,
        method: &str,
        path_and_query: &str,
        body: Option<Value>,
        auth: Option<&str>,
    ) -> (u16, Value) {
        let url = format!("{}{path_and_query}", self.base);
        let mut request = self.http.request(method.parse().unwrap(), &url);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = response.status().as_u16();
        let bytes = response.bytes().await.unwrap();
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let what = format!("{method} {path_and_query} -> {status}");
        let json: Value = match serde_json::from_slice(&bytes) {
            Ok(json) => json,
            Err(e) => {
                self.failures.push(format!(
                    "{what}: body is not JSON ({e}): {}",
                    String::from_utf8_lossy(&bytes)
                ));
                return (status, Value::Null);
            }
        };
        let Some((op_id, template)) =
            operation_for(method, path.strip_prefix("/v1").unwrap_or(path))
        else {
            self.failures.push(format!(
                "{what}: no operation of the spec has this method and path"
            ));
            return (status, json);
        };
        self.seen.insert((op_id.to_string(), status));
        self.error_responses += usize::from(status >= 400);
        let what = format!("{what} ({op_id})");
        self.check(&what, op_id, template, method, query, status, &json, &bytes);
        (status, json)
    }

    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        what: &str,
        op_id: &str,
        template: &str,
        method: &str,
        query: &str,
        status: u16,
        json: &Value,
        bytes: &[u8],
    ) {
        let doc = &self.doc;
        let operation = doc["paths"][template][method.to_ascii_lowercase()].clone();
        if operation.is_null() {
            self.failures
                .push(format!("{what}: {method} {template} is not in the spec"));
            return;
        }
        let responses = clerk_tests::spec::json_responses(doc, &operation);
        let documented = responses
            .iter()
            .find(|(s, _)| *s == status.to_string())
            .map(|(_, schema)| (*schema).clone());
        let schema = match documented {
            Some(schema) => schema,
            None if status == 501 => json!({"$ref": "#/components/schemas/ClerkErrors"}),
            None => {
                let listed: Vec<&str> = responses.iter().map(|(s, _)| *s).collect();
                self.failures.push(format!(
                    "{what}: status {status} is not documented (the spec lists {listed:?})"
                ));
                return;
            }
        };
        // `paginated=true` turns a documented bare array into {data, total_count} (rule
        // `paginated-lists` of openapi/rules.toml): the items are checked against the array.
        let takes_paginated = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| clerk_tests::spec::resolve(doc, p)["name"] == "paginated");
        let is_array = clerk_tests::spec::resolve(doc, &schema)["type"] == "array";
        let paginated = query.split('&').any(|kv| kv == "paginated=true");
        let schema = if takes_paginated && is_array && paginated {
            json!({
                "type": "object",
                "required": ["data", "total_count"],
                "properties": {"data": schema, "total_count": {"type": "integer"}},
            })
        } else {
            schema
        };
        if let Err(errors) = clerk_tests::validate::validate(doc, &schema, json) {
            self.failures.push(format!(
                "{what}: does not match the spec's schema:\n      {}",
                errors.join("\n      ")
            ));
        }
        match registry::decode(op_id, status < 300, bytes) {
            Some(Ok(())) => {}
            Some(Err(e)) => self.failures.push(format!(
                "{what}: does not decode into the generated type: {e}"
            )),
            None => self
                .failures
                .push(format!("{what}: the registry has no JSON type for it")),
        }
        if status >= 400 {
            // Every error is a ClerkErrors body with a trace id.
            if json["errors"][0]["code"].as_str().is_none() || !json["clerk_trace_id"].is_string() {
                self.failures.push(format!(
                    "{what}: not a ClerkErrors body with a trace id: {json}"
                ));
            }
        }
    }
}

/// The `Authorization` header of the scenario: the fake takes any test secret key.
const KEY_HEADER: &str = "Bearer sk_test_x";

/// The `id` of a response body.
fn id(body: &Value) -> String {
    body["id"].as_str().unwrap_or_default().to_string()
}

/// The operations FakeClerk implements: each must have been answered with a 2xx.
const SERVED: &[&str] = &[
    "GetJWKS",
    "GetUserList",
    "CreateUser",
    "GetUsersCount",
    "GetUser",
    "UpdateUser",
    "DeleteUser",
    "UpdateUserMetadata",
    "BanUser",
    "UnbanUser",
    "LockUser",
    "UnlockUser",
    "ListOrganizations",
    "CreateOrganization",
    "GetOrganization",
    "UpdateOrganization",
    "DeleteOrganization",
    "MergeOrganizationMetadata",
    "ListOrganizationMemberships",
    "CreateOrganizationMembership",
    "UpdateOrganizationMembership",
    "DeleteOrganizationMembership",
    "ListInvitations",
    "CreateInvitation",
    "RevokeInvitation",
    "GetSessionList",
    "createSession",
    "GetSession",
    "RevokeSession",
    "CreateSessionToken",
];

#[tokio::test]
async fn every_response_matches_the_spec_and_decodes() {
    if clerk_tests::spec::skip_without_spec() {
        return;
    }
    let relative =
        clerk_tests::spec::current_bapi().expect("openapi/pins.toml names the current spec");
    let doc = clerk_tests::spec::load(&relative).expect("the current spec loads");
    let fake = FakeClerk::start().await;
    let base = fake.url().trim_end_matches("/v1").to_string();
    let mut s = SpecCheck {
        doc,
        http: reqwest::Client::new(),
        base,
        failures: Vec::new(),
        seen: BTreeSet::new(),
        error_responses: 0,
    };

    // JWKS
    s.get(200, "/v1/jwks").await;

    // Users
    let ada = id(&s
        .post(
            200,
            "/v1/users",
            json!({
                "email_address": ["ada@example.com"], "phone_number": ["+15555550100"],
                "username": "ada", "first_name": "Ada", "last_name": "Lovelace",
                "external_id": "ext-1", "password": "correct horse battery",
                "public_metadata": {"plan": "pro", "limits": {"seats": 5}},
                "private_metadata": {"crm": 1}, "unsafe_metadata": {"theme": "dark"}
            }),
        )
        .await);
    let bob = id(&s
        .post(
            200,
            "/v1/users",
            json!({"email_address": ["bob@example.com"]}),
        )
        .await);
    s.post(
        422,
        "/v1/users",
        json!({"email_address": ["ADA@example.com"]}),
    )
    .await; // taken
    s.post(422, "/v1/users", json!({"email_address": ["not-an-email"]}))
        .await;
    s.post(422, "/v1/users", json!({"first_name": "Nobody"}))
        .await; // no identifier
    let user = format!("/v1/users/{ada}");
    s.get(200, &user).await;
    s.get(404, "/v1/users/user_missing").await;
    s.expect(401, "GET", &user, None, None).await;
    s.expect(401, "GET", "/v1/users", None, Some("Bearer pk_test_x"))
        .await;
    let body = json!({"email_address": ["x@example.com"]});
    s.expect(401, "POST", "/v1/users", Some(body), None).await;
    s.get(
        200,
        "/v1/users?limit=1&offset=1&order_by=-created_at&email_address=bob@example.com",
    )
    .await;
    s.get(
        200,
        "/v1/users?query=ada&banned=false&order_by=%2Bemail_address",
    )
    .await;
    s.get(422, "/v1/users?limit=0").await;
    s.get(422, "/v1/users?order_by=shoe_size").await;
    s.get(200, "/v1/users/count?email_address_query=example")
        .await;
    s.get(422, "/v1/users/count?banned=maybe").await;
    let update = json!({"first_name": "Augusta", "username": null, "locale": "en"});
    s.patch(200, &user, update).await;
    s.patch(
        200,
        &format!("/v1/users/{bob}"),
        json!({"username": "ADA2"}),
    )
    .await;
    s.patch(422, &user, json!({"username": "ada2"})).await; // taken
    s.patch(422, &user, json!({"first_name": 42})).await;
    s.patch(404, "/v1/users/user_missing", json!({"first_name": "X"}))
        .await;
    let metadata = format!("{user}/metadata");
    let merge = json!({"public_metadata": {"limits": {"seats": null}, "x": 1}});
    s.patch(200, &metadata, merge).await;
    s.patch(422, &metadata, json!({"public_metadata": "not an object"}))
        .await;
    s.patch(
        404,
        "/v1/users/user_missing/metadata",
        json!({"public_metadata": {}}),
    )
    .await;
    for action in ["ban", "unban", "lock", "unlock"] {
        s.post(200, &format!("/v1/users/{bob}/{action}"), None)
            .await;
    }

    // Organizations
    let create = json!({
        "name": "Acme Inc", "created_by": ada, "public_metadata": {"a": {"b": 1}},
        "max_allowed_memberships": 2
    });
    let org = id(&s.post(200, "/v1/organizations", create).await);
    let orgs = "/v1/organizations";
    s.post(422, orgs, json!({"name": "Acme Again", "slug": "acme-inc"}))
        .await; // taken
    s.post(422, orgs, json!({"slug": "nameless"})).await;
    s.post(422, orgs, json!({"name": "Bad", "slug": "Not A Slug"}))
        .await;
    s.post(
        422,
        orgs,
        json!({"name": "Orphan", "created_by": "user_missing"}),
    )
    .await;
    let organization = format!("/v1/organizations/{org}");
    s.get(200, &organization).await;
    s.get(200, "/v1/organizations/acme-inc?include_members_count=true")
        .await;
    s.get(404, "/v1/organizations/org_missing").await;
    s.get(
        200,
        "/v1/organizations?query=acme&limit=5&order_by=-name&include_members_count=true",
    )
    .await;
    s.get(200, &format!("/v1/organizations?user_id={ada}"))
        .await;
    s.get(422, "/v1/organizations?limit=1000").await;
    let update = json!({"slug": "acme", "name": "Acme", "admin_delete_enabled": false});
    s.patch(200, &organization, update).await;
    s.patch(200, &organization, json!({"max_allowed_memberships": null}))
        .await;
    s.patch(200, &organization, json!({"max_allowed_memberships": 2}))
        .await;
    s.patch(422, &organization, json!({"name": "  "})).await;
    s.patch(404, "/v1/organizations/org_missing", json!({"name": "X"}))
        .await;
    let metadata = format!("{organization}/metadata");
    s.patch(200, &metadata, json!({"public_metadata": {"a": {"c": 2}}}))
        .await;
    s.patch(422, &metadata, json!({"private_metadata": [1]}))
        .await;
    let missing = "/v1/organizations/org_missing/metadata";
    s.patch(404, missing, json!({"public_metadata": {}})).await;

    // Memberships (the organization allows 2 members; Ada is the first)
    let members = format!("{organization}/memberships");
    let bob_member = json!({"user_id": bob, "role": "org:member"});
    let with_metadata = json!({"user_id": bob, "role": "org:member", "public_metadata": {"t": 1}});
    s.post(200, &members, with_metadata).await;
    s.post(422, &members, bob_member.clone()).await; // already a member
    s.post(422, &members, json!({"user_id": bob})).await; // no role
    s.post(
        404,
        &members,
        json!({"user_id": "user_missing", "role": "org:member"}),
    )
    .await;
    let elsewhere = "/v1/organizations/org_missing/memberships";
    s.post(404, elsewhere, bob_member).await;
    let cyd = id(&s
        .post(
            200,
            "/v1/users",
            json!({"email_address": ["cyd@example.com"]}),
        )
        .await);
    s.post(403, &members, json!({"user_id": cyd, "role": "org:member"}))
        .await; // over the limit
    s.get(
        200,
        &format!("{members}?role=org:member&limit=10&offset=0&order_by=-created_at"),
    )
    .await;
    s.get(200, &format!("{members}?query=bob&order_by=%2Bfirst_name"))
        .await;
    s.get(422, &format!("{members}?limit=-1")).await;
    let member = format!("{members}/{bob}");
    s.patch(200, &member, json!({"role": "org:admin"})).await;
    s.patch(422, &member, json!({"role": "admin"})).await;
    s.patch(
        404,
        &format!("{members}/user_missing"),
        json!({"role": "org:admin"}),
    )
    .await;
    s.delete(200, &member).await;
    s.delete(404, &member).await;

    // Invitations
    let invite = json!({"email_address": "new@example.com", "public_metadata": {"k": "v"}, "expires_in_days": 3});
    let inv = id(&s.post(200, "/v1/invitations", invite).await);
    s.post(
        200,
        "/v1/invitations",
        json!({"email_address": "other@example.com"}),
    )
    .await;
    s.post(
        422,
        "/v1/invitations",
        json!({"email_address": "new@example.com"}),
    )
    .await; // pending
    s.post(
        422,
        "/v1/invitations",
        json!({"email_address": "bob@example.com"}),
    )
    .await; // a user
    s.post(422, "/v1/invitations", json!({"notify": false}))
        .await;
    s.get(
        200,
        "/v1/invitations?paginated=true&limit=1&offset=1&status=pending&order_by=-created_at",
    )
    .await;
    s.get(200, "/v1/invitations?query=example").await;
    let revoke = format!("/v1/invitations/{inv}/revoke");
    s.post(200, &revoke, None).await;
    s.post(400, &revoke, None).await; // not pending any more
    s.post(404, "/v1/invitations/inv_missing/revoke", None)
        .await;

    // Sessions
    let sess = id(&s.post(200, "/v1/sessions", json!({"user_id": ada})).await);
    s.post(404, "/v1/sessions", json!({"user_id": "user_missing"}))
        .await;
    s.post(422, "/v1/sessions", json!({})).await;
    s.expect(
        401,
        "POST",
        "/v1/sessions",
        Some(json!({"user_id": ada})),
        None,
    )
    .await;
    s.get(200, &format!("/v1/sessions/{sess}")).await;
    s.get(404, "/v1/sessions/sess_missing").await;
    s.get(200, &format!("/v1/sessions?user_id={ada}&status=active"))
        .await;
    s.get(
        200,
        &format!("/v1/sessions?user_id={ada}&paginated=true&limit=5"),
    )
    .await;
    s.get(422, "/v1/sessions?limit=0").await;
    let tokens = format!("/v1/sessions/{sess}/tokens");
    s.post(200, &tokens, json!({"expires_in_seconds": 120}))
        .await;
    s.post(200, &tokens, None).await;
    s.post(200, &format!("/v1/sessions/{sess}/revoke"), None)
        .await;
    s.post(404, &tokens, None).await; // revoked: no token
    s.post(404, "/v1/sessions/sess_missing/revoke", None).await;

    // Deletions
    s.delete(200, &organization).await;
    s.delete(404, &organization).await;
    s.delete(200, &user).await;
    s.delete(404, &user).await;

    // Resources kept beyond the core ones: empty lists, 404s for what is not there.
    s.get(200, "/v1/jwt_templates").await;
    s.get(404, "/v1/jwt_templates/jtmp_missing").await;
    s.delete(404, "/v1/allowlist_identifiers/alid_missing")
        .await;
    s.delete(404, "/v1/blocklist_identifiers/blid_missing")
        .await;
    s.get(404, "/v1/machines/mch_missing").await;
    s.get(404, "/v1/oauth_applications/oa_missing").await;

    let answered: BTreeSet<&str> = s
        .seen
        .iter()
        .filter(|(_, st)| *st < 300)
        .map(|(op, _)| op.as_str())
        .collect();
    for op in SERVED {
        if !answered.contains(op) {
            s.failures
                .push(format!("{op}: the scenario got no 2xx from it"));
        }
    }
    // The checks have teeth: a user with a string timestamp and no id is refused by both.
    let mut bad = s.get(200, &format!("/v1/users/{bob}")).await;
    bad["created_at"] = json!("yesterday");
    bad.as_object_mut().unwrap().remove("id");
    let user_schema = json!({"$ref": "#/components/schemas/User"});
    let errors = clerk_tests::validate::validate(&s.doc, &user_schema, &bad)
        .expect_err("an invalid user is refused");
    assert!(
        errors.iter().any(|e| e.contains("/created_at")),
        "{errors:?}"
    );
    assert!(matches!(
        registry::decode("GetUser", true, bad.to_string().as_bytes()),
        Some(Err(_))
    ));

    assert!(
        s.error_responses >= 50,
        "the scenario covers the error responses ({} seen)",
        s.error_responses
    );
    assert!(
        s.failures.is_empty(),
        "{} failure(s):\n  {}",
        s.failures.len(),
        s.failures.join("\n  ")
    );
}
