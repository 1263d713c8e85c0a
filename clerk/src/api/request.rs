//! What the generated operations build their requests with: ids confined to one path
//! segment, values checked against the spec's constraints, JSON bodies checked against
//! the spec's request types. Every check runs before anything is sent.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::http::call::Body;
use crate::http::error::{Error, Result};

/// `value` (a path parameter, often an id from an end user) as exactly one encoded path
/// segment; `""`, `.` and `..` are refused.
pub(crate) fn segment(name: &str, value: &str) -> Result<String> {
    clerk_raw::path::check_segment(value)
        .map_err(|e| Error::InvalidRequest(format!("{name}: {e}")))?;
    Ok(clerk_raw::path::encode_path(value))
}

/// [`segment`] for a path parameter the spec constrains (a pattern): `value` must decode
/// into the generated type `T`.
pub(crate) fn segment_as<T: DeserializeOwned>(name: &str, value: &str) -> Result<String> {
    check_opt::<T, str>(name, Some(value))?;
    segment(name, value)
}

/// Refuses a missing required query parameter (params struct fields are all `Option`).
pub(crate) fn require<V: ?Sized>(name: &str, value: Option<&V>) -> Result<()> {
    match value {
        Some(_) => Ok(()),
        None => Err(Error::InvalidRequest(format!("{name} is required"))),
    }
}

/// Checks a set value against the spec's constraints (enum, pattern, range) by decoding
/// it into the generated type `T`.
pub(crate) fn check_opt<T: DeserializeOwned, V: Serialize + ?Sized>(
    name: &str,
    value: Option<&V>,
) -> Result<()> {
    let Some(value) = value else {
        return Ok(());
    };
    let json =
        serde_json::to_value(value).map_err(|e| Error::InvalidRequest(format!("{name}: {e}")))?;
    T::deserialize(&json)
        .map(|_| ())
        .map_err(|e| Error::InvalidRequest(format!("{name}: {e}")))
}

/// `fields` as a JSON body, through the generated request type `T`: decoding into it checks
/// the spec's constraints (required fields, enums, patterns, ranges, nested objects), and
/// what is sent is `T` encoded again, so the spec's defaults are filled in and values are
/// normalised as the generated client would send them (date-times in UTC). The explicit
/// `null`s of [`crate::Nullable`] fields, which `T` cannot keep, are put back.
pub(crate) fn json_body<T: DeserializeOwned + Serialize>(
    fields: &(impl Serialize + ?Sized),
) -> Result<Body> {
    let json = serde_json::to_value(fields)
        .map_err(|e| Error::InvalidRequest(format!("cannot encode the body: {e}")))?;
    let typed = T::deserialize(&json).map_err(|e| Error::InvalidRequest(format!("body: {e}")))?;
    let mut sent = serde_json::to_value(&typed)
        .map_err(|e| Error::InvalidRequest(format!("cannot encode the body: {e}")))?;
    keep_nulls(&mut sent, &json);
    Body::json(&sent)
}

/// Copies the `null` members of `given` into `sent`, at any depth.
fn keep_nulls(sent: &mut serde_json::Value, given: &serde_json::Value) {
    use serde_json::Value;
    match (sent, given) {
        (Value::Object(sent), Value::Object(given)) => {
            for (key, value) in given {
                match (sent.get_mut(key), value) {
                    (_, Value::Null) => {
                        sent.insert(key.clone(), Value::Null);
                    }
                    (Some(inner), value) => keep_nulls(inner, value),
                    (None, _) => {}
                }
            }
        }
        (Value::Array(sent), Value::Array(given)) if sent.len() == given.len() => {
            for (s, g) in sent.iter_mut().zip(given) {
                keep_nulls(s, g);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_are_one_segment_or_refused() {
        assert_eq!(segment("user_id", "..\\x").unwrap(), "..%5Cx");
        assert_eq!(segment("user_id", "a/b?c#d").unwrap(), "a%2Fb%3Fc%23d");
        for bad in ["", ".", ".."] {
            let err = segment("user_id", bad).unwrap_err();
            assert!(
                matches!(err, Error::InvalidRequest(ref m) if m.starts_with("user_id")),
                "{err:?}"
            );
        }
    }

    #[test]
    fn values_are_checked_through_the_generated_types() {
        assert!(check_opt::<std::num::NonZeroU64, i64>("limit", Some(&10)).is_ok());
        assert!(check_opt::<std::num::NonZeroU64, i64>("limit", Some(&0)).is_err());
        assert!(check_opt::<std::num::NonZeroU64, i64>("limit", Some(&-1)).is_err());
        assert!(check_opt::<std::num::NonZeroU64, i64>("limit", None).is_ok());
        #[derive(serde::Deserialize, serde::Serialize)]
        struct Needs {
            name: String,
            #[serde(default = "yes")]
            notify: bool,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            clear: Option<String>,
        }
        fn yes() -> bool {
            true
        }
        let body = json_body::<Needs>(&serde_json::json!({"name": "x", "clear": null})).unwrap();
        let sent: serde_json::Value = serde_json::from_slice(&body.bytes).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({"name": "x", "notify": true, "clear": null})
        );
        let err = json_body::<Needs>(&serde_json::json!({})).unwrap_err();
        assert!(err.to_string().contains("missing field `name`"), "{err}");
    }
}
