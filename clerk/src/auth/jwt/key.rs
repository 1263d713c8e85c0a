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

/// An RSA public key for one algorithm, with its key id when it came from a JWKS.
#[derive(Clone)]
pub struct JwtKey {
    kid: Option<String>,
    algorithm: Algorithm,
    key: ParsedPublicKey,
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
    /// or escaped (`\n`) line breaks. Verification is networkless with it; RS256.
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
        let key = ParsedPublicKey::new(Algorithm::RS256.params(), der)
            .map_err(|e| invalid(format!("the PEM key is not an RSA public key: {e}")))?;
        Ok(JwtKey {
            kid: None,
            algorithm: Algorithm::RS256,
            key,
        })
    }

    /// One JSON Web Key (`{"kty": "RSA", "n": ..., "e": ..., "kid": ..., "alg": ...}`).
    /// Without `alg` it is taken as RS256; a `use` other than `sig` is refused. (A key
    /// set is stricter: [`JwksCache`](super::JwksCache) skips entries without `alg` or `use`.)
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
        let algorithm = match field("alg") {
            None => Algorithm::RS256,
            Some(name) => Algorithm::from_name(name)
                .ok_or_else(|| invalid(format!("unsupported key algorithm {name}")))?,
        };
        let decode = |name: &str| {
            let value = field(name).ok_or_else(|| invalid(format!("the JWK has no `{name}`")))?;
            URL_SAFE_NO_PAD
                .decode(value.trim_end_matches('=').as_bytes())
                .map_err(|_| invalid(format!("the JWK's `{name}` is not base64url")))
        };
        let (n, e) = (decode("n")?, decode("e")?);
        // Through DER, as PEM keys go, so both verify by the same path.
        let key = ParsedPublicKey::new(algorithm.params(), rsa_public_key_der(&n, &e))
            .map_err(|err| invalid(format!("the JWK is not a usable RSA key: {err}")))?;
        Ok(JwtKey {
            kid: field("kid").map(str::to_string),
            algorithm,
            key,
        })
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

    /// The one algorithm this key verifies.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    pub(crate) fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.key.verify_sig(message, signature).is_ok()
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
