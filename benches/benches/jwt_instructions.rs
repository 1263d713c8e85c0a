//! Instruction counts of session-token verification, for a noise-free ratio against the
//! raw RSA verify (the timing benchmark `jwt` is at the mercy of a shared machine).
//!
//! ```sh
//! cargo bench -p clerk-benches --bench jwt_instructions --no-run
//! valgrind --tool=callgrind --toggle-collect='*measured*' --callgrind-out-file=/dev/null \
//!     target/release/deps/jwt_instructions-* raw 1000
//! ```
//! Only the loop (`measured`) is counted, so key generation and signing do not blur it;
//! divide by the count for one verification.
//!
//! `jwt_instructions interleaved ROUNDS COUNT` times the three variants in turn, round
//! after round, and prints the median (and best) time per verification of each and the
//! median of the per-round ratios to the raw verify: a timing ratio that background load
//! shifts far less than sequential benchmarks. Goal: >= 0.90.
//!
//! ```sh
//! cargo bench -p clerk-benches --bench jwt_instructions -- interleaved 30 500
//! ```

use std::hint::black_box;

use aws_lc_rs::signature::{self, ParsedPublicKey};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use clerk::jwt::{self, JwksCache, JwtKey, VerifyParams};
use clerk::testing::TokenIssuer;
use futures_util::FutureExt;

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let (Some(variant), Some(count)) = (args.next(), args.next()) else {
        eprintln!("usage: jwt_instructions raw|key|jwks COUNT");
        return;
    };
    if variant == "interleaved" {
        let rounds: usize = count.parse().expect("ROUNDS is a number");
        let count: usize = args.next().and_then(|c| c.parse().ok()).unwrap_or(200);
        return interleaved(rounds, count);
    }
    let count: usize = count.parse().expect("COUNT is a number");
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
    match variant.as_str() {
        "raw" => {
            let pem = issuer.public_key_pem();
            let der = STANDARD
                .decode(
                    pem.lines()
                        .filter(|l| !l.starts_with("-----"))
                        .collect::<String>(),
                )
                .unwrap();
            let key = ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der).unwrap();
            let (signed, sig) = token.rsplit_once('.').unwrap();
            let sig = URL_SAFE_NO_PAD.decode(sig).unwrap();
            measured(count, || {
                black_box(key.verify_sig(black_box(signed.as_bytes()), black_box(&sig))).unwrap();
            });
        }
        "key" | "jwks" => {
            let params = if variant == "key" {
                VerifyParams::with_key(JwtKey::from_pem(&issuer.public_key_pem()).unwrap())
            } else {
                VerifyParams::with_jwks(JwksCache::from_jwks(issuer.jwks()))
            }
            .authorized_parties(["https://app.example.com"]);
            measured(count, || {
                black_box(
                    jwt::verify(black_box(&token), &params)
                        .now_or_never()
                        .unwrap()
                        .unwrap(),
                );
            });
        }
        other => eprintln!("unknown variant {other}"),
    }
}

/// Median and best nanoseconds per verification of each variant over `rounds` rounds of `count`.
fn interleaved(rounds: usize, count: usize) {
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
    let pem = issuer.public_key_pem();
    let der = STANDARD
        .decode(
            pem.lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .unwrap();
    let raw = ParsedPublicKey::new(&signature::RSA_PKCS1_2048_8192_SHA256, der).unwrap();
    let (signed, sig) = token.rsplit_once('.').unwrap();
    let sig = URL_SAFE_NO_PAD.decode(sig).unwrap();
    let with_key = VerifyParams::with_key(JwtKey::from_pem(&pem).unwrap())
        .authorized_parties(["https://app.example.com"]);
    let with_jwks = VerifyParams::with_jwks(JwksCache::from_jwks(issuer.jwks()))
        .authorized_parties(["https://app.example.com"]);
    // Nanoseconds per verification of each variant, one entry per round.
    let mut rounds_ns: [Vec<f64>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..rounds {
        let t = std::time::Instant::now();
        measured(count, || {
            black_box(raw.verify_sig(black_box(signed.as_bytes()), black_box(&sig))).unwrap();
        });
        rounds_ns[0].push(t.elapsed().as_nanos() as f64 / count as f64);
        for (i, params) in [(1, &with_key), (2, &with_jwks)] {
            let t = std::time::Instant::now();
            measured(count, || {
                black_box(
                    jwt::verify(black_box(&token), params)
                        .now_or_never()
                        .unwrap()
                        .unwrap(),
                );
            });
            rounds_ns[i].push(t.elapsed().as_nanos() as f64 / count as f64);
        }
    }
    // Per-round ratios (raw time / clerk time: 1.0 is as fast as raw), so a slow round
    // slows both sides of its ratio.
    let ratios = |i: usize| -> Vec<f64> {
        rounds_ns[0]
            .iter()
            .zip(&rounds_ns[i])
            .map(|(raw, clerk)| raw / clerk)
            .collect()
    };
    let rate = |ns: f64| 1e9 / ns;
    let raw_median = median(rounds_ns[0].clone());
    println!("{rounds} interleaved rounds of {count}; medians (best in brackets)");
    println!(
        "raw aws-lc-rs verify:        {:>8.0} ns  {:>7.0}/s   [{:.0} ns]",
        raw_median,
        rate(raw_median),
        min(&rounds_ns[0])
    );
    for (i, name) in [
        (1, "clerk verify, cached key:  "),
        (2, "clerk verify, warm JWKS:   "),
    ] {
        let m = median(rounds_ns[i].clone());
        println!(
            "{name}  {:>8.0} ns  {:>7.0}/s   [{:.0} ns]  ratio to raw: median {:.3}, of best times {:.3}",
            m,
            rate(m),
            min(&rounds_ns[i]),
            median(ratios(i)),
            min(&rounds_ns[0]) / min(&rounds_ns[i]),
        );
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::MAX, f64::min)
}

/// The counted part: `count` runs of `f`.
#[inline(never)]
fn measured(count: usize, mut f: impl FnMut()) {
    for _ in 0..count {
        f();
    }
}
