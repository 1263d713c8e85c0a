//! `cargo xtask fidelity [VERSION]`: the spec-fidelity test for a client generated from
//! another spec version (default: every pinned bapi version but the current one, whose
//! test runs in `cargo test`). It generates the client into `target/xtask/bapi-<version>/`
//! as a crate of its own, then runs the same fidelity check on it there.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Result;
use crate::generate;
use crate::spec::{self, Family, Pins, PinsExt};

/// Writes a buildable crate around a generated client and its response table.
pub fn scaffold(root: &Path, version: &str, out: &generate::Output) -> Result<PathBuf> {
    let dir = root.join("target/xtask").join(format!("bapi-{version}"));
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::create_dir_all(dir.join("tests"))?;
    let raw = root.join("clerk-raw/src");
    let tests = root.join("tests");
    let name = format!("clerk-raw-{version}");
    let ident = name.replace('-', "_");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask fidelity`; not part of the workspace.\n\
             [package]\nname = \"{name}\"\nedition = \"2024\"\npublish = false\n\n\
             [workspace]\n\n\
             [dependencies]\n\
             serde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = \"1\"\n\
             chrono = {{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }}\n\
             regress = \"0.10\"\n\n\
             [dev-dependencies]\n\
             clerk-tests = {{ path = {tests:?} }}\n"
        ),
    )?;
    std::fs::write(
        dir.join("src/lib.rs"),
        format!(
            "//! bapi {version}, generated for the fidelity check.\n\
             extern crate self as clerk_raw;\n\
             #[path = {nullable:?}]\nmod nullable;\n\
             #[allow(clippy::all, missing_docs, unused_imports, irrefutable_let_patterns, unreachable_patterns, mismatched_lifetime_syntaxes)]\n\
             mod generated;\n\
             #[allow(clippy::all)]\npub mod registry;\n\
             pub use generated::*;\npub use nullable::Nullable;\n",
            nullable = raw.join("nullable.rs"),
        ),
    )?;
    // The types are what the check decodes with; the client is left out (no `client` feature).
    std::fs::create_dir_all(dir.join("src/generated"))?;
    std::fs::write(dir.join("src/generated/mod.rs"), &out.index)?;
    std::fs::write(dir.join("src/generated/types.rs"), &out.types)?;
    std::fs::write(dir.join("src/generated/client.rs"), &out.client)?;
    std::fs::write(dir.join("src/registry.rs"), &out.registry)?;
    std::fs::write(
        dir.join("tests/fidelity.rs"),
        format!(
            "#[test]\nfn generated_types_decode_every_response_shape() {{\n\
             \x20   let doc = clerk_tests::spec::load(\"bapi/{version}.yml\").expect(\"spec\");\n\
             \x20   let hand = clerk_tests::fidelity::hand_written_operations();\n\
             \x20   let hand: Vec<&str> = hand.iter().map(String::as_str).collect();\n\
             \x20   let report = clerk_tests::fidelity::check(&doc, {ident}::registry::decode, &hand);\n\
             \x20   println!(\"bapi {version}: {{report}}\");\n\
             \x20   assert!(report.failures.is_empty(), \"{{report}}\");\n}}\n"
        ),
    )?;
    // Same dependency versions as the workspace, so the shared target dir is reused.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    Ok(dir)
}

pub fn run(root: &Path, versions: &[&str]) -> Result<()> {
    let pins = Pins::load(root)?;
    let current = pins.current(Family::Bapi).to_string();
    let versions: Vec<String> = if versions.is_empty() {
        pins.bapi
            .keys()
            .filter(|v| **v != current)
            .cloned()
            .collect()
    } else {
        versions.iter().map(|v| v.to_string()).collect()
    };
    for version in versions {
        let spec = spec::load(root, &pins, Family::Bapi, None, Some(&version))?;
        let out = generate::generate(root, &spec, "crate", false)?;
        let dir = scaffold(root, &version, &out)?;
        println!(
            "bapi {version}: generated {} lines into {}",
            out.types.lines().count(),
            dir.display()
        );
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["test", "--quiet", "--test", "fidelity", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .args(["--", "--nocapture"])
            .env("CARGO_TARGET_DIR", root.join("target"))
            .status()?;
        if !status.success() {
            return Err(format!("fidelity check failed for bapi {version}").into());
        }
    }
    Ok(())
}
