//! Session tokens signed with a throwaway key, its JWKS, and a clock you move by hand.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self, KeyPair, RsaKeyPair};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Map, Value, json};

use crate::auth::jwt::{Clock, JwtKey, SESSION_TOKEN_CATEGORY, SystemClock};

/// The issuer of test tokens: shaped like a Clerk Frontend API, so the default
/// [`Issuer`](crate::auth::jwt::Issuer) rule accepts it.
pub const TEST_ISSUER: &str = "https://clerk.example.test";

/// Signs session tokens with its own RSA-2048 key, and serves the matching JWKS or PEM.
#[derive(Clone)]
pub struct TokenIssuer {
    key: Arc<RsaKeyPair>,
    kid: String,
    issuer: String,
}

impl std::fmt::Debug for TokenIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenIssuer")
            .field("kid", &self.kid)
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl Default for TokenIssuer {
    fn default() -> Self {
        TokenIssuer::new()
    }
}

impl TokenIssuer {
    /// A new key with a random key id.
    pub fn new() -> Self {
        let key =
            RsaKeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("RSA key generation");
        TokenIssuer {
            key: Arc::new(key),
            kid: format!("ins_test_{:016x}", fastrand::u64(..)),
            issuer: TEST_ISSUER.to_string(),
        }
    }

    /// The key id in the tokens' headers.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The `{"keys": [...]}` document, as `GET /jwks` serves it.
    pub fn jwks(&self) -> Value {
        let (n, e) = rsa_components(self.key.public_key().as_ref());
        json!({"keys": [{
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(n), "e": URL_SAFE_NO_PAD.encode(e)
        }]})
    }

    /// The public key as the PEM the dashboard shows (`CLERK_JWT_KEY`).
    pub fn public_key_pem(&self) -> String {
        let der = self.key.public_key().as_der().expect("SPKI encoding");
        let b64 = STANDARD.encode(der.as_ref());
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).expect("ascii"))
            .collect();
        format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            lines.join("\n")
        )
    }

    /// The public key, ready for [`VerifyParams::with_key`](crate::auth::jwt::VerifyParams::with_key).
    pub fn jwt_key(&self) -> JwtKey {
        JwtKey::from_jwk(&self.jwks()["keys"][0]).expect("own key")
    }

    /// A session token for `user_id` valid for a minute from `clock`'s now, to adjust
    /// before [`TokenBuilder::sign`].
    pub fn session_token(&self, user_id: &str) -> TokenBuilder<'_> {
        self.session_token_at(user_id, &SystemClock)
    }

    /// Like [`session_token`](Self::session_token), timed by `clock`.
    pub fn session_token_at(&self, user_id: &str, clock: &dyn Clock) -> TokenBuilder<'_> {
        let now = clock.now();
        let mut claims = Map::new();
        claims.insert("sub".into(), json!(user_id));
        claims.insert(
            "sid".into(),
            json!(format!("sess_{:016x}", fastrand::u64(..))),
        );
        claims.insert("iss".into(), json!(self.issuer));
        claims.insert("iat".into(), json!(now));
        claims.insert("nbf".into(), json!(now - 10));
        claims.insert("exp".into(), json!(now + 60));
        claims.insert("v".into(), json!(2));
        let mut header = Map::new();
        header.insert("alg".into(), json!("RS256"));
        header.insert("typ".into(), json!("JWT"));
        header.insert("kid".into(), json!(self.kid));
        header.insert("cat".into(), json!(SESSION_TOKEN_CATEGORY));
        TokenBuilder {
            issuer: self,
            header,
            claims,
        }
    }

    /// A machine-to-machine token in JWT form, as Clerk mints them: subject
    /// `machine_id` (`mch_...`), a `jti` (`mt_...`), valid for a minute from `clock`'s
    /// now, and no category header (set one with [`TokenBuilder::header`]).
    pub fn m2m_token_at(&self, machine_id: &str, clock: &dyn Clock) -> TokenBuilder<'_> {
        let now = clock.now();
        let mut claims = Map::new();
        claims.insert("sub".into(), json!(machine_id));
        claims.insert(
            "jti".into(),
            json!(format!("mt_{:016x}", fastrand::u64(..))),
        );
        claims.insert("iss".into(), json!(self.issuer));
        claims.insert("iat".into(), json!(now));
        claims.insert("nbf".into(), json!(now - 10));
        claims.insert("exp".into(), json!(now + 60));
        let mut header = Map::new();
        header.insert("alg".into(), json!("RS256"));
        header.insert("typ".into(), json!("JWT"));
        header.insert("kid".into(), json!(self.kid));
        TokenBuilder {
            issuer: self,
            header,
            claims,
        }
    }

    /// Signs any header and claims over `base64url(header).base64url(claims)`: RS384 or
    /// RS512 when the header's `alg` says so, else RS256 (whatever the header says, to
    /// test how verifiers treat a lying `alg`).
    pub fn sign(&self, header: &Value, claims: &Value) -> String {
        let padding = match header["alg"].as_str() {
            Some("RS384") => &signature::RSA_PKCS1_SHA384,
            Some("RS512") => &signature::RSA_PKCS1_SHA512,
            _ => &signature::RSA_PKCS1_SHA256,
        };
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut sig = vec![0; self.key.public_modulus_len()];
        self.key
            .sign(padding, &SystemRandom::new(), signed.as_bytes(), &mut sig)
            .expect("RSA signing");
        format!("{signed}.{}", URL_SAFE_NO_PAD.encode(sig))
    }
}

/// A session token being assembled by [`TokenIssuer::session_token`].
#[derive(Debug)]
pub struct TokenBuilder<'a> {
    issuer: &'a TokenIssuer,
    header: Map<String, Value>,
    claims: Map<String, Value>,
}

impl TokenBuilder<'_> {
    /// Sets (or with `Value::Null`, removes) a claim.
    pub fn claim(mut self, name: &str, value: impl Into<Value>) -> Self {
        match value.into() {
            Value::Null => self.claims.remove(name),
            v => self.claims.insert(name.to_string(), v),
        };
        self
    }

    /// Sets (or with `Value::Null`, removes) a header field.
    pub fn header(mut self, name: &str, value: impl Into<Value>) -> Self {
        match value.into() {
            Value::Null => self.header.remove(name),
            v => self.header.insert(name.to_string(), v),
        };
        self
    }

    /// Puts the user in an organization (v2 compact claims) with a role and permissions.
    pub fn organization(self, id: &str, slug: &str, role: &str, permissions: &[&str]) -> Self {
        // One feature per permission's feature part; all names are `org:<feature>:<perm>`.
        let mut features: Vec<&str> = Vec::new();
        let mut perms: Vec<&str> = Vec::new();
        for p in permissions {
            let mut parts = p.trim_start_matches("org:").splitn(2, ':');
            let (Some(f), Some(name)) = (parts.next(), parts.next()) else {
                continue;
            };
            if !features.contains(&f) {
                features.push(f);
            }
            if !perms.contains(&name) {
                perms.push(name);
            }
        }
        let fpm: Vec<String> = features
            .iter()
            .map(|f| {
                let bits = perms
                    .iter()
                    .enumerate()
                    .filter(|(_, name)| {
                        permissions
                            .iter()
                            .any(|p| p.trim_start_matches("org:") == format!("{f}:{name}"))
                    })
                    .fold(0u64, |acc, (i, _)| acc | (1 << i));
                bits.to_string()
            })
            .collect();
        let fea: Vec<String> = features.iter().map(|f| format!("o:{f}")).collect();
        self.claim("fea", fea.join(","))
            .claim("o", json!({"id": id, "slg": slug, "rol": role.trim_start_matches("org:"), "per": perms.join(","), "fpm": fpm.join(",")}))
    }

    /// Signs the token.
    pub fn sign(self) -> String {
        self.issuer
            .sign(&Value::Object(self.header), &Value::Object(self.claims))
    }
}

/// `(n, e)` of a PKCS#1 `RSAPublicKey` DER: `SEQUENCE { INTEGER n, INTEGER e }`.
fn rsa_components(der: &[u8]) -> (Vec<u8>, Vec<u8>) {
    fn read(der: &[u8], tag: u8) -> (&[u8], &[u8]) {
        assert_eq!(der[0], tag, "unexpected DER tag");
        let (len, start) = match der[1] {
            n if n < 0x80 => (n as usize, 2),
            n => {
                let k = (n & 0x7f) as usize;
                (
                    der[2..2 + k]
                        .iter()
                        .fold(0usize, |a, b| (a << 8) | *b as usize),
                    2 + k,
                )
            }
        };
        (&der[start..start + len], &der[start + len..])
    }
    let (seq, _) = read(der, 0x30);
    let (n, rest) = read(seq, 0x02);
    let (e, _) = read(rest, 0x02);
    let strip = |b: &[u8]| {
        b.iter()
            .skip_while(|x| **x == 0)
            .copied()
            .collect::<Vec<u8>>()
    };
    (strip(n), strip(e))
}

/// A clock that stands still until moved, for token expiry and key-cache tests
/// ([`JwksCache::with_clock`](crate::auth::jwt::JwksCache::with_clock)). It keeps
/// milliseconds, so sub-second cache intervals can be stepped through.
#[derive(Debug, Default)]
pub struct TestClock(AtomicI64);

impl TestClock {
    /// A clock at `unix_seconds`.
    pub fn at(unix_seconds: i64) -> Arc<Self> {
        Arc::new(TestClock(AtomicI64::new(unix_seconds.saturating_mul(1000))))
    }
    /// A clock at the current time.
    pub fn now() -> Arc<Self> {
        TestClock::at(SystemClock.now())
    }
    /// Moves the clock by `seconds` (negative goes back).
    pub fn advance(&self, seconds: i64) {
        self.advance_millis(seconds.saturating_mul(1000));
    }
    /// Moves the clock by `millis` milliseconds (negative goes back).
    pub fn advance_millis(&self, millis: i64) {
        self.0.fetch_add(millis, Ordering::SeqCst);
    }
    /// Sets the clock.
    pub fn set(&self, unix_seconds: i64) {
        self.0
            .store(unix_seconds.saturating_mul(1000), Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }
    fn now_millis(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

impl Clock for Arc<TestClock> {
    fn now(&self) -> i64 {
        self.as_ref().now()
    }
    fn now_millis(&self) -> i64 {
        self.as_ref().now_millis()
    }
}
