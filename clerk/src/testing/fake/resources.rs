//! Which resources the fake keeps (the table [`COLLECTIONS`] the engine in
//! [`super::collections`] serves), and what is particular to the simpler ones:
//! identifier types, unique names, token statuses, organization domains and invitations.
//! The machine-authentication resources are in [`super::machines`].

use serde_json::{Value, json};

use super::ApiError;
use super::answer::{self, Answer};
use super::collections::{self, Collection, Hooks, PLAIN};
use super::engine::Ctx;
use super::machines;
use super::state::Store;
use crate::testing::TokenIssuer;

/// The kept resources.
pub(super) static COLLECTIONS: &[Collection] = &[
    Collection {
        base: "/allowlist_identifiers",
        noun: "allowlist identifier",
        prefix: "alid",
        hex: false,
        lists: &[],
        hooks: Hooks {
            create: identifier,
            ..PLAIN
        },
    },
    Collection {
        base: "/blocklist_identifiers",
        noun: "blocklist identifier",
        prefix: "blid",
        hex: false,
        lists: &[],
        hooks: Hooks {
            create: identifier,
            ..PLAIN
        },
    },
    Collection {
        base: "/jwt_templates",
        noun: "JWT template",
        prefix: "jtmp",
        hex: false,
        lists: &[],
        hooks: Hooks {
            create: jwt_template,
            update: jwt_template_renamed,
            ..PLAIN
        },
    },
    Collection {
        base: "/redirect_urls",
        noun: "redirect URL",
        prefix: "ru",
        hex: false,
        lists: &[],
        hooks: PLAIN,
    },
    Collection {
        base: "/domains",
        noun: "domain",
        prefix: "dmn",
        hex: false,
        lists: &[],
        hooks: Hooks {
            create: domain,
            ..PLAIN
        },
    },
    Collection {
        base: "/actor_tokens",
        noun: "actor token",
        prefix: "act",
        hex: false,
        lists: &[],
        hooks: Hooks {
            create: ticket,
            act: revoke_status,
            ..PLAIN
        },
    },
    Collection {
        base: "/sign_in_tokens",
        noun: "sign-in token",
        prefix: "sit",
        hex: false,
        lists: &[],
        hooks: Hooks {
            create: ticket,
            act: revoke_status,
            ..PLAIN
        },
    },
    Collection {
        base: "/organizations/{organization_id}/domains",
        noun: "organization domain",
        prefix: "orgdmn",
        hex: false,
        lists: &["ListAllOrganizationDomains"],
        hooks: Hooks {
            create: organization_domain,
            act: verify_ownership,
            update: update_organization_domain,
            listed: organization_domain_listed,
            ..PLAIN
        },
    },
    Collection {
        base: "/organizations/{organization_id}/invitations",
        noun: "organization invitation",
        prefix: "orginv",
        hex: false,
        lists: &[
            "ListInstanceOrganizationInvitations",
            "UsersGetOrganizationInvitations",
        ],
        hooks: Hooks {
            create: organization_invitation,
            act: revoke_status,
            collection: organization_invitations,
            listed: invitation_listed,
            ..PLAIN
        },
    },
    machines::API_KEYS,
    machines::M2M_TOKENS,
    machines::MACHINES,
    machines::OAUTH_APPLICATIONS,
    machines::OAUTH_ACCESS_TOKENS,
];

/// The collection of `base`.
pub(super) fn collection(base: &str) -> &'static Collection {
    COLLECTIONS
        .iter()
        .find(|c| c.base == base)
        .expect("a kept collection")
}

/// A string field of the body the schema requires (the request was validated).
fn required<'c>(ctx: &'c Ctx, name: &str) -> Result<&'c str, ApiError> {
    ctx.field(name).ok_or_else(|| ApiError::missing(name))
}

/// Allow- and blocklist identifiers: one per identifier, typed by its shape.
fn identifier(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    let identifier = required(ctx, "identifier")?;
    let base = ctx.op.path.as_str();
    if collections::records(store, base).iter().any(|r| {
        r.value["identifier"]
            .as_str()
            .is_some_and(|i| i.eq_ignore_ascii_case(identifier))
    }) {
        return Err(ApiError::invalid(
            "duplicate_record",
            "identifier",
            format!("{identifier} is already listed"),
        ));
    }
    record["identifier_type"] = json!(if identifier.contains('@') {
        "email_address"
    } else if identifier.starts_with('+') {
        "phone_number"
    } else if identifier.starts_with("0x") {
        "web3_wallet"
    } else {
        return Err(ApiError::invalid(
            "form_param_format_invalid",
            "identifier",
            "identifier must be an email address, a phone number or a web3 wallet",
        ));
    });
    Ok(())
}

/// JWT templates: one per name, with the API's defaults for what is not given.
fn jwt_template(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    let name = required(ctx, "name")?;
    jwt_template_name_free(store, name, None)?;
    for (field, default) in [
        ("lifetime", json!(60)),
        ("allowed_clock_skew", json!(5)),
        ("custom_signing_key", json!(false)),
        ("signing_algorithm", json!("RS256")),
    ] {
        if ctx.body.get(field).is_none_or(Value::is_null) {
            record[field] = default;
        }
    }
    Ok(())
}

/// A renamed JWT template keeps its name unique.
fn jwt_template_renamed(store: &mut Store, ctx: &Ctx, record: &mut Value) -> Result<(), ApiError> {
    match ctx.field("name") {
        Some(name) => jwt_template_name_free(store, name, record["id"].as_str()),
        None => Ok(()),
    }
}

/// Refuses `name` when a JWT template other than `this` has it.
fn jwt_template_name_free(store: &Store, name: &str, this: Option<&str>) -> Result<(), ApiError> {
    let taken = collections::records(store, "/jwt_templates")
        .iter()
        .any(|r| r.value["name"] == name && Some(r.id.as_str()) != this);
    if taken {
        return Err(ApiError::invalid(
            "form_identifier_exists",
            "name",
            "A JWT template with this name already exists.",
        ));
    }
    Ok(())
}

/// Domains: their Frontend API and Account Portal under the name.
fn domain(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    let name = required(ctx, "name")?;
    if collections::records(store, "/domains")
        .iter()
        .any(|r| r.value["name"] == name)
    {
        return Err(ApiError::invalid(
            "form_identifier_exists",
            "name",
            "This domain is already in use.",
        ));
    }
    record["frontend_api_url"] = json!(format!("https://clerk.{name}"));
    record["accounts_portal_url"] = json!(format!("https://accounts.{name}"));
    record["development_origin"] = json!("");
    if ctx.body.get("proxy_url").is_none() {
        record["proxy_url"] = Value::Null;
    }
    Ok(())
}

/// Actor and sign-in tokens: for an existing user, pending, with their ticket.
fn ticket(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    let user = required(ctx, "user_id")?;
    if !store.users.contains_key(user) {
        return Err(ApiError::not_found("user"));
    }
    let token = store.new_id("tkt");
    record["status"] = json!("pending");
    record["url"] = json!(format!(
        "https://accounts.example.test/sign-in?__clerk_ticket={token}"
    ));
    record["token"] = json!(token);
    Ok(())
}

/// `revoke`: the status becomes `revoked` (refused when it is not pending).
fn revoke_status(
    _: &mut Store,
    _: &Ctx,
    verb: &str,
    record: &mut Value,
) -> Result<Option<Value>, ApiError> {
    if verb == "revoke" {
        if record["status"] != "pending" {
            return Err(ApiError {
                status: axum::http::StatusCode::BAD_REQUEST,
                code: "not_pending",
                message: "Only pending tokens and invitations can be revoked.".into(),
                param: None,
            });
        }
        record["status"] = json!("revoked");
        if record.get("revoked").is_some() {
            record["revoked"] = json!(true);
        }
    }
    Ok(None)
}

/// Organization domains: one per name across organizations, enrolled as asked,
/// verified when created so.
fn organization_domain(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    let name = required(ctx, "name")?;
    if collections::records(store, "/organizations/{organization_id}/domains")
        .iter()
        .any(|r| {
            r.value["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    {
        return Err(ApiError::invalid(
            "organization_domain_exists",
            "name",
            "This domain is already used by an organization.",
        ));
    }
    record["enrollment_mode"] = json!("manual_invitation");
    set_domain_verified(record, true);
    update_organization_domain(store, ctx, record)?;
    record["affiliation_email_address"] = Value::Null;
    record["total_pending_invitations"] = json!(0);
    record["total_pending_suggestions"] = json!(0);
    if let Some(org) = ctx
        .param("organization_id")
        .and_then(|id| organization(store, id))
    {
        record["organization_id"] = org["id"].clone();
        if let Some(public) = record
            .get_mut("public_organization_data")
            .filter(|v| v.is_object())
        {
            for key in ["id", "name", "slug", "image_url", "has_image"] {
                public[key] = org[key].clone();
            }
        }
    }
    Ok(())
}

/// An organization domain's `enrollment_mode` and `verified`, as the request sets them.
fn update_organization_domain(
    _: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
) -> Result<(), ApiError> {
    const MODES: &[&str] = &[
        "manual_invitation",
        "automatic_invitation",
        "automatic_suggestion",
    ];
    if let Some(mode) = ctx.field("enrollment_mode") {
        if !MODES.contains(&mode) {
            return Err(ApiError::invalid(
                "form_param_value_invalid",
                "enrollment_mode",
                format!("enrollment_mode must be one of {}", MODES.join(", ")),
            ));
        }
        record["enrollment_mode"] = json!(mode);
    }
    if let Some(verified) = ctx.body.get("verified").and_then(Value::as_bool) {
        set_domain_verified(record, verified);
    }
    Ok(())
}

/// The domain's verifications, verified by an admin or not.
fn set_domain_verified(record: &mut Value, verified: bool) {
    let status = if verified { "verified" } else { "unverified" };
    for key in [
        "verification",
        "affiliation_verification",
        "ownership_verification",
    ] {
        if let Some(v) = record.get_mut(key).filter(|v| v.is_object()) {
            v["status"] = json!(status);
            v["strategy"] = json!("admin");
        }
    }
}

/// Lists filter organization domains by their verification (`verified`) and names
/// (`domains`), fields a domain does not have as such.
fn organization_domain_listed(_: &Store, ctx: &Ctx, record: &Value) -> bool {
    let verified = record["verification"]["status"] == "verified";
    let names = ctx.query.all("domains");
    ctx.query
        .get("verified")
        .is_none_or(|wanted| (wanted == "true") == verified)
        && (names.is_empty()
            || names.iter().any(|n| {
                record["name"]
                    .as_str()
                    .is_some_and(|name| name.eq_ignore_ascii_case(n))
            }))
}

/// An organization by id or slug.
fn organization(store: &Store, id: &str) -> Option<Value> {
    store
        .organizations
        .get(id)
        .or_else(|| store.organizations.values().find(|o| o["slug"] == id))
        .cloned()
}

/// `verify_ownership`: the domain's verifications become `verified`.
fn verify_ownership(
    _: &mut Store,
    _: &Ctx,
    verb: &str,
    record: &mut Value,
) -> Result<Option<Value>, ApiError> {
    if verb == "verify_ownership" {
        for key in [
            "verification",
            "affiliation_verification",
            "ownership_verification",
        ] {
            if let Some(v) = record.get_mut(key).filter(|v| v.is_object()) {
                v["status"] = json!("verified");
            }
        }
    }
    Ok(None)
}

/// Organization invitations: to an email address, with a role key, one pending per
/// address and organization.
fn organization_invitation(
    store: &mut Store,
    ctx: &Ctx,
    record: &mut Value,
    _: &TokenIssuer,
) -> Result<(), ApiError> {
    invite(store, ctx, &ctx.body, record)
}

fn invite(store: &mut Store, ctx: &Ctx, body: &Value, record: &mut Value) -> Result<(), ApiError> {
    let email = body
        .get("email_address")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::missing("email_address"))?;
    if !email
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
    {
        return Err(ApiError::invalid(
            "form_param_format_invalid",
            "email_address",
            "email_address must be a valid email address.",
        ));
    }
    let role = body.get("role").and_then(Value::as_str).unwrap_or_default();
    if !role.starts_with("org:") || role.len() <= 4 {
        return Err(ApiError::invalid(
            "form_param_value_invalid",
            "role",
            "role must be a role key such as org:admin or org:member",
        ));
    }
    let org = ctx
        .param("organization_id")
        .and_then(|id| organization(store, id))
        .ok_or_else(|| ApiError::not_found("organization"))?;
    let pending = collections::records(store, "/organizations/{organization_id}/invitations")
        .iter()
        .any(|r| {
            r.value["organization_id"] == org["id"]
                && r.value["status"] == "pending"
                && r.value["email_address"]
                    .as_str()
                    .is_some_and(|e| e.eq_ignore_ascii_case(email))
        });
    if pending {
        return Err(ApiError::invalid(
            "duplicate_record",
            "email_address",
            "There is already a pending invitation for this email address.",
        ));
    }
    let inviter = match body.get("inviter_user_id").and_then(Value::as_str) {
        Some(id) => Some(
            store
                .users
                .get(id)
                .cloned()
                .ok_or_else(|| ApiError::not_found("inviter user"))?,
        ),
        None => None,
    };
    let now = store.now_ms();
    let days = body
        .get("expires_in_days")
        .and_then(Value::as_i64)
        .unwrap_or(30);
    record["organization_id"] = org["id"].clone();
    record["email_address"] = json!(email);
    record["role"] = json!(role);
    record["role_name"] = json!(if role == "org:admin" {
        "Admin"
    } else {
        "Member"
    });
    record["status"] = json!("pending");
    record["expires_at"] = json!(now + days * 86_400_000);
    for key in ["public_metadata", "private_metadata"] {
        record[key] = body
            .get(key)
            .filter(|v| v.is_object())
            .cloned()
            .unwrap_or(json!({}));
    }
    let id = record["id"].as_str().unwrap_or_default().to_string();
    record["url"] = json!(format!(
        "https://accounts.example.test/sign-up?__clerk_ticket={id}"
    ));
    match inviter {
        Some(user) => {
            record["inviter_id"] = user["id"].clone();
            if let Some(data) = record
                .get_mut("public_inviter_data")
                .filter(|v| v.is_object())
            {
                data["user_id"] = user["id"].clone();
                data["first_name"] = user["first_name"].clone();
                data["last_name"] = user["last_name"].clone();
                data["image_url"] = user["image_url"].clone();
                data["has_image"] = user["has_image"].clone();
                data["identifier"] = user["email_addresses"][0]["email_address"].clone();
            }
        }
        None => {
            record["inviter_id"] = Value::Null;
            record["public_inviter_data"] = Value::Null;
        }
    }
    Ok(())
}

/// `bulk` (several invitations at once) and `pending` (the pending ones).
fn organization_invitations(
    store: &mut Store,
    ctx: &Ctx,
    verb: &str,
) -> Result<Option<Answer>, ApiError> {
    let base = "/organizations/{organization_id}/invitations";
    let collection = collection(base);
    let org = ctx.param("organization_id").unwrap_or_default().to_string();
    let mut items = match verb {
        "bulk" => {
            let template =
                answer::item_template(ctx.op).ok_or_else(|| ApiError::not_found("template"))?;
            let mut created = Vec::new();
            for (i, body) in ctx.body.as_array().into_iter().flatten().enumerate() {
                let mut record = answer::materialize(store, template, &serde_json::Map::new());
                record["id"] = json!(collections::new_id(store, collection));
                invite(store, ctx, body, &mut record).map_err(|mut e| {
                    e.param = e.param.map(|p| format!("[{i}].{p}"));
                    e
                })?;
                collections::insert(store, collection, vec![org.clone()], record.clone());
                created.push(record);
            }
            created
        }
        "pending" => collections::records(store, base)
            .iter()
            .filter(|r| r.parent == [org.clone()] && r.value["status"] == "pending")
            .map(|r| r.value.clone())
            .rev()
            .collect(),
        _ => return Ok(None),
    };
    let total = items.len();
    let (limit, offset) = ctx.query.page()?;
    items = items.into_iter().skip(offset).take(limit).collect();
    let items = items
        .iter()
        .map(|r| collections::shaped(store, ctx.op, r))
        .collect();
    let body = answer::page(store, ctx, items, total);
    Ok(Some(Answer::of(ctx.op, body)))
}

/// A user's invitations are those to their email addresses.
fn invitation_listed(store: &Store, ctx: &Ctx, invitation: &Value) -> bool {
    let Some(user) = ctx.param("user_id").and_then(|id| store.users.get(id)) else {
        return true;
    };
    user["email_addresses"].as_array().is_some_and(|emails| {
        emails.iter().any(|e| {
            e["email_address"].as_str().is_some_and(|a| {
                invitation["email_address"]
                    .as_str()
                    .is_some_and(|b| a.eq_ignore_ascii_case(b))
            })
        })
    })
}
