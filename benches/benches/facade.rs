//! Criterion: `user::get` through the facade, the package-level function with one key and
//! with the key changed before every call (`clerk::set_key`), against a bare reqwest GET +
//! serde decode doing the same header work, one local server, one run. Goals: facade /
//! bare <= 1.05; alternating keys / one key <= 1.2. `facade_interleaved` measures the same
//! ratios in alternating rounds, which load on the machine shifts far less.
//!
//! ```sh
//! cargo bench -p clerk-benches --bench facade
//! ```

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

mod support;

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let base = support::server(&rt);
    let config = clerk::ClientConfig::new("sk_test_bench_a").with_api_url(&base);
    let users = clerk::user::Client::new(&config);
    clerk::set_config(config.clone());
    let http = reqwest::Client::new();
    let url = format!("{base}/users/user_1");
    let headers = support::headers("sk_test_bench_a");

    let mut group = c.benchmark_group("user_get");
    group.bench_function("facade_client", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(users.get("user_1").await.unwrap()) })
    });
    group.bench_function("bare_same_headers", |b| {
        b.to_async(&rt)
            .iter(|| support::bare(&http, &url, &headers))
    });
    group.bench_function("package_one_key", |b| {
        b.to_async(&rt)
            .iter(|| async { black_box(clerk::user::get("user_1").await.unwrap()) })
    });
    let mut n = 0u64;
    group.bench_function("package_alternating_keys", |b| {
        b.to_async(&rt).iter(|| {
            n += 1;
            clerk::set_key(if n.is_multiple_of(2) {
                "sk_test_bench_a"
            } else {
                "sk_test_bench_b"
            });
            async { black_box(clerk::user::get("user_1").await.unwrap()) }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
