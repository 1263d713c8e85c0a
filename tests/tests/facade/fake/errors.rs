//! FakeClerk: ClerkErrors shapes: 404s, 422s naming the parameter, 401s, what every operation answers.

use clerk::raw::reqwest;
use clerk::testing::{FAKE_SECRET_KEY, FakeClerk};
use clerk::{Error, jwt_template, organization, user};
use serde_json::{Value, json};

use super::{api_error, as_json, new_user, param_name};

#[tokio::test]
async fn errors_have_clerks_shapes() {
    let fake = FakeClerk::start().await;
    let config = fake.config();
    let users = user::Client::new(&config);
    let orgs = organization::Client::new(&config);

    // 404 with a trace id.
    let e = api_error(users.get("user_missing").await);
    assert_eq!(e.status, 404);
    assert_eq!(e.code(), Some("resource_not_found"));
    assert!(
        e.trace_id.as_deref().is_some_and(|t| !t.is_empty()),
        "{e:?}"
    );
    assert!(
        e.errors[0]
            .long_message
            .as_deref()
            .is_some_and(|m| m.contains("not found")),
        "{e:?}"
    );

    // 422 form_identifier_exists: an email (any case) another user has, a slug another org has.
    new_user(&users, "ada@example.com", "Ada", "Lovelace").await;
    let e = api_error(
        users
            .create(&user::CreateParams {
                email_address: Some(vec!["ADA@example.com".into()]),
                ..Default::default()
            })
            .await,
    );
    assert_eq!(
        (e.status, e.code(), param_name(&e)),
        (422, Some("form_identifier_exists"), Some("email_address"))
    );
    assert!(e.trace_id.is_some());
    orgs.create(&organization::CreateParams {
        name: clerk::string("Acme"),
        slug: clerk::string("acme"),
        ..Default::default()
    })
    .await
    .unwrap();
    let e = api_error(
        orgs.create(&organization::CreateParams {
            name: clerk::string("Acme 2"),
            slug: clerk::string("acme"),
            ..Default::default()
        })
        .await,
    );
    assert_eq!(
        (e.status, e.code(), param_name(&e)),
        (422, Some("form_identifier_exists"), Some("slug"))
    );
    let other = orgs
        .create(&organization::CreateParams {
            name: clerk::string("Other"),
            ..Default::default()
        })
        .await
        .unwrap();
    let e = api_error(
        orgs.update(
            &other.id,
            &organization::UpdateParams {
                slug: clerk::string("acme"),
                ..Default::default()
            },
        )
        .await,
    );
    assert_eq!(
        (e.status, e.code()),
        (422, Some("form_identifier_exists")),
        "update checks the slug too"
    );

    // 422 form_param_missing: an organization without a name. The facade refuses to
    // send it (name is required by the spec), so the request goes out raw.
    let err = orgs
        .create(&organization::CreateParams {
            slug: clerk::string("nameless"),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{}/organizations", fake.url()))
        .bearer_auth(FAKE_SECRET_KEY)
        .json(&json!({"slug": "nameless", "name": "   "}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        (
            body["errors"][0]["code"].as_str(),
            body["errors"][0]["meta"]["param_name"].as_str()
        ),
        (Some("form_param_missing"), Some("name"))
    );
    assert!(body["clerk_trace_id"].is_string(), "{body}");

    // 422 for an invalid page size.
    let e = api_error(
        users
            .list(&user::ListParams {
                limit: clerk::int64(501),
                ..Default::default()
            })
            .await,
    );
    assert_eq!((e.status, param_name(&e)), (422, Some("limit")));
    let e = api_error(
        users
            .list(&user::ListParams {
                order_by: clerk::string("-shoe_size"),
                ..Default::default()
            })
            .await,
    );
    assert_eq!((e.status, param_name(&e)), (422, Some("order_by")));

    // 401 without a secret key, or with one that is not a secret key.
    for auth in [None, Some("Bearer pk_test_publishable")] {
        let mut request = http.get(format!("{}/users", fake.url()));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 401, "{auth:?}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["errors"][0]["code"], "authentication_invalid",
            "{body}"
        );
        assert!(body["clerk_trace_id"].is_string(), "{body}");
    }

    // Every operation answers: the JWT templates the fake keeps (none yet), and
    // `PUT .../metadata` replaces what `PATCH` merges.
    let templates = jwt_template::Client::new(&config)
        .list(&jwt_template::ListParams::default())
        .await
        .unwrap();
    assert_eq!(templates.total_count, 0);
    let grace = new_user(&users, "grace@example.com", "Grace", "Hopper").await;
    let replaced = users
        .replace_metadata(
            &grace.id,
            &user::MetadataParams {
                public_metadata: clerk::json(json!({"plan": "pro"})),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(as_json(&replaced.public_metadata), json!({"plan": "pro"}));
    // A path the API does not have is a 404 ClerkErrors, as the API answers it.
    let response = reqwest::Client::new()
        .get(format!("{}/no_such_resource", fake.url()))
        .bearer_auth(clerk::testing::FAKE_SECRET_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "resource_not_found", "{body}");
}
