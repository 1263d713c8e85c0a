//! `has()`: what a session is allowed, checked as Clerk's `createCheckAuthorization`
//! (`@clerk/shared`) checks it: organization role and permission, features and plans
//! with their `org:`/`user:` scopes, and how recently the user verified a factor.

use super::claims::SessionClaims;

/// What a route requires of a session. Every dimension asked for must hold (role and
/// permission, feature and plan, reverification); a requirement that asks nothing is
/// never met, as in Clerk's JS SDK.
///
/// ```
/// use clerk::jwt::{Requirement, Reverification};
///
/// let admins = Requirement::new().role("org:admin");
/// let billing = Requirement::new()
///     .permission("org:invoices:manage")
///     .plan("org:pro")
///     .reverification(Reverification::Strict);
/// # let _ = (admins, billing);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requirement {
    role: Option<String>,
    permission: Option<String>,
    feature: Option<String>,
    plan: Option<String>,
    reverification: Option<Reverification>,
}

impl Requirement {
    /// Nothing yet (never met: ask for something).
    pub fn new() -> Self {
        Requirement::default()
    }

    /// The active organization's role, with or without the `org:` prefix.
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = Some(role.into());
        self
    }

    /// A permission in the active organization, e.g. `org:invoices:read`.
    pub fn permission(mut self, permission: impl Into<String>) -> Self {
        self.permission = Some(permission.into());
        self
    }

    /// A feature (`fea`): `org:<feature>` or `user:<feature>` for one scope (also `o:`,
    /// `organization:`, `u:`), or `<feature>` for either.
    pub fn feature(mut self, feature: impl Into<String>) -> Self {
        self.feature = Some(feature.into());
        self
    }

    /// A plan (`pla`), with the same scopes as [`feature`](Self::feature).
    pub fn plan(mut self, plan: impl Into<String>) -> Self {
        self.plan = Some(plan.into());
        self
    }

    /// A factor verified recently enough (`fva`).
    pub fn reverification(mut self, reverification: Reverification) -> Self {
        self.reverification = Some(reverification);
        self
    }
}

/// How recently the user must have verified, and which factors (`has({reverification})`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reverification {
    /// Multi-factor within 10 minutes (`strict_mfa`).
    StrictMfa,
    /// The second factor within 10 minutes (`strict`).
    Strict,
    /// The second factor within an hour (`moderate`).
    Moderate,
    /// The second factor within a day (`lax`).
    Lax,
    /// `level` within `after_minutes` (more than 0; 0 is never met).
    Custom {
        /// Which factors.
        level: FactorLevel,
        /// How many minutes ago at most.
        after_minutes: u32,
    },
}

/// Which factors a [`Reverification`] asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FactorLevel {
    /// The first factor (password, code, ...).
    FirstFactor,
    /// The second factor, or the first where the user has none.
    SecondFactor,
    /// Both, or the first where the user has no second factor.
    MultiFactor,
}

impl Reverification {
    fn level_and_minutes(self) -> (FactorLevel, i64) {
        match self {
            Reverification::StrictMfa => (FactorLevel::MultiFactor, 10),
            Reverification::Strict => (FactorLevel::SecondFactor, 10),
            Reverification::Moderate => (FactorLevel::SecondFactor, 60),
            Reverification::Lax => (FactorLevel::SecondFactor, 1440),
            Reverification::Custom {
                level,
                after_minutes,
            } => (level, i64::from(after_minutes)),
        }
    }
}

/// One dimension of a requirement.
#[derive(PartialEq)]
enum Check {
    Skip,
    Pass,
    Fail,
}

fn check(pass: bool) -> Check {
    if pass { Check::Pass } else { Check::Fail }
}

impl SessionClaims {
    /// Whether the session meets `requirement`, as Clerk's `has()`.
    pub fn has(&self, requirement: &Requirement) -> bool {
        let checks = [
            self.check_organization(requirement),
            self.check_billing(requirement),
            self.check_reverification(requirement),
        ];
        checks.contains(&Check::Pass) && !checks.contains(&Check::Fail)
    }

    /// Whether the session has `feature` (`org:x`, `user:x` or `x` for either scope).
    pub fn has_feature(&self, feature: &str) -> bool {
        self.has(&Requirement::new().feature(feature))
    }

    /// Whether the session has `plan` (`org:pro`, `user:pro` or `pro` for either scope).
    pub fn has_plan(&self, plan: &str) -> bool {
        self.has(&Requirement::new().plan(plan))
    }

    fn check_organization(&self, requirement: &Requirement) -> Check {
        if requirement.role.is_none() && requirement.permission.is_none() {
            return Check::Skip;
        }
        let Some(organization) = self.organization() else {
            return Check::Fail;
        };
        if let Some(role) = &requirement.role {
            let held = organization.role.as_deref().filter(|r| !r.is_empty());
            if held.is_none_or(|held| with_org_prefix(held) != with_org_prefix(role)) {
                return Check::Fail;
            }
        }
        if let Some(permission) = &requirement.permission {
            let wanted = with_org_prefix(permission);
            if !organization.permissions.contains(&wanted) {
                return Check::Fail;
            }
        }
        Check::Pass
    }

    fn check_billing(&self, requirement: &Requirement) -> Check {
        if requirement.feature.is_none() && requirement.plan.is_none() {
            return Check::Skip;
        }
        let raw = self.raw_claims();
        for (wanted, claim) in [(&requirement.feature, "fea"), (&requirement.plan, "pla")] {
            if let Some(wanted) = wanted {
                let listed = raw.get(claim).and_then(serde_json::Value::as_str);
                if !listed.is_some_and(|listed| has_scoped(listed, wanted)) {
                    return Check::Fail;
                }
            }
        }
        Check::Pass
    }

    fn check_reverification(&self, requirement: &Requirement) -> Check {
        let Some(reverification) = requirement.reverification else {
            return Check::Skip;
        };
        let Some(&[first, second]) = self.factor_verification_age.as_deref() else {
            return Check::Fail;
        };
        let valid = |age: i64| age == -1 || age >= 0;
        let (level, minutes) = reverification.level_and_minutes();
        if !valid(first) || !valid(second) || minutes <= 0 || (first == -1 && second == -1) {
            return Check::Fail;
        }
        let first_fresh = first != -1 && minutes > first;
        let second_fresh = second != -1 && minutes > second;
        check(match level {
            FactorLevel::FirstFactor => first_fresh,
            FactorLevel::SecondFactor if second == -1 => first_fresh,
            FactorLevel::SecondFactor => second_fresh,
            FactorLevel::MultiFactor if second == -1 => first_fresh,
            FactorLevel::MultiFactor if first == -1 => false,
            FactorLevel::MultiFactor => first_fresh && second_fresh,
        })
    }
}

/// `org:` in front, once: `admin`, `org:admin` and `org:org:admin` are one role.
fn with_org_prefix(value: &str) -> String {
    let mut rest = value;
    while let Some(stripped) = rest.strip_prefix("org:") {
        rest = stripped;
    }
    format!("org:{rest}")
}

/// Whether a scoped list (`o:pro,u:free,ou:beta`) has `wanted` (`org:pro`, `user:free`,
/// `beta`). A malformed list or an unknown scope is no.
fn has_scoped(listed: &str, wanted: &str) -> bool {
    let mut org = Vec::new();
    let mut user = Vec::new();
    for part in listed.split(',') {
        let part = part.trim();
        let Some((scope, value)) = part.split_once(':') else {
            return false;
        };
        match scope {
            "o" => org.push(value),
            "u" => user.push(value),
            "ou" | "uo" => {
                org.push(value);
                user.push(value);
            }
            _ => {}
        }
    }
    let mut parts = wanted.split(':');
    let first = parts.next().unwrap_or_default();
    match parts.next() {
        None => org.contains(&first) || user.contains(&first),
        Some(id) if matches!(first, "o" | "org" | "organization") => org.contains(&id),
        Some(id) if matches!(first, "u" | "user") => user.contains(&id),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoped_lists_read_as_split_by_scope() {
        let listed = "o:pro, u:free,ou:beta,x:odd";
        assert!(has_scoped(listed, "org:pro") && has_scoped(listed, "o:pro"));
        assert!(has_scoped(listed, "organization:pro") && has_scoped(listed, "pro"));
        assert!(!has_scoped(listed, "user:pro") && !has_scoped(listed, "u:pro"));
        assert!(has_scoped(listed, "user:free") && !has_scoped(listed, "org:free"));
        assert!(has_scoped(listed, "org:beta") && has_scoped(listed, "user:beta"));
        assert!(!has_scoped(listed, "odd") && !has_scoped(listed, "team:pro"));
        assert!(!has_scoped("o:pro,broken", "org:pro"), "a malformed list");
        assert!(!has_scoped("", "pro"));
        assert_eq!(with_org_prefix("org:org:admin"), "org:admin");
        assert_eq!(with_org_prefix("admin"), "org:admin");
    }
}
