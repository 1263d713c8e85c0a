//! Judging a request as it went over the wire against the spec: which operation it is
//! (by method and path), and whether everything in it is something that operation
//! declares: query parameters (declared, of the right type, required ones present),
//! body keys (declared at every level where the schema lists properties) and a body
//! valid against the request schema.
//!
//! Every request a facade function sends is judged this way, so a second request (the
//! user count of `user::list`) cannot carry what its operation does not declare.

use serde_json::Value;

use crate::schema::{Kind, flatten};
use crate::{spec, validate};

/// One request as a server saw it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path below the API's base (`/users/user_1`), percent-encoding included.
    pub path: String,
    /// The query string, without `?`.
    pub query: Option<String>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// The operation a request is for, and what is wrong with it (empty: nothing).
#[derive(Debug)]
pub struct Verdict {
    pub operation: Option<String>,
    pub problems: Vec<String>,
}

/// The operation of `doc` whose method and path template match (literal segments
/// preferred over parameters: `/users/count` before `/users/{user_id}`).
pub fn operation_of(doc: &Value, method: &str, path: &str) -> Option<spec::Operation> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut best: Option<(usize, spec::Operation)> = None;
    for op in spec::operations(doc) {
        if !op.method.eq_ignore_ascii_case(method) {
            continue;
        }
        let template: Vec<&str> = op.path.trim_matches('/').split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut literal = 0;
        let fits = template.iter().zip(&segments).all(|(t, s)| {
            if t.starts_with('{') && t.ends_with('}') {
                !s.is_empty()
            } else {
                literal += 1;
                t == s
            }
        });
        if fits && best.as_ref().is_none_or(|(l, _)| literal > *l) {
            best = Some((literal, op));
        }
    }
    best.map(|(_, op)| op)
}

/// Judges `request` against `doc`.
pub fn judge(doc: &Value, request: &Request) -> Verdict {
    let Some(op) = operation_of(doc, &request.method, &request.path) else {
        return Verdict {
            operation: None,
            problems: vec![format!(
                "{} {} matches no operation of the spec",
                request.method, request.path
            )],
        };
    };
    let mut problems = Vec::new();
    let operation = spec::operation(doc, &op).expect("listed");
    let params = parameters(doc, &op, operation);
    let query: Vec<(String, String)> =
        form_urlencoded(request.query.as_deref().unwrap_or_default());
    for (name, text) in &query {
        let Some(param) = params
            .iter()
            .find(|p| p["in"] == "query" && p["name"] == name.as_str())
        else {
            problems.push(format!(
                "query parameter `{name}` is not declared by {} {}",
                op.method.to_uppercase(),
                op.path
            ));
            continue;
        };
        let schema = spec::resolve(doc, &param["schema"]);
        let (schema, value) = if schema["type"] == "array" {
            let items = &schema["items"];
            (items, query_json(doc, items, text))
        } else {
            (schema, query_json(doc, schema, text))
        };
        if let Err(errors) = validate::validate(doc, schema, &value) {
            problems.push(format!("query {name}={text}: {}", errors.join("; ")));
        }
    }
    for param in params
        .iter()
        .filter(|p| p["in"] == "query" && p["required"] == true)
    {
        if !query.iter().any(|(n, _)| param["name"] == n.as_str()) {
            problems.push(format!(
                "required query parameter {} is missing",
                param["name"]
            ));
        }
    }
    let content_type = request.content_type.as_deref().unwrap_or("");
    match operation.get("requestBody").map(|b| spec::resolve(doc, b)) {
        None => {
            if !request.body.is_empty() || !content_type.is_empty() {
                problems.push("a body where the spec has none".into());
            }
        }
        Some(body) => {
            if let Some(media) = body["content"].get("application/json") {
                if content_type != "application/json" {
                    problems.push(format!("content type {content_type:?} instead of JSON"));
                }
                match serde_json::from_slice::<Value>(&request.body) {
                    Ok(json) => {
                        if let Err(errors) = validate::validate(doc, &media["schema"], &json) {
                            problems.push(format!("body {json}: {}", errors.join("; ")));
                        }
                        undeclared_keys(doc, &[&media["schema"]], &json, "body", &mut problems);
                    }
                    Err(e) if body["required"] == true || !request.body.is_empty() => {
                        problems.push(format!("body is not JSON: {e}"));
                    }
                    Err(_) => {}
                }
            } else if body["content"].get("multipart/form-data").is_some() {
                let text = String::from_utf8_lossy(&request.body);
                if !content_type.starts_with("multipart/form-data; boundary=") {
                    problems.push(format!(
                        "content type {content_type:?} instead of multipart"
                    ));
                }
                if !text.contains("name=\"file\"; filename=") {
                    problems.push("no file part".into());
                }
            }
        }
    }
    Verdict {
        operation: Some(op.id),
        problems,
    }
}

/// The operation's parameters (path-level ones included), resolved.
pub fn parameters<'a>(
    doc: &'a Value,
    op: &spec::Operation,
    operation: &'a Value,
) -> Vec<&'a Value> {
    let shared = doc["paths"][&op.path]
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    let own = operation
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    shared.chain(own).map(|p| spec::resolve(doc, p)).collect()
}

/// Path parameter values the spec accepts (some have patterns), in template order.
pub fn path_ids(doc: &Value, op: &spec::Operation) -> Vec<String> {
    use crate::synth::{self, Mode};
    let Some(operation) = spec::operation(doc, op) else {
        return Vec::new();
    };
    parameters(doc, op, operation)
        .iter()
        .filter(|p| p["in"] == "path")
        .map(
            |p| match synth::instance(doc, &p["schema"], Mode::Minimal, 0) {
                Value::String(s) if !s.is_empty() => s,
                _ => "id_1".to_string(),
            },
        )
        .collect()
}

/// Keys of JSON objects in `value` that their schema does not declare, where it declares
/// properties and no schema for others.
fn undeclared_keys(
    doc: &Value,
    roots: &[&Value],
    value: &Value,
    at: &str,
    problems: &mut Vec<String>,
) {
    let view = flatten(doc, roots, &mut |branches| {
        branches
            .iter()
            .position(|b| validate::validate(doc, b, value).is_ok())
            .unwrap_or(0)
    });
    match value {
        Value::Object(map) => {
            let open = matches!(
                view.additional,
                Some(Value::Object(_)) | Some(Value::Bool(true))
            );
            for (key, inner) in map {
                match view.property(key) {
                    Some(schemas) => {
                        let schemas = schemas.to_vec();
                        undeclared_keys(doc, &schemas, inner, &format!("{at}.{key}"), problems);
                    }
                    None if !view.properties.is_empty() && !open => {
                        problems.push(format!("{at}.{key} is not declared by the request schema"));
                    }
                    None => {
                        if let Some(extra @ Value::Object(_)) = view.additional {
                            undeclared_keys(doc, &[extra], inner, &format!("{at}.{key}"), problems);
                        }
                    }
                }
            }
        }
        Value::Array(items) if view.kind() == Kind::Array => {
            if let Some(item) = view.get("items") {
                for (i, inner) in items.iter().enumerate() {
                    undeclared_keys(doc, &[item], inner, &format!("{at}[{i}]"), problems);
                }
            }
        }
        _ => {}
    }
}

/// A query value as the JSON its schema describes.
fn query_json(doc: &Value, schema: &Value, text: &str) -> Value {
    let schema = spec::resolve(doc, schema);
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => text.parse::<i64>().map(Value::from).unwrap_or(text.into()),
        Some("number") => text.parse::<f64>().map(Value::from).unwrap_or(text.into()),
        Some("boolean") => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            other => other.into(),
        },
        _ => text.into(),
    }
}

/// `a=1&b=x+y` -> pairs, decoded.
fn form_urlencoded(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({"paths": {
            "/users": {"get": {"operationId": "GetUserList", "parameters": [
                {"in": "query", "name": "limit", "schema": {"type": "integer", "minimum": 1}},
                {"in": "query", "name": "starting_after", "schema": {"type": "string"}}
            ], "responses": {}}},
            "/users/count": {"get": {"operationId": "GetUsersCount", "parameters": [
                {"in": "query", "name": "email_address", "schema": {"type": "array", "items": {"type": "string"}}}
            ], "responses": {}}},
            "/users/{user_id}": {
                "get": {"operationId": "GetUser", "responses": {}},
                "patch": {"operationId": "UpdateUser", "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "first_name": {"type": "string"},
                        "public_metadata": {"type": "object", "additionalProperties": true},
                        "settings": {"type": "object", "properties": {"mode": {"type": "string"}}}
                    }
                }}}}, "responses": {}}
            }
        }})
    }

    fn get(path: &str, query: &str) -> Request {
        Request {
            method: "GET".into(),
            path: path.into(),
            query: Some(query.into()),
            ..Request::default()
        }
    }

    #[test]
    fn an_undeclared_query_parameter_is_a_problem_of_the_operation_it_went_to() {
        let verdict = judge(
            &doc(),
            &get(
                "/users/count",
                "email_address=a%40b.c&starting_after=user_1",
            ),
        );
        assert_eq!(verdict.operation.as_deref(), Some("GetUsersCount"));
        assert_eq!(
            verdict.problems,
            ["query parameter `starting_after` is not declared by GET /users/count"]
        );
        let fine = judge(&doc(), &get("/users", "limit=10&starting_after=user_1"));
        assert_eq!(fine.operation.as_deref(), Some("GetUserList"));
        assert!(fine.problems.is_empty(), "{:?}", fine.problems);
        let bad = judge(&doc(), &get("/users", "limit=0"));
        assert_eq!(bad.problems.len(), 1, "{:?}", bad.problems);
    }

    #[test]
    fn literal_segments_win_and_unknown_paths_are_problems() {
        assert_eq!(
            judge(&doc(), &get("/users/user_1", ""))
                .operation
                .as_deref(),
            Some("GetUser")
        );
        let nowhere = judge(&doc(), &get("/nowhere", ""));
        assert!(nowhere.operation.is_none());
        assert_eq!(nowhere.problems.len(), 1);
    }

    #[test]
    fn undeclared_body_keys_are_problems_except_in_free_form_objects() {
        let patch = |body: Value| Request {
            method: "PATCH".into(),
            path: "/users/user_1".into(),
            content_type: Some("application/json".into()),
            body: serde_json::to_vec(&body).unwrap(),
            ..Request::default()
        };
        let fine = judge(
            &doc(),
            &patch(
                json!({"first_name": "Ada", "public_metadata": {"anything": 1}, "settings": {"mode": "x"}}),
            ),
        );
        assert!(fine.problems.is_empty(), "{:?}", fine.problems);
        let bad = judge(
            &doc(),
            &patch(json!({"first_name": "Ada", "nickname": "A", "settings": {"speed": 2}})),
        );
        assert_eq!(
            bad.problems,
            [
                "body.nickname is not declared by the request schema",
                "body.settings.speed is not declared by the request schema"
            ]
        );
    }
}
