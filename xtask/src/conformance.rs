//! `cargo xtask conformance`: the wire-conformance run of the facade against Stoplight
//! Prism (`tests/tests/conformance/`), with Prism installed first when it is not: the
//! version pinned in `tests/prism/package-lock.json`, into `tests/prism/node_modules`.

use std::path::Path;
use std::process::Command;

use crate::Result;

/// Installs Prism (`npm ci`) unless it is there or `CLERK_PRISM` names one.
pub fn install(root: &Path) -> Result<()> {
    let dir = root.join("tests/prism");
    if std::env::var_os("CLERK_PRISM").is_some() || dir.join("node_modules/.bin/prism").is_file() {
        return Ok(());
    }
    println!("installing Prism into {} (npm ci)", dir.display());
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("cannot run npm (Node.js 20.19 or newer is needed): {e}"))?;
    if !status.success() {
        return Err("npm ci failed in tests/prism".into());
    }
    Ok(())
}

pub fn run(root: &Path) -> Result<()> {
    install(root)?;
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "-p", "clerk-tests", "--test", "conformance", "--"])
        .args(["--nocapture", "--test-threads", "1"])
        .current_dir(root)
        .status()?;
    if !status.success() {
        return Err("the conformance run failed".into());
    }
    Ok(())
}
