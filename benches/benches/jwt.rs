//! Session-token verification against the raw RSA verify of the same signature with a
//! pre-parsed key, in one run. Goal: clerk / raw >= 0.90.
//!
//! `jwt::verify` parses nothing twice: keys are parsed once (PEM or JWKS) and reused, so
//! the per-token cost is the RSA verify plus base64 and JSON of a few hundred bytes.

use std::hint::black_box;

use aws_lc_rs::signature::{self, ParsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use clerk::jwt::{self, JwksCache, JwtKey, VerifyParams};
use clerk::testing::TokenIssuer;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::FutureExt;

fn bench(c: &mut Criterion) {
    let issuer = TokenIssuer::new();
    let token = issuer
        .session_token("user_2abcDEFghiJKLmnoPQRstuVWxyz")
        .claim("azp", "https://app.example.com")
        .claim("exp", 4_000_000_000i64)
        .organization(
            "org_2abc",
            "acme",
            "admin",
            &["org:invoices:read", "org:invoices:manage"],
        )
        .sign();

    let with_key = VerifyParams::with_key(JwtKey::from_pem(&issuer.public_key_pem()).unwrap())
        .authorized_parties(["https://app.example.com"]);
    let cache = JwksCache::from_jwks(issuer.jwks());
    let with_jwks = VerifyParams::with_jwks(cache).authorized_parties(["https://app.example.com"]);
    // Warm the cache once.
    jwt::verify(&token, &with_jwks)
        .now_or_never()
        .unwrap()
        .unwrap();

    // The raw baseline: the same signature over the same bytes, key parsed in advance.
    let pem = issuer.public_key_pem();
    let der = STANDARD
        .decode(
            pem.lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .unwrap();
    let raw_key = ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der).unwrap();
    let (signed, sig) = token.rsplit_once('.').unwrap();
    let sig = URL_SAFE_NO_PAD.decode(sig).unwrap();

    let mut group = c.benchmark_group("session_token");
    group.throughput(Throughput::Elements(1));
    group.bench_function("clerk_verify_cached_key", |b| {
        b.iter(|| {
            black_box(
                jwt::verify(black_box(&token), &with_key)
                    .now_or_never()
                    .unwrap()
                    .unwrap(),
            )
        })
    });
    group.bench_function("clerk_verify_warm_jwks_cache", |b| {
        b.iter(|| {
            black_box(
                jwt::verify(black_box(&token), &with_jwks)
                    .now_or_never()
                    .unwrap()
                    .unwrap(),
            )
        })
    });
    group.bench_function("raw_aws_lc_rs_verify", |b| {
        b.iter(|| {
            raw_key
                .verify_sig(black_box(signed.as_bytes()), black_box(&sig))
                .unwrap();
            black_box(())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
