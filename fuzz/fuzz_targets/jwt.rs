//! Any input to `jwt::decode` and `jwt::verify` must give a value or an error, never a panic.
#![no_main]

use std::sync::LazyLock;

use clerk::jwt::{self, JwtKey, VerifyParams};
use futures_util::FutureExt;

static PARAMS: LazyLock<VerifyParams> = LazyLock::new(|| {
    let issuer = clerk::testing::TokenIssuer::new();
    VerifyParams::with_key(JwtKey::from_pem(&issuer.public_key_pem()).expect("own key"))
});

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(token) = std::str::from_utf8(data) else { return };
    let _ = jwt::decode(token);
    // With a single key, verification never waits: the future is ready when first polled.
    let _ = jwt::verify(token, &PARAMS).now_or_never();
});
