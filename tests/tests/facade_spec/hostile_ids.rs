//! Every path parameter of every operation, driven with ids an attacker would send: each
//! call is either refused before anything is sent, or arrives with the id as exactly one
//! path segment that decodes back to the id, on the operation's own path.

use percent_encoding::percent_decode_str;

use crate::recorder::Recorder;
use crate::{call, operations};

fn hostile() -> Vec<String> {
    let mut ids: Vec<String> = [
        "..\\x",
        "..\\..\\users\\u",
        "..\\organizations\\org_victim",
        "a/b",
        "../../users/u",
        "a?b",
        "a#b",
        "%2e%2e",
        "%2E%2E%2Fusers",
        ".%2e",
        ".",
        "..",
        "",
        "\\",
        "/",
        "a b;c=d&e+f",
        "ユーザー😀é",
        "\u{0}\r\nX-Evil: 1",
    ]
    .map(String::from)
    .to_vec();
    ids.push("a".repeat(2048));
    ids
}

/// The values that cannot be one segment: refused with `InvalidRequest`, never sent.
const NEVER_SENT: [&str; 3] = ["", ".", ".."];

fn template(operation: &str) -> &'static str {
    clerk::raw::OPERATIONS
        .iter()
        .find(|(op, _, _)| *op == operation)
        .map(|(_, _, path)| *path)
        .unwrap_or_else(|| panic!("{operation} is not in the operations table"))
}

/// Checks that `path` (as received, under `/v1`) is `template` with `ids` as its segments.
fn check_arrival(operation: &str, path: &str, ids: &[&str]) -> Result<(), String> {
    let template = template(operation);
    let sent: Vec<&str> = path
        .strip_prefix("/v1")
        .ok_or_else(|| format!("{path} left /v1"))?
        .split('/')
        .collect();
    let expected: Vec<&str> = template.split('/').collect();
    if sent.len() != expected.len() {
        return Err(format!(
            "{path}: {} segments, {template} has {}",
            sent.len(),
            expected.len()
        ));
    }
    let mut params = ids.iter();
    for (got, want) in sent.iter().zip(&expected) {
        if want.starts_with('{') {
            let id = params.next().ok_or("more parameters than ids")?;
            let decoded = percent_decode_str(got).decode_utf8_lossy();
            if decoded != *id {
                return Err(format!(
                    "{path}: segment {got:?} decodes to {decoded:?}, not {id:?}"
                ));
            }
        } else if got != want {
            return Err(format!("{path}: {got:?} where {template} has {want:?}"));
        }
    }
    Ok(())
}

#[tokio::test]
async fn every_path_parameter_is_one_segment_or_refused() {
    let server = Recorder::start().await;
    let config = server.config();
    let mut sent = 0;
    let mut refused = 0;
    let mut failures = Vec::new();
    for (operation, count) in operations() {
        for position in 0..count {
            for id in hostile() {
                let mut ids = vec!["id_1"; count];
                ids[position] = &id;
                let result = call(&config, operation, &ids, false).await;
                let arrived = server.take();
                match result {
                    Err(clerk::Error::InvalidRequest(_)) => {
                        refused += 1;
                        if !arrived.is_empty() {
                            failures
                                .push(format!("{operation} {id:?}: refused but sent {arrived:?}"));
                        }
                    }
                    _ if NEVER_SENT.contains(&id.as_str()) => {
                        failures.push(format!("{operation} {id:?}: not refused"));
                    }
                    _ => {
                        sent += 1;
                        match &arrived[..] {
                            [one] => {
                                if let Err(e) = check_arrival(operation, &one.path, &ids) {
                                    failures.push(format!("{operation}: {e}"));
                                }
                            }
                            other => failures.push(format!(
                                "{operation} {id:?}: {} requests arrived",
                                other.len()
                            )),
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Every operation with path parameters was driven, and most ids do go out (encoded).
    assert!(
        sent > 2000 && refused > 500,
        "sent {sent}, refused {refused}"
    );
}

/// The generated client used through `ClientConfig::raw_client` is confined the same way.
#[tokio::test]
async fn the_raw_client_sends_ids_as_one_segment_or_refuses_them() {
    let server = Recorder::start().await;
    let raw = server.config().raw_client().unwrap();
    for id in hostile() {
        use clerk::raw::Error::InvalidRequest;
        let results = [
            (
                "GetUser",
                matches!(raw.get_user(&id).await, Err(InvalidRequest(_))),
            ),
            (
                "DeleteUser",
                matches!(raw.delete_user(&id).await, Err(InvalidRequest(_))),
            ),
            (
                "DeleteOrganization",
                matches!(raw.delete_organization(&id).await, Err(InvalidRequest(_))),
            ),
            (
                "GetTemplate",
                matches!(
                    raw.get_template(clerk::types::GetTemplateTemplateType::Email, &id)
                        .await,
                    Err(InvalidRequest(_))
                ),
            ),
        ];
        // The server records every request in order; each call sent at most one.
        let mut arrived = server.take().into_iter();
        for (operation, refused) in results {
            if refused {
                continue;
            }
            assert!(
                !NEVER_SENT.contains(&id.as_str()),
                "{operation} {id:?}: not refused"
            );
            let one = arrived
                .next()
                .unwrap_or_else(|| panic!("{operation} {id:?}: nothing arrived"));
            let ids: Vec<&str> = if operation == "GetTemplate" {
                vec!["email", &id]
            } else {
                vec![&id]
            };
            check_arrival(operation, &one.path, &ids)
                .unwrap_or_else(|e| panic!("{operation}: {e}"));
        }
        assert!(arrived.next().is_none(), "{id:?}: a refused call was sent");
    }
}
