//! A compact JWS split and decoded, nothing verified yet: the header read into what the
//! checks need, the payload decoded from base64url. Every check starts from here, so
//! a token is decoded once however it is then classified and verified.

use std::borrow::Cow;
use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, Visitor};

use super::error::{Reason, VerifyError};
use super::key::{Algorithm, JwtKey};
use super::{MACHINE_TOKEN_CATEGORY, SESSION_TOKEN_CATEGORY, TEMPLATE_TOKEN_CATEGORY};

/// The `cat` header of instances that stamp one category on every token class
/// (`use_ignore_jwt_cat`): it says nothing about the class, so it is not discriminated on.
pub const IGNORE_TOKEN_CATEGORY: &str = "cl_I7d4PD111III";

pub(crate) fn malformed(message: impl Into<String>) -> VerifyError {
    VerifyError::new(Reason::Malformed, message)
}

/// A header or claim value as sent: absent, a string, or anything else. Unlike
/// `Option<String>` it tells an explicit `null` (which Clerk's JS SDK treats as a
/// value, and rejects where a string is required) from an absent field.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) enum Field<'a> {
    #[default]
    Absent,
    Str(Cow<'a, str>),
    Other,
}

impl Field<'_> {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Field<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl<'de> Visitor<'de> for FieldVisitor {
            type Value = Field<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Field::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Field::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Field::Str(Cow::Owned(v)))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Field::Other)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Field::Other)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Field::Other)
            }
        }
        deserializer.deserialize_any(FieldVisitor)
    }
}

/// A NumericDate claim (`exp`, `nbf`, `iat`): any JSON number, as Clerk's JS SDK takes
/// them. Fractions are floored and out-of-range values saturate; `null`, strings and
/// anything else are refused. Used with `#[serde(default, deserialize_with)]`, so an
/// absent claim is `None` and a present `null` an error.
pub(crate) fn numeric_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    struct NumericDate;
    impl Visitor<'_> for NumericDate {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a NumericDate (a JSON number)")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            Ok(i64::try_from(v).unwrap_or(i64::MAX))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
            // `as` saturates at the i64 bounds; JSON has no NaN.
            Ok(v.floor() as i64)
        }
    }
    d.deserialize_any(NumericDate).map(Some)
}

/// Parses `bytes` as a JSON object into `T`. Derived structs would also take a JSON
/// array with the fields in order; a token part that is not an object is malformed.
pub(crate) fn json_object<'a, T: Deserialize<'a>>(
    bytes: &'a [u8],
    what: &str,
) -> Result<T, VerifyError> {
    if bytes.trim_ascii_start().first() != Some(&b'{') {
        return Err(malformed(format!("the {what} is not a JSON object")));
    }
    serde_json::from_slice(bytes).map_err(|e| malformed(format!("{what}: {e}")))
}

/// The header type (`typ`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Typ {
    /// No `typ`: session, template and M2M tokens from before it was set.
    Absent,
    /// `JWT`.
    Jwt,
    /// `at+jwt` or `application/at+jwt`: an OAuth 2.0 access token (RFC 9068).
    AccessToken,
    /// Anything else, `null` and non-strings included.
    Other,
}

/// The token category (`cat`), Clerk's tag of the token class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Category {
    Absent,
    Session,
    Template,
    Machine,
    /// [`IGNORE_TOKEN_CATEGORY`].
    Ignore,
    Other,
}

/// A key id, kept inline when short (Clerk's are about 30 bytes), so that reading a
/// token's header allocates nothing.
#[derive(Debug)]
pub(crate) enum Kid {
    Inline { len: u8, bytes: [u8; 64] },
    Heap(String),
}

impl Kid {
    fn new(kid: &str) -> Kid {
        match u8::try_from(kid.len()) {
            Ok(len) if kid.len() <= 64 => {
                let mut bytes = [0u8; 64];
                bytes[..kid.len()].copy_from_slice(kid.as_bytes());
                Kid::Inline { len, bytes }
            }
            _ => Kid::Heap(kid.to_string()),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            // Copied from a `str` whole, so always UTF-8.
            Kid::Inline { len, bytes } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or("")
            }
            Kid::Heap(kid) => kid,
        }
    }
}

/// What the checks read from the header, owned so the decoded header can go.
#[derive(Debug)]
pub(crate) struct JoseHeader {
    /// `None` for `none`, HMAC and anything unsupported.
    pub(crate) alg: Option<Algorithm>,
    pub(crate) kid: Option<Kid>,
    pub(crate) typ: Typ,
    pub(crate) cat: Category,
    /// A `crit` parameter is present (whatever its value).
    pub(crate) crit: bool,
}

impl JoseHeader {
    pub(crate) fn kid(&self) -> Option<&str> {
        self.kid.as_ref().map(Kid::as_str)
    }
}

#[derive(serde::Deserialize)]
struct RawHeader<'a> {
    #[serde(default, borrow)]
    alg: Field<'a>,
    #[serde(default, borrow)]
    kid: Field<'a>,
    #[serde(default, borrow)]
    typ: Field<'a>,
    #[serde(default, borrow)]
    cat: Field<'a>,
    #[serde(default, borrow)]
    crit: Field<'a>,
}

/// A token split and decoded, not verified.
pub(crate) struct Jws<'t> {
    /// `header.payload`, the signed bytes.
    signed: &'t str,
    signature: &'t str,
    pub(crate) header: JoseHeader,
    /// The decoded payload (JSON, not yet parsed).
    pub(crate) payload: Vec<u8>,
}

pub(crate) fn b64(part: &str, what: &str) -> Result<Vec<u8>, VerifyError> {
    URL_SAFE_NO_PAD
        .decode(part.as_bytes())
        .map_err(|_| malformed(format!("the {what} is not base64url")))
}

impl<'t> Jws<'t> {
    /// Splits and decodes `token`; tokens over `max_size` bytes are refused unread.
    pub(crate) fn parse(token: &'t str, max_size: usize) -> Result<Self, VerifyError> {
        if token.len() > max_size {
            return Err(VerifyError::new(
                Reason::TooLarge,
                format!("{} bytes, over the {max_size} byte limit", token.len()),
            ));
        }
        let token = token.trim();
        let mut it = token.split('.');
        let (Some(header_part), Some(payload), Some(signature), None) =
            (it.next(), it.next(), it.next(), it.next())
        else {
            return Err(malformed("a JWT has three dot-separated parts"));
        };
        // Headers are small: decoded on the stack, on the heap only when large.
        let mut stack = [0u8; 512];
        let heap;
        let header_json: &[u8] = match URL_SAFE_NO_PAD.decode_slice(header_part, &mut stack) {
            Ok(n) => &stack[..n],
            Err(base64::DecodeSliceError::OutputSliceTooSmall) => {
                heap = b64(header_part, "header")?;
                &heap
            }
            Err(_) => return Err(malformed("the header is not base64url")),
        };
        let raw: RawHeader<'_> = json_object(header_json, "header")?;
        let header = JoseHeader {
            alg: raw.alg.as_str().and_then(Algorithm::from_name),
            kid: raw.kid.as_str().map(Kid::new),
            typ: match &raw.typ {
                Field::Absent => Typ::Absent,
                Field::Str(t) if t == "JWT" => Typ::Jwt,
                Field::Str(t) if t == "at+jwt" || t == "application/at+jwt" => Typ::AccessToken,
                _ => Typ::Other,
            },
            cat: match &raw.cat {
                Field::Absent => Category::Absent,
                Field::Str(cat) => match cat.as_ref() {
                    SESSION_TOKEN_CATEGORY => Category::Session,
                    TEMPLATE_TOKEN_CATEGORY => Category::Template,
                    MACHINE_TOKEN_CATEGORY => Category::Machine,
                    IGNORE_TOKEN_CATEGORY => Category::Ignore,
                    _ => Category::Other,
                },
                Field::Other => Category::Other,
            },
            crit: raw.crit != Field::Absent,
        };
        Ok(Jws {
            signed: &token[..header_part.len() + 1 + payload.len()],
            signature,
            header,
            payload: b64(payload, "payload")?,
        })
    }

    /// Whether the payload's `sub` is a machine's (`mch_...`): an M2M JWT, whatever its
    /// header says, as Clerk's JS SDK recognises them.
    pub(crate) fn has_machine_subject(&self) -> bool {
        #[derive(serde::Deserialize)]
        struct Subject<'a> {
            #[serde(default, borrow)]
            sub: Field<'a>,
        }
        json_object::<Subject<'_>>(&self.payload, "payload")
            .ok()
            .and_then(|s| s.sub.as_str().map(|sub| sub.starts_with("mch_")))
            .unwrap_or(false)
    }

    /// The header checks that run before any key is looked up: no critical extension
    /// (`crit`, RFC 7515 4.1.11: this verifier understands none, so a token that needs
    /// one must be refused), and an algorithm of RS256/384/512.
    pub(crate) fn check_header(&self) -> Result<Algorithm, VerifyError> {
        if self.header.crit {
            return Err(malformed(
                "the header has critical extensions (crit), and none is understood",
            ));
        }
        self.check_algorithm()
    }

    /// Refuses algorithms other than RS256/384/512.
    fn check_algorithm(&self) -> Result<Algorithm, VerifyError> {
        self.header.alg.ok_or_else(|| {
            VerifyError::new(
                Reason::InvalidAlgorithm,
                "the algorithm is not RS256, RS384 or RS512",
            )
        })
    }

    /// Checks the signature with `key`, whose algorithm must be the header's.
    pub(crate) fn check_signature(&self, key: &JwtKey) -> Result<(), VerifyError> {
        let algorithm = self.check_algorithm()?;
        // Decoded on the stack: up to RSA-4096 in a small buffer, up to RSA-8192 in a large one.
        let mut small = [0u8; 512];
        let mut large;
        let buffer: &mut [u8] = if self.signature.len() <= 683 {
            &mut small
        } else {
            large = [0u8; 1024];
            &mut large
        };
        let signature = URL_SAFE_NO_PAD
            .decode_slice(self.signature.as_bytes(), buffer)
            .map(|n| &buffer[..n])
            .map_err(|_| malformed("the signature is not base64url (or too long)"))?;
        match key.verify(algorithm, self.signed.as_bytes(), signature) {
            Some(true) => Ok(()),
            Some(false) => Err(VerifyError::new(
                Reason::InvalidSignature,
                "the signature does not match",
            )),
            None => Err(VerifyError::new(
                Reason::InvalidAlgorithm,
                format!(
                    "the token says {} but the key is for {}",
                    algorithm.name(),
                    key.algorithm().map_or("another algorithm", Algorithm::name)
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Dates {
        #[serde(default, deserialize_with = "numeric_date")]
        exp: Option<i64>,
    }

    fn exp(json: &str) -> Result<Option<i64>, VerifyError> {
        json_object::<Dates>(json.as_bytes(), "payload").map(|d| d.exp)
    }

    #[test]
    fn numeric_dates_take_any_json_number() {
        assert_eq!(exp(r#"{"exp": 1796131515}"#).unwrap(), Some(1796131515));
        assert_eq!(exp(r#"{"exp": 1796131515.0}"#).unwrap(), Some(1796131515));
        assert_eq!(exp(r#"{"exp": 1796131515.9}"#).unwrap(), Some(1796131515));
        assert_eq!(exp(r#"{"exp": 1.7e9}"#).unwrap(), Some(1_700_000_000));
        assert_eq!(exp(r#"{"exp": -1.5}"#).unwrap(), Some(-2));
        assert_eq!(exp(r#"{"exp": 1e300}"#).unwrap(), Some(i64::MAX));
        assert_eq!(
            exp(r#"{"exp": 18446744073709551615}"#).unwrap(),
            Some(i64::MAX)
        );
        assert_eq!(exp(r#"{}"#).unwrap(), None);
        for bad in [
            r#"{"exp": null}"#,
            r#"{"exp": "1796131515"}"#,
            r#"{"exp": true}"#,
            r#"{"exp": [1]}"#,
            r#"{"exp": {"n": 1}}"#,
        ] {
            assert_eq!(exp(bad).unwrap_err().reason(), Reason::Malformed, "{bad}");
        }
    }

    #[test]
    fn token_parts_must_be_objects() {
        assert_eq!(exp("[1796131515]").unwrap_err().reason(), Reason::Malformed);
        assert_eq!(exp(" \"x\"").unwrap_err().reason(), Reason::Malformed);
        assert_eq!(exp(" \n{}").unwrap(), None);
    }

    #[test]
    fn fields_tell_null_from_absent() {
        #[derive(serde::Deserialize)]
        struct H<'a> {
            #[serde(default, borrow)]
            typ: Field<'a>,
        }
        let typ = |json: &'static str| json_object::<H<'_>>(json.as_bytes(), "header").unwrap().typ;
        assert_eq!(typ("{}"), Field::Absent);
        assert_eq!(typ(r#"{"typ": null}"#), Field::Other);
        assert_eq!(typ(r#"{"typ": 1}"#), Field::Other);
        assert_eq!(typ(r#"{"typ": {"a": [1, {"b": 2}]}}"#), Field::Other);
        assert_eq!(typ(r#"{"typ": "JWT"}"#).as_str(), Some("JWT"));
        assert_eq!(typ(r#"{"typ": "J\u0057T"}"#).as_str(), Some("JWT"));
    }
}
