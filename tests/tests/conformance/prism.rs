//! Stoplight Prism, the spec-validating mock the facade is driven against: found, started
//! on a free port and stopped with the test.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running Prism.
pub struct Prism {
    child: Child,
    pub url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Prism executable: `$CLERK_PRISM`, else `tests/prism/node_modules/.bin/prism`
/// (`npm ci --prefix tests/prism`).
pub fn executable() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLERK_PRISM") {
        return Some(PathBuf::from(path));
    }
    let local = clerk_tests::spec::workspace_root().join("tests/prism/node_modules/.bin/prism");
    local.is_file().then_some(local)
}

/// Starts `prism mock` on `spec` (dynamic answers seeded, so every run is the same).
pub async fn start(prism: &PathBuf, spec: &PathBuf) -> Prism {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(prism)
        .arg("mock")
        .arg(spec)
        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
        .args(["--seed", "clerk", "--verboseLevel", "error"])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", prism.display()));
    let prism = Prism {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    // Listening, and the spec loaded: an operation answers.
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        let probe = client
            .get(format!("{}/jwks", prism.url))
            .header("authorization", "Bearer sk_test_probe")
            .timeout(Duration::from_secs(2))
            .send()
            .await;
        if probe.is_ok_and(|r| r.status().is_success()) {
            return prism;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "Prism did not start within two minutes"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
