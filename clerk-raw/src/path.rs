//! Path confinement: a value put into a path template (an id, often taken from an end
//! user) becomes exactly one path segment, so a request can never reach another endpoint.
//!
//! Two lines of defence, used by the generated client and by the `clerk` facade:
//! [`encode_path`] percent-encodes every byte outside RFC 3986 "unreserved" (so `/`, `\`,
//! `?`, `#` and `%` cannot act as separators or escapes), and [`matches_template`] checks
//! the final URL path against the operation's template after URL parsing (which resolves
//! `.` and `..` segments and their `%2e` spellings). [`check_segment`] refuses the values
//! that cannot be one segment at all: `""`, `"."` and `".."`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 "unreserved" (ALPHA / DIGIT / `-` / `.` / `_` / `~`) is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` as one percent-encoded path segment (the generated client calls this for every
/// path parameter). Values that cannot be a segment ([`check_segment`]) are encoded as
/// given and then refused by the template check before the request is sent.
pub fn encode_path(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// Why a value cannot be sent as one path segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError(&'static str);

impl std::fmt::Display for PathError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for PathError {}

/// Refuses values that URL parsing would not keep as one segment: the empty string
/// (the segment disappears and the request reaches the parent collection), `.` and `..`
/// (resolved away). Anything else is one segment once encoded with [`encode_path`]:
/// `%2e` is sent as `%252e`, which parsers do not treat as a dot.
pub fn check_segment(value: &str) -> Result<(), PathError> {
    match value {
        "" => Err(PathError("a path parameter must not be empty")),
        "." | ".." => Err(PathError("a path parameter must not be `.` or `..`")),
        _ => Ok(()),
    }
}

/// Whether `path` (a URL path as sent, percent-encoded, without the API's base path)
/// has the shape of `template` (e.g. `/users/{user_id}`): the same literal segments,
/// and exactly one non-empty, non-dot segment where the template has a parameter.
pub fn matches_template(template: &str, path: &str) -> bool {
    let mut actual = path.split('/');
    for expected in template.split('/') {
        let Some(segment) = actual.next() else {
            return false;
        };
        let ok = match expected.find('{') {
            // A whole-segment parameter, or one with a literal prefix/suffix (`{id}.json`).
            Some(open) => {
                let close = expected.rfind('}').unwrap_or(expected.len() - 1);
                let (prefix, suffix) = (&expected[..open], &expected[close + 1..]);
                segment.len() > prefix.len() + suffix.len()
                    && segment.starts_with(prefix)
                    && segment.ends_with(suffix)
                    && !is_dot_segment(&segment[prefix.len()..segment.len() - suffix.len()])
            }
            None => segment == expected,
        };
        if !ok {
            return false;
        }
    }
    actual.next().is_none()
}

/// `.`, `..` and their percent-encoded spellings, as URL parsers resolve them.
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "." | ".." | "%2e" | ".%2e" | "%2e." | "%2e%2e"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_bytes_pass_unencoded() {
        assert_eq!(encode_path("user_2abc-~.x"), "user_2abc-~.x");
        assert_eq!(encode_path("..\\x"), "..%5Cx");
        assert_eq!(encode_path("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(encode_path("%2e%2e"), "%252e%252e");
        assert_eq!(encode_path("é"), "%C3%A9");
        assert_eq!(encode_path("a b+c;d=e"), "a%20b%2Bc%3Bd%3De");
    }

    #[test]
    fn values_that_are_not_one_segment_are_refused() {
        for bad in ["", ".", ".."] {
            assert!(check_segment(bad).is_err(), "{bad:?}");
        }
        for good in ["...", "%2e", "a", "..\\x"] {
            assert!(check_segment(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn templates_match_one_segment_per_parameter() {
        let t = "/users/{user_id}";
        assert!(matches_template(t, "/users/user_1"));
        assert!(matches_template(t, "/users/..%5Cx"));
        assert!(!matches_template(t, "/users/"));
        assert!(!matches_template(t, "/users"));
        assert!(!matches_template(t, "/users/a/b"));
        assert!(!matches_template(t, "/organizations/o"));
        assert!(!matches_template(t, "/users/%2E%2e"));
        assert!(!matches_template(t, "/users/."));
        let t = "/organizations/{organization_id}/memberships/{user_id}";
        assert!(matches_template(t, "/organizations/o/memberships/u"));
        assert!(!matches_template(t, "/organizations/o/memberships"));
        assert!(!matches_template(t, "/organizations/o/invitations/u"));
        assert!(matches_template("/jwks", "/jwks"));
        assert!(!matches_template("/jwks", "/jwks/"));
        assert!(matches_template("/files/{name}.json", "/files/a.json"));
        assert!(!matches_template("/files/{name}.json", "/files/.json"));
    }
}
