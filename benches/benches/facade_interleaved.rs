//! The facade's per-call cost and the cost of changing keys, timed in alternating rounds
//! against the same local server: facade `user::get` vs a bare reqwest GET + serde decode
//! doing the same header work (goal <= 1.05), and package-level `user::get` with the key
//! changed before every call vs with one key (goal <= 1.2). Prints the median time per
//! call of each over the rounds and the ratios of the medians.
//!
//! ```sh
//! cargo bench -p clerk-benches --bench facade_interleaved -- 40 200
//! ```
//!
//! `-- 1 N facade` (or `bare`) runs only that loop, for instruction counts under
//! `valgrind --tool=callgrind` (subtract a run with N = 0 for the setup).

use std::hint::black_box;
use std::time::Instant;

mod support;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap());
    xs[xs.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(40);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let only = args.next();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let base = support::server(&rt);
    rt.block_on(async move {
        let config = clerk::ClientConfig::new("sk_test_bench_a").with_api_url(&base);
        let users = clerk::user::Client::new(&config);
        clerk::set_config(config.clone());
        let http = reqwest::Client::new();
        let url = format!("{base}/users/user_1");
        let headers = support::headers("sk_test_bench_a");
        let per_call = |t: Instant| t.elapsed().as_nanos() as f64 / count as f64;
        let (mut facade, mut bare, mut one_key, mut alternating) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        match only.as_deref() {
            Some("facade") => {
                for _ in 0..count {
                    black_box(users.get("user_1").await.unwrap());
                }
                return;
            }
            Some("bare") => {
                for _ in 0..count {
                    support::bare(&http, &url, &headers).await;
                }
                return;
            }
            _ => {}
        }
        for _ in 0..rounds {
            let t = Instant::now();
            for _ in 0..count {
                black_box(users.get("user_1").await.unwrap());
            }
            facade.push(per_call(t));
            let t = Instant::now();
            for _ in 0..count {
                support::bare(&http, &url, &headers).await;
            }
            bare.push(per_call(t));
            clerk::set_key("sk_test_bench_a");
            let t = Instant::now();
            for _ in 0..count {
                black_box(clerk::user::get("user_1").await.unwrap());
            }
            one_key.push(per_call(t));
            let t = Instant::now();
            for i in 0..count {
                clerk::set_key(if i.is_multiple_of(2) {
                    "sk_test_bench_b"
                } else {
                    "sk_test_bench_a"
                });
                black_box(clerk::user::get("user_1").await.unwrap());
            }
            alternating.push(per_call(t));
        }
        let (facade, bare, one_key, alternating) = (
            median(facade),
            median(bare),
            median(one_key),
            median(alternating),
        );
        println!("medians of {rounds} interleaved rounds of {count} calls:");
        println!(
            "facade user::get (Client):        {:>8.1} µs",
            facade / 1000.0
        );
        println!(
            "bare reqwest + serde, same headers: {:>6.1} µs",
            bare / 1000.0
        );
        println!(
            "package user::get, one key:       {:>8.1} µs",
            one_key / 1000.0
        );
        println!(
            "package user::get, keys alternating: {:>5.1} µs",
            alternating / 1000.0
        );
        println!("facade / bare:                    {:>8.3}", facade / bare);
        println!(
            "alternating keys / one key:       {:>8.3}",
            alternating / one_key
        );
    });
}
