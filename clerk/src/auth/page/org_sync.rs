//! Organization sync: the organization a page's URL names (`/orgs/:slug/...`), which a
//! handshake makes the session's active one, as Clerk's JS SDK does with
//! `organizationSyncOptions`.

use crate::http::error::Error;

/// Which URLs name an organization, and which the personal account, in the
/// `path-to-regexp` syntax Clerk's JS SDK takes: literal segments, parameters (`:id` for
/// an organization id, `:slug` for a slug) and a trailing wildcard `(.*)`. Matching is
/// case-insensitive and ignores a trailing `/`, as there.
///
/// ```
/// let sync = clerk::OrganizationSync::new()
///     .organization_patterns(["/orgs/:slug", "/orgs/:slug/(.*)"])?
///     .personal_account_patterns(["/me", "/me/(.*)"])?;
/// # let _ = sync; Ok::<(), clerk::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct OrganizationSync {
    organization: Vec<Pattern>,
    personal_account: Vec<Pattern>,
}

/// What a URL asks to be active.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    OrganizationId(String),
    OrganizationSlug(String),
    PersonalAccount,
}

impl OrganizationSync {
    /// No patterns: nothing is synced.
    pub fn new() -> Self {
        OrganizationSync::default()
    }

    /// Paths naming an organization by `:id` or `:slug`. A pattern outside the supported
    /// syntax is [`Error::Config`].
    pub fn organization_patterns<S: AsRef<str>>(
        mut self,
        patterns: impl IntoIterator<Item = S>,
    ) -> Result<Self, Error> {
        self.organization = parse_all(patterns)?;
        Ok(self)
    }

    /// Paths of the personal account (no active organization).
    pub fn personal_account_patterns<S: AsRef<str>>(
        mut self,
        patterns: impl IntoIterator<Item = S>,
    ) -> Result<Self, Error> {
        self.personal_account = parse_all(patterns)?;
        Ok(self)
    }

    /// What `path` asks for: an organization first, then the personal account.
    pub(crate) fn target(&self, path: &str) -> Option<Target> {
        for pattern in &self.organization {
            if let Some(params) = pattern.matches(path) {
                let find = |name: &str| {
                    params
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, v)| v.to_string())
                };
                if let Some(id) = find("id") {
                    return Some(Target::OrganizationId(id));
                }
                if let Some(slug) = find("slug") {
                    return Some(Target::OrganizationSlug(slug));
                }
                return None;
            }
        }
        self.personal_account
            .iter()
            .any(|p| p.matches(path).is_some())
            .then_some(Target::PersonalAccount)
    }
}

fn parse_all<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Result<Vec<Pattern>, Error> {
    patterns
        .into_iter()
        .map(|p| Pattern::parse(p.as_ref()))
        .collect()
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    /// A literal segment, lowercased.
    Literal(String),
    /// `:name`: one non-empty segment.
    Param(String),
    /// `(.*)` at the end: the rest of the path, possibly empty.
    Rest,
}

#[derive(Clone, Debug)]
struct Pattern(Vec<Part>);

impl Pattern {
    fn parse(pattern: &str) -> Result<Pattern, Error> {
        let unsupported = |why: &str| {
            Error::Config(format!(
                "organization sync pattern {pattern:?}: {why} (supported: literal segments, \
                 :id, :slug and a final (.*))"
            ))
        };
        let Some(body) = pattern.strip_prefix('/') else {
            return Err(unsupported("it must start with /"));
        };
        let segments: Vec<&str> = body.trim_end_matches('/').split('/').collect();
        let mut parts = Vec::with_capacity(segments.len());
        for (i, segment) in segments.iter().enumerate() {
            let last = i + 1 == segments.len();
            let part = match *segment {
                "(.*)" if last => Part::Rest,
                s if s.starts_with(':') => {
                    let name = &s[1..];
                    if name.is_empty()
                        || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    {
                        return Err(unsupported("a parameter is :name, letters and digits"));
                    }
                    Part::Param(name.to_string())
                }
                s if s.bytes().any(|b| b"()[]*+?:{}\\".contains(&b)) => {
                    return Err(unsupported(
                        "groups, modifiers and wildcards other than a final (.*)",
                    ));
                }
                "" if segments.len() == 1 => break,
                "" => return Err(unsupported("empty segment")),
                s => Part::Literal(s.to_ascii_lowercase()),
            };
            parts.push(part);
        }
        Ok(Pattern(parts))
    }

    /// The parameters, when `path` matches.
    fn matches<'p>(&self, path: &'p str) -> Option<Vec<(&str, &'p str)>> {
        let path = path.strip_prefix('/')?;
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut segments = path.split('/').filter(|_| !path.is_empty());
        let mut params = Vec::new();
        for part in &self.0 {
            match part {
                // A final wildcard takes whatever is left, nothing included.
                Part::Rest => return Some(params),
                Part::Literal(literal) => {
                    if !segments.next()?.eq_ignore_ascii_case(literal) {
                        return None;
                    }
                }
                Part::Param(name) => {
                    let segment = segments.next().filter(|s| !s.is_empty())?;
                    params.push((name.as_str(), segment));
                }
            }
        }
        segments.next().is_none().then_some(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sync() -> OrganizationSync {
        OrganizationSync::new()
            .organization_patterns(["/orgs/:slug", "/orgs/:slug/(.*)", "/o/:id/settings"])
            .unwrap()
            .personal_account_patterns(["/me", "/me/(.*)"])
            .unwrap()
    }

    #[test]
    fn paths_name_organizations_as_path_to_regexp_would() {
        let sync = sync();
        let slug = |s: &str| Some(Target::OrganizationSlug(s.into()));
        assert_eq!(sync.target("/orgs/acme"), slug("acme"));
        assert_eq!(sync.target("/orgs/acme/"), slug("acme"));
        assert_eq!(sync.target("/ORGS/acme/invoices/7"), slug("acme"));
        assert_eq!(
            sync.target("/o/org_123/settings"),
            Some(Target::OrganizationId("org_123".into()))
        );
        assert_eq!(sync.target("/me"), Some(Target::PersonalAccount));
        assert_eq!(sync.target("/me/profile"), Some(Target::PersonalAccount));
        for none in [
            "/",
            "/orgs",
            "/orgs/",
            "/orgsx/acme",
            "/o/org_1",
            "/o/org_1/settings/x",
            "/mex",
            "",
        ] {
            assert_eq!(sync.target(none), None, "{none}");
        }
    }

    #[test]
    fn unsupported_patterns_are_configuration_errors() {
        for bad in [
            "orgs/:slug",
            "/orgs/:slug?",
            "/orgs/(\\d+)",
            "/orgs/*",
            "/a//b",
            "/orgs/:",
            "/(.*)/x",
        ] {
            let error = OrganizationSync::new()
                .organization_patterns([bad])
                .unwrap_err();
            assert!(matches!(error, Error::Config(_)), "{bad}");
        }
    }
}
