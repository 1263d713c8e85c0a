//! Any headers and body given to `webhook::verify` must give a value or an error, never a panic.
#![no_main]

use clerk::webhook::{self, WebhookSecret};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Layout: id \n timestamp \n signature \n body.
    let mut parts = data.splitn(4, |b| *b == b'\n');
    let (Some(id), Some(ts), Some(sig)) = (parts.next(), parts.next(), parts.next()) else { return };
    let body = parts.next().unwrap_or_default();
    let mut headers = http::HeaderMap::new();
    for (name, value) in [("svix-id", id), ("svix-timestamp", ts), ("svix-signature", sig)] {
        if let Ok(value) = http::HeaderValue::from_bytes(value) {
            headers.insert(name, value);
        }
    }
    let secret = WebhookSecret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("valid secret");
    let _ = webhook::verify(&headers, body, &secret);
});
