//! The publishable key: which Frontend API serves the instance, whether it is a
//! development or production instance, and the suffix of its cookies.

use std::fmt;

use aws_lc_rs::digest;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};

use crate::http::error::Error;

/// Development (`pk_test_`) or production (`pk_live_`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceType {
    /// `pk_test_...`: a development instance (dev browser, accounts.dev Frontend API).
    Development,
    /// `pk_live_...`: a production instance.
    Production,
}

/// A Clerk publishable key (`pk_test_...`, `pk_live_...`), parsed as Clerk's JS SDK
/// parses it: base64 of the Frontend API host followed by `$`.
#[derive(Clone, PartialEq, Eq)]
pub struct PublishableKey {
    key: String,
    instance: InstanceType,
    frontend_api: String,
    cookie_suffix: String,
}

impl PublishableKey {
    /// Parses `key`; anything else than a publishable key is [`Error::Config`].
    pub fn parse(key: &str) -> Result<PublishableKey, Error> {
        let key = key.trim();
        let invalid = |why: &str| {
            Error::Config(format!(
                "the publishable key is not valid ({why}; expected pk_test_... or pk_live_...)"
            ))
        };
        let (instance, encoded) = if let Some(rest) = key.strip_prefix("pk_live_") {
            (InstanceType::Production, rest)
        } else if let Some(rest) = key.strip_prefix("pk_test_") {
            (InstanceType::Development, rest)
        } else {
            return Err(invalid("unknown prefix"));
        };
        if encoded.contains('_') {
            return Err(invalid("more than three parts"));
        }
        let decoded = STANDARD_NO_PAD
            .decode(encoded.trim_end_matches('='))
            .or_else(|_| STANDARD.decode(encoded))
            .map_err(|_| invalid("not base64"))?;
        let decoded = String::from_utf8(decoded).map_err(|_| invalid("not text"))?;
        let host = decoded
            .strip_suffix('$')
            .filter(|host| !host.contains('$') && host.contains('.'))
            .ok_or_else(|| invalid("the decoded key is not a host followed by $"))?;
        let valid_host = host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'));
        if !valid_host {
            return Err(invalid(
                "the decoded host has characters a host cannot have",
            ));
        }
        Ok(PublishableKey {
            cookie_suffix: cookie_suffix(key),
            frontend_api: host.to_string(),
            instance,
            key: key.to_string(),
        })
    }

    /// The key as given.
    pub fn as_str(&self) -> &str {
        &self.key
    }

    /// Development or production.
    pub fn instance_type(&self) -> InstanceType {
        self.instance
    }

    /// The Frontend API host the key names, e.g. `clerk.example.com` or
    /// `foo-bar-13.clerk.accounts.dev`.
    pub fn frontend_api(&self) -> &str {
        &self.frontend_api
    }

    /// The suffix of this instance's cookies (`__session_<suffix>`): the first 8
    /// characters of the URL-safe base64 of the key's SHA-1, as Clerk's SDKs derive it.
    pub fn cookie_suffix(&self) -> &str {
        &self.cookie_suffix
    }
}

impl fmt::Debug for PublishableKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Publishable keys are public; shown whole.
        f.debug_tuple("PublishableKey").field(&self.key).finish()
    }
}

fn cookie_suffix(key: &str) -> String {
    let sha1 = digest::digest(&digest::SHA1_FOR_LEGACY_USE_ONLY, key.as_bytes());
    let mut encoded = URL_SAFE_NO_PAD.encode(sha1.as_ref());
    encoded.truncate(8);
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pk(prefix: &str, host: &str) -> String {
        format!("{prefix}{}", STANDARD.encode(format!("{host}$")))
    }

    #[test]
    fn keys_parse_as_the_js_sdk_parses_them() {
        let dev = PublishableKey::parse(&pk("pk_test_", "foo-bar-13.clerk.accounts.dev")).unwrap();
        assert_eq!(dev.instance_type(), InstanceType::Development);
        assert_eq!(dev.frontend_api(), "foo-bar-13.clerk.accounts.dev");
        let live = PublishableKey::parse(&pk("pk_live_", "clerk.example.com")).unwrap();
        assert_eq!(live.instance_type(), InstanceType::Production);
        assert_eq!(live.frontend_api(), "clerk.example.com");
        // Without padding, as Clerk's dashboard shows them.
        let unpadded = pk("pk_live_", "clerk.example.co")
            .trim_end_matches('=')
            .to_string();
        assert_eq!(
            PublishableKey::parse(&unpadded).unwrap().frontend_api(),
            "clerk.example.co"
        );
        for bad in [
            "",
            "sk_test_abc",
            "pk_test_",
            "pk_test_!!!",
            &pk("pk_test_", "nodot"),
            &pk("pk_test_", "a.b$c"),
            &pk("pk_test_", "evil.com/path"),
            &format!("{}_x", pk("pk_test_", "a.b")),
        ] {
            assert!(
                matches!(PublishableKey::parse(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_cookie_suffix_is_the_js_sdks() {
        // getCookieSuffix("pk_test_Zm9vLWJhci0xMy5jbGVyay5hY2NvdW50cy5kZXYk") in Clerk's JS SDK.
        let key =
            PublishableKey::parse("pk_test_Zm9vLWJhci0xMy5jbGVyay5hY2NvdW50cy5kZXYk").unwrap();
        assert_eq!(key.cookie_suffix(), "nx2hSE6I");
    }
}
