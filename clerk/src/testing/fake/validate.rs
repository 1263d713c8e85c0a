//! Requests checked against the spec before any handler sees them, as the API does: a
//! path no operation has is a 404, and a required parameter missing, a value of the
//! wrong type, a value its enum does not list, a number out of bounds, a string of the
//! wrong length or a body key the operation does not take is a 422 naming the parameter
//! (`meta.param_name`). Patterns and formats are not checked (the fake has no regex
//! engine); enums are checked against this spec's values, so a value the SDK sends as
//! `Unknown("...")` is refused here as an API without it would refuse it.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::spec::{self, Op};
use super::{ApiError, Matched, Shared};

/// Bodies larger than this are refused (the API's own limit is lower).
const MAX_BODY: usize = 16 << 20;

/// The middleware: unknown routes are 404, invalid requests 422; others go on.
pub(super) async fn middleware(State(_): State<Shared>, request: Request, next: Next) -> Response {
    let Some(matched) = request.extensions().get::<Matched>().cloned() else {
        let path = request.uri().path();
        let below = path.strip_prefix("/v1").unwrap_or(path);
        let (status, message) = if spec::known_path(below) {
            (
                StatusCode::METHOD_NOT_ALLOWED,
                format!("{} is not allowed on {path}", request.method()),
            )
        } else {
            (
                StatusCode::NOT_FOUND,
                format!("no operation of the API is {} {path}", request.method()),
            )
        };
        return ApiError {
            status,
            code: "resource_not_found",
            message,
            param: None,
        }
        .into_response();
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "request_body_too_large",
            message: "the request body is too large".into(),
            param: None,
        }
        .into_response();
    };
    let query: Vec<(String, String)> = parts
        .uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let content_type = parts
        .headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if let Err(e) = judge(matched.op, &matched.params, &query, content_type, &bytes) {
        return e.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Checks one request; the first problem found.
pub(super) fn judge(
    op: &Op,
    params: &[(String, String)],
    query: &[(String, String)],
    content_type: &str,
    body: &[u8],
) -> Result<(), ApiError> {
    for p in &op.path_params {
        if let Some((_, value)) = params.iter().find(|(n, _)| *n == p.name) {
            check(&p.schema, &Value::String(value.clone()), &p.name)?;
        }
    }
    for q in &op.query {
        let values: Vec<&str> = query
            .iter()
            .filter(|(n, _)| *n == q.name)
            .map(|(_, v)| v.as_str())
            .collect();
        if values.is_empty() {
            if q.required {
                return Err(ApiError::missing(&q.name));
            }
            continue;
        }
        let schema = resolve(&q.schema);
        let value = if schema["type"] == "array" {
            let items: Vec<&str> = if q.explode || values.len() > 1 {
                values
            } else {
                values[0].split(',').collect()
            };
            Value::Array(
                items
                    .iter()
                    .map(|v| from_text(&schema["items"], v))
                    .collect(),
            )
        } else {
            from_text(schema, values[0])
        };
        check(&q.schema, &value, &q.name)?;
    }
    let Some(spec) = &op.body else {
        return Ok(());
    };
    let Some(schema) = &spec.schema else {
        // Multipart uploads: the file part is all the fake looks for.
        if spec.required && body.is_empty() {
            return Err(ApiError::missing("file"));
        }
        return Ok(());
    };
    let json = if body.is_empty() {
        Value::Object(Map::new())
    } else {
        if !content_type.starts_with("application/json") {
            return Err(ApiError {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                code: "unsupported_content_type",
                message: format!("the body must be application/json, not {content_type:?}"),
                param: None,
            });
        }
        serde_json::from_slice(body).map_err(|e| ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "malformed_request",
            message: format!("the body is not JSON: {e}"),
            param: None,
        })?
    };
    check(schema, &json, "")
}

/// A query value as the JSON its schema describes (what does not parse stays text and
/// fails the type check).
fn from_text(schema: &Value, text: &str) -> Value {
    let schema = resolve(schema);
    match schema["type"].as_str() {
        Some("integer") => text.parse::<i64>().map(Value::from).unwrap_or(text.into()),
        Some("number") => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .unwrap_or(text.into()),
        Some("boolean") => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => other.into(),
        },
        _ => text.into(),
    }
}

/// A component by name, else the schema itself.
fn resolve(schema: &Value) -> &Value {
    let mut current = schema;
    for _ in 0..8 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(name) => match spec::table().schemas.get(name) {
                Some(target) => current = target,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

/// `value` against `schema`; `at` names it (`email_address`, `actor.sub`, `items[0]`).
fn check(schema: &Value, value: &Value, at: &str) -> Result<(), ApiError> {
    let schema = resolve(schema);
    let name = if at.is_empty() { "body" } else { at };
    if value.is_null() {
        let typed = schema.get("type").is_some() || schema.get("anyOf").is_some();
        return if !typed || schema["nullable"] == true {
            Ok(())
        } else {
            Err(format_invalid(name, "must not be null"))
        };
    }
    if let Some(variants) = schema["anyOf"].as_array() {
        let mut first = None;
        for variant in variants {
            match check(variant, value, at) {
                Ok(()) => return Ok(()),
                Err(e) => {
                    first.get_or_insert(e);
                }
            }
        }
        return first.map_or(Ok(()), Err);
    }
    let ty = schema["type"].as_str();
    let right = match ty {
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("number") => value.is_number(),
        Some("boolean") => value.is_boolean(),
        Some("array") => value.is_array(),
        Some("object") => value.is_object(),
        _ => true,
    };
    if !right {
        let ty = ty.unwrap_or_default();
        let article = if ty.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return Err(format_invalid(name, &format!("must be {article} {ty}")));
    }
    if let Some(values) = schema["enum"].as_array()
        && !values.contains(value)
    {
        let listed: Vec<String> = values
            .iter()
            .map(|v| v.as_str().map_or(v.to_string(), str::to_string))
            .collect();
        return Err(value_invalid(
            name,
            &format!("must be one of {}", listed.join(", ")),
        ));
    }
    match value {
        Value::String(s) => {
            let len = s.chars().count() as u64;
            if schema["minLength"].as_u64().is_some_and(|min| len < min) {
                return Err(value_invalid(
                    name,
                    &format!("must be at least {} characters long", schema["minLength"]),
                ));
            }
            if schema["maxLength"].as_u64().is_some_and(|max| len > max) {
                return Err(value_invalid(
                    name,
                    &format!("must be at most {} characters long", schema["maxLength"]),
                ));
            }
        }
        Value::Number(n) => {
            let x = n.as_f64().unwrap_or_default();
            if let Some(min) = schema["minimum"].as_f64() {
                let exclusive = schema["exclusiveMinimum"] == true;
                if x < min || (exclusive && x == min) {
                    let what = if exclusive {
                        "greater than"
                    } else {
                        "at least"
                    };
                    return Err(value_invalid(name, &format!("must be {what} {min}")));
                }
            }
            if let Some(max) = schema["maximum"].as_f64() {
                let exclusive = schema["exclusiveMaximum"] == true;
                if x > max || (exclusive && x == max) {
                    let what = if exclusive { "less than" } else { "at most" };
                    return Err(value_invalid(name, &format!("must be {what} {max}")));
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check(&schema["items"], item, &format!("{name}[{i}]"))?;
            }
        }
        Value::Object(map) => {
            let join = |key: &str| {
                if at.is_empty() {
                    key.to_string()
                } else {
                    format!("{at}.{key}")
                }
            };
            for required in schema["required"].as_array().into_iter().flatten() {
                if let Some(key) = required.as_str()
                    && !map.contains_key(key)
                {
                    return Err(ApiError::missing(&join(key)));
                }
            }
            let properties = schema["properties"].as_object();
            for (key, inner) in map {
                match properties.and_then(|p| p.get(key)) {
                    Some(property) => check(property, inner, &join(key))?,
                    None => match &schema["additionalProperties"] {
                        Value::Bool(false) => {
                            return Err(ApiError::invalid(
                                "form_param_unknown",
                                &join(key),
                                format!("{} is not a valid parameter for this request.", join(key)),
                            ));
                        }
                        extra @ Value::Object(_) => check(extra, inner, &join(key))?,
                        _ => {}
                    },
                }
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
    Ok(())
}

fn format_invalid(name: &str, what: &str) -> ApiError {
    ApiError::invalid("form_param_format_invalid", name, format!("{name} {what}."))
}

fn value_invalid(name: &str, what: &str) -> ApiError {
    ApiError::invalid("form_param_value_invalid", name, format!("{name} {what}."))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(id: &str) -> &'static Op {
        spec::table()
            .operations
            .iter()
            .find(|o| o.id == id)
            .unwrap()
    }

    fn param_of(result: Result<(), ApiError>) -> (u16, &'static str, Option<String>) {
        let e = result.unwrap_err();
        (e.status.as_u16(), e.code, e.param)
    }

    #[test]
    fn bodies_are_checked_against_the_spec() {
        let create = op("CreateAllowlistIdentifier");
        let body = |v: Value| serde_json::to_vec(&v).unwrap();
        let json = "application/json";
        assert!(
            judge(
                create,
                &[],
                &[],
                json,
                &body(json!({"identifier": "a@b.co"}))
            )
            .is_ok()
        );
        assert_eq!(
            param_of(judge(create, &[], &[], json, &body(json!({})))),
            (422, "form_param_missing", Some("identifier".into()))
        );
        assert_eq!(
            param_of(judge(
                create,
                &[],
                &[],
                json,
                &body(json!({"identifier": 7}))
            )),
            (422, "form_param_format_invalid", Some("identifier".into()))
        );
        assert_eq!(
            param_of(judge(
                create,
                &[],
                &[],
                json,
                &body(json!({"identifier": "x", "shoe": 1}))
            )),
            (422, "form_param_unknown", Some("shoe".into()))
        );
        assert_eq!(param_of(judge(create, &[], &[], json, b"{")).0, 400);
        let m2m = op("createM2MToken");
        assert_eq!(
            param_of(judge(
                m2m,
                &[],
                &[],
                json,
                &body(json!({"token_format": "paper"}))
            )),
            (422, "form_param_value_invalid", Some("token_format".into()))
        );
        assert_eq!(
            param_of(judge(
                m2m,
                &[],
                &[],
                json,
                &body(json!({"seconds_until_expiration": 0}))
            ))
            .2,
            Some("seconds_until_expiration".into()),
            "exclusive minimum"
        );
    }

    #[test]
    fn query_parameters_are_parsed_by_their_schema() {
        let list = op("GetUserList");
        let q = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert!(
            judge(
                list,
                &[],
                &q(&[("limit", "10"), ("email_address", "a@b.co")]),
                "",
                b""
            )
            .is_ok()
        );
        assert_eq!(
            param_of(judge(list, &[], &q(&[("limit", "ten")]), "", b"")),
            (422, "form_param_format_invalid", Some("limit".into()))
        );
        assert_eq!(
            param_of(judge(list, &[], &q(&[("limit", "0")]), "", b"")),
            (422, "form_param_value_invalid", Some("limit".into()))
        );
        let m2m = op("getM2MTokens");
        assert_eq!(
            param_of(judge(m2m, &[], &[], "", b"")),
            (422, "form_param_missing", Some("subject".into()))
        );
    }
}
