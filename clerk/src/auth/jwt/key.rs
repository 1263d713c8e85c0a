//! Public keys that verify Clerk tokens: parsed once, used for every verification.

use std::fmt;

use aws_lc_rs::signature::{self, ParsedPublicKey, RsaParameters};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

use super::error::{Reason, VerifyError};

/// The signature algorithms Clerk uses (RSASSA-PKCS1-v1_5); anything else is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// RSA with SHA-256, Clerk's default.
    RS256,
    /// RSA with SHA-384.
    RS384,
    /// RSA with SHA-512.
    RS512,
}

impl Algorithm {
    /// The algorithm named by a JOSE `alg`, if supported.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        match name {
            "RS256" => Some(Algorithm::RS256),
            "RS384" => Some(Algorithm::RS384),
            "RS512" => Some(Algorithm::RS512),
            _ => None,
        }
    }

    /// The JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::RS384 => "RS384",
            Algorithm::RS512 => "RS512",
        }
    }

    fn params(self) -> &'static RsaParameters {
        match self {
            Algorithm::RS256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            Algorithm::RS384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Algorithm::RS512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        }
    }
}

/// An RSA public key, with its key id when it came from a JWKS. A key whose JWK names an
/// algorithm (`alg`) verifies that one only; a key without one (a PEM key, a JWK without
/// `alg`) verifies the RS algorithm each token's header names, as Clerk's JS SDK does.
#[derive(Clone)]
pub struct JwtKey {
    kid: Option<String>,
    algorithm: Option<Algorithm>,
    /// The key parsed for each algorithm it may verify (one, or all three).
    keys: Vec<(Algorithm, ParsedPublicKey)>,
}

impl fmt::Debug for JwtKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtKey")
            .field("kid", &self.kid)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

fn invalid(message: impl Into<String>) -> VerifyError {
    VerifyError::new(Reason::InvalidKey, message)
}

impl JwtKey {
    /// The PEM public key the Clerk dashboard shows (`CLERK_JWT_KEY`): SPKI
    /// (`-----BEGIN PUBLIC KEY-----`), with or without the armour lines, and with real
    /// or escaped (`\n`) line breaks. Verification is networkless with it; it verifies
    /// RS256, RS384 and RS512 (the token's header says which).
    pub fn from_pem(pem: &str) -> Result<JwtKey, VerifyError> {
        let body: String = pem
            .replace("\\n", "\n")
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("-----"))
            .collect();
        if pem.contains("PRIVATE KEY") {
            return Err(invalid(
                "a private key was given where the public key belongs",
            ));
        }
        let der = STANDARD
            .decode(body.as_bytes())
            .map_err(|_| invalid("the PEM key is not valid base64"))?;
        JwtKey::parse(None, None, &der)
            .map_err(|e| invalid(format!("the PEM key is not an RSA public key: {e}")))
    }

    /// The key of `der` for `algorithm`, or for every RS algorithm when `None`.
    fn parse(
        kid: Option<String>,
        algorithm: Option<Algorithm>,
        der: &[u8],
    ) -> Result<JwtKey, aws_lc_rs::error::KeyRejected> {
        let algorithms = match algorithm {
            Some(one) => vec![one],
            None => vec![Algorithm::RS256, Algorithm::RS384, Algorithm::RS512],
        };
        let keys = algorithms
            .into_iter()
            .map(|a| ParsedPublicKey::new(a.params(), der).map(|key| (a, key)))
            .collect::<Result<_, _>>()?;
        Ok(JwtKey {
            kid,
            algorithm,
            keys,
        })
    }

    /// One JSON Web Key (`{"kty": "RSA", "n": ..., "e": ..., "kid": ..., "alg": ...}`).
    /// `alg` and `use` are optional (RFC 7517): without `alg` the key verifies any RS
    /// algorithm; an `alg` other than RS256/384/512 or a `use` other than `sig` is refused.
    pub fn from_jwk(jwk: &serde_json::Value) -> Result<JwtKey, VerifyError> {
        let field = |name: &str| jwk.get(name).and_then(serde_json::Value::as_str);
        if field("kty") != Some("RSA") {
            return Err(invalid(format!("unsupported key type {:?}", field("kty"))));
        }
        if jwk.get("use").is_some_and(|u| u != "sig") {
            return Err(invalid(
                "the key is not for signatures (`use` is not `sig`)",
            ));
        }
        let algorithm = match jwk.get("alg") {
            None => None,
            Some(alg) => Some(
                alg.as_str()
                    .and_then(Algorithm::from_name)
                    .ok_or_else(|| invalid(format!("unsupported key algorithm {alg}")))?,
            ),
        };
        let decode = |name: &str| {
            let value = field(name).ok_or_else(|| invalid(format!("the JWK has no `{name}`")))?;
            URL_SAFE_NO_PAD
                .decode(value.trim_end_matches('=').as_bytes())
                .map_err(|_| invalid(format!("the JWK's `{name}` is not base64url")))
        };
        let (n, e) = (decode("n")?, decode("e")?);
        // Through DER, as PEM keys go, so both verify by the same path.
        let kid = field("kid").map(str::to_string);
        JwtKey::parse(kid, algorithm, &rsa_public_key_der(&n, &e))
            .map_err(|err| invalid(format!("the JWK is not a usable RSA key: {err}")))
    }

    /// A JSON Web Key given as JSON text.
    pub fn from_jwk_str(json: &str) -> Result<JwtKey, VerifyError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| invalid(format!("the JWK is not JSON: {e}")))?;
        JwtKey::from_jwk(&value)
    }

    /// The key id (`kid`), for keys from a key set.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The one algorithm this key verifies, when its JWK names one; `None` for a key that
    /// verifies whichever RS algorithm a token names.
    pub fn algorithm(&self) -> Option<Algorithm> {
        self.algorithm
    }

    /// Whether `signature` signs `message` with `algorithm`; `None` when this key is not
    /// for that algorithm.
    pub(crate) fn verify(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        let (_, key) = self.keys.iter().find(|(a, _)| *a == algorithm)?;
        Some(key.verify_sig(message, signature).is_ok())
    }
}

/// PKCS#1 `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` in DER.
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    fn length(len: usize, out: &mut Vec<u8>) {
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes: Vec<u8> = len
                .to_be_bytes()
                .into_iter()
                .skip_while(|b| *b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
    }
    fn integer(value: &[u8], out: &mut Vec<u8>) {
        let value: Vec<u8> = value.iter().copied().skip_while(|b| *b == 0).collect();
        // A leading 1 bit would make the INTEGER negative: prefix a zero byte.
        let pad = value.first().is_none_or(|b| b & 0x80 != 0);
        out.push(0x02);
        length(value.len() + usize::from(pad), out);
        if pad {
            out.push(0);
        }
        out.extend(value);
    }
    let mut body = Vec::with_capacity(n.len() + e.len() + 16);
    integer(n, &mut body);
    integer(e, &mut body);
    let mut der = vec![0x30];
    length(body.len(), &mut der);
    der.extend(body);
    der
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_integers_are_minimal_and_positive() {
        assert_eq!(
            rsa_public_key_der(&[0x00, 0x80], &[0x01, 0x00, 0x01]),
            vec![
                0x30, 0x09, 0x02, 0x02, 0x00, 0x80, 0x02, 0x03, 0x01, 0x00, 0x01
            ]
        );
        let big = vec![0xff; 256];
        let der = rsa_public_key_der(&big, &[3]);
        assert_eq!(&der[..4], &[0x30, 0x82, 0x01, 0x08]);
        assert_eq!(&der[4..8], &[0x02, 0x82, 0x01, 0x01]);
    }
}
