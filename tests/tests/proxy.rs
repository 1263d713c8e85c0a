//! The secret key never reaches a proxy in clear text: with `HTTP_PROXY` and
//! `ALL_PROXY` set, a plain `http://` API URL (loopback) is reached directly. Its own
//! test binary (process), because it sets the environment before the first client is
//! built.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server that counts its connections and answers each request with `body`.
async fn counting_server(body: &'static str) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut request = vec![0u8; 16 * 1024];
                let _ = stream.read(&mut request).await;
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
            });
        }
    });
    (address, count)
}

#[tokio::test]
async fn plain_http_requests_never_go_through_a_proxy() {
    let (api, api_hits) = counting_server(include_str!("../fixtures/jwks.json")).await;
    let (proxy, proxy_hits) = counting_server(r#"{"keys": []}"#).await;
    // SAFETY: this binary's only test; nothing else reads the environment concurrently.
    unsafe {
        for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"] {
            std::env::set_var(name, format!("http://{proxy}"));
        }
        std::env::remove_var("NO_PROXY");
        std::env::remove_var("no_proxy");
    }
    let config = clerk::ClientConfig::new("sk_test_neverToAProxy")
        .with_api_url(format!("http://{api}/v1"))
        .with_retry(clerk::RetryPolicy::none());
    clerk::jwks::Client::new(&config).get().await.unwrap();
    assert_eq!(api_hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        proxy_hits.load(Ordering::SeqCst),
        0,
        "the key went to the proxy"
    );
    // The raw client too.
    config.raw_client().unwrap().get_jwks().await.unwrap();
    assert_eq!(api_hits.load(Ordering::SeqCst), 2);
    assert_eq!(proxy_hits.load(Ordering::SeqCst), 0);
}
