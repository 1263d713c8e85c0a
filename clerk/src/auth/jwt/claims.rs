//! The claims of a Clerk session token, with v1 and v2 organization claims in one view.

use std::sync::OnceLock;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::{Reason, VerifyError};
use super::jws::{json_object, numeric_date};

/// The verified claims of a session token.
///
/// Session tokens come in two shapes: v1 with flat `org_id`/`org_slug`/`org_role`/
/// `org_permissions`, and v2 (`v: 2`) with a compact `o` object and feature claims. Both
/// are normalised into [`organization`](SessionClaims::organization). Claims of your own
/// (from a customised session token) are read with [`custom`](SessionClaims::custom).
///
/// Verification reads only what it checks; the organization view and the feature list
/// are worked out from the kept payload the first time they are asked for.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SessionClaims {
    /// The user id (`sub`).
    pub subject: String,
    /// Expiry, Unix seconds (`exp`).
    pub expires_at: i64,
    /// Issue time, Unix seconds (`iat`).
    pub issued_at: Option<i64>,
    /// Not valid before, Unix seconds (`nbf`).
    pub not_before: Option<i64>,
    /// The issuer, the instance's Frontend API URL (`iss`).
    pub issuer: Option<String>,
    /// Audiences (`aud`), empty when absent.
    pub audience: Vec<String>,
    /// The session id (`sid`).
    pub session_id: Option<String>,
    /// The origin the token was issued to (`azp`).
    pub authorized_party: Option<String>,
    /// The user acting on the subject's behalf, when impersonating (`act`).
    pub actor: Option<Actor>,
    /// The session token version (`v`): 1 when absent, 2 for compact claims.
    pub version: u32,
    /// The session status (`sts`, v2), e.g. `active` or `pending`.
    pub session_status: Option<String>,
    /// Minutes since the first and second factor were verified (`fva`, -1 when never).
    pub factor_verification_age: Option<Vec<i64>>,
    organization: OnceLock<Option<ActiveOrganization>>,
    features: OnceLock<Vec<String>>,
    /// The payload as decoded (a `Vec`, not a boxed slice: shrinking it would copy).
    raw: Vec<u8>,
}

impl PartialEq for SessionClaims {
    /// Claims are equal when their payloads are.
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

/// The user acting on another's behalf (impersonation), from the `act` claim.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[non_exhaustive]
pub struct Actor {
    /// The acting user's id.
    pub sub: String,
    /// The actor's session id.
    #[serde(default)]
    pub sid: Option<String>,
    /// Who issued the actor token.
    #[serde(default)]
    pub iss: Option<String>,
}

/// The organization active in the session, whatever the token version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ActiveOrganization {
    /// `org_...`.
    pub id: String,
    /// The organization's slug.
    pub slug: Option<String>,
    /// The user's role in it, e.g. `org:admin` (v2 names are given the `org:` prefix).
    pub role: Option<String>,
    /// Permissions granted by the role, e.g. `org:invoices:read`.
    pub permissions: Vec<String>,
}

/// Every claim as sent; all optional so that missing ones get a precise reason.
/// Times are any JSON number (floored), as Clerk's JS SDK reads them.
#[derive(Deserialize)]
pub(crate) struct RawClaims {
    pub(crate) sub: Option<String>,
    #[serde(default, deserialize_with = "numeric_date")]
    pub(crate) exp: Option<i64>,
    #[serde(default, deserialize_with = "numeric_date")]
    pub(crate) iat: Option<i64>,
    #[serde(default, deserialize_with = "numeric_date")]
    pub(crate) nbf: Option<i64>,
    iss: Option<String>,
    #[serde(default)]
    pub(crate) aud: Option<Audience>,
    sid: Option<String>,
    azp: Option<String>,
    act: Option<Actor>,
    v: Option<u32>,
    sts: Option<String>,
    fva: Option<Vec<i64>>,
}

/// The claims behind [`SessionClaims::organization`] and [`SessionClaims::features`].
#[derive(Deserialize)]
struct OrganizationClaims {
    v: Option<u32>,
    fea: Option<String>,
    org_id: Option<String>,
    org_slug: Option<String>,
    org_role: Option<String>,
    org_permissions: Option<Vec<String>>,
    o: Option<CompactOrganization>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub(crate) enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    pub(crate) fn into_vec(aud: Option<Audience>) -> Vec<String> {
        match aud {
            None => Vec::new(),
            Some(Audience::One(a)) => vec![a],
            Some(Audience::Many(a)) => a,
        }
    }
}

/// The v2 `o` claim: id, slug, role, permission names and per-feature permission bitmaps.
#[derive(Deserialize)]
struct CompactOrganization {
    id: Option<String>,
    slg: Option<String>,
    rol: Option<String>,
    per: Option<String>,
    fpm: Option<String>,
}

impl SessionClaims {
    /// Parses claims from the decoded payload; `sub` and `exp` are required.
    pub(crate) fn parse(payload: Vec<u8>) -> Result<SessionClaims, VerifyError> {
        let raw: RawClaims = json_object(&payload, "claims")?;
        let subject = raw
            .sub
            .ok_or_else(|| VerifyError::new(Reason::MissingClaim, "no `sub` claim"))?;
        let expires_at = raw
            .exp
            .ok_or_else(|| VerifyError::new(Reason::MissingClaim, "no `exp` claim"))?;
        Ok(SessionClaims {
            subject,
            expires_at,
            issued_at: raw.iat,
            not_before: raw.nbf,
            issuer: raw.iss,
            audience: Audience::into_vec(raw.aud),
            session_id: raw.sid,
            authorized_party: raw.azp,
            actor: raw.act,
            version: raw.v.unwrap_or(1),
            session_status: raw.sts,
            factor_verification_age: raw.fva,
            organization: OnceLock::new(),
            features: OnceLock::new(),
            // Kept for `custom`.
            raw: payload,
        })
    }

    /// Whether the session is pending (`sts: "pending"`, v2): signed in, with a task
    /// left to complete (choosing an organization, say). [`crate::authenticate_request`]
    /// signs such sessions out unless
    /// [`accept_pending_sessions`](crate::AuthenticateOptions::accept_pending_sessions).
    pub fn is_pending(&self) -> bool {
        self.session_status.as_deref() == Some("pending")
    }

    fn organization_claims(&self) -> Option<OrganizationClaims> {
        serde_json::from_slice(&self.raw).ok()
    }

    /// Enabled features (`fea`, v2), scope-prefixed (`o:` organization, `u:` user).
    pub fn features(&self) -> &[String] {
        self.features.get_or_init(|| {
            self.organization_claims()
                .and_then(|c| c.fea)
                .map(|f| {
                    f.split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default()
        })
    }

    /// The active organization, if any.
    pub fn organization(&self) -> Option<&ActiveOrganization> {
        self.organization
            .get_or_init(|| {
                let claims = self.organization_claims()?;
                match (claims.v.unwrap_or(1), claims.o) {
                    (2.., Some(o)) => o.id.map(|id| ActiveOrganization {
                        id,
                        slug: o.slg,
                        role: o.rol.map(|r| {
                            if r.starts_with("org:") {
                                r
                            } else {
                                format!("org:{r}")
                            }
                        }),
                        permissions: v2_permissions(
                            self.features(),
                            o.per.as_deref(),
                            o.fpm.as_deref(),
                        ),
                    }),
                    _ => claims.org_id.map(|id| ActiveOrganization {
                        id,
                        slug: claims.org_slug,
                        role: claims.org_role,
                        permissions: claims.org_permissions.unwrap_or_default(),
                    }),
                }
            })
            .as_ref()
    }

    /// Whether the active organization role is `role` (`org:admin` or `admin`).
    pub fn has_role(&self, role: &str) -> bool {
        self.has(&super::Requirement::new().role(role))
    }

    /// Whether the active organization grants `permission` (e.g. `org:invoices:read`).
    pub fn has_permission(&self, permission: &str) -> bool {
        self.has(&super::Requirement::new().permission(permission))
    }

    /// Every claim as sent.
    pub(crate) fn raw_claims(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_slice(&self.raw).unwrap_or_default()
    }

    /// Reads the claims into your own type, e.g. custom session claims.
    ///
    /// ```
    /// #[derive(serde::Deserialize)]
    /// struct Custom { plan: Option<String> }
    /// # fn show(claims: &clerk::jwt::SessionClaims) -> Result<(), serde_json::Error> {
    /// let custom: Custom = claims.custom()?;
    /// # let _ = custom.plan; Ok(()) }
    /// ```
    pub fn custom<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.raw)
    }
}

/// Expands v2 feature/permission bitmaps into `org:<feature>:<permission>` strings.
///
/// `fea` lists features with a scope prefix (`o:` for organization features); `per`
/// lists permission names; `fpm` holds, per organization feature in order, a decimal
/// bitmap whose bit `i` (least significant first) grants permission `per[i]`.
fn v2_permissions(features: &[String], per: Option<&str>, fpm: Option<&str>) -> Vec<String> {
    let (Some(per), Some(fpm)) = (per, fpm) else {
        return Vec::new();
    };
    let permissions: Vec<&str> = per.split(',').filter(|p| !p.is_empty()).collect();
    let org_features = features.iter().filter_map(|f| f.strip_prefix("o:"));
    let mut out = Vec::new();
    for (feature, bits) in org_features.zip(fpm.split(',')) {
        let Ok(bits) = bits.trim().parse::<u64>() else {
            continue;
        };
        for (i, permission) in permissions.iter().enumerate().take(64) {
            if bits & (1 << i) != 0 {
                out.push(format!("org:{feature}:{permission}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: serde_json::Value) -> Result<SessionClaims, VerifyError> {
        SessionClaims::parse(serde_json::to_vec(&json).unwrap())
    }

    #[test]
    fn v1_organization_claims() {
        let c = parse(serde_json::json!({
            "sub": "user_1", "exp": 10, "org_id": "org_1", "org_slug": "acme", "org_role": "org:admin",
            "org_permissions": ["org:invoices:read"]
        }))
        .unwrap();
        assert_eq!(c.version, 1);
        assert!(c.has_role("org:admin") && c.has_role("admin") && !c.has_role("org:member"));
        assert!(c.has_permission("org:invoices:read") && !c.has_permission("org:invoices:write"));
        assert_eq!(c.organization().unwrap().slug.as_deref(), Some("acme"));
    }

    #[test]
    fn v2_compact_claims_expand_into_permissions() {
        // Features: dashboard (org), api (user), invoices (org). Permissions: read, manage.
        // fpm: dashboard -> 0b11 (read, manage); invoices -> 0b01 (read).
        let c = parse(serde_json::json!({
            "sub": "user_1", "exp": 10, "v": 2, "sts": "active", "fva": [5, -1],
            "fea": "o:dashboard,u:api,o:invoices",
            "o": {"id": "org_1", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3,1"}
        }))
        .unwrap();
        let org = c.organization().unwrap();
        assert_eq!(org.role.as_deref(), Some("org:admin"));
        assert_eq!(
            org.permissions,
            [
                "org:dashboard:read",
                "org:dashboard:manage",
                "org:invoices:read"
            ]
        );
        assert!(c.has_role("admin"));
        assert!(c.has_permission("org:invoices:read") && !c.has_permission("org:invoices:manage"));
        assert_eq!(c.factor_verification_age, Some(vec![5, -1]));
        assert_eq!(c.session_status.as_deref(), Some("active"));
    }

    #[test]
    fn missing_required_claims_have_their_own_reason() {
        assert_eq!(
            parse(serde_json::json!({"exp": 10})).unwrap_err().reason(),
            Reason::MissingClaim
        );
        assert_eq!(
            parse(serde_json::json!({"sub": "u"})).unwrap_err().reason(),
            Reason::MissingClaim
        );
        assert_eq!(
            parse(serde_json::json!({"sub": "u", "exp": "soon"}))
                .unwrap_err()
                .reason(),
            Reason::Malformed
        );
    }

    #[test]
    fn custom_claims_read_into_a_caller_type() {
        #[derive(Deserialize)]
        struct Mine {
            plan: String,
        }
        let c =
            parse(serde_json::json!({"sub": "u", "exp": 1, "plan": "pro", "aud": "api"})).unwrap();
        assert_eq!(c.custom::<Mine>().unwrap().plan, "pro");
        assert_eq!(c.audience, ["api"]);
    }
}
