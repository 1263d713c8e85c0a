//! `clerk::webhook`: signature vectors, key rotation, tolerance edges, tampering, header
//! spellings, secrets, and every event example of the pinned webhooks spec decoding into
//! its own typed variant (skipped when the specs are absent). Deliveries whose data does
//! not fit, and the axum extractor, are in `webhook_delivery.rs`.

use clerk::raw::reqwest::header::{HeaderMap, HeaderValue};
use clerk::webhook::{
    self, Decoded, EVENT_TYPES, Event, EventData, SPEC_VERSION, Verifier, WebhookError,
    WebhookSecret,
};
use clerk_tests::{pins::Pins, spec};
use serde_json::Value;

/// The secret of Svix's documentation, whose published vector is `SVIX_*` below.
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SVIX_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const SVIX_TIMESTAMP: i64 = 1614265330;
const SVIX_BODY: &[u8] = br#"{"test": 2432232314}"#;
/// Svix's published signature, also computed with Python's `hmac`/`base64`.
const SVIX_SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

/// A user.deleted event, signed with SECRET by Python:
/// `base64(hmac.new(b64decode(secret[6:]), f"{ID}.{NOW}.".encode() + BODY, sha256).digest())`.
const ID: &str = "msg_2Jxm6TnIvmLbxGhBAU0wmgeBC8N";
const NOW: i64 = 1716883200;
const BODY: &[u8] = br#"{"data":{"deleted":true,"id":"user_29wBMCtzATuFJut8jO2VNTVekS4","object":"user"},"instance_id":"ins_123","object":"event","timestamp":1716883200,"type":"user.deleted"}"#;
const SIGNATURE: &str = "v1,VtMEzZ+fX89kEDeNwoZ8joBcHgE4rGQBb8ADbGm7Vas=";
/// The same message signed with `whsec_cm90YXRlZC1zZWNyZXQtZm9yLXRlc3RzLTAxMjM0NTY=`
/// (a rotated-out key), by Python too.
const OLD_SECRET: &str = "whsec_cm90YXRlZC1zZWNyZXQtZm9yLXRlc3RzLTAxMjM0NTY=";
const OLD_SIGNATURE: &str = "v1,ZG2N78h9uQyajim+VpM48oRnyz1XvbLI7hAXVAMEqzU=";

fn secret() -> WebhookSecret {
    WebhookSecret::new(SECRET).unwrap()
}

fn headers(prefix: &str, id: &str, timestamp: &str, signature: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("id", id),
        ("timestamp", timestamp),
        ("signature", signature),
    ] {
        headers.insert(
            format!("{prefix}-{name}")
                .parse::<clerk::raw::reqwest::header::HeaderName>()
                .unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    headers
}

fn signed(signature: &str) -> HeaderMap {
    headers("svix", ID, &NOW.to_string(), signature)
}

#[test]
fn svix_published_vector() {
    let secret = secret();
    assert_eq!(
        secret.sign(SVIX_ID, SVIX_TIMESTAMP, SVIX_BODY),
        SVIX_SIGNATURE
    );
    let verifier = Verifier::new(secret).with_clock(|| SVIX_TIMESTAMP);
    let h = headers("svix", SVIX_ID, &SVIX_TIMESTAMP.to_string(), SVIX_SIGNATURE);
    verifier.verify_signature(&h, SVIX_BODY).unwrap();
    let body: Value = verifier.verify_as(&h, SVIX_BODY).unwrap();
    assert_eq!(body["test"], 2432232314u64);
    // Signature good and JSON: a delivery, though `{"test": ...}` is no Clerk event.
    let delivery = verifier.verify(&h, SVIX_BODY).unwrap();
    assert_eq!(
        (delivery.id.as_str(), delivery.timestamp),
        (SVIX_ID, SVIX_TIMESTAMP)
    );
    assert_eq!(
        (delivery.r#type.as_str(), &delivery.data),
        ("", &Value::Null)
    );
    assert_eq!(delivery.envelope["test"], 2432232314u64);
    // Asking for the strict envelope type is what fails.
    let err = verifier.verify_as::<Event>(&h, SVIX_BODY).unwrap_err();
    assert!(matches!(err, WebhookError::InvalidPayload(_)), "{err:?}");
}

#[test]
fn independently_computed_vector_decodes() {
    assert_eq!(secret().sign(ID, NOW, BODY), SIGNATURE);
    let delivery = webhook::verify_at(&signed(SIGNATURE), BODY, &secret(), NOW).unwrap();
    assert_eq!(delivery.id, ID);
    assert_eq!(delivery.timestamp, NOW);
    assert_eq!(delivery.r#type, "user.deleted");
    assert_eq!(delivery.instance_id(), Some("ins_123"));
    assert_eq!(delivery.envelope["object"], "event");
    assert_eq!(delivery.data["id"], "user_29wBMCtzATuFJut8jO2VNTVekS4");
    let Decoded::Typed(EventData::UserDeleted(deleted)) = delivery.decode() else {
        panic!("{:?}", delivery.decode());
    };
    assert_eq!(
        deleted.id.as_deref(),
        Some("user_29wBMCtzATuFJut8jO2VNTVekS4")
    );
    assert!(deleted.deleted);
    // The strict envelope type, and serialising it gives back the same JSON.
    let event: Event = Verifier::new(secret())
        .with_clock(|| NOW)
        .verify_as(&signed(SIGNATURE), BODY)
        .unwrap();
    assert_eq!(event.timestamp, NOW);
    let back = serde_json::to_value(&event).unwrap();
    assert_eq!(back, serde_json::from_slice::<Value>(BODY).unwrap());
}

#[test]
fn key_rotation_any_matching_signature_passes() {
    let both = format!("{OLD_SIGNATURE} {SIGNATURE}");
    let delivery = webhook::verify_at(&signed(&both), BODY, &secret(), NOW).unwrap();
    assert_eq!(delivery.decode().event_type(), "user.deleted");
    // And the old key verifies the first one.
    let old = WebhookSecret::new(OLD_SECRET).unwrap();
    webhook::verify_at(&signed(&both), BODY, &old, NOW).unwrap();
    // Other versions and junk entries are skipped, not fatal.
    let mixed = format!(
        "v2,{} v1a,xyz v1,!!notbase64 garbage {SIGNATURE}",
        &SIGNATURE[3..]
    );
    webhook::verify_at(&signed(&mixed), BODY, &secret(), NOW).unwrap();
    // A good signature under another version label does not count.
    let v2 = format!("v2,{}", &SIGNATURE[3..]);
    assert!(matches!(
        webhook::verify_at(&signed(&v2), BODY, &secret(), NOW),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn tolerance_is_five_minutes_both_ways() {
    let h = signed(SIGNATURE);
    let s = secret();
    webhook::verify_at(&h, BODY, &s, NOW + 300).unwrap();
    webhook::verify_at(&h, BODY, &s, NOW - 300).unwrap();
    assert!(matches!(
        webhook::verify_at(&h, BODY, &s, NOW + 301),
        Err(WebhookError::TimestampTooOld { timestamp: NOW, now }) if now == NOW + 301
    ));
    assert!(matches!(
        webhook::verify_at(&h, BODY, &s, NOW - 301),
        Err(WebhookError::TimestampTooNew { timestamp: NOW, now }) if now == NOW - 301
    ));
}

#[test]
fn tolerance_and_clock_are_configurable() {
    let h = signed(SIGNATURE);
    let verifier = Verifier::new(secret())
        .with_tolerance(std::time::Duration::from_secs(10))
        .with_clock(|| NOW + 10);
    verifier.verify(&h, BODY).unwrap();
    let late = verifier.clone().with_clock(|| NOW + 11);
    assert!(matches!(
        late.verify(&h, BODY),
        Err(WebhookError::TimestampTooOld { .. })
    ));
    let early = verifier.with_clock(|| NOW - 11);
    assert!(matches!(
        early.verify(&h, BODY),
        Err(WebhookError::TimestampTooNew { .. })
    ));
    // The system clock: a message signed now verifies.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let fresh = headers("svix", ID, &now.to_string(), &secret().sign(ID, now, BODY));
    webhook::verify(&fresh, BODY, &secret()).unwrap();
    Verifier::new(secret()).verify(&fresh, BODY).unwrap();
}

#[test]
fn tampering_breaks_the_signature() {
    let s = secret();
    let no_match = |h: &HeaderMap, body: &[u8]| {
        matches!(
            webhook::verify_at(h, body, &s, NOW),
            Err(WebhookError::NoMatchingSignature)
        )
    };
    let mut body = BODY.to_vec();
    let at = body.iter().position(|&b| b == b'4').unwrap();
    body[at] = b'5';
    assert!(no_match(&signed(SIGNATURE), &body), "tampered body");
    assert!(
        no_match(&signed(SIGNATURE), &BODY[..BODY.len() - 1]),
        "truncated body"
    );
    let other_id = headers("svix", "msg_other", &NOW.to_string(), SIGNATURE);
    assert!(no_match(&other_id, BODY), "tampered id");
    let other_time = headers("svix", ID, &(NOW + 1).to_string(), SIGNATURE);
    assert!(no_match(&other_time, BODY), "tampered timestamp");
    let mut sig = SIGNATURE.to_string();
    sig.replace_range(5..6, if &sig[5..6] == "A" { "B" } else { "A" });
    assert!(no_match(&signed(&sig), BODY), "tampered signature");
    assert!(
        no_match(&signed(&SIGNATURE[..SIGNATURE.len() - 4]), BODY),
        "short signature"
    );
    assert!(no_match(&signed("v1,"), BODY), "empty signature");
    let wrong_key = WebhookSecret::new(OLD_SECRET).unwrap();
    assert!(matches!(
        webhook::verify_at(&signed(SIGNATURE), BODY, &wrong_key, NOW),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn standard_webhooks_header_names() {
    let h = headers("webhook", ID, &NOW.to_string(), SIGNATURE);
    let delivery = webhook::verify_at(&h, BODY, &secret(), NOW).unwrap();
    assert_eq!(
        (delivery.r#type.as_str(), delivery.id.as_str()),
        ("user.deleted", ID)
    );
    // Header names are case-insensitive, as HTTP says.
    let mut h = HeaderMap::new();
    h.insert("Svix-Id", HeaderValue::from_static(ID));
    h.insert(
        "SVIX-TIMESTAMP",
        HeaderValue::from_str(&NOW.to_string()).unwrap(),
    );
    h.insert("svix-signature", HeaderValue::from_static(SIGNATURE));
    webhook::verify_at(&h, BODY, &secret(), NOW).unwrap();
}

#[test]
fn missing_and_invalid_headers_are_named() {
    let s = secret();
    for (prefix, missing) in [
        ("svix", "id"),
        ("svix", "timestamp"),
        ("svix", "signature"),
        ("webhook", "signature"),
    ] {
        let mut h = headers(prefix, ID, &NOW.to_string(), SIGNATURE);
        let name = format!("{prefix}-{missing}");
        h.remove(name.as_str());
        match webhook::verify_at(&h, BODY, &s, NOW) {
            Err(WebhookError::MissingHeader(header)) => assert_eq!(header, name),
            other => panic!("{name}: {other:?}"),
        }
    }
    match webhook::verify_at(&HeaderMap::new(), BODY, &s, NOW) {
        Err(WebhookError::MissingHeader(header)) => assert_eq!(header, "svix-id"),
        other => panic!("{other:?}"),
    }
    let mut h = signed(SIGNATURE);
    h.insert("svix-id", HeaderValue::from_bytes(b"msg_\xff").unwrap());
    assert!(matches!(
        webhook::verify_at(&h, BODY, &s, NOW),
        Err(WebhookError::InvalidHeader("svix-id"))
    ));
    for bad in [
        "",
        "soon",
        "-1716883200",
        "1716883200.0",
        "17168832000000000000000",
    ] {
        let h = headers("svix", ID, bad, SIGNATURE);
        assert!(
            matches!(
                webhook::verify_at(&h, BODY, &s, NOW),
                Err(WebhookError::InvalidTimestamp)
            ),
            "{bad:?}"
        );
    }
}

#[test]
fn secrets_with_and_without_prefix() {
    // Accepted without `whsec_`, like Svix's libraries do.
    let bare = WebhookSecret::new(SECRET.trim_start_matches("whsec_")).unwrap();
    assert_eq!(bare.sign(ID, NOW, BODY), SIGNATURE);
    let padded = WebhookSecret::new(&format!("  {SECRET}\n")).unwrap();
    assert_eq!(padded.sign(ID, NOW, BODY), SIGNATURE);
    for bad in [
        "",
        "whsec_",
        "whsec_not base64!",
        "sk_test_abc",
        "whsec_YWJj=",
    ] {
        assert!(
            matches!(WebhookSecret::new(bad), Err(WebhookError::MalformedSecret)),
            "{bad:?}"
        );
    }
    let shown = format!(
        "{:?} {} {}",
        secret(),
        secret(),
        WebhookError::MalformedSecret
    );
    assert!(!shown.contains("MfKQ9r8"), "{shown}");
}

#[test]
fn secret_from_the_environment() {
    // The only test touching this variable.
    unsafe { std::env::remove_var(webhook::SECRET_ENV) };
    assert!(matches!(
        WebhookSecret::from_env(),
        Err(WebhookError::MissingSecret)
    ));
    unsafe { std::env::set_var(webhook::SECRET_ENV, SECRET) };
    let from_env = WebhookSecret::from_env().unwrap();
    assert_eq!(from_env.sign(ID, NOW, BODY), SIGNATURE);
    Verifier::from_env().unwrap();
    unsafe { std::env::set_var(webhook::SECRET_ENV, "whsec_%%%") };
    assert!(matches!(
        WebhookSecret::from_env(),
        Err(WebhookError::MalformedSecret)
    ));
    unsafe { std::env::remove_var(webhook::SECRET_ENV) };
}

/// The webhooks spec the events were generated from (`[current] webhooks` of the pins).
fn webhooks_spec() -> Value {
    let pins = Pins::load(&spec::workspace_root()).unwrap();
    assert_eq!(
        pins.current.webhooks, SPEC_VERSION,
        "regenerate: cargo xtask generate"
    );
    let path = pins.current_webhooks_path().unwrap();
    spec::load(path).unwrap_or_else(|e| panic!("{e}"))
}

/// The request body examples of an event: `example`, and each of `examples` (followed to
/// `#/components/examples`).
fn examples<'a>(doc: &'a Value, media: &'a Value) -> Vec<(String, &'a Value)> {
    let mut out = Vec::new();
    if let Some(example) = media.get("example") {
        out.push(("example".to_string(), example));
    }
    if let Some(named) = media.get("examples").and_then(Value::as_object) {
        for (name, example) in named {
            if let Some(value) = spec::resolve(doc, example).get("value") {
                out.push((format!("examples.{name}"), value));
            }
        }
    }
    out
}

#[test]
fn every_spec_event_example_decodes_into_its_own_variant() {
    if spec::skip_without_spec() {
        return;
    }
    let doc = webhooks_spec();
    let hooks = doc["x-webhooks"].as_object().expect("x-webhooks");
    let names: Vec<&str> = hooks.keys().map(String::as_str).collect();
    assert_eq!(
        names, EVENT_TYPES,
        "EventData covers exactly the spec's events"
    );
    let s = secret();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, item) in hooks {
        let media = &item["post"]["requestBody"]["content"]["application/json"];
        let examples = examples(&doc, media);
        assert!(!examples.is_empty(), "{name} has no example");
        for (label, example) in examples {
            let body = serde_json::to_vec(example).unwrap();
            let h = headers("svix", ID, &NOW.to_string(), &s.sign(ID, NOW, &body));
            let delivery = webhook::verify_at(&h, &body, &s, NOW).unwrap();
            assert_eq!(delivery.r#type, *name);
            match delivery.decode() {
                Decoded::Typed(EventData::Unknown { .. }) => {
                    failures.push(format!("{name} {label}: decoded as Unknown"))
                }
                Decoded::Typed(data) => {
                    assert_eq!(data.event_type(), name, "{name} {label}: wrong variant");
                    checked += 1;
                }
                Decoded::Raw { error, .. } => failures.push(format!("{name} {label}: {error}")),
                other => failures.push(format!("{name} {label}: {other:?}")),
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} example(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{checked} examples of {} events decoded", hooks.len());
}
