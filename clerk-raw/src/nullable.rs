//! A field that can be set to a value or explicitly to JSON `null`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A request field the API clears when it receives `null`.
///
/// `Option<Nullable<T>>` has three states: `None` leaves the field out of the body (no
/// change), `Some(Nullable::Null)` sends `null` (clear it), `Some(Nullable::Value(v))`
/// sends `v`. Which fields use it is listed in `openapi/rules.toml` (`explicit-null`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Send JSON `null`.
    Null,
    /// Send this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, if any.
    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(v) => Nullable::Value(v),
            None => Nullable::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize, Default)]
    struct Body {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        username: Option<Nullable<String>>,
    }

    #[test]
    fn three_states_serialise_distinctly() {
        let absent = Body::default();
        let cleared = Body {
            username: Some(Nullable::Null),
        };
        let set = Body {
            username: Some("ada".to_string().into()),
        };
        assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
        assert_eq!(
            serde_json::to_string(&cleared).unwrap(),
            r#"{"username":null}"#
        );
        assert_eq!(
            serde_json::to_string(&set).unwrap(),
            r#"{"username":"ada"}"#
        );
        let back: Nullable<String> = serde_json::from_str("null").unwrap();
        assert_eq!(back, Nullable::Null);
    }
}
